import DiscordModels

/// Direct messages: the bot opens (or finds) the DM channel with a user, then posts in it.
extension DiscordRESTClient {
    struct CreateDM: Encodable, Sendable {
        let recipient_id: String
    }

    /// The DM channel's id with `recipient` (Discord returns the existing one when there is one).
    /// https://discord.com/developers/docs/resources/user#create-dm
    public func createDM(recipient: UserID) async throws(DiscordRESTError) -> ChannelID {
        let request: DiscordRequest
        do {
            request = try DiscordRequest(route: .createDM(), payload: CreateDM(recipient_id: recipient.description))
        } catch {
            throw .encoding(message: "CreateDM: \(error)")
        }
        let channel = try await send(request, decoding: JSONValue.self)
        guard let id = channel["id"]?.stringValue.flatMap({ UInt64($0) }) else {
            throw .decoding(message: "POST /users/@me/channels answered without a channel id")
        }
        return ChannelID(id)
    }
}
