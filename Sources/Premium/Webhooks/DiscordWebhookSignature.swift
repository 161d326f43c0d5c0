import Crypto
import Foundation

/// Discord's signature on HTTP interactions and webhook events: `X-Signature-Ed25519` is the
/// hex Ed25519 signature of `X-Signature-Timestamp` followed by the raw body, under the
/// application's public key (hex, from the Developer Portal). Discord's docs ask for 401 on
/// failure.
public struct DiscordWebhookSignature: Sendable {
    /// The raw 32-byte key (swift-crypto's key type is not `Sendable`; making one is cheap).
    let publicKey: Data

    /// Nil unless `publicKeyHex` is 32 bytes of hex that make an Ed25519 public key.
    public init?(publicKeyHex: String) {
        guard let bytes = Data(hexadecimal: publicKeyHex), bytes.count == 32,
            (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil
        else { return nil }
        self.publicKey = bytes
    }

    /// Whether the headers sign `body`. Missing or malformed headers are simply not valid.
    public func isValid(body: some DataProtocol, signatureHex: String?, timestamp: String?) -> Bool {
        guard let signatureHex, let timestamp, let signature = Data(hexadecimal: signatureHex), signature.count == 64
        else { return false }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        var signed = Data(timestamp.utf8)
        signed.append(contentsOf: body)
        return key.isValidSignature(signature, for: signed)
    }
}
