import DiscordModels
import Foundation
import Synchronization

/// Reads the bot token from `--token-file` or `DISCORD_TOKEN`, and remembers it so the log
/// handler can redact it from every line.
enum TokenSource {
    static let known = Mutex<[String]>([])

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "No bot token. Set DISCORD_TOKEN or pass --token-file FILE (Developer Portal → your application → Bot → Reset Token). "
                + "Without a token, `gachabot demo` runs the bot against the built-in loopback Discord."
        }
    }

    struct Unreadable: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "Could not read the token file \(path): \(reason)" }
    }

    static func load(tokenFile: String?) throws -> BotToken {
        var raw: String?
        if let tokenFile {
            do {
                raw = try String(contentsOfFile: tokenFile, encoding: .utf8)
            } catch {
                throw Unreadable(path: tokenFile, reason: (error as NSError).localizedFailureReason ?? "unreadable")
            }
        } else {
            raw = ProcessInfo.processInfo.environment["DISCORD_TOKEN"]
        }
        let token = BotToken(raw ?? "")
        guard !token.secret.isEmpty else { throw Missing() }
        remember(token)
        return token
    }

    static func remember(_ token: BotToken) {
        known.withLock { $0.append(token.secret) }
    }

    static var secrets: [String] { known.withLock { $0 } }

    /// Text safe to print: every known token removed.
    static func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "[redacted]") }
    }
}
