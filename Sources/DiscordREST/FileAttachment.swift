import Foundation

/// A file sent with a message as a `files[n]` multipart part.
/// https://discord.com/developers/docs/reference#uploading-files
public struct FileAttachment: Sendable, Hashable {
    public var filename: String
    public var contentType: String
    public var data: Data
    /// Alt text, sent as the attachment's `description`.
    public var description: String?

    public init(filename: String, contentType: String = "application/octet-stream", data: Data, description: String? = nil) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
        self.description = description
    }
}
