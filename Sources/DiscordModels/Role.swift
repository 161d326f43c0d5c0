/// A guild role (the fields a bot reads).
/// https://discord.com/developers/docs/topics/permissions#role-object
public struct Role: Sendable, Hashable, Codable {
    public var id: RoleID
    public var name: String
    public var color: Int?
    public var hoist: Bool?
    public var position: Int?
    public var permissions: Permissions?
    public var managed: Bool?
    public var mentionable: Bool?

    public init(id: RoleID, name: String, color: Int? = nil, position: Int? = nil, permissions: Permissions? = nil) {
        self.id = id
        self.name = name
        self.color = color
        self.position = position
        self.permissions = permissions
    }
}
