import Foundation
import Testing

/// `gachabot packs …` run as the operator would: exit codes and messages.
@Suite(.timeLimit(.minutes(1))) struct PacksCLITests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("packs-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let card = #"""
        {"spec": "chara_card_v2", "spec_version": "2.0", "data": {"name": "Nova", "first_mes": "Hi",
         "extensions": {"gachabot": {"rarity": "rare", "id": "nova"}}}}
        """#

    @Test func validateExitsOneNamingFileAndField() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("pack.json")
        try Data(#"{"format": "gachabot-pack", "version": 1, "name": "Starlight", "characters": [\#(Self.card)]}"#.utf8).write(to: good)
        let ok = try ExecutableTests.run(["packs", "validate", good.path])
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("pack.json: a valid pack, \"Starlight\" version 1, 1 characters"))

        let bad = folder.appendingPathComponent("broken.json")
        let badCard = Self.card.replacingOccurrences(of: "\"rare\"", with: "\"mythic\"")
        try Data(#"{"format": "gachabot-pack", "version": 1, "name": "Starlight", "characters": [\#(badCard)]}"#.utf8).write(to: bad)
        let refused = try ExecutableTests.run(["packs", "validate", bad.path])
        #expect(refused.status == 1)
        #expect(refused.output.contains(
            "broken.json: characters[0].data.extensions.gachabot.rarity is \"mythic\"; expected common, rare, epic or legendary"))

        let lone = folder.appendingPathComponent("nova.json")
        try Data(Self.card.utf8).write(to: lone)
        #expect(try ExecutableTests.run(["packs", "validate", lone.path]).status == 0)
    }

    @Test func importListFeatureReviewOnSQLite() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pack = folder.appendingPathComponent("pack.json")
        try Data(#"{"format": "gachabot-pack", "version": 1, "name": "Starlight", "characters": [\#(Self.card)]}"#.utf8).write(to: pack)
        let database = ["--database", "sqlite:\(folder.path)/db.sqlite", "--data", folder.path]
        let imported = try ExecutableTests.run(["packs", "import", pack.path, "--creator", "42", "--publish"] + database)
        #expect(imported.status == 0, "\(imported.output)")
        let id = try #require(imported.output.split(separator: " ").dropFirst().first.map(String.init))
        let listed = try ExecutableTests.run(["packs", "list"] + database)
        #expect(listed.output.contains("\(id)  published  v1  creator 42  \"Starlight\""))
        let featured = try ExecutableTests.run(["packs", "feature", id, "--until", "2099-01-01"] + database)
        #expect(featured.output.contains("featured \(id) until 2099-01-01"), "\(featured.status): \(featured.output)")
        let unfeatured = try ExecutableTests.run(["packs", "unfeature", id] + database)
        #expect(unfeatured.output.contains("unfeatured \(id)"), "\(unfeatured.status): \(unfeatured.output)")
        #expect(try ExecutableTests.run(["packs", "reports"] + database).output.contains("no open reports"))
        let hidden = try ExecutableTests.run(["packs", "review", id, "--hide", "--reason", "test"] + database)
        #expect(hidden.status == 0 && hidden.output.contains("hide: \(id) is now hidden"), "\(hidden.status): \(hidden.output)")
        let again = try ExecutableTests.run(["packs", "review", id, "--hide"] + database)
        #expect(again.status == 1 && again.output.contains("This pack is hidden, so you cannot hide it."), "\(again.status): \(again.output)")
        #expect(try ExecutableTests.run(["packs", "review", "nope", "--hide"] + database).status != 0)
    }
}
