/// Why the bot could not start with its configuration (before connecting to Discord).
public enum BotStartError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `BotConfiguration.packBlobs` is nil and the store keeps no blobs itself.
    case noPackBlobStore

    public var description: String {
        switch self {
        case .noPackBlobStore:
            "no place for pack images: this store keeps no blobs, so BotConfiguration.packBlobs must name one (e.g. files under the data folder)"
        }
    }
}
