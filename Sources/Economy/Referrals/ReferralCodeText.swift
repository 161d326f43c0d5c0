import Clocks

/// Referral codes as members type them: 8 characters from an alphabet without look-alikes (no
/// 0/O, 1/I/L), so a code read aloud or from a screenshot is typed right. 31^8 ≈ 8.5 × 10^11
/// codes: guessing one is not worth it, and a unique constraint decides the rare collision.
public enum ReferralCodeText {
    public static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    public static let length = 8

    /// A fresh random code.
    public static func random(_ random: any RandomSource) -> String {
        String((0..<length).map { _ in alphabet[Int(random.next(below: UInt64(alphabet.count)))] })
    }

    /// The code a member typed, case-insensitive and ignoring spaces and dashes; nil when it cannot
    /// be a code at all.
    public static func normalize(_ text: String) -> String? {
        let cleaned = String(text.uppercased().filter { $0 != " " && $0 != "-" })
        guard cleaned.count == length, cleaned.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return cleaned
    }
}
