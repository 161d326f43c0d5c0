import Foundation
import Premium
import StripeAPI
import Synchronization
import WebServer

/// The Stripe and Discord secrets, from a file (`NAME_FILE`) or the environment (`NAME`). Each is
/// optional here: a route whose secret is missing answers 503. Every value read is registered
/// with the log handler's redaction, so not even a library's log line can show it.
struct PremiumSecrets {
    var stripeSecretKey: StripeSecretKey?
    var stripeWebhookSecret: StripeWebhookSecret?
    var discordSignature: DiscordWebhookSignature?

    static let stripeSecretKeyName = "GACHABOT_STRIPE_SECRET_KEY"
    static let stripeWebhookSecretName = "GACHABOT_STRIPE_WEBHOOK_SECRET"
    static let discordPublicKeyName = "GACHABOT_DISCORD_PUBLIC_KEY"

    private static let known = Mutex<[String]>([])
    static var redacted: [String] { known.withLock { $0 } }

    static func load(environment: [String: String]) throws -> PremiumSecrets {
        var secrets = PremiumSecrets()
        if let key = try read(stripeSecretKeyName, environment) {
            let secretKey = StripeSecretKey(key)
            guard secretKey.looksLikeAPIKey else {
                throw SecretSourceError.malformed(variable: stripeSecretKeyName, expected: "a Stripe secret key (sk_live_…, sk_test_… or rk_…)")
            }
            secrets.stripeSecretKey = secretKey
        }
        if let secret = try read(stripeWebhookSecretName, environment) {
            guard secret.hasPrefix("whsec_") else {
                throw SecretSourceError.malformed(variable: stripeWebhookSecretName, expected: "a webhook signing secret (whsec_…)")
            }
            secrets.stripeWebhookSecret = StripeWebhookSecret(secret)
        }
        if let hex = try read(discordPublicKeyName, environment) {
            guard let signature = DiscordWebhookSignature(publicKeyHex: hex) else {
                throw SecretSourceError.malformed(variable: discordPublicKeyName, expected: "64 hex digits (Developer Portal → General Information → Public Key)")
            }
            secrets.discordSignature = signature
        }
        return secrets
    }

    private static func read(_ name: String, _ environment: [String: String]) throws -> String? {
        let value = try SecretSource.value(named: name, environment: environment)
        if let value { known.withLock { $0.append(value) } }
        return value
    }
}
