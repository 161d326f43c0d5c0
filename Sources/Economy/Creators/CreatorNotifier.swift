import Storage

/// Turns outbox events into creator notifications, and records what their DMs did.
///
/// Every area only appends its event (`pack_rated`, `payout_paid`, …) in the transaction of its
/// change; `collect` reads the outbox after a stored cursor and records one notification per
/// event in ONE transaction with the cursor's move, so a crash loses nothing and duplicates
/// nothing. On PostgreSQL an event id may commit after a larger one, so each scan starts
/// `overlap` ids before the cursor; the event id's key drops what is already recorded. Sending is
/// the bot's (`CreatorNotificationService`): at least once, Discord's nonce folding a resend.
public struct CreatorNotifier: Sendable {
    let store: any EconomyStore
    public let policy: NotificationRetryPolicy
    /// Events per scan.
    let batch: Int
    let overlap: Int64
    /// Older events are passed over: the first run after an upgrade does not DM the past.
    let maxEventAge: Duration

    public init(
        store: any EconomyStore, policy: NotificationRetryPolicy = NotificationRetryPolicy(), batch: Int = 200, overlap: Int64 = 256,
        maxEventAge: Duration = .seconds(86_400)
    ) {
        self.store = store
        self.policy = policy
        self.batch = max(1, batch)
        self.overlap = max(0, overlap)
        self.maxEventAge = maxEventAge
    }

    /// Records the notifications of new events; returns how many it recorded. Repeat until 0 to
    /// drain a backlog.
    @discardableResult
    public func collect(now: Timestamp) async throws -> Int {
        let (batch, overlap, oldest) = (self.batch, self.overlap, now.advanced(by: .zero - maxEventAge))
        return try await store.writeEconomy { tx in
            let cursor = try await tx.notificationCursor()
            // At most `overlap` events sit at or below the cursor (ids are unique), so this limit
            // always reaches `batch` events past it: a full overlap cannot hold the cursor back.
            let events = try await tx.analyticsEvents(
                after: max(0, cursor - overlap), names: CreatorNotificationKind.allCases.map(\.event), limit: batch + Int(overlap))
            let packs = try await tx.packRefs(Array(Set(events.compactMap { $0.properties["pack"] })))
            var disabled: [MemberID: Set<CreatorNotificationKind>] = [:]
            var recorded = 0
            for event in events {
                guard let id = event.id, event.at >= oldest, let kind = CreatorNotificationKind(event: event.name),
                    let recipient = Self.recipient(event, kind: kind, packs: packs)
                else { continue }
                let (creator, subject) = recipient
                if disabled[creator] == nil { disabled[creator] = try await tx.disabledNotificationKinds(creator) }
                guard disabled[creator]?.contains(kind) != true else { continue }
                let notification = CreatorNotification(
                    eventID: id, creator: creator, kind: kind, subject: subject, detail: Self.detail(event, kind: kind), createdAt: now)
                if try await tx.insertCreatorNotification(notification) { recorded += 1 }
            }
            if let last = events.last?.id, last > cursor { try await tx.setNotificationCursor(last) }
            return recorded
        }
    }

    /// Pending notifications whose time has come, oldest first.
    public func due(now: Timestamp, limit: Int = 50) async throws -> [CreatorNotification] {
        try await store.readEconomy { try await $0.dueCreatorNotifications(at: now, limit: limit) }
    }

    /// The DM went out.
    public func delivered(_ notification: CreatorNotification, at now: Timestamp) async throws {
        var sent = notification
        sent.status = .sent
        sent.attempts += 1
        sent.nextAttemptAt = nil
        let record = sent
        try await store.writeEconomy { tx in try await tx.updateCreatorNotification(record) }
    }

    /// The DM failed: retried after the policy's delay, or given up after its last attempt.
    @discardableResult
    public func failed(_ notification: CreatorNotification, error: String, at now: Timestamp) async throws -> CreatorNotification {
        var failed = notification
        failed.attempts += 1
        failed.lastError = String(error.prefix(200))
        if failed.attempts >= policy.maxAttempts {
            failed.status = .failed
            failed.nextAttemptAt = nil
        } else {
            failed.nextAttemptAt = now.advanced(by: policy.delay(afterAttempts: failed.attempts))
        }
        let record = failed
        try await store.writeEconomy { tx in try await tx.updateCreatorNotification(record) }
        return failed
    }

    /// `/creator notifications kind: on|off`.
    public func set(_ kind: CreatorNotificationKind, enabled: Bool, creator: MemberID, at now: Timestamp) async throws {
        try await store.writeEconomy { tx in try await tx.setNotificationKind(kind, enabled: enabled, creator: creator, at: now) }
    }

    public func disabledKinds(_ creator: MemberID) async throws -> Set<CreatorNotificationKind> {
        try await store.readEconomy { try await $0.disabledNotificationKinds(creator) }
    }

    public func notifications(creator: MemberID?, limit: Int = 50) async throws -> [CreatorNotification] {
        try await store.readEconomy { try await $0.creatorNotifications(creator: creator, limit: limit) }
    }

    static func recipient(_ event: AnalyticsEvent, kind: CreatorNotificationKind, packs: [String: CreatorPackRef]) -> (MemberID, String)? {
        if kind.aboutPack {
            guard let pack = event.properties["pack"].flatMap({ packs[$0] }) else { return nil }
            return (pack.creator, pack.name)
        }
        switch kind {
        case .payoutPaid, .payoutFailed: return (event.player.member, event.properties["payout"] ?? "")
        case .referralConverted:
            guard let creator = event.properties["creator"].flatMap(UInt64.init) else { return nil }
            let subject = event.properties["pack"].flatMap { packs[$0]?.name } ?? event.properties["code"] ?? ""
            return (MemberID(creator), subject)
        default: return nil
        }
    }

    static func detail(_ event: AnalyticsEvent, kind: CreatorNotificationKind) -> String {
        switch kind {
        case .rated: event.properties["stars"] ?? ""
        case .reported: event.properties["reason"] ?? ""
        case .hidden: event.properties["by"] ?? ""
        case .restored: ""
        case .payoutPaid, .payoutFailed, .referralConverted:
            // Minor units as "12.34 USD".
            [event.properties["amount"].flatMap(Int64.init).map(AllocationReport.money), event.properties["currency"]?.uppercased()]
                .compactMap { $0 }.joined(separator: " ")
        }
    }
}
