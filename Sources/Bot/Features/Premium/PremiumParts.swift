import Foundation
import Gacha
import Logging
import Premium
import Storage

/// The premium area as the bot's features use it, built once per process: the merged Pro answer
/// (cached), the usage meters, the feature flags (kept current by the runtime's `FlagRefresher`).
struct PremiumParts: Sendable {
    let entitlements: EntitlementService
    let usage: PremiumUsage
    let flags: FeatureFlags

    init(
        store: any PremiumStore, settings: PremiumSettings, assets: URL, time: GameTime,
        logger: Logger = Logger(label: "gachabot.premium")
    ) throws {
        let limits = try settings.limits ?? Self.loadLimits(assets: assets)
        flags = settings.flags
        entitlements = EntitlementService(store: store, configuration: settings.configuration, now: { time.now() })
        let service = entitlements
        settings.changes?.listen { user in service.invalidate(user: user) }
        settings.changes?.listenForEveryone { service.invalidateAll() }
        usage = PremiumUsage(
            access: ProAccess(entitlements: entitlements, skus: settings.skus), gate: UsageGate(limits: limits), store: store,
            settings: settings, now: { time.now() }, logger: logger)
    }

    /// `Assets/usage-limits.json`, or no limits (every meter unlimited) when the file is absent.
    static func loadLimits(assets: URL) throws -> UsageLimits {
        let file = assets.appendingPathComponent("usage-limits.json")
        guard FileManager.default.fileExists(atPath: file.path) else { return UsageLimits(meters: [], limits: [.free: [:]]) }
        return try UsageLimits.decode(try Data(contentsOf: file))
    }
}
