import BotHarness
import Foundation

/// The demo's pack access scene: a creator makes one pack a points subscription and another
/// Pro-only; a member subscribes (a second click charges nothing) and lists their subscriptions;
/// a server manager without Pro is refused the Pro-only pack, with the upgrade prompt.
extension DemoScript {
    func playPackAccess() async throws {
        print("— Pack access: a points subscription and a Pro-only pack —\n")
        let creator = bot.member(Self.creatorID, name: "Mika")
        let manager = bot.member(Self.managerID, name: "Rin", permissions: Self.manageGuild)
        let member = bot.member(name: "Ayla")

        let moonlit = try await importAndPublish(creator, file: "moonlit.json", name: "Moonlit Court")
        try await show(
            "Mika: /packs access pack: Moonlit Court mode: subscription price: 150",
            try await creator.command(
                "packs", [.subcommand("access", [.string("pack", moonlit), .string("mode", "subscription"), .integer("price", 150)])]))
        try await show(
            "Rin (Manage Server): /packs enable pack: Moonlit Court",
            try await manager.command("packs", [.subcommand("enable", [.string("pack", moonlit)])]))
        try await show(
            "/packs subscribe pack: Moonlit Court", try await member.command("packs", [.subcommand("subscribe", [.string("pack", moonlit)])]))
        try await show(
            "/packs subscribe pack: Moonlit Court (a double click)",
            try await member.command("packs", [.subcommand("subscribe", [.string("pack", moonlit)])]))
        try await show("/packs subscriptions", try await member.command("packs", [.subcommand("subscriptions")]))

        let gilded = try await importAndPublish(creator, file: "gilded.json", name: "Gilded Hall")
        try await show(
            "Mika: /packs access pack: Gilded Hall mode: pro",
            try await creator.command("packs", [.subcommand("access", [.string("pack", gilded), .string("mode", "pro")])]))
        try await show(
            "Rin (Manage Server, no Pro): /packs enable pack: Gilded Hall",
            try await manager.command("packs", [.subcommand("enable", [.string("pack", gilded)])]))
        try await show("/packs search query: court (the access mode shows)", try await member.command("packs", [.subcommand("search", [.string("query", "court")])]))
    }

    /// Imports a three-character pack file and publishes it; returns its id.
    private func importAndPublish(_ creator: SandboxMember, file: String, name: String) async throws -> String {
        let cards = ["Ember", "Frost", "Gale"].map { hero in
            #"{"spec":"chara_card_v2","spec_version":"2.0","data":{"name":"\#(hero) of \#(name)","description":"A courtier.","first_mes":"Well met.","extensions":{"gachabot":{"rarity":"common","id":"\#(hero.lowercased())"}}}}"#
        }
        let manifest = Data(
            #"{"format":"gachabot-pack","version":1,"name":"\#(name)","description":"A small court of three.","tags":["court"],"characters":[\#(cards.joined(separator: ","))]}"#
                .utf8)
        let imported = try await creator.command("packs", [.subcommand("import", [.attachment("file", creator.upload(file, manifest))])])
        guard let match = imported.text.firstMatch(of: /`([A-Za-z0-9_\-]{10})`/) else {
            throw HarnessError.unexpectedReply("no pack id in: \(imported.text)")
        }
        let pack = String(match.1)
        _ = try await creator.command("packs", [.subcommand("publish", [.string("pack", pack)])])
        return pack
    }
}
