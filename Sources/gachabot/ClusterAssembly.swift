import Bot
import Cluster
import DiscordGateway
import Foundation
import Logging
import Premium
import PostgresStorage
import ServiceLifecycle
import Storage

/// On PostgreSQL, what lets several `gachabot run` processes share one bot (issue 19, decision
/// 0031): the identify queue, gateway sessions and duty leases in the database, on a small pool of
/// their own. SQLite is one process: nil, and the bot keeps its sessions in a JSON file.
enum ClusterAssembly {
    /// The pool is a service the group must run before the bot (and stop after it, so the bot's
    /// sessions are saved on shutdown).
    /// `changes` hears of entitlement changes other processes commit (LISTEN/NOTIFY).
    static func make(_ location: DatabaseLocation, changes: EntitlementChanges, logger: Logger)
        -> (pool: any Service, listener: any Service, settings: ClusterSettings)?
    {
        guard case .postgres(let url) = location else { return nil }
        var logger = logger
        logger[metadataKey: "component"] = "cluster"
        let client = url.makeClient(maximumConnections: 4, logger: logger)
        // Names this process in the lease and bucket rows, for whoever reads them.
        let holder = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
        let time = ClusterTime.live()
        let leases = PostgresLeaseStore(client: client, time: time, logger: logger)
        let settings = ClusterSettings(
            identifyQueue: { [logger] info in
                // Waits for the daily reset rather than failing each reconnect: the shard runner has
                // already refused to start when too few identifies remained.
                let queue = PostgresIdentifyQueue(
                    client: client, maxConcurrency: info.sessionStartLimit.maxConcurrency, holder: holder, waitForDailyReset: true,
                    time: time, logger: logger)
                try await queue.record(info.sessionStartLimit)
                return queue
            },
            sessions: PostgresSessionStore(client: client, time: time, logger: logger),
            duty: { [logger] name, run in
                await LeasedDuty(name: name, holder: holder, store: leases, time: time, logger: logger) { _ in await run() }.run()
            })
        let listener = InvalidationListener(client: client, time: time, logger: logger) { invalidation in
            switch invalidation {
            case .entitlements(let user): changes.notify(MemberID(user))
            case .everything: changes.notifyEveryone()
            }
        }
        return (client, ListenerService(listener: listener), settings)
    }
}

/// The invalidation listener as a service of `run`'s group: it listens until the group stops.
struct ListenerService: Service {
    let listener: InvalidationListener

    func run() async throws {
        await cancelWhenGracefulShutdown { await listener.run() }
    }
}
