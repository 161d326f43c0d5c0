import Bot
import Clocks
import Foundation
import Gacha
import Packs
import SQLiteStorage
import Storage
import Testing

/// `gachabot packs renew-subscriptions` as the operator runs it: a subscription whose period
/// ended 31 days after it began is renewed once, a second run changes nothing, and a bad
/// configuration file is refused naming the field.
@Suite(.timeLimit(.minutes(1))) struct PacksRenewCLITests {
    @Test func renewsADueSubscriptionOnceAndRefusesABadConfiguration() async throws {
        let folder = try PacksCLITests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("db.sqlite").path
        let member = PlayerID(guild: GuildID(7), member: MemberID(70))
        let creator = PlayerID(guild: GuildID(7), member: MemberID(42))
        do {
            // Subscribed 31 days ago (the clock of these writes), so the period is due now.
            let store = try SQLiteStore(path: path)
            defer { try? store.close() }
            let past = Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000) - 31 * 86_400_000)
            let time = GameTime { past }
            let assets = try ResourceLocator().locate(.assets)
            let game = try GachaGame(
                store: store, catalogue: try Catalogue.load(from: assets.appendingPathComponent("catalogue.json")),
                random: SeededRandomSource(seed: 3), time: time)
            let packs = PackService(
                store: store, blobs: FileBlobStore(directory: folder.appendingPathComponent("blobs")), random: SeededRandomSource(seed: 3),
                time: time)
            let manifest = Data(
                #"{"format": "gachabot-pack", "version": 1, "name": "Moonlit", "characters": [\#(PacksCLITests.card)]}"#.utf8)
            let pack = try await packs.importPack(creator: creator, manifest: manifest, file: "pack.json")
            try await packs.publish(pack: pack.id, creator: creator)
            try await packs.enable(pack: pack.id, by: member)
            let access = PackAccessService(store: store, game: game, isPro: { _, _ in false }, time: time)
            try await access.setAccess(pack: pack.id, creator: creator, access: .subscription(points: 100))
            _ = try await game.points.grant(member, points: 250, reason: "test", idempotencyKey: "seed")
            try await access.subscribe(pack: pack.id, player: member)
        }
        let database = ["--database", "sqlite:\(path)", "--data", folder.path]
        let renewed = try ExecutableTests.run(["packs", "renew-subscriptions"] + database)
        #expect(renewed.status == 0 && renewed.output.contains("period 2  100 points"), "\(renewed.output)")
        #expect(renewed.output.contains("1 renewed, 0 lapsed, 0 ended"), "\(renewed.output)")
        let again = try ExecutableTests.run(["packs", "renew-subscriptions"] + database)
        #expect(again.output.contains("0 renewed, 0 lapsed, 0 ended"), "\(again.output)")
        let store = try SQLiteStore(path: path)
        defer { try? store.close() }
        #expect(try await store.read { try await $0.balance(member) } == 50)

        let bad = folder.appendingPathComponent("bad.json")
        try Data(#"{"renewalBatch": 0}"#.utf8).write(to: bad)
        let refused = try ExecutableTests.run(["packs", "renew-subscriptions", "--config", bad.path] + database)
        #expect(refused.status == 1 && refused.output.contains("renewalBatch must be 1 to 10000, not 0"), "\(refused.output)")
    }
}
