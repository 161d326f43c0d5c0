import Storage

/// The creator economy's read primitives, on top of the kernel's. A database's transaction type
/// conforms to this in its own `Economy/` folder. Money is kept apart from points: its own tables,
/// its own invariant.
public protocol EconomyReader: StoreReader {
    // Money ledger
    /// The transaction posted under this key, with its entries.
    func moneyTransaction(idempotencyKey: String) async throws -> MoneyTransaction?
    /// Every transaction about this outside object (a Stripe charge, a payout id), oldest first.
    func moneyTransactions(reference: String) async throws -> [MoneyTransaction]
    /// The account's signed balance (debits positive) per currency; absent currencies are zero.
    func moneyBalances(_ account: MoneyAccount) async throws -> [String: Int64]
    /// The signed sum per currency of the account's entries in transactions at `from ..< to`,
    /// optionally of one kind.
    func moneyTotals(_ account: MoneyAccount, kind: MoneyTransactionKind?, from: Timestamp, to: Timestamp) async throws -> [String: Int64]
    /// The account's entries, newest first.
    func moneyPostings(_ account: MoneyAccount, limit: Int) async throws -> [MoneyPosting]
    /// Every creator payable account with a non-zero balance, by account then currency.
    func creatorPayables() async throws -> [(account: MoneyAccount, currency: String, balance: Int64)]
    /// Unbalanced transactions and payables in debit. Always empty in a healthy store; the
    /// conformance suite runs it after every case.
    func moneyDiscrepancies() async throws -> [MoneyDiscrepancy]

    // Allocation inputs (read from the packs and premium areas' tables)
    /// Draws from packs published now, on days `fromDay ..< toDay`, one row per (pack, member,
    /// day) whatever the guild, with the pack's creator; ordered by day, member, pack.
    func packEngagement(fromDay: Int64, toDay: Int64) async throws -> [PackEngagementRow]
    /// Members who paid for Pro touching `from ..< to`: a Stripe or Discord entitlement whose
    /// current period overlaps it, or a revenue transaction in it.
    func paidProMembers(from: Timestamp, to: Timestamp) async throws -> Set<MemberID>
    func allocationRun(month: String) async throws -> AllocationRun?

    // Payouts
    func payout(_ id: String) async throws -> PayoutRecord?
    /// Newest first, optionally one status or one creator.
    func payouts(status: PayoutStatus?, creator: MemberID?) async throws -> [PayoutRecord]

    // Verified creators
    /// When the operator verified the creator, or nil.
    func creatorVerifiedAt(_ creator: MemberID) async throws -> Timestamp?
    /// Every verified creator with the time, by user id.
    func verifiedCreators() async throws -> [(creator: MemberID, verifiedAt: Timestamp)]

    // Verification queue (`/creator apply`)
    /// The criteria's inputs from the packs area's tables: published packs, their ratings, and
    /// operator reviews that hid or removed one of the creator's packs (or banned them) since
    /// `upheldSince` (an upheld report).
    func creatorVerificationFacts(_ creator: MemberID, upheldSince: Timestamp) async throws -> CreatorVerificationFacts
    /// Creators who applied and are not verified, oldest application first.
    func verificationQueue() async throws -> [VerificationQueueEntry]

    // Creator notifications
    /// The last outbox event id the notifier has read; 0 before the first scan.
    func notificationCursor() async throws -> Int64
    /// Outbox events with an id above `after` and one of `names`, in id order.
    func analyticsEvents(after: Int64, names: [EventName], limit: Int) async throws -> [AnalyticsEvent]
    /// Packs by id (from the packs area's table) with their creator and name; unknown ids are absent.
    func packRefs(_ packs: [String]) async throws -> [String: CreatorPackRef]
    func disabledNotificationKinds(_ creator: MemberID) async throws -> Set<CreatorNotificationKind>
    /// Pending notifications whose next attempt is at or before `at`, oldest first.
    func dueCreatorNotifications(at: Timestamp, limit: Int) async throws -> [CreatorNotification]
    /// Newest first, optionally one creator's.
    func creatorNotifications(creator: MemberID?, limit: Int) async throws -> [CreatorNotification]

    // Referrals (docs/economy.md, "Referrals")
    /// The code with this text (already normalized), or nil.
    func referralCode(_ code: String) async throws -> ReferralCode?
    func referralCode(packID: String) async throws -> ReferralCode?
    /// The member's attribution, or nil.
    func referral(member: MemberID) async throws -> Referral?
    /// The member's commissions by ordinal.
    func referralCommissions(member: MemberID) async throws -> [ReferralCommission]
    /// A pack's creator and whether it is published now (read from the packs area's table).
    func referralPack(_ packID: String) async throws -> (creator: MemberID, published: Bool)?
    /// Whether a revenue transaction of the member was booked before `time` (a member who already
    /// paid for Pro does not convert).
    func hasPaidRevenue(_ member: MemberID, before time: Timestamp) async throws -> Bool
    /// Members' own talk turns with characters of packs published now, on days `fromDay ..< toDay`,
    /// per (pack, member, day) whatever the guild; ordered by day, member, pack.
    func packTalkTurns(fromDay: Int64, toDay: Int64) async throws -> [PackTalkRow]
}

/// The creator economy's write primitives.
public protocol EconomyTransaction: EconomyReader, StoreTransaction {
    /// Posts a balanced transaction. Returns false, changing nothing, when its key is already
    /// posted (the unique constraint decides, so two at once post once); throws
    /// `StoreError.constraintViolation` for one with a `problem`, or that would leave a creator's
    /// payable in debit.
    func postMoneyTransaction(_ transaction: MoneyTransaction) async throws -> Bool
    /// Records the month's allocation; false, changing nothing, if the month has one.
    func recordAllocationRun(_ run: AllocationRun) async throws -> Bool
    /// `StoreError.duplicate` if the id exists.
    func insertPayout(_ payout: PayoutRecord) async throws
    /// Moves a pending payout to paid or failed; false, changing nothing, if it is not pending.
    func settlePayout(_ id: String, status: PayoutStatus, reference: String?, at: Timestamp) async throws -> Bool
    /// Grants (`verified`) or removes the badge; false, changing nothing, when it already was so
    /// (a second grant keeps the first time).
    func setCreatorVerified(_ creator: MemberID, verified: Bool, at: Timestamp) async throws -> Bool

    /// Puts the creator in the verification queue; false, changing nothing, if already there
    /// (the key decides, so two applications at once queue once).
    func enqueueVerification(_ creator: MemberID, at: Timestamp) async throws -> Bool
    func setNotificationCursor(_ eventID: Int64) async throws
    /// Turns one kind of notification on or off for the creator (inserted or replaced).
    func setNotificationKind(_ kind: CreatorNotificationKind, enabled: Bool, creator: MemberID, at: Timestamp) async throws
    /// False, changing nothing, when the event already has its notification.
    func insertCreatorNotification(_ notification: CreatorNotification) async throws -> Bool
    /// Replaces status, attempts, next attempt and last error; `StoreError.notFound` if absent.
    func updateCreatorNotification(_ notification: CreatorNotification) async throws

    // Referrals
    /// False, changing nothing, when the code or the pack already has one (unique constraints).
    func insertReferralCode(_ code: ReferralCode) async throws -> Bool
    /// False, changing nothing, when the member is already attributed (first code wins).
    func insertReferral(_ referral: Referral) async throws -> Bool
    /// False, changing nothing, when the invoice or the member's ordinal is already recorded.
    func insertReferralCommission(_ commission: ReferralCommission) async throws -> Bool
}

/// How the economy reaches a database. A store adopts it with an empty extension once its
/// transaction type conforms to `EconomyTransaction`.
public protocol EconomyStore: Sendable {
    /// One read-write transaction; the body may be re-run after a conflict (see `Store`).
    @discardableResult
    func writeEconomy<T: Sendable>(_ body: @escaping @Sendable (any EconomyTransaction) async throws -> T) async throws -> T
    /// A consistent read-only snapshot.
    func readEconomy<T: Sendable>(_ body: @escaping @Sendable (any EconomyReader) async throws -> T) async throws -> T
}

extension EconomyStore where Self: Store, Self.Transaction: EconomyTransaction {
    @discardableResult
    public func writeEconomy<T: Sendable>(_ body: @escaping @Sendable (any EconomyTransaction) async throws -> T) async throws -> T {
        try await write { transaction in try await body(transaction) }
    }

    public func readEconomy<T: Sendable>(_ body: @escaping @Sendable (any EconomyReader) async throws -> T) async throws -> T {
        try await read { transaction in try await body(transaction) }
    }
}
