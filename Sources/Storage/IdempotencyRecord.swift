/// The remembered result of an operation, so repeating it with the same key returns the first
/// result instead of acting twice. `result` is an opaque encoding chosen by the domain.
public struct IdempotencyRecord: Hashable, Sendable, Codable {
    public var player: PlayerID
    public var key: String
    public var operation: String
    public var result: String
    public var createdAt: Timestamp
    public init(player: PlayerID, key: String, operation: String, result: String, createdAt: Timestamp) {
        self.player = player
        self.key = key
        self.operation = operation
        self.result = result
        self.createdAt = createdAt
    }
}
