/// A model provider's API key. Its description never shows it; the client sends it only in the
/// Authorization header and removes it from any text it keeps (an error body that echoes it,
/// say), so it reaches no log line and no error.
public struct ModelAPIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    let value: String

    public init(_ value: String) { self.value = value }

    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "[model API key]" }
    public var debugDescription: String { description }

    /// `text` with every occurrence of the key replaced.
    public func redact(_ text: String) -> String {
        value.isEmpty ? text : text.replacingOccurrences(of: value, with: "[redacted]")
    }

    /// The key itself, for a caller that must register it with its log handler's redaction.
    public var secretForRedaction: String { value }
}
