/// Why an event was not applied. Messages name the event and the field at fault, never a secret
/// or the body.
public enum StripeEventError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The body is not a JSON object.
    case notJSON
    /// A field the event needs is absent, or null. `path` is dotted (`data.object.customer`).
    case missingField(event: String?, path: String)
    /// A field has the wrong JSON type or an unknown value.
    case invalidField(event: String?, path: String, expected: String)
    /// A well-formed event names no Discord user (no metadata and no known customer). Nothing is
    /// applied; the route answers 5xx so Stripe delivers it again once the checkout is known.
    case unattributed(event: String, object: String)

    /// A client error: the same body will never succeed (the route answers 400).
    public var isMalformed: Bool {
        if case .unattributed = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .notJSON: "the Stripe event is not a JSON object"
        case .missingField(let event, let path): "Stripe event \(event ?? "(no id)"): \(path) is missing"
        case .invalidField(let event, let path, let expected): "Stripe event \(event ?? "(no id)"): \(path) is not \(expected)"
        case .unattributed(let event, let object):
            "Stripe event \(event): \(object) names no Discord user (no discord_user_id metadata, unknown customer)"
        }
    }
}
