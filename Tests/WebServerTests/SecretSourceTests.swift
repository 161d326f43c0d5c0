import Foundation
import Testing
import WebServer

@Suite struct SecretSourceTests {
    @Test func theFileWinsOverTheVariableAndIsTrimmed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)").path
        try "whsec_from_file\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let environment = ["GACHABOT_STRIPE_WEBHOOK_SECRET_FILE": path, "GACHABOT_STRIPE_WEBHOOK_SECRET": "whsec_from_env"]
        #expect(try SecretSource.value(named: "GACHABOT_STRIPE_WEBHOOK_SECRET", environment: environment) == "whsec_from_file")
        #expect(try SecretSource.value(named: "GACHABOT_STRIPE_WEBHOOK_SECRET", environment: ["GACHABOT_STRIPE_WEBHOOK_SECRET": " whsec_env "]) == "whsec_env")
        #expect(try SecretSource.value(named: "GACHABOT_STRIPE_WEBHOOK_SECRET", environment: [:]) == nil)
    }

    @Test func errorsNameTheVariableAndPathButNoContent() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)").path
        try "  \n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: SecretSourceError.emptyFile(variable: "GACHABOT_STRIPE_SECRET_KEY_FILE", path: path)) {
            try SecretSource.value(named: "GACHABOT_STRIPE_SECRET_KEY", environment: ["GACHABOT_STRIPE_SECRET_KEY_FILE": path])
        }
        let missing = "/nonexistent/\(UUID().uuidString)"
        do {
            _ = try SecretSource.value(named: "GACHABOT_STRIPE_SECRET_KEY", environment: ["GACHABOT_STRIPE_SECRET_KEY_FILE": missing])
            Issue.record("an unreadable file was accepted")
        } catch {
            #expect(error.description == "GACHABOT_STRIPE_SECRET_KEY_FILE names \(missing), which cannot be read")
        }
    }
}
