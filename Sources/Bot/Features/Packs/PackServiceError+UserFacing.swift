import Packs

/// A refused pack operation is the member's to read: the service words each refusal for them
/// (user text in it already neutralised).
extension PackServiceError: UserFacingError {
    public var userMessage: String { description }
}
