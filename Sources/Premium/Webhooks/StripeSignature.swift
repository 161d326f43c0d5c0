import Crypto
import Foundation

/// Stripe's webhook signature scheme, as its SDKs implement it: the `Stripe-Signature` header is
/// `t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=…]`, and each `v1` is HMAC-SHA256 of
/// `"<t>.<raw body>"` keyed by the whole `whsec_…` secret. The body is checked as received, byte
/// for byte: parsing and re-encoding JSON first would change it.
public enum StripeSignature {
    /// Stripe's default tolerance: a signed event older (or further ahead) than this is refused.
    public static let defaultTolerance: Int64 = 300

    /// Checks `header` against `body` and returns the signed timestamp. Every `v1` entry is
    /// tried (Stripe sends several while a secret is being rolled); the comparison is constant
    /// time (swift-crypto's `isValidAuthenticationCode`).
    @discardableResult
    public static func verify(
        body: some DataProtocol, header: String?, secret: StripeWebhookSecret, now: Date,
        tolerance: Int64 = defaultTolerance
    ) throws(StripeSignatureError) -> Int64 {
        guard let header, !header.isEmpty else { throw .missingHeader }
        var timestamp: Int64?
        var signatures: [Data] = []
        for item in header.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if key == "t" {
                guard let seconds = Int64(value) else { throw .malformedHeader }
                timestamp = seconds
            } else if key == "v1", let bytes = Data(hexadecimal: value) {
                signatures.append(bytes)
            }
        }
        guard let timestamp else { throw .malformedHeader }
        guard !signatures.isEmpty else { throw .noV1Signature }
        let age = Int64(now.timeIntervalSince1970.rounded(.down)) - timestamp
        guard age.magnitude <= tolerance.magnitude else {
            throw .timestampOutsideTolerance(ageSeconds: age, toleranceSeconds: tolerance)
        }
        let key = SymmetricKey(data: Data(secret.value.utf8))
        var signed = Data("\(timestamp).".utf8)
        signed.append(contentsOf: body)
        for signature in signatures
        where HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signed, using: key) {
            return timestamp
        }
        throw .signatureMismatch
    }

    /// The header Stripe would send for `body` at `timestamp` (the loopback Stripe and tests).
    public static func header(body: some DataProtocol, secret: StripeWebhookSecret, timestamp: Int64) -> String {
        var signed = Data("\(timestamp).".utf8)
        signed.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.value.utf8)))
        return "t=\(timestamp),v1=\(Data(mac).hexadecimal)"
    }
}

extension Data {
    /// Lower-case hex, two digits a byte.
    var hexadecimal: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Nil unless `text` is an even number of hex digits.
    init?(hexadecimal text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out = Data(capacity: bytes.count / 2)
        var index = 0
        while index < bytes.count {
            guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        self = out
    }
}
