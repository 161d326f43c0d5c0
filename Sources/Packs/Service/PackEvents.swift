import Storage

/// The packs area's analytics events, each appended in the same transaction as its change.
extension EventName {
    public static let packCreated: EventName = "pack_created"
    public static let packPublished: EventName = "pack_published"
    public static let packEnabled: EventName = "pack_enabled"
    public static let packDisabled: EventName = "pack_disabled"
    public static let packRated: EventName = "pack_rated"
    public static let packReported: EventName = "pack_reported"
    public static let packHidden: EventName = "pack_hidden"
    /// An operator's review published a hidden pack again (its creator is told).
    public static let packRestored: EventName = "pack_restored"
}
