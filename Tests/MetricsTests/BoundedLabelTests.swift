import Clocks
import DiscordGateway
import Foundation
import Gacha
import SQLiteStorage
import Storage
import Testing
import WebServer

/// Values from outside (a new gateway event, a ledger reason a later module adds, a stranger's
/// currency code) are counted under `other`: the set of series is fixed by the code.
@Suite struct BoundedLabelTests {
    @Test func anUnknownGatewayEventIsOther() {
        #expect(GatewayEventType(name: "BRAND_NEW_EVENT") == .other)
        #expect(GatewayEventType(name: "INTERACTION_CREATE") == .interactionCreate)
        #expect(GatewayEventType(name: "interaction_create") == .other)
        for type in GatewayEventType.allCases where type != .other {
            #expect(GatewayEventType(name: type.label) == type, "\(type.label) does not map back")
        }
    }

    @Test func anUnknownLedgerReasonIsCountedAsOtherWithItsPoints() async throws {
        let metrics = WebMetrics(help: GameMetrics.help)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-labels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("labels.sqlite").path)
        defer { try? store.close() }
        let assets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Assets/catalogue.json")
        let game = try GachaGame(
            store: store, catalogue: try Catalogue.load(from: assets), random: SeededRandomSource(seed: 3),
            time: GameTime(clock: ManualClock(), epoch: Timestamp(millisecondsSinceEpoch: 1_735_732_800_000)),
            metrics: GameMetrics(factory: metrics.factory))
        let player = PlayerID(guild: GuildID(1), member: MemberID(2))
        try await game.points.grant(player, points: 7, reason: "mystery_bonus", idempotencyKey: "k1")
        // The same key again changes nothing, and counts nothing.
        try await game.points.grant(player, points: 7, reason: "mystery_bonus", idempotencyKey: "k1")
        let exposition = try PrometheusExposition(metrics.exposition())
        #expect(exposition.value(GameMetrics.pointsMintedTotal, ["source": "other"]) == 7)
        #expect(!metrics.exposition().contains("mystery_bonus"))
    }

    @Test func currenciesBeyondTheFirstEightAndMalformedCodesAreOther() async throws {
        let metrics = WebMetrics()
        var revenue: [String: Int64] = ["US D\"": 5]
        for (index, code) in ["usd", "eur", "gbp", "jpy", "cad", "aud", "chf", "sek", "nok", "dkk"].enumerated() {
            revenue[code] = Int64(1_000 - index)
        }
        let reading = RevenueGauges.Reading(payingProMembers: 3, revenueByCurrency: revenue)
        let gauges = RevenueGauges(factory: metrics.factory) { reading }
        await gauges.refresh()
        let exposition = try PrometheusExposition(metrics.exposition())
        let currencies = Set(exposition.samples.filter { $0.name == RevenueGauges.trailingRevenue }.compactMap { $0.labels["currency"] })
        #expect(currencies == ["usd", "eur", "gbp", "jpy", "cad", "aud", "chf", "sek", "other"])
        #expect(exposition.value(RevenueGauges.trailingRevenue, ["currency": "other"]) == Double(992 + 991 + 5))
        #expect(exposition.value(RevenueGauges.payingProMembers) == 3)
    }

    @Test func aFailedReadingKeepsTheGaugesAndIsCounted() async throws {
        struct Down: Error {}
        let metrics = WebMetrics()
        let fail = FailSwitch()
        let gauges = RevenueGauges(factory: metrics.factory) {
            if fail.isOn { throw Down() }
            return .init(payingProMembers: 2, revenueByCurrency: ["usd": 10])
        }
        await gauges.refresh()
        fail.turnOn()
        await gauges.refresh()
        let exposition = try PrometheusExposition(metrics.exposition())
        #expect(exposition.value(RevenueGauges.payingProMembers) == 2)
        #expect(exposition.value(RevenueGauges.refreshFailuresTotal) == 1)
    }
}

import Synchronization

final class FailSwitch: Sendable {
    private let on = Mutex(false)
    var isOn: Bool { on.withLock { $0 } }
    func turnOn() { on.withLock { $0 = true } }
}
