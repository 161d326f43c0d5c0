import Foundation
import Premium
import Testing

/// Stripe's webhook signatures: every way a header can be wrong is refused with a clear error,
/// and the secret, the body and the signatures never appear in one.
@Suite struct StripeSignatureTests {
    static let secret = StripeWebhookSecret("whsec_test_5bC3xUu2Wq0b9XyZ")
    static let body = Data(#"{"id":"evt_1","type":"invoice.paid","data":{"object":{"note":"é 🎉 \"quoted\""}}}"#.utf8)
    static let now = Date(timeIntervalSince1970: 1_764_000_000)
    static let t = Int64(1_764_000_000)

    @Test func aHeaderSignedWithTheSecretIsAccepted() throws {
        let header = StripeSignature.header(body: Self.body, secret: Self.secret, timestamp: Self.t - 299)
        #expect(try StripeSignature.verify(body: Self.body, header: header, secret: Self.secret, now: Self.now) == Self.t - 299)
    }

    /// While a secret is rolled Stripe signs with both: any matching `v1` passes; `v0` never counts.
    @Test func anyMatchingV1EntryIsEnoughAndV0NeverCounts() throws {
        let good = StripeSignature.header(body: Self.body, secret: Self.secret, timestamp: Self.t)
        let other = StripeSignature.header(body: Self.body, secret: StripeWebhookSecret("whsec_old"), timestamp: Self.t)
        let v1 = good.split(separator: ",")[1]
        let oldV1 = other.split(separator: ",")[1]
        let header = "t=\(Self.t),\(oldV1),\(v1),v0=\(v1.dropFirst(3))"
        #expect(try StripeSignature.verify(body: Self.body, header: header, secret: Self.secret, now: Self.now) == Self.t)
        #expect(throws: StripeSignatureError.noV1Signature) {
            try StripeSignature.verify(body: Self.body, header: "t=\(Self.t),v0=\(v1.dropFirst(3))", secret: Self.secret, now: Self.now)
        }
    }

    @Test func aChangedBodyAWrongSecretOrAnotherTimestampIsRefused() {
        let header = StripeSignature.header(body: Self.body, secret: Self.secret, timestamp: Self.t)
        var tampered = Self.body
        tampered[tampered.count - 2] ^= 1
        #expect(throws: StripeSignatureError.signatureMismatch) {
            try StripeSignature.verify(body: tampered, header: header, secret: Self.secret, now: Self.now)
        }
        // One byte of whitespace more, as a JSON re-encoding would add: refused.
        #expect(throws: StripeSignatureError.signatureMismatch) {
            try StripeSignature.verify(body: Self.body + Data(" ".utf8), header: header, secret: Self.secret, now: Self.now)
        }
        #expect(throws: StripeSignatureError.signatureMismatch) {
            try StripeSignature.verify(body: Self.body, header: header, secret: StripeWebhookSecret("whsec_other"), now: Self.now)
        }
        let moved = header.replacingOccurrences(of: "t=\(Self.t)", with: "t=\(Self.t - 1)")
        #expect(throws: StripeSignatureError.signatureMismatch) {
            try StripeSignature.verify(body: Self.body, header: moved, secret: Self.secret, now: Self.now)
        }
    }

    @Test(arguments: [Int64(301), -301, 86_400])
    func aTimestampBeyondTheToleranceIsRefused(age: Int64) {
        let header = StripeSignature.header(body: Self.body, secret: Self.secret, timestamp: Self.t - age)
        #expect(throws: StripeSignatureError.timestampOutsideTolerance(ageSeconds: age, toleranceSeconds: 300)) {
            try StripeSignature.verify(body: Self.body, header: header, secret: Self.secret, now: Self.now)
        }
    }

    @Test(arguments: [nil, "", "v1=abcd", "t=abc,v1=00", "t=,v1=00", "garbage", "t=1764000000", "t=1764000000,v1=zz"])
    func aMissingOrMalformedHeaderIsRefused(header: String?) {
        let error = #expect(throws: StripeSignatureError.self) {
            try StripeSignature.verify(body: Self.body, header: header, secret: Self.secret, now: Self.now)
        }
        #expect(error != .signatureMismatch && error != nil)
    }

    @Test func noErrorOrDescriptionShowsTheSecretTheBodyOrASignature() {
        let header = StripeSignature.header(body: Self.body, secret: Self.secret, timestamp: Self.t)
        let signature = String(header.split(separator: "=").last ?? "")
        let errors: [StripeSignatureError] = [
            .missingHeader, .malformedHeader, .noV1Signature, .signatureMismatch,
            .timestampOutsideTolerance(ageSeconds: 999, toleranceSeconds: 300),
        ]
        for text in errors.map(\.description) + ["\(Self.secret)", String(reflecting: Self.secret)] {
            #expect(!text.contains("5bC3xUu2Wq0b9XyZ") && !text.contains(signature) && !text.contains("invoice.paid"))
        }
    }
}
