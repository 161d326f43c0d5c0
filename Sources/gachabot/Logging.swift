import Foundation
import Logging

/// Log set-up for the executable: `LOG_LEVEL` picks the level, and every line passes through a
/// handler that removes registered secrets (the bot token), so not even a library's message
/// can leak one.
enum LogSetup {
    static func bootstrap(secrets: @escaping @Sendable () -> [String]) {
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = RedactingLogHandler(wrapped: StreamLogHandler.standardError(label: label), secrets: secrets)
            handler.logLevel = level
            return handler
        }
    }
}

struct RedactingLogHandler: LogHandler {
    var wrapped: any LogHandler
    let secrets: @Sendable () -> [String]

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        let secrets = self.secrets().filter { !$0.isEmpty }
        var event = event
        event.message = "\(redact(event.message.description, secrets))"
        event.metadata = event.metadata?.mapValues { .string(redact($0.description, secrets)) }
        wrapped.log(event: event)
    }

    private func redact(_ text: String, _ secrets: [String]) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "[redacted]") }
    }
}
