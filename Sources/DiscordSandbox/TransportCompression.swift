import CZlib
import CZstd

/// Discord's transport compression (`compress=` in the gateway query): one compression context per
/// connection, each message flushed so the client can decode it on its own.
protocol TransportCompressor: AnyObject {
    func compress(_ bytes: [UInt8]) -> [UInt8]
}

enum TransportCompression: String, Sendable {
    case zlibStream = "zlib-stream"
    case zstdStream = "zstd-stream"

    func makeCompressor() -> (any TransportCompressor)? {
        switch self {
        case .zlibStream: ZlibStreamCompressor()
        case .zstdStream: ZstdStreamCompressor()
        }
    }
}

/// zlib-stream: a single deflate stream (zlib header), every message ended with `Z_SYNC_FLUSH`,
/// so it ends in `00 00 ff ff`.
final class ZlibStreamCompressor: TransportCompressor {
    private let stream: UnsafeMutablePointer<z_stream>

    init?() {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = deflateInit_(stream, Z_DEFAULT_COMPRESSION, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return nil
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    func compress(_ bytes: [UInt8]) -> [UInt8] {
        var input = bytes
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count / 2 + 64)
        var chunk = [UInt8](repeating: 0, count: 16_384)
        input.withUnsafeMutableBufferPointer { inBuffer in
            stream.pointee.next_in = inBuffer.baseAddress
            stream.pointee.avail_in = UInt32(inBuffer.count)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { outBuffer -> Int in
                    stream.pointee.next_out = outBuffer.baseAddress
                    stream.pointee.avail_out = UInt32(outBuffer.count)
                    _ = deflate(stream, Z_SYNC_FLUSH)
                    return outBuffer.count - Int(stream.pointee.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
            } while stream.pointee.avail_out == 0
            stream.pointee.next_in = nil
        }
        return output
    }
}

/// zstd-stream: a single zstd compression stream, each message a flushed (`ZSTD_e_flush`) block;
/// the frame is never ended.
final class ZstdStreamCompressor: TransportCompressor {
    private let stream: OpaquePointer

    init?() {
        guard let stream = ZSTD_createCStream() else { return nil }
        self.stream = stream
        _ = ZSTD_initCStream(stream, 3)
    }

    deinit { ZSTD_freeCStream(stream) }

    func compress(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        bytes.withUnsafeBytes { inBuffer in
            var input = ZSTD_inBuffer(src: inBuffer.baseAddress, size: inBuffer.count, pos: 0)
            var remaining = 1
            repeat {
                let produced = chunk.withUnsafeMutableBytes { outBuffer -> Int in
                    var out = ZSTD_outBuffer(dst: outBuffer.baseAddress, size: outBuffer.count, pos: 0)
                    remaining = ZSTD_compressStream2(stream, &out, &input, ZSTD_e_flush)
                    if ZSTD_isError(remaining) != 0 { remaining = 0 }
                    return out.pos
                }
                output.append(contentsOf: chunk[0..<produced])
            } while remaining != 0
        }
        return output
    }
}
