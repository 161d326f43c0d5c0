import CZstd

/// Decompresses Discord's `compress=zstd-stream` transport: one decompression context per
/// connection; every websocket message holds exactly one gateway message, but the zstd frame never
/// ends, so we decompress what a message carries and flush, never waiting for a frame end.
///
/// https://discord.com/developers/docs/events/gateway#zstdstream
///
/// Create a new decompressor for every connection.
public final class ZstdStreamDecompressor {
    private let context: OpaquePointer

    public init() throws(GatewayDecompressionError) {
        guard let context = ZSTD_createDStream() else {
            throw GatewayDecompressionError(format: "zstd-stream", detail: "ZSTD_createDStream failed")
        }
        let status = ZSTD_initDStream(context)
        if ZSTD_isError(status) != 0 {
            ZSTD_freeDStream(context)
            throw GatewayDecompressionError(format: "zstd-stream", detail: Self.name(of: status))
        }
        self.context = context
    }

    deinit { ZSTD_freeDStream(context) }

    /// Decompresses one websocket message into one gateway message.
    public func decompress(_ bytes: some Collection<UInt8>) throws(GatewayDecompressionError) -> [UInt8] {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(GatewayDecompressionError) in try decompress(UnsafeRawBufferPointer(buffer)) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBytes { buffer in
            Result { () throws(GatewayDecompressionError) in try decompress(buffer) }
        }.get()
    }

    /// Decompresses one websocket message read in place (no copy of the compressed bytes).
    public func decompress(_ input: UnsafeRawBufferPointer) throws(GatewayDecompressionError) -> [UInt8] {
        let output = MessageBuffer(capacity: input.count * 4)
        try decompress(input, into: output)
        return Array(output.bytes)
    }

    /// Decompresses one websocket message, appending the gateway message to `output`, written
    /// by zstd directly (no intermediate buffer).
    func decompress(_ input: UnsafeRawBufferPointer, into output: MessageBuffer) throws(GatewayDecompressionError) {
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        let chunk = max(input.count * 4, 16 * 1024)
        while true {
            let space = output.freeSpace(minimum: chunk)
            var outBuffer = ZSTD_outBuffer(dst: space.baseAddress, size: space.count, pos: 0)
            let status = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
            if ZSTD_isError(status) != 0 {
                throw GatewayDecompressionError(format: "zstd-stream", detail: Self.name(of: status))
            }
            output.commit(outBuffer.pos)
            // Output not full and input consumed: the decoder has flushed all it can.
            if inBuffer.pos == inBuffer.size && outBuffer.pos < outBuffer.size { return }
        }
    }

    private static func name(of code: Int) -> String {
        guard let name = ZSTD_getErrorName(code) else { return "zstd error \(code)" }
        return String(cString: name)
    }
}
