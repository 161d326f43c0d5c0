import BotHarness
import Clocks
import DiscordModels
import DiscordREST
import DiscordSandbox
import Foundation
import Gacha
import Premium
import SQLiteStorage
import Storage
import Testing

@testable import Bot

/// The start-up reconciliation: what Discord lists is recorded, refunds included, as a bot that
/// was down when the events went out would need.
@Suite(.timeLimit(.minutes(1)))
struct PremiumReconcileTests {
    @Test func theListingRecordsPurchasesAndRefundsMissedWhileDown() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-reconcile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("gachabot.sqlite").path)
        defer { try? store.close() }

        try await withSandbox(SandboxConfiguration(tls: false)) { sandbox in
            // Bought and refunded while no bot listened (the events went nowhere).
            let kept = try PremiumDiscordTests.id(sandbox.grantEntitlement(skuID: PremiumDiscordTests.proSKU, userID: 11))
            let refunded = try PremiumDiscordTests.id(sandbox.grantEntitlement(skuID: PremiumDiscordTests.proSKU, userID: 12))
            sandbox.deleteEntitlement(id: refunded)
            sandbox.grantEntitlement(skuID: 999, userID: 13)  // an SKU the bot does not sell: ignored

            let time = GameTime { testEpoch }
            let assets = try ResourceLocator().locate(.assets)
            let settings = try PremiumDiscordTests.options(store: nil).premium
            let parts = try PremiumParts(store: store, settings: settings, assets: assets, time: time)
            let game = try GachaGame(
                store: store, catalogue: try Catalogue.load(from: assets.appendingPathComponent("catalogue.json")),
                random: SeededRandomSource(seed: 1), time: time)
            let rest = DiscordRESTClient(token: sandbox.configuration.token, baseURL: sandbox.restBaseURL, clock: InstantClock())
            let sync = DiscordEntitlementSync(
                entitlements: parts.entitlements, store: store, game: game, skus: settings.skus, rest: rest, now: { time.now() },
                logger: .init(label: "test"))

            let recorded = try await sync.reconcile(applicationID: ApplicationID(sandbox.configuration.applicationID))
            #expect(recorded == 2, "both Pro entitlements, the refunded one too")
            let statuses = try await store.readPremium { reader in
                [
                    try await reader.entitlement(source: .discord, sourceID: String(kept))?.status,
                    try await reader.entitlement(source: .discord, sourceID: String(refunded))?.status,
                ]
            }
            #expect(statuses == [.active, .revoked])
            #expect(try await parts.entitlements.isPro(user: MemberID(11), guild: nil, at: testEpoch))
            #expect(try await parts.entitlements.isPro(user: MemberID(12), guild: nil, at: testEpoch) == false)
            #expect(try await parts.entitlements.isPro(user: MemberID(13), guild: nil, at: testEpoch) == false)
            let listed = sandbox.requests.filter { $0.method == "GET" && $0.path.hasSuffix("/entitlements") }
            #expect(listed.count == 1 && listed.first?.query?.contains("exclude_deleted=false") == true, "\(listed.map(\.path))")
        }
    }

    @Test func theBotListsEntitlementsAtStartUpOnlyWhenItSellsPro() async throws {
        try await SandboxBot.run(try PremiumDiscordTests.options(store: nil)) { bot in
            let listing = try await bot.sandbox.nextRequest { $0.method == "GET" && $0.path.hasSuffix("/entitlements") }
            #expect(listing.path.contains("/applications/\(bot.sandbox.configuration.applicationID)/"))
        }
        try await SandboxBot.run(.game()) { bot in
            _ = try await bot.member().command("status")
            #expect(!bot.sandbox.requests.contains { $0.path.contains("/entitlements") || $0.path.hasSuffix("/applications/@me") })
        }
    }
}
