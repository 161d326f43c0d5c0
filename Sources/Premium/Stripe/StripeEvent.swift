import Foundation

/// A Stripe event's envelope: `id`, `type`, `created`, `api_version`, `data.object` and, on
/// `*.updated` events, `data.previous_attributes`.
struct StripeEvent: Sendable {
    let id: String
    let type: String
    /// Seconds since the epoch, as Stripe stamps it.
    let created: Int64
    /// The API version the object was rendered in; null for some accounts' events.
    let apiVersion: String?
    let object: StripeFields
    let previousAttributes: StripeFields?

    static func parse(_ payload: Data) throws -> StripeEvent {
        let root = StripeFields(json: try StripeJSON.parse(payload), event: nil, path: "")
        let id = try root.string("id")
        let event = StripeFields(json: root.json, event: id, path: "")
        if let kind = try event.optionalString("object"), kind != "event" {
            throw StripeEventError.invalidField(event: id, path: "object", expected: "\"event\"")
        }
        let data = try event.object("data")
        var previous: StripeFields?
        if !data.json["previous_attributes"].isNull { previous = try data.object("previous_attributes") }
        return StripeEvent(
            id: id, type: try event.string("type"), created: try event.int("created"), apiVersion: try event.optionalString("api_version"),
            object: try data.object("object"), previousAttributes: previous)
    }
}
