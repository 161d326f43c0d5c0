import Foundation

/// A webhook delivery as Stripe sends it: the raw body and its `Stripe-Signature` header. Tests
/// (this module's and the HTTP route's) and the loopback Stripe build deliveries with it, so they
/// all sign the same way.
public struct StripeSignedDelivery: Sendable, Hashable {
    public static let signatureHeaderName = "Stripe-Signature"

    public var body: Data
    public var signatureHeader: String

    /// Signs `body` with `secret` as of `timestamp` (Unix seconds).
    public init(body: Data, secret: StripeWebhookSecret, timestamp: Int64) {
        self.body = body
        self.signatureHeader = StripeSignature.header(body: body, secret: secret, timestamp: timestamp)
    }

    /// What the route does first: checks the signature and returns the body to process.
    public func verifiedBody(secret: StripeWebhookSecret, now: Date, tolerance: Int64 = StripeSignature.defaultTolerance)
        throws(StripeSignatureError) -> Data
    {
        try StripeSignature.verify(body: body, header: signatureHeader, secret: secret, now: now, tolerance: tolerance)
        return body
    }
}
