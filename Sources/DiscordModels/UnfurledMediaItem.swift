/// Media referenced by Thumbnail, Media Gallery and File: a URL or `attachment://name`.
/// https://discord.com/developers/docs/components/reference#unfurled-media-item
public struct UnfurledMediaItem: Sendable, Hashable, Codable {
    public var url: String
    public var proxy_url: String?
    public var height: Int?
    public var width: Int?
    public var content_type: String?
    public var attachment_id: AttachmentID?

    public init(url: String) { self.url = url }

    /// `attachment://<filename>`, for a file uploaded with the same message.
    public static func attachment(named filename: String) -> UnfurledMediaItem {
        UnfurledMediaItem(url: "attachment://\(filename)")
    }
}
