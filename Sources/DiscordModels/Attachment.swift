/// A file attached to a message. When sending, `id` is the index of the multipart file
/// (`files[n]`) and `filename` its name.
/// https://discord.com/developers/docs/resources/message#attachment-object
public struct Attachment: Sendable, Hashable, Codable {
    public var id: AttachmentID
    public var filename: String
    public var title: String?
    public var description: String?
    public var content_type: String?
    public var size: Int?
    public var url: String?
    public var proxy_url: String?
    public var height: Int?
    public var width: Int?
    public var ephemeral: Bool?
    public var flags: Int?

    public init(id: AttachmentID, filename: String, description: String? = nil) {
        self.id = id
        self.filename = filename
        self.description = description
    }

    /// The partial attachment that accompanies multipart file `files[index]`.
    public static func upload(index: Int, filename: String, description: String? = nil) -> Attachment {
        Attachment(id: AttachmentID(UInt64(max(0, index))), filename: filename, description: description)
    }
}
