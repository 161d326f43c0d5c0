import CZlib

/// Inflates Discord's `compress=zlib-stream` transport: one zlib context lives for the whole
/// connection, and a gateway message is complete when the bytes received so far end with the
/// `Z_SYNC_FLUSH` marker `00 00 ff ff` (a message may be split over several websocket frames).
///
/// https://discord.com/developers/docs/events/gateway#zlibstream
///
/// Create a new inflater for every connection: the context carries the dictionary of the
/// previous messages and is meaningless on a new socket.
public final class ZlibStreamInflater {
    /// The z_stream is heap-allocated so its address never moves: zlib keeps a back pointer to it.
    private let stream: UnsafeMutablePointer<z_stream>
    private var pending: [UInt8] = []
    private var scratch: [UInt8]

    public init() throws(GatewayDecompressionError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = inflateInit_(stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw GatewayDecompressionError(format: "zlib-stream", detail: "inflateInit failed (\(status))")
        }
        scratch = [UInt8](repeating: 0, count: 64 * 1024)
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Feeds one websocket message. Returns the decompressed gateway message once the flush marker
    /// arrives, or `nil` while the message is still incomplete.
    public func feed(_ bytes: some Collection<UInt8>) throws(GatewayDecompressionError) -> [UInt8]? {
        let direct = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(GatewayDecompressionError) in try feed(UnsafeRawBufferPointer(buffer)) }
        }
        if let direct { return try direct.get() }
        return try Array(bytes).withUnsafeBytes { buffer in
            Result { () throws(GatewayDecompressionError) in try feed(buffer) }
        }.get()
    }

    /// `feed` reading the websocket message in place: a whole message in one websocket message
    /// (the usual case) is inflated without being copied first.
    public func feed(_ bytes: UnsafeRawBufferPointer) throws(GatewayDecompressionError) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 4)
        return try feed(bytes, into: &output) ? output : nil
    }

    /// `feed` appending the gateway message to `output` (a buffer the caller reuses). Returns
    /// false while the message is still incomplete (nothing appended).
    public func feed(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(GatewayDecompressionError) -> Bool {
        if pending.isEmpty, Self.endsWithFlushMarker(bytes) {
            try inflateMessage(bytes, into: &output)
            return true
        }
        pending.append(contentsOf: bytes)
        guard pending.count >= 4, pending[pending.count - 4] == 0x00, pending[pending.count - 3] == 0x00,
            pending[pending.count - 2] == 0xFF, pending[pending.count - 1] == 0xFF
        else { return false }
        defer { pending.removeAll(keepingCapacity: true) }
        try pending.withUnsafeBytes { input in
            Result { () throws(GatewayDecompressionError) in try inflateMessage(input, into: &output) }
        }.get()
        return true
    }

    private static func endsWithFlushMarker(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = bytes.count
        return n >= 4 && bytes[n - 4] == 0x00 && bytes[n - 3] == 0x00 && bytes[n - 2] == 0xFF && bytes[n - 1] == 0xFF
    }

    private func inflateMessage(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(GatewayDecompressionError) {
        let scratchCount = scratch.count
        let result: Int32 = scratch.withUnsafeMutableBufferPointer { out in
            // zlib never writes through next_in (it is only declared non-const).
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
            stream.pointee.avail_in = UInt32(input.count)
            while true {
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = UInt32(scratchCount)
                let status = inflate(stream, Z_SYNC_FLUSH)
                let produced = scratchCount - Int(stream.pointee.avail_out)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: out[0..<produced]))
                switch status {
                case Z_OK, Z_BUF_ERROR:
                    // Z_BUF_ERROR only means "no progress possible": all input consumed, nothing left.
                    if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { return Z_OK }
                    if status == Z_BUF_ERROR && produced == 0 { return Z_OK }
                case Z_STREAM_END:
                    return Z_OK
                default:
                    return status
                }
            }
        }
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        guard result == Z_OK else {
            throw GatewayDecompressionError(format: "zlib-stream", detail: "inflate failed (\(result))")
        }
    }
}
