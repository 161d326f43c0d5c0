/// The verified creator's badge, one constant for every view that shows it (the creator profile,
/// `/packs browse`, `/packs search`).
enum CreatorBadge {
    static let verified = "✅"
    /// Beside the creator's mention.
    static func mark(_ verified: Bool) -> String { verified ? " \(Self.verified)" : "" }
}
