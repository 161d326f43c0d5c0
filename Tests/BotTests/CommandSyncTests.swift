import DiscordModels
import DiscordREST
import DiscordSandbox
import Clocks
import Foundation
import Synchronization
import Testing

@testable import Bot

/// `gachabot commands sync`: the plan against what the loopback Discord stores, and the bulk
/// overwrite only when something changed.
@Suite(.timeLimit(.minutes(1)))
struct CommandSyncTests {
    @Test(arguments: [nil, DiscordSandbox.defaultGuildIDForTests])
    func firstSyncAddsAllThenNothingChangesThenADescriptionChanges(guild: UInt64?) async throws {
        let local = try CommandSync.definitions(from: CommandDefinitionFiles(directory: ResourceLocator().locate(.commands)).load())
        let names = local.map(\.name).sorted()
        try await withSandbox(SandboxConfiguration(tls: false)) { sandbox in
            let rest = DiscordRESTClient(
                token: sandbox.configuration.token, baseURL: sandbox.restBaseURL, clock: InstantClock())
            let sync = CommandSync(rest: rest, applicationID: ApplicationID(sandbox.configuration.applicationID))
            let guildID = guild.map { GuildID($0) }
            let puts = { sandbox.requests.filter { $0.method == "PUT" && $0.path.hasSuffix("/commands") } }

            let first = try await sync.sync(local, guildID: guildID)
            #expect(first.added == names && first.changed.isEmpty && first.removed.isEmpty)
            #expect(puts().count == 1)
            #expect(first.summary.contains("added: /"), "\(first.summary)")

            let second = try await sync.sync(local, guildID: guildID)
            #expect(second.isEmpty && second.unchanged == names, "\(second)")
            #expect(second.summary.hasPrefix("Nothing changed"))
            #expect(puts().count == 1, "no bulk overwrite when nothing changed")

            var edited = local
            edited[0].description = "A new description."
            let third = try await sync.sync(edited, guildID: guildID)
            #expect(third.changed == [edited[0].name] && third.added.isEmpty && third.removed.isEmpty)
            #expect(third.summary.contains("changed: /\(edited[0].name)"))
            #expect(puts().count == 2)

            let fourth = try await sync.sync(Array(edited.dropLast()), guildID: guildID)
            #expect(fourth.removed == [edited.last!.name])
            #expect(puts().count == 3)
            #expect(sandbox.openAPIViolations.isEmpty, "\(sandbox.openAPIViolations)")
            #expect(puts().allSatisfy { guild == nil ? !$0.path.contains("/guilds/") : $0.path.contains("/guilds/\(guild!)/") })
        }
    }
}

extension DiscordSandbox {
    /// The first guild of the default sandbox configuration.
    static var defaultGuildIDForTests: UInt64 { SandboxConfiguration().guilds[0].id }
}

/// A clock on which every wait ends at once (time jumps to the deadline): a rate-limit wait the
/// client takes from the sandbox's headers costs the test nothing.
final class InstantClock: Clock, Sendable {
    typealias Instant = ManualClock.Instant
    private let offset = Mutex(Duration.zero)
    var now: Instant { Instant(offset: offset.withLock { $0 }) }
    var minimumResolution: Duration { .zero }
    func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        offset.withLock { $0 = max($0, deadline.offset) }
    }
}
