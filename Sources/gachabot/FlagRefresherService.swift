import Logging
import Premium
import ServiceLifecycle

/// The flag refresher as a service of `serve`'s group: it polls until the group shuts down, so
/// the webhook process holds the same flags as the shards (and no task outlives the group).
struct FlagRefresherService: Service {
    let refresher: FlagRefresher

    func run() async throws {
        await cancelWhenGracefulShutdown { await refresher.run() }
    }
}
