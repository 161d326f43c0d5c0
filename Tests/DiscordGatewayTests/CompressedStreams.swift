import CZlib
import CZstd

/// Test-side compressors that produce exactly what Discord sends: one context for the whole
/// connection, each message flushed (zlib: Z_SYNC_FLUSH, ending in 00 00 ff ff; zstd: ZSTD_e_flush,
/// never ending the frame).
final class ZlibStreamDeflater {
    private let stream: UnsafeMutablePointer<z_stream>

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        _ = deflateInit_(stream, Z_DEFAULT_COMPRESSION, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    func compress(_ text: String) -> [UInt8] {
        var input = Array(text.utf8)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        input.withUnsafeMutableBufferPointer { input in
            stream.pointee.next_in = input.baseAddress
            stream.pointee.avail_in = UInt32(input.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { out in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = UInt32(out.count)
                    _ = deflate(stream, Z_SYNC_FLUSH)
                    output.append(contentsOf: out[0..<(out.count - Int(stream.pointee.avail_out))])
                }
            } while stream.pointee.avail_out == 0
        }
        return output
    }
}

final class ZstdStreamCompressor {
    private let context: OpaquePointer

    init() {
        context = ZSTD_createCCtx()!
    }

    deinit { ZSTD_freeCCtx(context) }

    func compress(_ text: String) -> [UInt8] {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256)
        input.withUnsafeBytes { input in
            var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
            while true {
                let remaining: Int = chunk.withUnsafeMutableBytes { out in
                    var outBuffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                    let remaining = ZSTD_compressStream2(context, &outBuffer, &inBuffer, ZSTD_e_flush)
                    output.append(contentsOf: out[0..<outBuffer.pos])
                    return remaining
                }
                if remaining == 0 { break }
            }
        }
        return output
    }
}
