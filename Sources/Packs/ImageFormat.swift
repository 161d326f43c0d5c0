/// The image formats a pack may carry, recognised by their first bytes (never by a file name).
public enum ImageFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case png
    case jpeg
    case webp
    case gif

    public var mimeType: String {
        switch self {
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .webp: "image/webp"
        case .gif: "image/gif"
        }
    }

    /// The format's usual name: PNG, JPEG, WebP, GIF.
    public var displayName: String {
        switch self {
        case .png: "PNG"
        case .jpeg: "JPEG"
        case .webp: "WebP"
        case .gif: "GIF"
        }
    }

    public var fileExtension: String {
        switch self {
        case .png: "png"
        case .jpeg: "jpg"
        case .webp: "webp"
        case .gif: "gif"
        }
    }

    /// The format whose magic bytes start `bytes`, or nil.
    static func sniff(_ bytes: ByteView) -> ImageFormat? {
        if bytes.hasPrefix(PNGFile.signature) { return .png }
        if bytes.hasPrefix([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.hasPrefix(Array("RIFF".utf8)), bytes.hasPrefix(Array("WEBP".utf8), at: 8) { return .webp }
        if bytes.hasPrefix(Array("GIF87a".utf8)) || bytes.hasPrefix(Array("GIF89a".utf8)) { return .gif }
        return nil
    }
}
