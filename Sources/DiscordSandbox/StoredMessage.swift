/// A message as the REST store keeps it. One made from a create body stays that body and its
/// ids until something reads it (an edit, a GET, `with_response`, a click on one of its
/// components): an interaction burst stores thousands of responses nobody reads, and building
/// each into Discord's message object was a visible part of the sandbox's CPU per callback.
enum StoredMessage {
    case built(JSON)
    case unbuilt(MessageDraft)

    /// The message object as Discord returns it.
    var message: JSON {
        switch self {
        case .built(let message): message
        case .unbuilt(let draft): draft.message
        }
    }

    /// `message.forEachCustomID` without building the message: a drafted message's custom ids
    /// are those of the body's components.
    func forEachCustomID(_ body: (String) -> Void) {
        switch self {
        case .built(let message): message.forEachCustomID(body)
        case .unbuilt(let draft): draft.components.forEachCustomID(body)
        }
    }

    /// `message.containsComponent(customID:)` without building the message.
    func containsComponent(customID: String) -> Bool {
        switch self {
        case .built(let message): message.containsComponent(customID: customID)
        case .unbuilt(let draft): draft.components.containsComponent(customID: customID)
        }
    }
}

/// What a message object is made of: the create body and what the sandbox adds (its id, its
/// channel, the bot as author, the interaction it answers).
struct MessageDraft {
    var id: UInt64
    var channelID: UInt64
    var body: JSON
    var author: JSON
    var attachments: JSON
    /// The application the message's interaction belongs to; nil for a channel message.
    var interaction: (id: UInt64, applicationID: UInt64)?

    /// The part of the message carrying its components, for custom id lookups.
    var components: JSON { ["components": bodyList("components")] }

    /// A list of the body (`embeds`, `components`): `[]` when absent or null, as in the message.
    private func bodyList(_ key: String) -> JSON { body[key].flatMap { $0.isNull ? nil : $0 } ?? [] }

    /// A message object as Discord returns it, built from a create body.
    var message: JSON {
        var object: [String: JSON] = [
            "id": .string(String(id)),
            "channel_id": .string(String(channelID)),
            "author": author,
            "content": body["content"] ?? "",
            "timestamp": "2025-01-01T00:00:00.000000+00:00",
            "edited_timestamp": nil,
            "tts": body["tts"] ?? false,
            "mention_everyone": false,
            "mentions": [],
            "mention_roles": [],
            "attachments": attachments,
            "embeds": bodyList("embeds"),
            "components": bodyList("components"),
            "pinned": false,
            "type": .int(interaction == nil ? 0 : 20),
            "flags": .int(body["flags"]?.intValue ?? 0),
        ]
        if let interaction {
            object["application_id"] = .string(String(interaction.applicationID))
            object["webhook_id"] = .string(String(interaction.applicationID))
            object["interaction_metadata"] = ["id": .string(String(interaction.id)), "type": 2]
        }
        return .object(object)
    }
}
