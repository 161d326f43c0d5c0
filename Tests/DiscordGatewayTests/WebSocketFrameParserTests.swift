import NIOCore
import NIOWebSocket
import Testing

@testable import DiscordGateway

/// `WebSocketFrameParser`: frame heads as a client reads them (RFC 6455 §5.2), and the frames a
/// client must refuse.
@Suite struct WebSocketFrameParserTests {
    static func parse(_ bytes: [UInt8], maximum: Int = 1 << 20) -> WebSocketFrameParser.Outcome {
        bytes.withUnsafeBytes { WebSocketFrameParser.parseHead($0, maximumPayload: maximum) }
    }

    static func violation(_ bytes: [UInt8], maximum: Int = 1 << 20) -> WebSocketFrameParser.Violation? {
        if case .invalid(let violation) = parse(bytes, maximum: maximum) { violation } else { nil }
    }

    /// Each length form, and every prefix shorter than its head is incomplete.
    @Test(arguments: [0, 1, 125, 126, 65535, 65536, 1 << 20])
    func eachLengthFormIsRead(length: Int) throws {
        let frame = Array(ServerFrame.bytes(opcode: .binary, payload: [UInt8](repeating: 0x41, count: length)).readableBytesView)
        let expectedHead = length < 126 ? 2 : length < 65536 ? 4 : 10
        #expect(Self.parse(frame) == .head(.init(fin: true, opcode: .binary, headLength: expectedHead, payloadLength: length)))
        for cut in 0..<expectedHead {
            #expect(Self.parse(Array(frame[..<cut])) == .incomplete, "head cut at \(cut)")
        }
    }

    @Test func finAndOpcodesAreRead() {
        #expect(Self.parse([0x01, 0x00]) == .head(.init(fin: false, opcode: .text, headLength: 2, payloadLength: 0)))
        #expect(Self.parse([0x00, 0x03]) == .head(.init(fin: false, opcode: .continuation, headLength: 2, payloadLength: 3)))
        #expect(Self.parse([0x88, 0x02]) == .head(.init(fin: true, opcode: .connectionClose, headLength: 2, payloadLength: 2)))
        #expect(Self.parse([0x89, 0x00]) == .head(.init(fin: true, opcode: .ping, headLength: 2, payloadLength: 0)))
        #expect(Self.parse([0x8A, 0x7D]) == .head(.init(fin: true, opcode: .pong, headLength: 2, payloadLength: 125)))
    }

    @Test func aMaskedFrameIsRefused() {
        #expect(Self.violation([0x81, 0x85, 1, 2, 3, 4])?.closeCode == .protocolError)
    }

    @Test(arguments: [0x40, 0x20, 0x10] as [UInt8])
    func reservedBitsAreRefused(bit: UInt8) {
        #expect(Self.violation([0x81 | bit, 0x00])?.closeCode == .protocolError)
    }

    @Test(arguments: [3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF] as [UInt8])
    func reservedOpcodesAreRefused(opcode: UInt8) {
        let violation = Self.violation([0x80 | opcode, 0x00])
        #expect(violation?.closeCode == .protocolError)
        #expect(violation?.reason.contains("opcode \(opcode)") == true)
    }

    @Test func controlFramesMustBeWholeAndShort() {
        #expect(Self.violation([0x09, 0x00])?.closeCode == .protocolError, "a fragmented ping")
        #expect(Self.violation([0x88, 0x7E, 0x00, 0x7E])?.closeCode == .protocolError, "a 126-byte close")
    }

    @Test func aLengthWithItsTopBitSetIsRefused() {
        #expect(Self.violation([0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 1])?.closeCode == .protocolError)
    }

    /// Too large is 1009, and is known from the head alone, in every length form.
    @Test func aPayloadOverTheMaximumIsTooLarge() {
        #expect(Self.violation([0x82, 0x7D], maximum: 124)?.closeCode == .messageTooLarge)
        #expect(Self.violation([0x82, 0x7E, 0x01, 0x00], maximum: 255)?.closeCode == .messageTooLarge)
        #expect(Self.violation([0x82, 0x7F, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])?.closeCode == .messageTooLarge)
        #expect(
            Self.parse([0x82, 0x7E, 0x01, 0x00], maximum: 256)
                == .head(.init(fin: true, opcode: .binary, headLength: 4, payloadLength: 256)))
    }
}
