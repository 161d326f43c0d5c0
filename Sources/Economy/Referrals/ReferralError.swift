/// A referral request refused, with what the member can do about it. No user text is echoed
/// unneutralised: codes are shown only once normalized to the code alphabet.
public enum ReferralError: Error, Equatable, CustomStringConvertible {
    /// Not shaped like a code, or no such code.
    case unknownCode
    case ownCode
    /// The member already redeemed a code (first code wins); carries the code they redeemed.
    case alreadyAttributed(code: String)
    case packNotFound
    case notYourPack
    case packNotPublished
    /// The code's pack is no longer published.
    case codeRetired

    public var description: String {
        switch self {
        case .unknownCode:
            "That isn't a referral code we know. Codes are \(ReferralCodeText.length) letters and digits, like `K7M2QX9P`: check it with the creator who shared it."
        case .ownCode: "That's your own code: share it with others. Creators can't refer themselves."
        case .alreadyAttributed(let code): "You already redeemed a referral code (`\(code)`); each member can redeem one code, once."
        case .packNotFound: "No pack with that id: pick one of your packs from the list."
        case .notYourPack: "That pack isn't yours: referral codes are for your own packs."
        case .packNotPublished: "Publish the pack first (`/packs publish`): codes are for published packs."
        case .codeRetired: "That code's pack is no longer available, so the code can't be redeemed."
        }
    }
}
