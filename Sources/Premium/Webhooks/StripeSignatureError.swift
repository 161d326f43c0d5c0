/// Why a Stripe webhook was refused. The webhook route answers 400 and applies nothing. No case
/// carries the body, the header's signatures or the secret.
public enum StripeSignatureError: Error, Hashable, Sendable, CustomStringConvertible {
    case missingHeader
    /// The `Stripe-Signature` header has no `t=` timestamp, or one that is not a whole number.
    case malformedHeader
    /// The header carries no `v1=` signature (Stripe's only live scheme).
    case noV1Signature
    /// The signed timestamp is further than the tolerance from now: a replay, or a clock far off.
    case timestampOutsideTolerance(ageSeconds: Int64, toleranceSeconds: Int64)
    /// No `v1` signature matches the body under this endpoint's secret.
    case signatureMismatch

    public var description: String {
        switch self {
        case .missingHeader: "no Stripe-Signature header"
        case .malformedHeader: "the Stripe-Signature header has no valid t= timestamp"
        case .noV1Signature: "the Stripe-Signature header has no v1 signature"
        case .timestampOutsideTolerance(let age, let tolerance):
            "the signed timestamp is \(age) s from now; at most \(tolerance) s is accepted"
        case .signatureMismatch: "no v1 signature matches the body"
        }
    }
}
