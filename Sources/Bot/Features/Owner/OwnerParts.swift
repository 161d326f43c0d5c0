import Storage

/// What `/owner` is built from: the store (its analytics, alerts and packs), the guild owners the
/// gateway reported, the settings, and the wall time reports are judged at.
public struct OwnerParts: Sendable {
    public let store: any BotStore
    public let owners: GuildOwners
    public let configuration: OwnerConfiguration
    public let now: @Sendable () -> Timestamp

    public init(store: any BotStore, owners: GuildOwners, configuration: OwnerConfiguration, now: @escaping @Sendable () -> Timestamp) {
        self.store = store
        self.owners = owners
        self.configuration = configuration
        self.now = now
    }
}
