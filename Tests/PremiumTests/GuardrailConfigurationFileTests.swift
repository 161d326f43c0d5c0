import Foundation
import Premium
import Testing

/// The guardrail settings file (`GACHABOT_GUARDRAIL_FILE`, `flags check --config`): keys override
/// the defaults one by one, and every refusal names the key at fault.
@Suite("Guardrail settings file")
struct GuardrailConfigurationFileTests {
    static func decode(_ json: String) throws -> GuardrailConfiguration {
        try GuardrailConfiguration.decode(Data(json.utf8))
    }

    static func refusal(_ json: String) -> String {
        do {
            _ = try decode(json)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func anEmptyObjectKeepsEveryDefault() throws {
        #expect(try Self.decode("{}") == GuardrailConfiguration())
    }

    @Test func eachKeyOverridesItsDefault() throws {
        let configuration = try Self.decode(
            #"{"threshold": 0.3, "flag_thresholds": {"talk": 0.1}, "window_days": 14, "min_users_per_group": 50, "min_successes_in_rest": 5}"#)
        #expect(configuration.threshold == 0.3)
        #expect(configuration.threshold(for: "talk") == 0.1)
        #expect(configuration.threshold(for: "other") == 0.3)
        #expect(configuration.window == .seconds(14 * 86_400))
        #expect(configuration.minimumUsersPerGroup == 50)
        #expect(configuration.minimumSuccessesInRest == 5)
    }

    @Test func refusalsNameTheKeyAtFault() {
        #expect(Self.refusal(#"{"treshold": 0.3}"#).contains("unknown key \"treshold\""))
        #expect(Self.refusal(#"{"threshold": true}"#).contains("threshold"))
        #expect(Self.refusal(#"{"threshold": 1.5}"#).contains("between 0 and 1"))
        #expect(Self.refusal(#"{"flag_thresholds": {"talk": 0}}"#).contains("talk"))
        #expect(Self.refusal(#"{"window_days": 2.5}"#).contains("window_days"))
        #expect(Self.refusal(#"{"window_days": 0}"#).contains("window_days"))
        #expect(Self.refusal(#"{"min_users_per_group": 0}"#).contains("minimum users per group"))
        #expect(Self.refusal(#"{"min_successes_in_rest": -1}"#).contains("minimum successes"))
        #expect(Self.refusal("[0.2]").contains("one JSON object"))
        #expect(Self.refusal("not json").contains("one JSON object"))
    }

    @Test func aFileThatCannotBeReadNamesItsSource() {
        let path = "/nonexistent/guardrail-\(UInt64.random(in: 0...UInt64.max)).json"
        #expect(throws: GuardrailError.invalidConfiguration("GACHABOT_GUARDRAIL_FILE: cannot read \(path)")) {
            try GuardrailConfiguration.read(path: path, source: "GACHABOT_GUARDRAIL_FILE")
        }
    }
}
