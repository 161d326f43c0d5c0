import Foundation
import Testing

/// `gachabot serve` refuses bad configuration with one message that names the setting and never
/// the secret's value.
@Suite(.timeLimit(.minutes(1))) struct ServeCommandTests {
    @Test func aMalformedSecretIsNamedButNotShown() throws {
        let value = "not-a-stripe-key-4711"
        let outcome = try ExecutableTests.run(
            ["serve", "--database", "sqlite::memory-unused", "--port", "1"],
            environment: ["GACHABOT_STRIPE_SECRET_KEY": value])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("GACHABOT_STRIPE_SECRET_KEY is not a Stripe secret key"), "\(outcome.output)")
        #expect(!outcome.output.contains(value))
    }

    @Test func anUnreadableSecretFileIsNamed() throws {
        let outcome = try ExecutableTests.run(
            ["serve", "--port", "1"], environment: ["GACHABOT_STRIPE_WEBHOOK_SECRET_FILE": "/nonexistent/whsec.txt"])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("GACHABOT_STRIPE_WEBHOOK_SECRET_FILE names /nonexistent/whsec.txt, which cannot be read"), "\(outcome.output)")
    }

    @Test func aPortOutOfRangeIsAUsageError() throws {
        let outcome = try ExecutableTests.run(["serve", "--port", "70000"])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("--port must be between 1 and 65535"), "\(outcome.output)")
    }

    @Test func helpListsServeAndTheSecrets() throws {
        let outcome = try ExecutableTests.run(["--help"])
        #expect(outcome.status == 0)
        for text in ["serve", "GACHABOT_HTTP_PORT", "GACHABOT_STRIPE_WEBHOOK_SECRET", "GACHABOT_DISCORD_PUBLIC_KEY"] {
            #expect(outcome.output.contains(text), "\(text) missing from --help")
        }
    }
}
