/// An error whose message is meant for the member who triggered it ("You need 1,000 points…").
/// Handlers throw these; the dispatcher shows `userMessage` as an ephemeral reply. Any other
/// error is logged and the member sees a generic apology with a reference.
public protocol UserFacingError: Error {
    var userMessage: String { get }
}

/// A plain user-facing message.
public struct UserMessageError: UserFacingError, Sendable {
    public let userMessage: String
    public init(_ message: String) { userMessage = message }
}
