import Foundation

/// A Discord webhook alerts are posted to: `https://discord.com/api/webhooks/{id}/{token}`.
/// The token is a secret (anyone holding it can post as the webhook): `description` shows the id
/// only, and the token is read by the sender alone.
public struct AlertWebhook: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let id: UInt64
    public let token: String

    /// Discord's hosts for webhook URLs (the app's "Copy Webhook URL" gives discord.com; older
    /// ones say discordapp.com; the PTB and Canary clients their own subdomain).
    public static let hosts: Set<String> = ["discord.com", "discordapp.com", "ptb.discord.com", "canary.discord.com"]
    public static let maximumTokenLength = 200

    public init(id: UInt64, token: String) throws(AlertWebhookError) {
        guard id > 0 else { throw .notAWebhookURL }
        guard !token.isEmpty, token.count <= Self.maximumTokenLength,
            token.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") })
        else { throw .badToken }
        self.id = id
        self.token = token
    }

    /// Parses a webhook URL as Discord shows it, refusing anything else: another host, http,
    /// credentials or a port in the URL, a query, or a path that is not
    /// `/api[/v{n}]/webhooks/{id}/{token}`.
    public init(url text: String) throws(AlertWebhookError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: trimmed), components.scheme?.lowercased() == "https",
            let host = components.host?.lowercased(), Self.hosts.contains(host)
        else { throw .notAWebhookURL }
        guard components.user == nil, components.password == nil, components.port == nil, components.query == nil,
            components.fragment == nil
        else { throw .notAWebhookURL }
        var parts = components.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.first == "" else { throw .notAWebhookURL }
        parts.removeFirst()
        if parts.last == "" { parts.removeLast() }
        guard parts.count == 4 || parts.count == 5, parts[0] == "api" else { throw .notAWebhookURL }
        if parts.count == 5 {
            let version = parts.remove(at: 1)
            guard version.hasPrefix("v"), Int(version.dropFirst()) != nil else { throw .notAWebhookURL }
        }
        guard parts[1] == "webhooks", let id = UInt64(parts[2]) else { throw .notAWebhookURL }
        try self.init(id: id, token: parts[3])
    }

    /// The URL without its token, safe to show and log.
    public var redacted: String { "https://discord.com/api/webhooks/\(id)/…" }
    public var description: String { redacted }
    public var debugDescription: String { "AlertWebhook(id: \(id), token: <redacted>)" }
}

/// Why a webhook URL was refused. Never contains the URL: it may hold a token.
public enum AlertWebhookError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAWebhookURL
    case badToken

    public var description: String {
        switch self {
        case .notAWebhookURL:
            "that is not a Discord webhook URL: it should look like https://discord.com/api/webhooks/123456789012345678/abc…"
        case .badToken: "the webhook URL's token part is not one Discord issues (letters, digits, - and _)"
        }
    }
}
