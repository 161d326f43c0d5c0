import CZlib
import CZstd
import NIOCore

/// Discord's transport compression (`compress=` in the gateway query): one compression context per
/// connection, each message flushed so the client can decode it on its own.
///
/// The message is read in place and the output written straight into the frame's buffer: at a
/// benchmark's dispatch rate, copies on either side were a visible part of the sandbox's CPU.
protocol TransportCompressor: AnyObject {
    /// Appends `message`, compressed and flushed, to `buffer`.
    func compress(_ message: UnsafeRawBufferPointer, into buffer: inout ByteBuffer)
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

    func compress(_ message: UnsafeRawBufferPointer, into buffer: inout ByteBuffer) {
        // zlib only reads `next_in`; its type is not const.
        stream.pointee.next_in = UnsafeMutablePointer(mutating: message.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(message.count)
        // The bound plus the sync flush's few bytes: one round for all but unusual messages.
        let expected = Int(deflateBound(stream, UInt(message.count))) + 16
        repeat {
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: expected) { out in
                stream.pointee.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = UInt32(out.count)
                _ = deflate(stream, Z_SYNC_FLUSH)
                return out.count - Int(stream.pointee.avail_out)
            }
        } while stream.pointee.avail_out == 0
        stream.pointee.next_in = nil
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

    func compress(_ message: UnsafeRawBufferPointer, into buffer: inout ByteBuffer) {
        var input = ZSTD_inBuffer(src: message.baseAddress, size: message.count, pos: 0)
        let expected = ZSTD_compressBound(message.count) + 16
        var remaining = 0
        repeat {
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: expected) { out in
                var output = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                remaining = ZSTD_compressStream2(stream, &output, &input, ZSTD_e_flush)
                if ZSTD_isError(remaining) != 0 { remaining = 0 }
                return output.pos
            }
        } while remaining != 0
    }
}
