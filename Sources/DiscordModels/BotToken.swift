/// A Discord bot token. Deliberately not `Codable`: payloads that carry it encode `secret` by hand.
/// Its descriptions are redacted so it can never leak into a log line,
/// an error message or a crash report by string interpolation; only `authorizationHeader` and
/// the gateway Identify/Resume payloads read the secret.
public struct BotToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The raw secret. Read it only where Discord needs it on the wire.
    public let secret: String

    public init(_ secret: String) {
        self.secret = secret.trimmingWhitespace()
    }

    /// `Bot <token>`, the REST `Authorization` header value.
    public var authorizationHeader: String { "Bot \(secret)" }

    public var description: String { "BotToken(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Removes every occurrence of the token from `text`, for messages built from foreign input
    /// (a server's error body, say) that might echo it back.
    public func redact(_ text: String) -> String {
        guard !secret.isEmpty else { return text }
        return text.replacingOccurrences(of: secret, with: "[redacted]")
    }

    /// The application (bot user) id is the base64 of the token's first segment.
    public var applicationIDHint: String? {
        guard let first = secret.split(separator: ".").first else { return nil }
        var base64 = String(first)
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let id = String(data: data, encoding: .utf8),
            id.allSatisfy(\.isNumber)
        else { return nil }
        return id
    }
}

import Foundation

extension String {
    fileprivate func trimmingWhitespace() -> String {
        trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
