import CJSONBlocks
import Foundation

/// The top level of a gateway payload (`op`, `s`, `t` and where `d` lies), read without decoding
/// the event, so the shard decodes only the events someone subscribed to.
///
/// The scan walks the top-level object once, byte by byte; it is string- and escape-aware and
/// skips nested objects and arrays by counting brackets (the `d` value's own decoder validates its
/// inside). The only allocation is `eventName`. It returns nil on malformed input and never traps
/// or loops: each step advances the index.
/// https://discord.com/developers/docs/events/gateway-events#payload-structure
public struct GatewayFrameHeader: Sendable, Hashable {
    public var op: GatewayOpcode
    /// `s`: the sequence number of a dispatch (nil when absent or null).
    public var sequence: Int?
    /// `t`: the event name of a dispatch (nil when absent or null).
    public var eventName: String?
    /// Byte offsets of the `d` value in the scanned buffer (nil when absent). A JSON `null`
    /// yields the range of the four bytes `null`; see `dataIsNull`.
    public var dataRange: Range<Int>?
    /// Whether `d` is present and `null`.
    public var dataIsNull: Bool

    public init(
        op: GatewayOpcode, sequence: Int? = nil, eventName: String? = nil, dataRange: Range<Int>? = nil,
        dataIsNull: Bool = false
    ) {
        self.op = op
        self.sequence = sequence
        self.eventName = eventName
        self.dataRange = dataRange
        self.dataIsNull = dataIsNull
    }

    public static func scan(_ bytes: [UInt8]) -> GatewayFrameHeader? {
        bytes.withUnsafeBytes { scan($0) }
    }

    public static func scan(_ data: Data) -> GatewayFrameHeader? {
        data.withUnsafeBytes { scan($0) }
    }

    public static func scan(_ bytes: ArraySlice<UInt8>) -> GatewayFrameHeader? {
        // Offsets in the result are relative to the slice's start.
        bytes.withUnsafeBytes { scan($0) }
    }

    public static func scan(_ bytes: UnsafeRawBufferPointer) -> GatewayFrameHeader? {
        var scanner = JSONScanner(bytes)
        return scanner.scanGatewayHeader()
    }

    /// `scan` that stops at `d` when `op`, `s` and `t` all came before it (Discord's order,
    /// `{"t":…,"s":…,"op":…,"d":…}`): `d` is then taken to run to the payload's closing brace
    /// without being walked, so the header of an 18 KB GUILD_CREATE costs as little as a heartbeat
    /// ACK's. Nothing after `d` is checked: whoever decodes `d` validates it (the decoders reject
    /// trailing bytes, so a key after `d` makes the decode fail rather than misread). With any
    /// other key order it is `scan`.
    public static func scanLeadingFields(_ bytes: UnsafeRawBufferPointer) -> GatewayFrameHeader? {
        var scanner = JSONScanner(bytes)
        return scanner.scanGatewayHeader(stopAtLastData: true)
    }

    public static func scanLeadingFields(_ bytes: [UInt8]) -> GatewayFrameHeader? {
        bytes.withUnsafeBytes { scanLeadingFields($0) }
    }

    /// The `d` bytes of `bytes` (the buffer this header was scanned from), or nil if absent.
    public func data(in bytes: [UInt8]) -> ArraySlice<UInt8>? {
        guard let range = dataRange, range.upperBound <= bytes.count else { return nil }
        return bytes[range]
    }

    /// The `d` bytes of `data` (the buffer this header was scanned from), or nil if absent.
    public func data(in data: Data) -> Data? {
        guard let range = dataRange, range.upperBound <= data.count else { return nil }
        let start = data.startIndex + range.lowerBound
        return data[start..<(start + range.count)]
    }
}

/// A forward-only cursor over JSON bytes; every method advances `index` or fails.
struct JSONScanner {
    let bytes: UnsafeRawBufferPointer
    var index: Int = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")

    mutating func scanGatewayHeader(stopAtLastData: Bool = false) -> GatewayFrameHeader? {
        skipWhitespace()
        guard consume(UInt8(ascii: "{")) else { return nil }
        var op: Int?
        var sequence: Int?
        var eventName: String?
        var sawSequence = false
        var sawEventName = false
        var dataRange: Range<Int>?
        var dataIsNull = false
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            return nil  // no op
        }
        while true {
            skipWhitespace()
            guard let key = scanKey() else { return nil }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { return nil }
            skipWhitespace()
            switch key {
            case .op:
                guard let value = scanInteger() else { return nil }
                op = value
            case .s:
                sawSequence = true
                if scanNull() {
                    sequence = nil
                } else {
                    guard let value = scanInteger() else { return nil }
                    sequence = value
                }
            case .t:
                sawEventName = true
                if scanNull() {
                    eventName = nil
                } else {
                    guard let value = scanString() else { return nil }
                    eventName = value
                }
            case .d:
                let start = index
                if stopAtLastData, sawSequence, sawEventName, let op {
                    // d runs to the closing brace of the payload (trailing whitespace aside).
                    var end = bytes.count
                    while end > start, Self.isWhitespace(bytes[end - 1]) { end -= 1 }
                    guard end > start, bytes[end - 1] == UInt8(ascii: "}") else { return nil }
                    end -= 1
                    while end > start, Self.isWhitespace(bytes[end - 1]) { end -= 1 }
                    guard end > start else { return nil }
                    let isNull = end - start == 4 && bytes[start] == UInt8(ascii: "n")
                    return GatewayFrameHeader(
                        op: GatewayOpcode(rawValue: op), sequence: sequence, eventName: eventName, dataRange: start..<end,
                        dataIsNull: isNull)
                }
                guard skipValue() else { return nil }
                dataRange = start..<index
                dataIsNull = index - start == 4 && bytes[start] == UInt8(ascii: "n")
            case .other:
                guard skipValue() else { return nil }
            }
            skipWhitespace()
            guard index < bytes.count else { return nil }
            let separator = bytes[index]
            index += 1
            if separator == UInt8(ascii: ",") { continue }
            if separator == UInt8(ascii: "}") { break }
            return nil
        }
        skipWhitespace()
        guard index == bytes.count, let op else { return nil }
        return GatewayFrameHeader(
            op: GatewayOpcode(rawValue: op), sequence: sequence, eventName: eventName, dataRange: dataRange,
            dataIsNull: dataIsNull)
    }

    enum Key { case op, s, t, d, other }

    /// Reads an object key; escaped keys are valid but never one of ours.
    mutating func scanKey() -> Key? {
        guard index < bytes.count, bytes[index] == Self.quote else { return nil }
        let start = index + 1
        guard skipString() else { return nil }
        let length = index - 1 - start
        if length == 1 {
            switch bytes[start] {
            case UInt8(ascii: "s"): return .s
            case UInt8(ascii: "t"): return .t
            case UInt8(ascii: "d"): return .d
            default: return .other
            }
        }
        if length == 2, bytes[start] == UInt8(ascii: "o"), bytes[start + 1] == UInt8(ascii: "p") { return .op }
        return .other
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    @inline(__always)
    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func scanNull() -> Bool {
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
        else { return false }
        index += 4
        return true
    }

    /// A JSON integer that fits in `Int` (no fraction or exponent).
    mutating func scanInteger() -> Int? {
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var value = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { break }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(byte - 0x30))
            guard !o1, !o2 else { return nil }
            value = sum
            index += 1
        }
        guard index > start else { return nil }
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: break
            }
        }
        return negative ? -value : value
    }

    /// Skips a string starting at its opening quote; leaves `index` after the closing quote.
    @inline(__always)
    mutating func skipString() -> Bool {
        guard index < bytes.count, bytes[index] == Self.quote else { return false }
        index += 1
        return skipStringBody()
    }

    /// Skips the rest of a string whose opening quote was consumed, eight bytes at a time (SWAR:
    /// one 64-bit load finds the first quote, backslash or control byte among eight). Fails on an
    /// unterminated string or a raw control byte (< 0x20), as JSON requires.
    mutating func skipStringBody() -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var i = index
        while true {
            while i &+ 8 <= count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let hits = SWAR.has(word, Self.quote) | SWAR.has(word, Self.backslash) | SWAR.hasLess(word, 0x20)
                if hits != 0 {
                    i &+= hits.trailingZeroBitCount &>> 3
                    break
                }
                i &+= 8
            }
            guard i < count else {
                index = i
                return false
            }
            let byte = base.load(fromByteOffset: i, as: UInt8.self)
            if byte == Self.quote {
                index = i &+ 1
                return true
            }
            if byte == Self.backslash {
                i &+= 2
                continue
            }
            if byte < 0x20 {
                index = i
                return false
            }
            i &+= 1
        }
    }

    /// Reads a string value into a `String`, resolving escapes.
    mutating func scanString() -> String? {
        let start = index + 1
        guard skipString() else { return nil }
        let end = index - 1
        let body = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        if !body.contains(Self.backslash) {
            return String(decoding: body, as: UTF8.self)
        }
        return Self.unescape(body)
    }

    /// What to do with what JSON's grammar allows but Unicode does not: a lone surrogate escape,
    /// invalid UTF-8.
    enum InvalidUnicode {
        /// U+FFFD in its place (a value someone decodes again later).
        case replace
        /// nil (a value that must equal what `JSONDecoder`, which rejects both, would give).
        case reject
    }

    /// The string a JSON string body (the bytes between the quotes) stands for; nil on an invalid
    /// escape, and with `.reject` on a lone surrogate or invalid UTF-8.
    static func unescape(_ body: UnsafeRawBufferPointer, invalidUnicode: InvalidUnicode = .replace) -> String? {
        // `String(validating:as:)` would run the standard library's unspecialised validator (a
        // generic metadata lookup per string). Decoding repairs invalid UTF-8 to U+FFFD, so bytes
        // that decode back to themselves were valid.
        func string(_ bytes: UnsafeRawBufferPointer) -> String? {
            let decoded = String(decoding: bytes, as: UTF8.self)
            if invalidUnicode == .replace { return decoded }
            var high: UInt8 = 0
            for byte in bytes { high |= byte }
            if high < 0x80 { return decoded }  // ASCII is valid UTF-8: nothing to compare
            return decoded.utf8.elementsEqual(bytes) ? decoded : nil
        }
        guard body.contains(backslash) else { return string(body) }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(body.count)
        var i = 0
        while i < body.count {
            let byte = body[i]
            guard byte == backslash else {
                utf8.append(byte)
                i += 1
                continue
            }
            guard i + 1 < body.count else { return nil }
            let escaped = body[i + 1]
            i += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                guard var code = hex4(body, at: i) else { return nil }
                i += 4
                // A high surrogate pairs with an escaped low one right after it.
                if (0xD800..<0xDC00).contains(code), i + 6 <= body.count, body[i] == backslash,
                    body[i + 1] == UInt8(ascii: "u"), let low = hex4(body, at: i + 2), (0xDC00..<0xE000).contains(low)
                {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                guard let scalar = Unicode.Scalar(code) else {
                    // A lone surrogate.
                    if invalidUnicode == .reject { return nil }
                    utf8.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    continue
                }
                UTF8.encode(scalar) { utf8.append($0) }
            default:
                return nil
            }
        }
        return utf8.withUnsafeBytes { string($0) }
    }

    private static func hex4(_ body: UnsafeRawBufferPointer, at start: Int) -> UInt32? {
        guard start + 4 <= body.count else { return nil }
        var value: UInt32 = 0
        for byte in body[start..<(start + 4)] {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Skips any JSON value. Containers are skipped by bracket depth, string-aware, eight bytes
    /// at a time (see `skipContainer`). Accepts exactly what `skipValueBytewise` accepts.
    mutating func skipValue() -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case Self.quote:
            return skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return skipContainer()
        default:
            return skipScalar()
        }
    }

    /// Skips an object or array starting at its opening bracket, with the same rules as the
    /// bytewise skip: inside a string a backslash skips the next byte, a control byte fails,
    /// brackets do not count; outside, brackets are counted, not matched (`{]` closes), as before:
    /// the decoder of the value validates its inside.
    ///
    /// 64 bytes at a time. The blocks without backslashes that cannot end the container (nearly
    /// all of them) are settled in C with bit arithmetic (`gachabot_json_skip_plain_blocks`: the
    /// prefix XOR of the quotes marks the bytes inside strings, the brackets outside them change
    /// the depth by their popcounts). The block it stops at is classified here
    /// (`gachabot_json_classify64`): without a backslash, its brackets are walked one by one
    /// (the depth may reach zero, or a control byte fail); with one, its special bytes are visited
    /// in order (escapes decide which quotes count). The last bytes go eight at a time (SWAR
    /// masks), then one at a time.
    mutating func skipContainer() -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var state = SkipState()
        var i = index
        while i &+ 64 <= count {
            if state.depth > 0 && !state.escaped {
                // Whole blocks that cannot end the container, in C (see its header for why).
                var depth = Int64(state.depth)
                i = gachabot_json_skip_plain_blocks(
                    base.assumingMemoryBound(to: UInt8.self), count, i, &depth, &state.inString)
                state.depth = Int(depth)
                guard i &+ 64 <= count else { break }
            }
            let block = gachabot_json_classify64(base.advanced(by: i).assumingMemoryBound(to: UInt8.self))
            if block.backslash == 0 && !state.escaped {
                // Bit k set: byte k is inside a string (its opening quote included, its closing
                // quote not).
                var strings = block.quote
                strings ^= strings << 1
                strings ^= strings << 2
                strings ^= strings << 4
                strings ^= strings << 8
                strings ^= strings << 16
                strings ^= strings << 32
                if state.inString { strings = ~strings }
                let opens = block.open & ~strings
                let closes = block.close & ~strings
                let badControls = block.control & strings
                // The C skip left this block: the depth may reach zero here, or a control byte
                // fail (or it is the opening block). In order.
                var brackets = opens | closes
                let firstBad = badControls == 0 ? 64 : badControls.trailingZeroBitCount
                while brackets != 0 {
                    let k = brackets.trailingZeroBitCount
                    if k > firstBad { break }
                    brackets &= brackets &- 1
                    if opens & (1 << k) != 0 {
                        state.depth &+= 1
                    } else {
                        state.depth &-= 1
                        if state.depth == 0 {
                            index = i &+ k &+ 1
                            return true
                        }
                    }
                }
                if firstBad < 64 {
                    index = i &+ firstBad
                    return false
                }
                state.inString = strings >> 63 != 0
            } else {
                let hits = block.quote | block.backslash | block.open | block.close | block.control
                if let settled = settle(Self.visit(hits, width: 64, at: i, in: base, state: &state)) { return settled }
            }
            i &+= 64
        }
        while i &+ 8 <= count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let folded = word | 0x2020_2020_2020_2020
            let specials =
                SWAR.equal(word, Self.quote) | SWAR.equal(word, Self.backslash) | SWAR.equal(folded, 0x7B)
                | SWAR.equal(folded, 0x7D) | SWAR.lessExact(word, 0x20)
            let hits = SWAR.gather(specials)
            if let settled = settle(Self.visit(hits, width: 8, at: i, in: base, state: &state)) { return settled }
            i &+= 8
        }
        // The last bytes, one at a time, same rules.
        while i < count {
            let byte = base.load(fromByteOffset: i, as: UInt8.self)
            if state.escaped {
                state.escaped = false
            } else if state.inString {
                switch byte {
                case Self.quote: state.inString = false
                case Self.backslash: state.escaped = true
                case 0..<0x20:
                    index = i
                    return false
                default: break
                }
            } else {
                switch byte {
                case Self.quote: state.inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): state.depth &+= 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    state.depth &-= 1
                    if state.depth == 0 {
                        index = i &+ 1
                        return true
                    }
                default: break
                }
            }
            i &+= 1
        }
        index = i
        return false
    }

    /// Where `skipContainer` stands between chunks.
    private struct SkipState {
        var depth = 0
        var inString = false
        var escaped = false  // the next byte is escaped (a backslash in a string came last)
    }

    private enum ChunkOutcome {
        case more
        case closed(end: Int)
        case failed(at: Int)
    }

    /// Sets `index` and returns the verdict once the skip is decided; nil to go on.
    @inline(__always)
    private mutating func settle(_ outcome: ChunkOutcome) -> Bool? {
        switch outcome {
        case .more: return nil
        case .closed(let end):
            index = end
            return true
        case .failed(let at):
            index = at
            return false
        }
    }

    /// Visits, in order, the special bytes of a chunk of `width` bytes at `start` (bit k of
    /// `hits`: byte `start + k` is a quote, backslash, bracket or control byte) with the per-byte
    /// rules: inside a string a backslash escapes the next byte (across the chunk's end too) and
    /// a control byte fails; outside, brackets change the depth.
    @inline(__always)
    private static func visit(
        _ hits: UInt64, width: Int, at start: Int, in base: UnsafeRawPointer, state: inout SkipState
    ) -> ChunkOutcome {
        var hits = hits
        if state.escaped {
            hits &= ~1
            state.escaped = false
        }
        while hits != 0 {
            let k = hits.trailingZeroBitCount
            hits &= hits &- 1
            let byte = base.load(fromByteOffset: start &+ k, as: UInt8.self)
            if state.inString {
                switch byte {
                case quote: state.inString = false
                case backslash:
                    if k == width &- 1 { state.escaped = true } else { hits &= ~(1 << (k &+ 1)) }
                case 0..<0x20: return .failed(at: start &+ k)
                default: break
                }
            } else {
                switch byte {
                case quote: state.inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): state.depth &+= 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    state.depth &-= 1
                    if state.depth == 0 { return .closed(end: start &+ k &+ 1) }
                default: break
                }
            }
        }
        return .more
    }

    /// A number or a literal: a run of the characters they are made of.
    mutating func skipScalar() -> Bool {
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case 0x30...0x39, UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), 0x61...0x7A, 0x41...0x5A:
                index += 1
            default:
                return index > start
            }
        }
        return index > start
    }

    /// The original byte-at-a-time skip, kept as the reference the fast one is tested against.
    mutating func skipValueBytewise() -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case Self.quote:
            return skipStringBytewise()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case Self.quote:
                    guard skipStringBytewise() else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return true
                    }
                default:
                    break
                }
                index += 1
            }
            return false
        default:
            return skipScalar()
        }
    }

    mutating func skipStringBytewise() -> Bool {
        guard index < bytes.count, bytes[index] == Self.quote else { return false }
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Self.quote {
                index += 1
                return true
            }
            if byte == Self.backslash {
                index += 2
                continue
            }
            if byte < 0x20 { return false }
            index += 1
        }
        return false
    }
}

/// Byte-parallel tests on a 64-bit word ("SIMD within a register"). Each returns a mask with the
/// high bit set in the bytes that match; only the lowest set bit is exact (a borrow can flag the
/// bytes above a true match), which is all a forward search needs.
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    static func hasZero(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highs }

    @inline(__always)
    static func has(_ word: UInt64, _ byte: UInt8) -> UInt64 { hasZero(word ^ (ones &* UInt64(byte))) }

    /// Bytes below `limit` (at most 128).
    @inline(__always)
    static func hasLess(_ word: UInt64, _ limit: UInt8) -> UInt64 { (word &- ones &* UInt64(limit)) & ~word & highs }

    static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// Exactly the bytes equal to `byte` (no borrow between bytes, so every flag is true).
    @inline(__always)
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let t = word ^ (ones &* UInt64(byte))
        return ~(((t & lows) &+ lows) | t) & highs
    }

    /// Exactly the bytes below `limit` (1...128).
    @inline(__always)
    static func lessExact(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        ~((word & lows) &+ ones &* UInt64(128 &- limit)) & ~word & highs
    }

    /// The high bits of the eight bytes as an 8-bit mask: bit k for byte k.
    @inline(__always)
    static func gather(_ flags: UInt64) -> UInt64 { ((flags >> 7) &* 0x0102_0408_1020_4080) >> 56 }
}
