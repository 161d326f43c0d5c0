import Foundation
import NIOHTTP1

/// One Discord REST endpoint called with concrete values: method, path template (as in Discord's
/// OpenAPI description), the concrete path and the route's major parameter.
///
/// The template and the major parameter are what the rate limiter keys on before Discord has told
/// us the route's bucket. The concrete path may hold an interaction or webhook token, so only
/// `description` (which prints the template) is ever logged.
public struct Route: Sendable, Equatable, CustomStringConvertible {
    public var method: HTTPMethod {
        didSet { endpoint = Self.endpoint(method, template) }
    }
    /// e.g. `/channels/{channel_id}/messages`
    public var template: String {
        didSet { endpoint = Self.endpoint(method, template) }
    }
    /// e.g. `/channels/1234/messages`; may contain a secret token.
    public var path: String
    public var majorParameter: MajorParameter?
    /// Interaction callbacks and webhooks called with an interaction token are not bound by the
    /// global rate limit, and need no bot authorization.
    /// https://discord.com/developers/docs/interactions/receiving-and-responding#endpoints
    public var isInteraction: Bool
    /// The endpoint family, for metrics (`other` unless an endpoint of `Route+Endpoints` set it).
    public var bucket: RouteBucket

    public init(
        method: HTTPMethod, template: String, path: String, majorParameter: MajorParameter? = nil,
        isInteraction: Bool = false, bucket: RouteBucket = .other
    ) {
        self.bucket = bucket
        self.method = method
        self.template = template
        self.path = path
        self.majorParameter = majorParameter
        self.isInteraction = isInteraction
        self.endpoint = Self.endpoint(method, template)
    }

    /// Method and template: identifies the endpoint regardless of its parameters. Kept, not
    /// computed: the rate limiter looks it up several times per request.
    public private(set) var endpoint: String

    private static func endpoint(_ method: HTTPMethod, _ template: String) -> String { "\(method.rawValue) \(template)" }

    public var description: String {
        if let majorParameter { "\(endpoint) [\(majorParameter)]" } else { endpoint }
    }

    /// A route called once per value of its major parameter (an interaction callback).
    public var isSingleUse: Bool { majorParameter?.isSingleUse == true }

    /// Whether the bot token goes in `Authorization`. Interaction routes authenticate by their
    /// own token in the path, so a 401 there says nothing about the bot token.
    public var sendsBotAuthorization: Bool { !isInteraction }

    /// Removes path secrets from a text (a URL in an error message, say).
    func redact(_ text: String) -> String {
        guard let secret = majorParameter?.secret, !secret.isEmpty else { return text }
        return text.replacingOccurrences(of: secret, with: "[redacted]")
    }
}
