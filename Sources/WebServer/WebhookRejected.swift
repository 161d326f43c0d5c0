/// Thrown by a webhook handler for an event that can never be applied as sent (malformed, or of an
/// unknown shape): the route answers 400 with `reason`, and the sender stops retrying. Any other
/// error is answered 500 so the sender delivers the event again. `reason` must name what is wrong
/// without quoting the body.
public struct WebhookRejected: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
