/// The gateway closed a shard's connection with a code after which reconnecting cannot help
/// (4004, 4010, 4011, 4012, 4013, 4014). The shard stops; `message` names the cause and the fix.
///
/// https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes
public struct ShardFatalError: Error, Sendable, Equatable, CustomStringConvertible {
    public let shardID: Int
    public let closeCode: Int
    /// Cause and fix, fit for an operator; never contains the token.
    public let message: String

    public init(shardID: Int, closeCode: Int, message: String) {
        self.shardID = shardID
        self.closeCode = closeCode
        self.message = message
    }

    public var description: String { "shard \(shardID) stopped by gateway close code \(closeCode): \(message)" }
}
