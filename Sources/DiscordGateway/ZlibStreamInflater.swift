import CZlib

/// Inflates Discord's `compress=zlib-stream` transport: one zlib context lives for the whole
/// connection, and a gateway message is complete when the bytes received so far end with the
/// `Z_SYNC_FLUSH` marker `00 00 ff ff` (a message may be split over several websocket frames).
///
/// https://discord.com/developers/docs/events/gateway#zlibstream
///
/// The stream's two-byte zlib header is checked and skipped, and the rest inflated as raw deflate:
/// the stream never ends, so its Adler-32 trailer never comes, and computing the checksum over
/// every byte (as zlib mode does) would be work for nothing.
///
/// Create a new inflater for every connection: the context carries the dictionary of the
/// previous messages and is meaningless on a new socket.
public final class ZlibStreamInflater {
    /// The z_stream is heap-allocated so its address never moves: zlib keeps a back pointer to it.
    private let stream: UnsafeMutablePointer<z_stream>
    private var pending: [UInt8] = []
    /// The zlib header bytes (CMF, FLG) received so far, until both are checked.
    private var header: [UInt8] = []

    public init() throws(GatewayDecompressionError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // Negative window bits: raw deflate, no header and no checksum (see above).
        let status = inflateInit2_(stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw GatewayDecompressionError(format: "zlib-stream", detail: "inflateInit failed (\(status))")
        }
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

    /// `feed` reading the websocket message in place.
    public func feed(_ bytes: UnsafeRawBufferPointer) throws(GatewayDecompressionError) -> [UInt8]? {
        let output = MessageBuffer(capacity: bytes.count * 4)
        return try feed(bytes, into: output) ? Array(output.bytes) : nil
    }

    /// `feed` appending the gateway message to `output`, written by zlib directly. Returns false
    /// while the message is still incomplete (nothing appended). A whole message in one websocket
    /// message (the usual case) is inflated without being copied first.
    func feed(_ bytes: UnsafeRawBufferPointer, into output: MessageBuffer) throws(GatewayDecompressionError) -> Bool {
        if pending.isEmpty, Self.endsWithFlushMarker(bytes) {
            try inflateMessage(bytes, into: output)
            return true
        }
        pending.append(contentsOf: bytes)
        guard pending.count >= 4, pending[pending.count - 4] == 0x00, pending[pending.count - 3] == 0x00,
            pending[pending.count - 2] == 0xFF, pending[pending.count - 1] == 0xFF
        else { return false }
        defer { pending.removeAll(keepingCapacity: true) }
        try pending.withUnsafeBytes { input in
            Result { () throws(GatewayDecompressionError) in try inflateMessage(input, into: output) }
        }.get()
        return true
    }

    private static func endsWithFlushMarker(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = bytes.count
        return n >= 4 && bytes[n - 4] == 0x00 && bytes[n - 3] == 0x00 && bytes[n - 2] == 0xFF && bytes[n - 1] == 0xFF
    }

    private func inflateMessage(_ message: UnsafeRawBufferPointer, into output: MessageBuffer) throws(GatewayDecompressionError) {
        var input = message
        if header.count < 2 {
            let taken = min(2 - header.count, input.count)
            header.append(contentsOf: input.prefix(taken))
            input = UnsafeRawBufferPointer(rebasing: input[taken...])
            if header.count == 2 {
                // RFC 1950: deflate (CM 8), window ≤ 32 KiB, no preset dictionary, check bits.
                let cmf = Int(header[0]), flg = Int(header[1])
                guard cmf & 0x0F == 8, cmf >> 4 <= 7, flg & 0x20 == 0, (cmf * 256 + flg) % 31 == 0 else {
                    throw GatewayDecompressionError(format: "zlib-stream", detail: "not a zlib stream header")
                }
            }
        }
        guard !input.isEmpty else { return }
        // zlib never writes through next_in (it is only declared non-const).
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
        let chunk = max(input.count * 4, 16 * 1024)
        while true {
            let space = output.freeSpace(minimum: chunk)
            let room = min(space.count, Int(UInt32.max))
            stream.pointee.next_out = space.baseAddress?.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(room)
            let status = inflate(stream, Z_SYNC_FLUSH)
            let produced = room - Int(stream.pointee.avail_out)
            output.commit(produced)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                // Z_BUF_ERROR only means "no progress possible": all input consumed, nothing left.
                if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { return }
                if status == Z_BUF_ERROR && produced == 0 { return }
            case Z_STREAM_END:
                return
            default:
                throw GatewayDecompressionError(format: "zlib-stream", detail: "inflate failed (\(status))")
            }
        }
    }
}
