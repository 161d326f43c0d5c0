import Foundation

/// Bounds-checked big- and little-endian reads at offsets from the start of `Data`, whatever the
/// `Data`'s own `startIndex` (a slice's is not 0). Every read returns nil past the end.
struct ByteView {
    let data: Data

    var count: Int { data.count }

    func u8(_ offset: Int) -> UInt8? {
        guard offset >= 0, offset < data.count else { return nil }
        return data[data.startIndex + offset]
    }

    func u16be(_ offset: Int) -> Int? {
        guard let a = u8(offset), let b = u8(offset + 1) else { return nil }
        return Int(a) << 8 | Int(b)
    }

    func u16le(_ offset: Int) -> Int? {
        guard let a = u8(offset), let b = u8(offset + 1) else { return nil }
        return Int(b) << 8 | Int(a)
    }

    func u24le(_ offset: Int) -> Int? {
        guard let low = u16le(offset), let high = u8(offset + 2) else { return nil }
        return Int(high) << 16 | low
    }

    func u32be(_ offset: Int) -> UInt32? {
        guard let high = u16be(offset), let low = u16be(offset + 2) else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }

    func u32le(_ offset: Int) -> UInt32? {
        guard let low = u16le(offset), let high = u16le(offset + 2) else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }

    /// The bytes at `range`, or nil when any of it is past the end.
    func bytes(_ range: Range<Int>) -> Data? {
        guard range.lowerBound >= 0, range.upperBound <= data.count else { return nil }
        return data[(data.startIndex + range.lowerBound)..<(data.startIndex + range.upperBound)]
    }

    func hasPrefix(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
        for (index, byte) in prefix.enumerated() where u8(offset + index) != byte { return false }
        return true
    }
}
