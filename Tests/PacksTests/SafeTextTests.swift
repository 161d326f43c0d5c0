import Packs
import Testing

@Suite struct SafeTextTests {
    @Test(arguments: [
        ("@everyone free nitro", "\u{FF20}everyone free nitro"),
        ("hey @here and @EVERYONE", "hey \u{FF20}here and \u{FF20}EVERYONE"),
        ("<@&123456> <@42> <@!42> <#987>", "@role @user @user #channel"),
        ("[free nitro](https://evil.example/x)", "free nitro (https://evil.example/x)"),
        ("[docs](<https://example.com>)", "docs (https://example.com)"),
        ("@\u{200B}everyone", "\u{FF20}everyone"),
        ("<@\u{200D}&1>", "@role"),
        ("[x\u{2060}](https://a.example)", "x (https://a.example)"),
        ("abc\u{202E}fed\u{2066}\u{2069}\u{200F}\u{FEFF}", "abcfed"),
        ("a\u{0}b\u{7}c\u{1B}[31m\u{85}d\u{7F}", "abc[31md"),
        ("line\r\nnext\u{2028}last\tend", "line\nnext\nlast end"),
        ("plain text, émoji 🚀 and <3 <@nope>", "plain text, émoji 🚀 and <3 <@nope>"),
        ("run </ban user:1234> now, or </x:>", "run /ban user now, or </x:>"),
    ])
    func hostileTextIsNeutralised(raw: String, shown: String) {
        #expect(SafeText(raw).text == shown)
    }

    @Test func noMaskedLinkSurvivesNesting() {
        for raw in ["[[a](https://x.example)](https://y.example)", "[a]\u{200B}(https://x.example)", "[a](b c)](d)"] {
            let shown = SafeText(raw).text
            #expect(!shown.contains("]("), "\(raw) → \(shown)")
        }
    }

    @Test func noMentionOrInvisibleCharacterSurvives() {
        let raw = "<@&1>@every\u{200B}one <@\u{2062}!5> <#\u{FEFF}9> \u{202A}x\u{202C}"
        let shown = SafeText(raw).text
        #expect(!shown.contains("@everyone") && !shown.contains("<@") && !shown.contains("<#"))
        #expect(!shown.unicodeScalars.contains { (0x200B...0x200F).contains($0.value) || (0x202A...0x202E).contains($0.value) || $0.value == 0xFEFF })
        #expect(shown == "@role\u{FF20}everyone @user #channel x")
    }

    @Test func singleLineTextHasNoNewline() {
        #expect(SafeText("Nova\nthe\r\npilot\u{2029}!", singleLine: true).text == "Nova the pilot !")
        #expect(SafeText("Nova\nthe pilot").text == "Nova\nthe pilot")
    }

    @Test func truncationKeepsWholeCharactersAndTheLimit() {
        #expect(SafeText("abcdefghij", limit: 5).text == "abcd…")
        #expect(SafeText("abcde", limit: 5).text == "abcde")
        #expect(SafeText("🇫🇷🇫🇷🇫🇷", limit: 4).text == "🇫🇷…")
        #expect(SafeText("anything", limit: 0).text == "")
        let long = SafeText(String(repeating: "é", count: 5_000), limit: 1_024).text
        #expect(long.unicodeScalars.count == 1_024 && long.hasSuffix("…"))
    }

    @Test func truncationComesAfterNeutralisation() {
        // 40 role mentions (5 scalars each, as "@role") cut at 12: whole words, never a half mention.
        let shown = SafeText(String(repeating: "<@&1>", count: 40), limit: 12).text
        #expect(shown == "@role@role@…")
        #expect(!shown.contains("<@"))
    }
}
