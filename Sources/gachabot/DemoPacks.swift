import BotHarness
import DiscordSandbox
import Foundation
import Packs

/// The demo's creator scenes: a creator imports a pack file and adds a PNG character card,
/// publishes the pack, a server manager enables it, and the member's pulls draw from it; then the
/// member rates it and finds it by search.
extension DemoScript {
    static let creatorID: UInt64 = 1_400_000_000_000_000_101
    static let managerID: UInt64 = 1_400_000_000_000_000_102
    /// Manage Server (1 << 5): what `/packs enable` asks of the member.
    static let manageGuild: UInt64 = 1 << 5

    /// Publishes and enables the creator's pack; returns its id.
    func playPacksCreator() async throws -> String {
        print("— Creator packs: import, a PNG card, publish, enable —\n")
        let creator = bot.member(Self.creatorID, name: "Mika")
        let manager = bot.member(Self.managerID, name: "Rin", permissions: Self.manageGuild)

        let file = creator.upload("starfall.json", Self.packFile())
        let imported = try await creator.command("packs", [.subcommand("import", [.attachment("file", file)])])
        try await show("Mika: /packs import file: starfall.json", imported)
        guard let match = imported.text.firstMatch(of: /`([A-Za-z0-9_\-]{10})`/) else {
            throw HarnessError.unexpectedReply("no pack id in: \(imported.text)")
        }
        let pack = String(match.1)

        let card = creator.upload("vega.png", Self.pngCard(name: "Captain Vega", rarity: "legendary", id: "vega"))
        try await show(
            "Mika: /packs add-character pack: \(pack) card: vega.png (a Character Card V2 PNG)",
            try await creator.command("packs", [.subcommand("add-character", [.string("pack", pack), .attachment("card", card)])]))
        try await show(
            "Mika: /packs publish", try await creator.command("packs", [.subcommand("publish", [.string("pack", pack)])]))
        try await show(
            "Rin (Manage Server): /packs enable", try await manager.command("packs", [.subcommand("enable", [.string("pack", pack)])]))
        return pack
    }

    /// After the member's pulls: rating (allowed once they drew from it) and search.
    func playPacksMember(pack: String) async throws {
        print("— Rating and finding the pack —\n")
        let member = bot.member(name: "Ayla")
        try await show(
            "/packs rate stars: 5",
            try await member.command(
                "packs", [.subcommand("rate", [.string("pack", pack), .integer("stars", 5), .string("review", "Vega <@&1> is @everyone's favourite")])]))
        try await show("/packs search query: starfall", try await member.command("packs", [.subcommand("search", [.string("query", "starfall")])]))
    }

    /// A pack file: 24 commons and 6 rares, so a 10-pull in a server that enabled it draws some.
    static func packFile() -> Data {
        let names = [
            "Ash", "Bram", "Cass", "Dov", "Esk", "Fenn", "Gale", "Hale", "Iris", "Jude", "Kit", "Lark", "Moss", "Nim", "Oak",
            "Pike", "Quill", "Reed", "Sable", "Tarn", "Umber", "Vale", "Wren", "Yarrow", "Zeph", "Alder", "Birch", "Cedar",
            "Dune", "Elm",
        ]
        let cards = names.enumerated().map { index, name in
            #"{"spec":"chara_card_v2","spec_version":"2.0","data":{"name":"\#(name) of the Starfall","description":"Crew of the Starfall.","first_mes":"Aye, captain.","extensions":{"gachabot":{"rarity":"\#(index < 24 ? "common" : "rare")","id":"\#(name.lowercased())"}}}}"#
        }
        return Data(
            #"{"format":"gachabot-pack","version":1,"name":"Starfall Crew","description":"The crew of the Starfall, a long-haul freighter.","tags":["space","crew"],"characters":[\#(cards.joined(separator: ","))]}"#
                .utf8)
    }

    /// A Character Card V2 PNG: a valid 1×1 image whose `chara` tEXt chunk holds the card's JSON in base64.
    static func pngCard(name: String, rarity: String, id: String) -> Data {
        let json = #"{"spec":"chara_card_v2","spec_version":"2.0","data":{"name":"\#(name)","description":"Captain of the Starfall.","personality":"steady","first_mes":"Welcome aboard.","extensions":{"gachabot":{"rarity":"\#(rarity)","id":"\#(id)"}}}}"#
        func be32(_ value: Int) -> [UInt8] { [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + data
            return be32(data.count) + typed + be32(Int(CRC32.checksum(typed)))
        }
        // One RGB pixel, filter byte 0, in a zlib stream with one stored block and its Adler-32.
        let raw: [UInt8] = [0, 0x30, 0x60, 0xC0]
        var (a, b): (UInt32, UInt32) = (1, 0)
        for byte in raw { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        let idat = [0x78, 0x01, 0x01, UInt8(raw.count), 0, ~UInt8(raw.count), 0xFF] + raw + be32(Int(b << 16 | a))
        let chunks =
            chunk("IHDR", be32(1) + be32(1) + [8, 2, 0, 0, 0]) + chunk("tEXt", Array("chara".utf8) + [0] + Array(Data(json.utf8).base64EncodedData()))
            + chunk("IDAT", idat) + chunk("IEND", [])
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunks)
    }
}
