import ArgumentParser
import Clocks
import Foundation
import Gacha
import Logging
import Packs
import Premium
import Storage

/// `gachabot packs renew-subscriptions`: the operator's run of the renewal sweep `gachabot run`
/// does every few minutes. Renews every due pack subscription (a batch at a time, until none is
/// due), charging a period while points last, else lapsing it. Safe beside a running bot: a period
/// is charged once whoever renews it.
struct PacksRenewSubscriptionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew-subscriptions", abstract: "Renew due pack subscriptions now (or lapse those short of points).")

    @Option(help: "The pack access configuration (default: Assets/pack-access.json of the bot's home).")
    var config: String?

    @OptionGroup var home: HomeOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let assets = try home.locator().locate(.assets)
        let configuration: PackAccessConfiguration
        let catalogue: Catalogue
        do {
            configuration = try PackAccessConfiguration.load(
                from: config.map { URL(fileURLWithPath: $0) } ?? assets.appendingPathComponent("pack-access.json"))
            catalogue = try Catalogue.load(from: assets.appendingPathComponent("catalogue.json"))
        } catch {
            printError("gachabot: \(error)")
            throw ExitCode(1)
        }
        try await PacksTool.withService(database) { service in
            guard let store = service.store as? any PackAccessStore & GachaStore & PremiumStore else {
                throw ValidationError("this database does not serve pack access")
            }
            let time = GameTime.live()
            let entitlements = EntitlementService(store: store, now: { time.now() })
            let game = try GachaGame(store: store, catalogue: catalogue, random: SystemRandomSource(), time: time)
            let access = PackAccessService(
                store: store, game: game, configuration: configuration,
                isPro: { player, at in try await entitlements.isPro(user: player.member, guild: player.guild, at: at) }, time: time)
            var totals = (renewed: 0, lapsed: 0, ended: 0)
            while true {
                let report = try await access.renewDue()
                totals.renewed += report.renewed.count
                totals.lapsed += report.lapsed.count
                totals.ended += report.ended.count
                for s in report.renewed { print("renewed  \(s.id)  period \(s.period)  \(s.price) points  until \(PacksTool.formatDate(s.periodEnd))") }
                for s in report.lapsed { print("lapsed   \(s.id)  \(s.price) points short of a renewal") }
                for s in report.ended { print("ended    \(s.id)  the pack is no longer a subscription pack") }
                // A batch smaller than the bound means nothing more is due.
                if report.renewed.count + report.lapsed.count + report.ended.count < configuration.renewalBatch { break }
            }
            print("\(totals.renewed) renewed, \(totals.lapsed) lapsed, \(totals.ended) ended")
        }
    }
}
