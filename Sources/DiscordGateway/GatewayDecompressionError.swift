/// The transport compression stream could not be decoded; the connection is unusable and the
/// shard reconnects (resuming) with a fresh context.
public struct GatewayDecompressionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let format: String
    public let detail: String

    public var description: String { "\(format) decompression failed: \(detail)" }
}
