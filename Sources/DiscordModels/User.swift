/// A Discord user (the fields a bot reads).
/// https://discord.com/developers/docs/resources/user#user-object
public struct User: Sendable, Hashable, Codable {
    public var id: UserID
    public var username: String
    public var discriminator: String?
    public var global_name: String?
    public var avatar: String?
    public var bot: Bool?
    public var system: Bool?
    public var banner: String?
    public var accent_color: Int?
    public var public_flags: Int?

    public init(id: UserID, username: String, global_name: String? = nil, avatar: String? = nil, bot: Bool? = nil) {
        self.id = id
        self.username = username
        self.global_name = global_name
        self.avatar = avatar
        self.bot = bot
    }

    /// What to call the user: the display name, else the username.
    public var displayName: String { global_name ?? username }

    /// `<@id>`.
    public var mention: String { "<@\(id)>" }
}
