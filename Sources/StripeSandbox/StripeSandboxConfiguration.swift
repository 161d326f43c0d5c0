import Foundation
import Premium

/// What the loopback Stripe knows: the key clients must present, the webhook endpoint's secret,
/// the prices it sells, and where its test clock starts.
public struct StripeSandboxConfiguration: Sendable {
    public var apiKey: String
    public var webhookSecret: StripeWebhookSecret
    public var prices: [SandboxPrice]
    /// The API version events are rendered in (what `api_version` says).
    public var apiVersion: String
    /// The test clock's start, in Unix seconds (object and event `created` times follow it).
    public var startTime: Int64
    public var host: String
    public var port: Int

    public init(
        apiKey: String = "sk_test_sandbox_0123456789", webhookSecret: StripeWebhookSecret = StripeWebhookSecret("whsec_sandbox_secret"),
        prices: [SandboxPrice] = [SandboxPrice(id: "price_pro_monthly", unitAmount: 499), SandboxPrice(id: "price_pro_yearly", unitAmount: 4_990, interval: "year")],
        apiVersion: String = "2025-03-31.basil", startTime: Int64 = Int64(Date().timeIntervalSince1970),
        host: String = "127.0.0.1", port: Int = 0
    ) {
        self.apiKey = apiKey
        self.webhookSecret = webhookSecret
        self.prices = prices
        self.apiVersion = apiVersion
        self.startTime = startTime
        self.host = host
        self.port = port
    }
}

/// A request the sandbox received, as it arrived (the Authorization header reduced to whether
/// it carried the right key).
public struct RecordedStripeRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [(key: String, value: String)]
    public var form: [(key: String, value: String)]
    public var rawBody: String
    public var idempotencyKey: String?
    public var stripeVersion: String?
    public var contentType: String?
    public var authorized: Bool
    public var status: Int

    /// The first form (or query) value for `key`.
    public func value(_ key: String) -> String? {
        (form + query).first { $0.key == key }?.value
    }
}

/// A scripted failure: the next `count` requests (to `path`, if given) get this answer instead.
public struct StripeFault: Sendable {
    public var path: String?
    public var count: Int
    public var status: Int
    /// `Stripe-Should-Retry`, when set.
    public var shouldRetry: Bool?
    public var retryAfterSeconds: Int?

    public init(path: String? = nil, count: Int = 1, status: Int, shouldRetry: Bool? = nil, retryAfterSeconds: Int? = nil) {
        self.path = path
        self.count = count
        self.status = status
        self.shouldRetry = shouldRetry
        self.retryAfterSeconds = retryAfterSeconds
    }
}
