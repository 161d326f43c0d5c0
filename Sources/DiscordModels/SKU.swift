/// Something premium that can be bought in the app.
/// https://discord.com/developers/docs/resources/sku#sku-object
public struct SKU: Sendable, Hashable, Codable {
    public var id: SKUID
    public var type: SKUType
    public var application_id: ApplicationID
    public var name: String
    public var slug: String
    public var flags: Int

    public init(id: SKUID, type: SKUType, application_id: ApplicationID, name: String, slug: String, flags: Int = 0) {
        self.id = id
        self.type = type
        self.application_id = application_id
        self.name = name
        self.slug = slug
        self.flags = flags
    }
}
