/// The transport compression asked for in the gateway URL's `compress` query parameter.
///
/// https://discord.com/developers/docs/events/gateway#transport-compression
public enum GatewayCompression: String, Sendable, Hashable, CaseIterable {
    /// One zstd context per connection; each websocket message is one gateway message.
    case zstdStream = "zstd-stream"
    /// One zlib context per connection; a message ends with `00 00 ff ff`.
    case zlibStream = "zlib-stream"
    /// Plain JSON text frames.
    case none

    /// The `compress` query value, or nil for no compression.
    public var queryValue: String? { self == .none ? nil : rawValue }
}

/// Turns the websocket messages of one connection into gateway messages: a fresh instance per
/// connection, so a reconnect always starts with a new compression context.
final class TransportDecoder {
    private enum Backend {
        case zlib(ZlibStreamInflater)
        case zstd(ZstdStreamDecompressor)
        case none
    }

    private let backend: Backend

    init(_ compression: GatewayCompression) throws(GatewayDecompressionError) {
        switch compression {
        case .zlibStream: backend = .zlib(try ZlibStreamInflater())
        case .zstdStream: backend = .zstd(try ZstdStreamDecompressor())
        case .none: backend = .none
        }
    }

    /// Binary frames go through the compression context; text frames are never compressed.
    /// Returns nil while a zlib message is still incomplete.
    func decode(binary bytes: some Collection<UInt8>) throws(GatewayDecompressionError) -> [UInt8]? {
        switch backend {
        case .zlib(let inflater): return try inflater.feed(bytes)
        case .zstd(let decompressor): return try decompressor.decompress(bytes)
        case .none: return Array(bytes)
        }
    }

    /// `decode(binary:)` into the connection's reused buffer: `output` is emptied and holds the
    /// gateway message when this returns true; false while a zlib message is still incomplete.
    func decode(binary bytes: UnsafeRawBufferPointer, into output: MessageBuffer) throws(GatewayDecompressionError) -> Bool {
        output.removeAll()
        switch backend {
        case .zlib(let inflater): return try inflater.feed(bytes, into: output)
        case .zstd(let decompressor):
            try decompressor.decompress(bytes, into: output)
            return true
        case .none:
            output.append(bytes)
            return true
        }
    }
}
