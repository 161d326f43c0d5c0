import Analytics
import Economy
import Foundation
import Gacha
import Logging
import Packs
import Talk

/// The features of the production bot, in one list: `BotRuntime` installs them, and a test
/// checks their command paths against `Commands/*.json`.
enum BotFeatures {
    static func standard(
        status: BotStatus, game: GachaGame, settings: GameCommandSettings, assets: URL, clock: any Clock<Duration>,
        packs: PackService, attachments: AttachmentDownloader, premium: PremiumParts, talk: TalkService? = nil,
        talkEditInterval: Duration = .seconds(1), talkClock: (any Clock<Duration>)? = nil, owner: OwnerParts,
        logger: Logger = Logger(label: "gachabot"), packAccess: PackAccessService? = nil, creatorStore: (any BotStore)? = nil,
        creators: CreatorSettings = CreatorSettings(), time: GameTime = .live(),
        referrals: ReferralService? = nil, referralWindowDays: Int64 = EconomyConfiguration().referralWindowDays
    ) -> [any BotFeature] {
        // One flow for both features: `/buy` starts the pulls whose buttons `PullFlow` handles.
        let pulls = PullFlow(game: game, settings: settings, assets: assets, clock: clock)
        let creator: [any BotFeature] = creatorStore.map { [CreatorFeature(store: $0, settings: creators, now: { time.now() })] } ?? []
        return [
            StatusFeature(status: status), GachaFeature(game: game, pulls: pulls, usage: premium.usage), pulls,
            PacksFeature(service: packs, downloader: attachments, packAccess: packAccess, usage: premium.usage),
            PremiumFeature(entitlements: premium.entitlements, usage: premium.usage, logger: logger),
            TalkFeature(
                talk: talk, game: game, usage: premium.usage, clock: talkClock ?? clock, editInterval: talkEditInterval, logger: logger),
            OwnerFeature(
                reports: OwnerReports(store: owner.store), analytics: owner.store, alerts: owner.store, packs: owner.store, owners: owner.owners,
                charts: OwnerChartAttachment(rasterizer: owner.configuration.rasterizer), now: owner.now, logger: logger),
            ReferralsFeature(referrals: referrals, packs: packs, windowDays: referralWindowDays),
        ] + creator
    }
}
