/// `premium:trial:<user>`: the `/premium` button that starts the member's one free trial. The
/// user is in the id so only the member the button was shown to can press it.
struct PremiumTrialID: CustomID {
    static let prefix = "premium:trial:"
    static let outOfDateMessage = "That button is out of date. Run `/premium` again."

    let user: UInt64

    init(user: UInt64) {
        self.user = user
    }

    var fields: [String] { [String(user)] }

    init?(fields: [Substring]) {
        guard fields.count == 1, let user = fields.first.flatMap({ UInt64($0) }) else { return nil }
        self.init(user: user)
    }
}
