import Foundation
import Testing

@testable import Bot

@Suite struct CommandDefinitionValidatorTests {
    private func problems(_ json: String, file: String = "Commands/x.json") -> [String] {
        CommandDefinitionValidator().validate(files: [(file, Data(json.utf8))]).map(\.description)
    }

    @Test func repositoryCommandsAreValid() throws {
        let directory = try ResourceLocator().locate(.commands)
        let problems = try CommandDefinitionFiles(directory: directory).validate()
        #expect(problems.isEmpty, "\(problems)")
        #expect(try CommandDefinitionFiles(directory: directory).load().count >= 9)
    }

    @Test func nameRules() {
        #expect(problems(#"{"name":"Roll","description":"d"}"#) == [#"Commands/x.json: name: "Roll" must be lowercase"#])
        #expect(problems(#"{"name":"two words","description":"d"}"#).first?.contains("no spaces") == true)
        #expect(problems(#"{"name":"","description":"d"}"#).count == 1)
        #expect(problems(#"{"name":"héllo-wörld_1","description":"d"}"#).isEmpty)
        #expect(problems(#"{"name":"\#(String(repeating: "a", count: 33))","description":"d"}"#).count == 1)
    }

    @Test func descriptionRules() {
        #expect(problems(#"{"name":"a","description":""}"#) == ["Commands/x.json: description: must be 1-100 characters for a chat-input command (has 0)"])
        #expect(problems(#"{"name":"a"}"#) == ["Commands/x.json: description: is required for a chat-input command"])
        #expect(problems(#"{"name":"Pin","type":3,"description":"x"}"#) == ["Commands/x.json: description: must be empty for user and message commands"])
    }

    @Test func optionRulesNameTheField() {
        let optionalFirst = #"{"name":"a","description":"d","options":[{"type":3,"name":"x","description":"d"},{"type":3,"name":"y","description":"d","required":true}]}"#
        #expect(problems(optionalFirst) == ["Commands/x.json: options[1].required: required options must come before optional ones"])

        let choices = (0..<26).map { #"{"name":"c\#($0)","value":"v\#($0)"}"# }.joined(separator: ",")
        let tooMany = #"{"name":"a","description":"d","options":[{"type":3,"name":"x","description":"d","choices":[\#(choices)]}]}"#
        #expect(problems(tooMany) == ["Commands/x.json: options[0].choices: has 26 choices; at most 25 are allowed"])

        let options = (0..<26).map { #"{"type":3,"name":"o\#($0)","description":"d"}"# }.joined(separator: ",")
        #expect(problems(#"{"name":"a","description":"d","options":[\#(options)]}"#) == ["Commands/x.json: options: has 26 options; at most 25 are allowed"])

        let autoWithChoices = #"{"name":"a","description":"d","options":[{"type":3,"name":"x","description":"d","autocomplete":true,"choices":[{"name":"n","value":"v"}]}]}"#
        #expect(problems(autoWithChoices) == ["Commands/x.json: options[0].choices: cannot be set together with autocomplete"])

        let wrongValue = #"{"name":"a","description":"d","options":[{"type":4,"name":"x","description":"d","choices":[{"name":"n","value":"v"}]}]}"#
        #expect(problems(wrongValue) == ["Commands/x.json: options[0].choices[0].value: must match the option's type"])

        let unknown = #"{"name":"a","description":"d","colour":1}"#
        #expect(problems(unknown).first?.hasPrefix("Commands/x.json: colour: unknown field") == true)
    }

    @Test func subcommandNesting() {
        let mixed = #"{"name":"a","description":"d","options":[{"type":1,"name":"s","description":"d"},{"type":3,"name":"x","description":"d"}]}"#
        #expect(problems(mixed) == ["Commands/x.json: options: cannot mix subcommands or groups with other options at the same level"])
        let groupWithString = #"{"name":"a","description":"d","options":[{"type":2,"name":"g","description":"d","options":[{"type":3,"name":"x","description":"d"}]}]}"#
        #expect(problems(groupWithString).contains("Commands/x.json: options[0].options: a subcommand group may only contain subcommands"))
        let valid = #"{"name":"a","description":"d","options":[{"type":2,"name":"g","description":"d","options":[{"type":1,"name":"s","description":"d","options":[{"type":4,"name":"n","description":"d","min_value":1,"max_value":5}]}]}]}"#
        #expect(problems(valid).isEmpty)
    }

    @Test func crossFileAndTotals() throws {
        let a = (name: "Commands/a.json", data: Data(#"{"name":"same","description":"d"}"#.utf8))
        let b = (name: "Commands/b.json", data: Data(#"{"name":"same","description":"d"}"#.utf8))
        #expect(CommandDefinitionValidator().validate(files: [a, b]).map(\.description) == [#"Commands/b.json: name: "same" is already defined by Commands/a.json"#])
        #expect(problems("not json").first?.hasPrefix("Commands/x.json: is not valid JSON") == true)
        let long = String(repeating: "d", count: 100)
        let options: [[String: Any]] = (0..<25).map { index in
            [
                "type": 3, "name": "o\(index)", "description": long,
                "choices": (0..<25).map { ["name": long, "value": "v\($0)"] },
            ]
        }
        let command: [String: Any] = ["name": "a", "description": "d", "options": options]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: command), as: UTF8.self)
        let found = problems(json)
        #expect(found.contains { $0.contains("Discord allows 4,000") }, "\(found)")
    }
}
