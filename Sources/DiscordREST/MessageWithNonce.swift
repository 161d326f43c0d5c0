/// A create-message body with `nonce` (and `enforce_nonce`) added to the caller's keys. With
/// `enforce_nonce`, Discord answers a second create with the same nonce from the same author
/// within a few minutes with the message already created, so a POST retried after a lost answer
/// (timeout, reset connection, 5xx after the fact) cannot post twice.
/// https://discord.com/developers/docs/resources/message#create-message-jsonform-params
struct MessageWithNonce<Payload: Encodable & Sendable>: Encodable, Sendable {
    var payload: Payload
    var nonce: String
    var enforce: Bool

    private enum CodingKeys: String, CodingKey {
        case nonce
        case enforce_nonce
    }

    func encode(to encoder: any Encoder) throws {
        // The payload's keys and these two land in the same JSON object (a keyed container asked
        // for twice on one encoder shares its storage); these are written last, so they win.
        try payload.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nonce, forKey: .nonce)
        if enforce { try container.encode(true, forKey: .enforce_nonce) }
    }
}
