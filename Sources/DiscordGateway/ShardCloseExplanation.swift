/// Operator-facing cause and fix for the fatal gateway close codes.
///
/// https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes
enum ShardCloseExplanation {
    static func message(code: Int, privilegedIntentNames: [String]) -> String {
        switch code {
        case 4004:
            return "Authentication failed: Discord rejected the bot token. Fix: copy a fresh token from the Developer Portal (Bot → Reset Token) into DISCORD_TOKEN."
        case 4010:
            return "Invalid shard: the shard id or count sent in Identify is not valid. Fix: use shard ids 0..<count and the count from GET /gateway/bot."
        case 4011:
            return "Sharding required: the bot is in too many guilds for this shard count. Fix: run more shards (use the recommended count from GET /gateway/bot)."
        case 4012:
            return "Invalid API version: the gateway does not accept this version. Fix: connect with v=10."
        case 4013:
            return "Invalid intents: the intents bitfield is not valid. Fix: request only documented gateway intents."
        case 4014:
            let names = privilegedIntentNames.isEmpty ? "a privileged intent" : privilegedIntentNames.joined(separator: ", ")
            return "Disallowed intents: the bot requested \(names), which is not enabled for this application. Fix: enable \(names) under Privileged Gateway Intents in the Developer Portal (Bot page), or stop requesting it."
        default:
            return "The gateway closed the connection with code \(code)."
        }
    }
}
