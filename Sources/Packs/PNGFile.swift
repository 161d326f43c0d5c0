import Foundation

/// A PNG whose structure has been checked, chunk by chunk: the signature; every chunk's length
/// within the file and its CRC-32; IHDR first, with non-zero dimensions and a valid bit depth and
/// colour type; PLTE before IDAT for palette images; IDAT chunks present and consecutive; no
/// unknown critical chunk; IEND last, empty, with nothing after it. Pixel data is not inflated.
struct PNGFile {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    let width: Int
    let height: Int
    /// The text of the first `tEXt` chunk whose keyword is `chara`, if any.
    let charaText: Data?
    /// The type of a `zTXt` or `iTXt` chunk with the keyword `chara`, which the card format does not allow.
    let charaInOtherChunk: String?

    init(parsing data: Data, file: String) throws(PackImportError) {
        let bytes = ByteView(data: data)
        guard bytes.hasPrefix(Self.signature) else {
            if bytes.count < Self.signature.count, Self.signature.starts(with: data) {
                throw PackImportError(file: file, .truncated("it ends inside the PNG signature"))
            }
            throw PackImportError(file: file, .malformed("it does not start with the PNG signature"))
        }
        var offset = Self.signature.count
        var index = 0
        var header: (width: Int, height: Int, colorType: UInt8)?
        var sawPalette = false
        var sawImageData = false
        var previousType = ""
        var charaText: Data?
        var charaInOtherChunk: String?

        while true {
            guard offset < bytes.count else {
                throw PackImportError(file: file, .truncated("it ends after chunk \(index) without an IEND chunk"))
            }
            guard let length32 = bytes.u32be(offset), let typeBytes = bytes.bytes((offset + 4)..<(offset + 8)) else {
                throw PackImportError(
                    file: file, path: "chunk \(index)",
                    .truncated("its 8-byte header has only \(bytes.count - offset) bytes left")
                )
            }
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw PackImportError(file: file, path: "chunk \(index)", .malformed("its type is not four ASCII letters"))
            }
            let type = String(decoding: typeBytes, as: UTF8.self)
            let path = "chunk \(index) (\(type))"
            guard length32 <= 0x7FFF_FFFF else {
                throw PackImportError(file: file, path: path, .malformed("its length is above 2^31 − 1"))
            }
            let length = Int(length32)
            let dataStart = offset + 8
            let remaining = bytes.count - dataStart
            guard remaining >= length + 4 else {
                throw PackImportError(
                    file: file, path: path,
                    .truncated("it declares \(length) data bytes plus a 4-byte CRC, but only \(remaining) bytes remain")
                )
            }
            guard let stored = bytes.u32be(dataStart + length),
                let covered = bytes.bytes((offset + 4)..<(dataStart + length)),
                let chunk = bytes.bytes(dataStart..<(dataStart + length))
            else {
                throw PackImportError(file: file, path: path, .truncated("it ends inside the chunk"))
            }
            let computed = covered.withUnsafeBytes { CRC32.checksum($0) }
            guard stored == computed else {
                throw PackImportError(file: file, path: path, .badCRC(stored: stored, computed: computed))
            }

            if index == 0, type != "IHDR" {
                throw PackImportError(file: file, path: path, .malformed("the first chunk must be IHDR"))
            }
            switch type {
            case "IHDR":
                guard index == 0 else {
                    throw PackImportError(file: file, path: path, .malformed("IHDR appears more than once"))
                }
                header = try Self.header(ByteView(data: chunk), file: file, path: path)
            case "PLTE":
                guard !sawImageData else {
                    throw PackImportError(file: file, path: path, .malformed("PLTE comes after IDAT"))
                }
                sawPalette = true
            case "IDAT":
                if sawImageData, previousType != "IDAT" {
                    throw PackImportError(file: file, path: path, .malformed("IDAT chunks are not consecutive"))
                }
                if header?.colorType == 3, !sawPalette {
                    throw PackImportError(file: file, path: path, .malformed("a palette image has no PLTE before IDAT"))
                }
                sawImageData = true
            case "tEXt":
                guard let separator = chunk.firstIndex(of: 0) else {
                    throw PackImportError(file: file, path: path, .malformed("tEXt has no NUL after its keyword"))
                }
                if charaText == nil, chunk[chunk.startIndex..<separator].elementsEqual("chara".utf8) {
                    charaText = chunk[(separator + 1)...]
                }
            case "zTXt", "iTXt":
                if let separator = chunk.firstIndex(of: 0),
                    chunk[chunk.startIndex..<separator].elementsEqual("chara".utf8)
                {
                    charaInOtherChunk = charaInOtherChunk ?? type
                }
            case "IEND":
                guard length == 0 else {
                    throw PackImportError(file: file, path: path, .malformed("IEND is not empty"))
                }
                guard sawImageData else {
                    throw PackImportError(file: file, path: path, .malformed("there is no IDAT chunk"))
                }
                let after = bytes.count - (dataStart + 4)
                guard after == 0 else {
                    throw PackImportError(file: file, path: path, .malformed(after == 1 ? "1 byte follows IEND" : "\(after) bytes follow IEND"))
                }
                guard let header else {
                    throw PackImportError(file: file, path: path, .malformed("there is no IHDR chunk"))
                }
                self.width = header.width
                self.height = header.height
                self.charaText = charaText
                self.charaInOtherChunk = charaInOtherChunk
                return
            default:
                // An unknown critical chunk (upper-case first letter) means a decoder must refuse the image.
                if let first = typeBytes.first, (0x41...0x5A).contains(first) {
                    throw PackImportError(file: file, path: path, .malformed("unknown critical chunk"))
                }
            }
            previousType = type
            offset = dataStart + length + 4
            index += 1
        }
    }

    private static func header(
        _ ihdr: ByteView, file: String, path: String
    ) throws(PackImportError) -> (width: Int, height: Int, colorType: UInt8) {
        guard ihdr.count == 13, let width = ihdr.u32be(0), let height = ihdr.u32be(4),
            let depth = ihdr.u8(8), let colorType = ihdr.u8(9),
            let compression = ihdr.u8(10), let filter = ihdr.u8(11), let interlace = ihdr.u8(12)
        else {
            throw PackImportError(file: file, path: path, .malformed("IHDR is \(ihdr.count) bytes, not 13"))
        }
        guard width > 0, height > 0, width <= 0x7FFF_FFFF, height <= 0x7FFF_FFFF else {
            throw PackImportError(file: file, path: path, .malformed("IHDR gives \(width)×\(height) pixels"))
        }
        let allowedDepths: [UInt8]
        switch colorType {
        case 0: allowedDepths = [1, 2, 4, 8, 16]
        case 3: allowedDepths = [1, 2, 4, 8]
        case 2, 4, 6: allowedDepths = [8, 16]
        default:
            throw PackImportError(file: file, path: path, .malformed("IHDR has colour type \(colorType)"))
        }
        guard allowedDepths.contains(depth) else {
            throw PackImportError(file: file, path: path, .malformed("IHDR has bit depth \(depth) for colour type \(colorType)"))
        }
        guard compression == 0, filter == 0, interlace <= 1 else {
            throw PackImportError(file: file, path: path, .malformed("IHDR has an unknown compression, filter or interlace method"))
        }
        return (Int(width), Int(height), colorType)
    }
}
