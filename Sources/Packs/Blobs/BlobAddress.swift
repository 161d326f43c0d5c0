import Crypto
import Foundation

/// A blob's content address: the SHA-256 of its bytes, as 64 lowercase hex digits. The same bytes
/// always have the same address, so a blob store keeps them once.
public struct BlobAddress: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// nil unless `rawValue` is 64 lowercase hex digits (an address read back from a file name or
    /// a column is checked, never trusted).
    public init?(rawValue: String) {
        guard rawValue.utf8.count == 64,
            rawValue.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
        else { return nil }
        self.rawValue = rawValue
    }

    /// The address of `data`.
    public init(of data: Data) {
        rawValue = SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The address of `bytes`.
    public init(ofBytes bytes: [UInt8]) { self.init(of: Data(bytes)) }

    public var description: String { rawValue }
}
