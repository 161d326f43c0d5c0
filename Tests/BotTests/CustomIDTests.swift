import BotHarness
import Gacha
import Storage
import Testing

@testable import Bot

/// The typed custom-id codec: byte-compatible with the ids messages already sent carry, Discord's
/// 100-character limit checked when encoding, malformed ids read as out of date.
@Suite(.timeLimit(.minutes(1)))
struct CustomIDTests {
    /// An id with one free-text field, to probe the limits.
    struct NoteID: CustomID {
        static let prefix = "note:"
        let text: String
        var fields: [String] { [text] }
        init(_ text: String) { self.text = text }
        init?(fields: [Substring]) {
            guard fields.count == 1 else { return nil }
            text = String(fields[0])
        }
    }

    @Test func everyGachaIdEncodesAsBeforeAndDecodesBackToTheSameFields() throws {
        let pull = PullID("00ff00ff00ff00ff")
        let inventory = InventoryPageID(owner: 1_300_000_000_000_000_001, sort: .name, page: 0)
        #expect(try inventory.encoded() == "inv:1300000000000000001:name:0")
        #expect(try InventoryPageID.decode(inventory.encoded()) == inventory)
        #expect(try ShopBuyID(item: "pull_10").encoded() == "shop:buy:pull_10")
        #expect(try ShopBuyID.decode("shop:buy:pull_10") == ShopBuyID(item: "pull_10"))

        #expect(try PullKeepID(pull).encoded() == "pull:keep:00ff00ff00ff00ff")
        #expect(try PullApplyID(pull).encoded() == "pull:apply:00ff00ff00ff00ff")
        #expect(try PullDenyID(pull).encoded() == "pull:deny:00ff00ff00ff00ff")
        #expect(try PullReplaceID(pull, page: 1).encoded() == "pull:replace:00ff00ff00ff00ff:1")
        #expect(try PullPageID(pull, page: -1).encoded() == "pull:page:00ff00ff00ff00ff:-1")
        #expect(try PullKeepID.decode("pull:keep:00ff00ff00ff00ff") == PullKeepID(pull))
        #expect(try PullApplyID.decode("pull:apply:00ff00ff00ff00ff") == PullApplyID(pull))
        #expect(try PullDenyID.decode("pull:deny:00ff00ff00ff00ff") == PullDenyID(pull))
        #expect(try PullReplaceID.decode("pull:replace:00ff00ff00ff00ff:3") == PullReplaceID(pull, page: 3))
        #expect(try PullPageID.decode("pull:page:00ff00ff00ff00ff:-1") == PullPageID(pull, page: -1))
    }

    @Test func anIdOfAnotherKindDecodesToNil() throws {
        #expect(try InventoryPageID.decode("shop:buy:pull_5") == nil)
        #expect(try PullApplyID.decode("pull:deny:00ff00ff00ff00ff") == nil)
        #expect(try NoteID.decode("notes:x") == nil)
    }

    @Test(arguments: [
        "inv:", "inv:12:rarity", "inv:12:rarity:1:extra", "inv:me:rarity:1", "inv:12:sideways:1", "inv:12:rarity:two", "inv:12::1",
    ])
    func aMalformedInventoryIdIsOutOfDate(id: String) {
        let error = #expect(throws: OutOfDateCustomID.self) { try InventoryPageID.decode(id) }
        #expect(error?.customID == id)
        #expect(error?.userMessage == "That button is out of date. Run `/inventory` again.")
    }

    @Test func aMalformedPullIdIsOutOfDate() {
        let error = #expect(throws: OutOfDateCustomID.self) { try PullApplyID.decode("pull:apply:") }
        #expect(error?.userMessage == "That button is out of date.")
        #expect(throws: OutOfDateCustomID.self) { try PullApplyID.decode("pull:apply:ab:cd") }
        #expect(throws: OutOfDateCustomID.self) { try PullKeepID.decode("pull:keep:") }
        #expect(throws: OutOfDateCustomID.self) { try PullDenyID.decode("pull:deny:ab:") }
        #expect(throws: OutOfDateCustomID.self) { try PullPageID.decode("pull:page:ab") }
        #expect(throws: OutOfDateCustomID.self) { try PullPageID.decode("pull:page:ab:") }
        #expect(throws: OutOfDateCustomID.self) { try PullPageID.decode("pull:page::1") }
        #expect(throws: OutOfDateCustomID.self) { try PullReplaceID.decode("pull:replace:ab:x") }
        #expect(throws: OutOfDateCustomID.self) { try PullReplaceID.decode("pull:replace:ab:1:2") }
    }

    @Test func anIdLongerThanDiscordAcceptsIsRefusedNamingIt() throws {
        let longest = NoteID(String(repeating: "a", count: 100 - NoteID.prefix.count))
        #expect(try longest.encoded().count == 100, "exactly 100 characters is accepted")
        let tooLong = NoteID(String(repeating: "a", count: 101 - NoteID.prefix.count))
        let error = #expect(throws: CustomIDEncodingError.self) { try tooLong.encoded() }
        #expect(error == CustomIDEncodingError.tooLong(id: "note:" + tooLong.text, length: 101))
        let message = error.map(String.init(describing:)) ?? ""
        #expect(message.contains("note:aaa") && message.contains("100"), "\(message)")
        // Counted in UTF-16 code units, never fewer than Discord's characters.
        let wide = NoteID(String(repeating: "🎲", count: 48))
        #expect(throws: CustomIDEncodingError.self) { try wide.encoded() }
        #expect(throws: CustomIDEncodingError.self) { try ShopBuyID(item: String(repeating: "x", count: 92)).encoded() }
    }

    @Test func aFieldHoldingTheSeparatorIsRefusedBecauseItWouldNotReadBack() {
        let error = #expect(throws: CustomIDEncodingError.self) { try ShopBuyID(item: "pull:5").encoded() }
        #expect(error == CustomIDEncodingError.separatorInField(prefix: "shop:buy:", field: "pull:5"))
        #expect(throws: Never.self) { try NoteID("").encoded() }
    }

    /// What members see when they press a button whose id no longer decodes.
    @Test func aMalformedIdPressedInDiscordIsAnsweredAsOutOfDate() async throws {
        try await SandboxBot.run(.game()) { bot in
            let member = bot.member()
            let inventory = try await member.press("inv:\(bot.defaultPlayer.member.rawValue):sideways:1")
            #expect(inventory.isEphemeral && inventory.message?.content == "That button is out of date. Run `/inventory` again.", "\(inventory.text)")
            let page = try await member.press("pull:page:00ff00ff00ff00ff")
            #expect(page.isEphemeral && page.message?.content == "That button is out of date.", "\(page.text)")
            let shop = try await member.press("shop:buy:")
            #expect(shop.isEphemeral && shop.message?.content == "That button is out of date. Run `/shop` again.", "\(shop.text)")
            try await bot.expectHealthy()
        }
    }
}
