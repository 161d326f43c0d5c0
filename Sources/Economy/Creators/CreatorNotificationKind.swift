import Storage

/// What a creator may be told by DM, one kind per analytics event the notifier reads. Each kind
/// can be turned off with `/creator notifications`.
public enum CreatorNotificationKind: String, Sendable, Hashable, Codable, CaseIterable {
    case rated, reported, hidden, restored
    case payoutPaid = "payout_paid"
    case payoutFailed = "payout_failed"
    case referralConverted = "referral_converted"

    /// The outbox event it comes from. Literals, not the areas' statics: the economy does not
    /// import the packs area (or the referrals' branch), it only reads their events.
    public var event: EventName {
        switch self {
        case .rated: "pack_rated"
        case .reported: "pack_reported"
        case .hidden: "pack_hidden"
        case .restored: "pack_restored"
        case .payoutPaid: "payout_paid"
        case .payoutFailed: "payout_failed"
        case .referralConverted: "referral_converted"
        }
    }

    public init?(event: EventName) {
        guard let kind = Self.allCases.first(where: { $0.event == event }) else { return nil }
        self = kind
    }

    /// Whether the event names a pack (`pack` property) whose creator is told.
    var aboutPack: Bool { [.rated, .reported, .hidden, .restored].contains(self) }

    /// As `/creator notifications` lists it.
    public var displayName: String {
        switch self {
        case .rated: "a pack is rated"
        case .reported: "a pack is reported"
        case .hidden: "a pack is hidden"
        case .restored: "a pack is restored"
        case .payoutPaid: "a payout is paid"
        case .payoutFailed: "a payout fails"
        case .referralConverted: "a referral converts"
        }
    }
}
