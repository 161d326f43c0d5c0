/// Pixel dimensions read from an image's header, without decoding its pixels: JPEG's frame header
/// (SOFn), WebP's VP8, VP8L or VP8X chunk, GIF's logical screen. (PNG's come from `PNGFile`.)
enum ImageHeader {
    static func dimensions(
        _ bytes: ByteView, format: ImageFormat, file: String
    ) throws(PackImportError) -> (width: Int, height: Int) {
        let size: (width: Int, height: Int)
        switch format {
        case .png:
            let png = try PNGFile(parsing: bytes.data, file: file)
            size = (png.width, png.height)
        case .jpeg: size = try jpeg(bytes, file: file)
        case .webp: size = try webp(bytes, file: file)
        case .gif: size = try gif(bytes, file: file)
        }
        guard size.width > 0, size.height > 0 else {
            throw PackImportError(file: file, .malformed("its header gives \(size.width)×\(size.height) pixels"))
        }
        return size
    }

    /// Walks the marker segments after SOI to the first SOFn (C0–CF but C4 DHT, C8 JPG, CC DAC).
    static func jpeg(_ bytes: ByteView, file: String) throws(PackImportError) -> (width: Int, height: Int) {
        var offset = 2
        while true {
            guard let byte = bytes.u8(offset) else {
                throw PackImportError(file: file, .truncated("it ends before a JPEG frame header (SOF)"))
            }
            guard byte == 0xFF else {
                throw PackImportError(file: file, .malformed("byte \(offset) should start a JPEG marker"))
            }
            while bytes.u8(offset) == 0xFF { offset += 1 }
            guard let marker = bytes.u8(offset) else {
                throw PackImportError(file: file, .truncated("it ends inside a JPEG marker"))
            }
            offset += 1
            switch marker {
            case 0x01, 0xD0...0xD8:
                continue
            case 0xD9:
                throw PackImportError(file: file, .malformed("it ends (EOI) before a frame header (SOF)"))
            case 0xDA:
                throw PackImportError(file: file, .malformed("its image data (SOS) comes before a frame header (SOF)"))
            default:
                guard let length = bytes.u16be(offset) else {
                    throw PackImportError(file: file, .truncated("it ends inside a JPEG segment length"))
                }
                guard length >= 2 else {
                    throw PackImportError(file: file, .malformed("a JPEG segment at byte \(offset) has length \(length)"))
                }
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                    guard let height = bytes.u16be(offset + 3), let width = bytes.u16be(offset + 5) else {
                        throw PackImportError(file: file, .truncated("it ends inside the JPEG frame header"))
                    }
                    return (width, height)
                }
                offset += length
            }
        }
    }

    /// RIFF, its size, WEBP, then the first chunk: `VP8 ` (lossy), `VP8L` (lossless) or `VP8X` (extended).
    static func webp(_ bytes: ByteView, file: String) throws(PackImportError) -> (width: Int, height: Int) {
        guard let riffSize = bytes.u32le(4), let chunkType = bytes.bytes(12..<16) else {
            throw PackImportError(file: file, .truncated("it ends inside the WebP header"))
        }
        guard Int(riffSize) + 8 <= bytes.count else {
            throw PackImportError(
                file: file, .truncated("its RIFF header declares \(Int(riffSize) + 8) bytes but the file has \(bytes.count)")
            )
        }
        switch String(decoding: chunkType, as: UTF8.self) {
        case "VP8 ":
            guard bytes.hasPrefix([0x9D, 0x01, 0x2A], at: 23) else {
                throw PackImportError(file: file, .malformed("its VP8 frame has no start code"))
            }
            guard let width = bytes.u16le(26), let height = bytes.u16le(28) else {
                throw PackImportError(file: file, .truncated("it ends inside the VP8 frame header"))
            }
            return (width & 0x3FFF, height & 0x3FFF)
        case "VP8L":
            guard bytes.u8(20) == 0x2F else {
                throw PackImportError(file: file, .malformed("its VP8L chunk has no signature byte"))
            }
            guard let bits = bytes.u32le(21) else {
                throw PackImportError(file: file, .truncated("it ends inside the VP8L header"))
            }
            return (Int(bits & 0x3FFF) + 1, Int((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            guard let width = bytes.u24le(24), let height = bytes.u24le(27) else {
                throw PackImportError(file: file, .truncated("it ends inside the VP8X header"))
            }
            return (width + 1, height + 1)
        default:
            throw PackImportError(file: file, .malformed("its first WebP chunk is not VP8, VP8L or VP8X"))
        }
    }

    /// The logical screen descriptor right after `GIF87a`/`GIF89a`.
    static func gif(_ bytes: ByteView, file: String) throws(PackImportError) -> (width: Int, height: Int) {
        guard let width = bytes.u16le(6), let height = bytes.u16le(8) else {
            throw PackImportError(file: file, .truncated("it ends inside the GIF logical screen descriptor"))
        }
        return (width, height)
    }
}
