import Economy

/// A refused referral is the member's to read: every message is worded for them and echoes no
/// user text.
extension ReferralError: UserFacingError {
    public var userMessage: String { description }
}
