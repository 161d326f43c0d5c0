import Packs

/// Why an attached file could not be fetched. Each case names the file (neutralised: the member
/// chose its name) and is shown to the member as it is.
public enum AttachmentDownloadError: Error, Sendable, Hashable, UserFacingError, CustomStringConvertible {
    /// Larger than the bot accepts (declared, announced, or found while reading).
    case tooLarge(filename: String, bytes: Int, limit: Int)
    /// The url is not one of Discord's CDN (or is missing).
    case notAllowed(filename: String)
    /// The CDN answered with another status than 200.
    case status(filename: String, code: Int)
    case timedOut(filename: String)
    /// Anything else on the way (connection, TLS); `reason` is for the log.
    case failed(filename: String, reason: String)

    public var userMessage: String {
        switch self {
        case .tooLarge(let filename, let bytes, let limit):
            "“\(Self.shown(filename))” is too large (\(Self.size(bytes)) or more); files up to \(Self.size(limit)) are accepted."
        case .notAllowed(let filename):
            "“\(Self.shown(filename))” does not come from Discord's file storage, so it was not downloaded."
        case .status(let filename, let code):
            "Discord could not hand over “\(Self.shown(filename))” (HTTP \(code)). Please attach it again."
        case .timedOut(let filename):
            "Downloading “\(Self.shown(filename))” took too long. Please try again."
        case .failed(let filename, _):
            "“\(Self.shown(filename))” could not be downloaded. Please try again."
        }
    }

    public var description: String {
        if case .failed(let filename, let reason) = self { return "downloading “\(Self.shown(filename))” failed: \(reason)" }
        return userMessage
    }

    static func shown(_ filename: String) -> String { SafeText.preview(filename, limit: 64) }

    /// `1.5 MB`, `900 KB`, `12 bytes`.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1_048_576 { return "\((Double(bytes) / 1_048_576 * 10).rounded() / 10) MB" }
        if bytes >= 1024 { return "\(bytes / 1024) KB" }
        return "\(bytes) bytes"
    }
}
