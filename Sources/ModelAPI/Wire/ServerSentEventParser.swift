/// One event of a `text/event-stream`: its `data:` lines joined by newlines.
public struct ServerSentEvent: Sendable, Hashable {
    public var event: String?
    public var data: String
    public var id: String?

    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// An incremental `text/event-stream` parser (the WHATWG rules): feed it the bytes as they
/// arrive, in pieces cut anywhere (inside a line, between CR and LF, inside a UTF-8 sequence),
/// and it hands back each event once its blank line has arrived. Lines end in LF, CRLF or CR;
/// a line starting with `:` is a comment (servers send them as keep-alives); `data:` lines
/// accumulate; one space after the colon is dropped; `event:` and `id:` are kept; other fields
/// are ignored. An event with no data is not dispatched.
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var data: [UInt8] = []
    private var hasData = false
    private var eventName: String?
    private var lastID: String?
    /// The longest line kept; a longer one is an error (a server that never ends its line).
    public let maximumLineBytes: Int

    public struct LineTooLong: Error, Sendable, CustomStringConvertible {
        public let limit: Int
        public var description: String { "an event-stream line longer than \(limit) bytes" }
    }

    public init(maximumLineBytes: Int = 1 << 20) {
        self.maximumLineBytes = maximumLineBytes
    }

    /// Parses `bytes`, returning the events they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(LineTooLong) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n"):
                if lastWasCR {
                    lastWasCR = false  // The LF of a CRLF whose CR already ended the line.
                    continue
                }
                if let event = endLine() { events.append(event) }
            case UInt8(ascii: "\r"):
                lastWasCR = true
                if let event = endLine() { events.append(event) }
            default:
                lastWasCR = false
                guard line.count < maximumLineBytes else { throw LineTooLong(limit: maximumLineBytes) }
                line.append(byte)
            }
        }
        return events
    }

    /// The end of the stream: a last line without its newline still counts, but an event
    /// without its blank line is dropped, as the standard says.
    public mutating func finish() {
        if !line.isEmpty { _ = endLine() }
        line = []
        data = []
        hasData = false
        eventName = nil
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard hasData else {
                eventName = nil
                return nil
            }
            let event = ServerSentEvent(event: eventName, data: String(decoding: data, as: UTF8.self), id: lastID)
            data.removeAll(keepingCapacity: true)
            hasData = false
            eventName = nil
            return event
        }
        if line.first == UInt8(ascii: ":") { return nil }
        let field: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            field = line[..<colon]
            value = line[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            field = line[...]
            value = []
        }
        switch String(decoding: field, as: UTF8.self) {
        case "data":
            if hasData { data.append(UInt8(ascii: "\n")) }
            data.append(contentsOf: value)
            hasData = true
        case "event":
            eventName = String(decoding: value, as: UTF8.self)
        case "id":
            if !value.contains(0) { lastID = String(decoding: value, as: UTF8.self) }
        default:
            break
        }
        return nil
    }
}
