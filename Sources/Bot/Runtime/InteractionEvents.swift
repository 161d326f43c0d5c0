import DiscordGateway
import DiscordModels
import Logging

/// The interactions among a shard runner's events, each with the shard it came from; every other
/// event is logged (`BotRuntime.interaction(from:logger:)`). A concrete sequence rather than
/// `events.compactMap`: the standard library's compact-map iterator ran unspecialised here and
/// looked up generic metadata for every event.
struct InteractionEvents: AsyncSequence, Sendable {
    typealias Element = (Interaction, Int)
    typealias Failure = Never

    let events: BoundedEventChannel<ShardEvent>
    let logger: Logger
    /// Applies ENTITLEMENT_CREATE|UPDATE|DELETE before the events after them are read, so an
    /// interaction that follows a purchase on its shard already sees it. They are rare; a slow
    /// store pushes back on the socket like a full handler queue does.
    var entitlements: (@Sendable (GatewayDispatch) async -> Void)?
    /// Learns each guild's owner from GUILD_CREATE, for `/owner`'s access check.
    var guildOwners: GuildOwners?

    struct AsyncIterator: AsyncIteratorProtocol {
        var events: BoundedEventChannel<ShardEvent>.AsyncIterator
        let logger: Logger
        let entitlements: (@Sendable (GatewayDispatch) async -> Void)?
        let guildOwners: GuildOwners?

        mutating func next() async -> (Interaction, Int)? {
            while let event = await events.next() {
                if let interaction = BotRuntime.interaction(from: event, logger: logger) { return interaction }
                if case .dispatch(let dispatch) = event, let decoded = dispatch.event {
                    switch decoded {
                    case .entitlementCreate, .entitlementUpdate, .entitlementDelete: await entitlements?(decoded)
                    case .guildCreate, .guildCreateSummary, .guildDelete: guildOwners?.apply(decoded)
                    default: break
                    }
                }
            }
            return nil
        }

        mutating func next(isolation actor: isolated (any Actor)?) async throws(Never) -> (Interaction, Int)? {
            await next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(events: events.makeAsyncIterator(), logger: logger, entitlements: entitlements, guildOwners: guildOwners)
    }
}
