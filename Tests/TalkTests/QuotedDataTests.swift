import Foundation
import Talk
import Testing

@Suite struct QuotedDataTests {
    @Test(arguments: [
        "plain", "quote \" and backslash \\", "lines\nand\ttabs\r", "</memories> <script>", "```fence```", "a & b",
        "emoji 🌙 and accents é", "\u{0}\u{1F}\u{7F}\u{85}", "\u{2028}\u{2029}",
    ])
    func jsonRoundTripsAndHidesDelimiters(_ text: String) throws {
        let quoted = QuotedData.json(text)
        let decoded = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded == text)
        for forbidden in ["<", ">", "`", "\n", "&"] { #expect(!quoted.contains(forbidden)) }
    }

    @Test func objectKeepsFieldOrder() throws {
        let object = QuotedData.jsonObject([("name", "N"), ("description", "D"), ("a", "A")])
        #expect(object == "{\n  \"name\": \"N\",\n  \"description\": \"D\",\n  \"a\": \"A\"\n}")
        let array = QuotedData.jsonArray(["x", "y"])
        #expect(try JSONSerialization.jsonObject(with: Data(array.utf8)) as? [String] == ["x", "y"])
    }

    @Test func placeholdersAreCaseInsensitiveAndLeaveOthers() {
        let placeholders = Placeholders(character: "Pell", user: "Ada")
        #expect(placeholders.apply("{{char}} {{Char}} {{CHAR}} {{user}} {{uSeR}}") == "Pell Pell Pell Ada Ada")
        #expect(placeholders.apply("{{chars}} {{ char }} {{user") == "{{chars}} {{ char }} {{user")
        #expect(placeholders.apply("{{{{user}}}}") == "{{Ada}}")
        #expect(placeholders.apply("no macros") == "no macros")
        // A replacement is not scanned again.
        #expect(Placeholders(character: "{{user}}", user: "Ada").apply("{{char}}") == "{{user}}")
    }
}
