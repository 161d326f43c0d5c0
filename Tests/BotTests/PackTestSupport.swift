import BotHarness
import DiscordModels
import Foundation
import Packs
import Storage
import Testing

@testable import PostgresStorage
@testable import SQLiteStorage

/// Character cards for the `/packs` scenarios: PNG cards assembled chunk by chunk (the builder of
/// `Tests/PacksTests/Fixtures.swift`, cut down) and Character Card V2 JSON.
enum TestCards {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func be32(_ value: Int) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return be32(data.count) + typed + be32(Int(CRC32.checksum(typed)))
    }

    /// One 1×1 RGB scanline in a zlib stream with one stored block.
    static func idat1x1(red: UInt8) -> [UInt8] {
        let raw: [UInt8] = [0, red, 0x80, 0x00]
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in raw {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        let stored: [UInt8] = [0x01, UInt8(raw.count), 0, ~UInt8(raw.count), 0xFF] + raw
        return chunk("IDAT", [0x78, 0x01] + stored + be32(Int(b << 16 | a)))
    }

    /// A valid 1×1 PNG (its colour set by `red`, so two images differ), with a `chara` chunk when given.
    static func png(red: UInt8 = 0xFF, chara: [UInt8]? = nil) -> Data {
        var chunks = [chunk("IHDR", be32(1) + be32(1) + [8, 2, 0, 0, 0])]
        if let chara { chunks.append(chunk("tEXt", Array("chara".utf8) + [0] + chara)) }
        chunks += [idat1x1(red: red), chunk("IEND", [])]
        return Data(pngSignature + chunks.flatMap { $0 })
    }

    /// A PNG card: the card's JSON base64-encoded in a `chara` tEXt chunk.
    static func pngCard(name: String, rarity: String? = "rare", id: String? = nil, description: String = "A starship pilot.") -> Data {
        png(red: UInt8(truncatingIfNeeded: name.utf8.count * 37), chara: Array(Data(json(name: name, rarity: rarity, id: id, description: description).utf8).base64EncodedData()))
    }

    /// Character Card V2 JSON, with `extensions.gachabot` when a rarity or id is given.
    static func json(name: String, rarity: String? = "rare", id: String? = nil, description: String = "A starship pilot.") -> String {
        var gachabot: [String: String] = [:]
        if let rarity { gachabot["rarity"] = rarity }
        if let id { gachabot["id"] = id }
        var data: [String: Any] = [:]
        data["name"] = name
        data["description"] = description
        data["personality"] = "bold"
        data["scenario"] = "On the bridge."
        data["first_mes"] = "Hi, I'm \(name)."
        for key in ["mes_example", "system_prompt", "creator_notes"] { data[key] = "" }
        data["tags"] = ["space"]
        data["extensions"] = gachabot.isEmpty ? [String: Any]() : ["gachabot": gachabot]
        let card: [String: Any] = ["spec": "chara_card_v2", "spec_version": "2.0", "data": data]
        let encoded = (try? JSONSerialization.data(withJSONObject: card, options: [.sortedKeys])) ?? Data()
        return String(decoding: encoded, as: UTF8.self)
    }
}

extension SandboxBot {
    /// Records that `player` rolled one of `pack`'s characters today, as the roll path does
    /// (`pack_draws`), so the rating rule lets them rate it.
    func recordPackDraw(_ player: PlayerID, pack: PackID, day: Int64 = 20_089) async throws {
        let guild = Int64(bitPattern: player.guild.rawValue)
        let member = Int64(bitPattern: player.member.rawValue)
        if let sqlite = store as? SQLiteStore {
            try await sqlite.write { tx in
                try tx.run { db in
                    try db.execute(
                        sql: "INSERT INTO pack_draws (guild_id, member_id, pack_id, day) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        arguments: [guild, member, pack.rawValue, day])
                }
            }
        } else if let postgres = store as? PostgresStore {
            try await postgres.write { tx in
                try await tx.rows("""
                    INSERT INTO pack_draws (guild_id, member_id, pack_id, day) VALUES (\(guild), \(member), \(pack.rawValue), \(day))
                    ON CONFLICT DO NOTHING
                    """)
            }
        } else {
            Issue.record("no way to record a pack draw on \(type(of: store))")
        }
    }

    /// Whether the guild enabled the pack, read from the bot's store.
    func isEnabled(_ pack: PackID) async throws -> Bool {
        let guild = Storage.GuildID(guildID)
        return try await store.readPacks { try await $0.isEnabled(pack, in: guild) }
    }
}

extension BotAnswer {
    /// The first pack id (10 characters of the id alphabet in backticks) the answer's text shows.
    var packID: PackID? {
        guard let match = text.firstMatch(of: /`([A-Za-z0-9_\-]{10})`/) else { return nil }
        return PackID(String(match.1))
    }

    /// The names of the files the answer attached (multipart `files[n]` parts).
    var attachedFilenames: [String] {
        request.parts.compactMap { $0.name.hasPrefix("files[") ? $0.filename : nil }
    }
}
