import Economy
import Foundation
import GRDB
import Storage

/// The creators' primitives of the economy contract: the verification queue and the DM
/// notifications (`v10_creators`).
extension SQLiteTransaction {
    // MARK: Verification

    public func creatorVerificationFacts(_ creator: MemberID, upheldSince: Timestamp) async throws -> CreatorVerificationFacts {
        try run { db in
            let user = Int64(bitPattern: creator.rawValue)
            let published = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM packs WHERE creator_id = ? AND status = 'published'"), arguments: [user]) ?? 0
            let ratings = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT COUNT(*) AS n, COALESCE(SUM(r.stars), 0) AS total, COUNT(DISTINCT r.member_id) AS raters
                    FROM pack_ratings r JOIN packs p ON p.id = r.pack_id
                    WHERE p.creator_id = ? AND p.status = 'published'
                    """), arguments: [user])
            let upheld = try Int.fetchOne(
                db.cachedStatement(sql: """
                    SELECT COUNT(*) FROM pack_audit a JOIN packs p ON p.id = a.pack_id
                    WHERE p.creator_id = ? AND a.action IN ('hide', 'remove', 'ban_creator') AND a.at >= ?
                    """), arguments: [user, upheldSince.millisecondsSinceEpoch]) ?? 0
            return CreatorVerificationFacts(
                publishedPacks: published, ratingCount: ratings?["n"] ?? 0, ratingSum: ratings?["total"] ?? 0,
                distinctRaters: ratings?["raters"] ?? 0, upheldReports: upheld)
        }
    }

    public func verificationQueue() async throws -> [VerificationQueueEntry] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT q.user_id, q.applied_at FROM creator_verification_queue q
                    WHERE q.user_id NOT IN (SELECT user_id FROM economy_verified_creators)
                    ORDER BY q.applied_at, q.user_id
                    """)
            ).map { row in
                let user: Int64 = row["user_id"]
                return VerificationQueueEntry(creator: MemberID(UInt64(bitPattern: user)), appliedAt: Timestamp(millisecondsSinceEpoch: row["applied_at"]))
            }
        }
    }

    public func enqueueVerification(_ creator: MemberID, at: Timestamp) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: "INSERT INTO creator_verification_queue (user_id, applied_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .execute(arguments: [Int64(bitPattern: creator.rawValue), at.millisecondsSinceEpoch])
            return db.changesCount > 0
        }
    }

    // MARK: Notifications

    public func notificationCursor() async throws -> Int64 {
        try run { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT last_event_id FROM creator_notification_cursor WHERE id = 1")) ?? 0
        }
    }

    public func setNotificationCursor(_ eventID: Int64) async throws {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO creator_notification_cursor (id, last_event_id) VALUES (1, ?)
                ON CONFLICT (id) DO UPDATE SET last_event_id = excluded.last_event_id
                """).execute(arguments: [eventID])
        }
    }

    public func analyticsEvents(after: Int64, names: [EventName], limit: Int) async throws -> [AnalyticsEvent] {
        guard !names.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
        var arguments: StatementArguments = [after]
        arguments += StatementArguments(names.map(\.rawValue))
        arguments += [limit]
        return try run { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM analytics_events WHERE id > ? AND name IN (\(marks)) ORDER BY id LIMIT ?", arguments: arguments
            ).map { row in
                AnalyticsEvent(
                    id: row["id"], name: EventName(rawValue: row["name"]), player: Self.player(row),
                    at: Timestamp(millisecondsSinceEpoch: row["at"]), properties: try StringMapJSON.decode(row["properties"]))
            }
        }
    }

    public func packRefs(_ packs: [String]) async throws -> [String: CreatorPackRef] {
        guard !packs.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: packs.count).joined(separator: ", ")
        return try run { db in
            var refs: [String: CreatorPackRef] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, creator_id, name FROM packs WHERE id IN (\(marks))", arguments: StatementArguments(packs)) {
                let creator: Int64 = row["creator_id"]
                refs[row["id"]] = CreatorPackRef(creator: MemberID(UInt64(bitPattern: creator)), name: row["name"])
            }
            return refs
        }
    }

    public func disabledNotificationKinds(_ creator: MemberID) async throws -> Set<CreatorNotificationKind> {
        try run { db in
            Set(
                try String.fetchAll(
                    db.cachedStatement(sql: "SELECT kind FROM creator_notification_settings WHERE user_id = ? AND enabled = 0"),
                    arguments: [Int64(bitPattern: creator.rawValue)]
                ).compactMap(CreatorNotificationKind.init(rawValue:)))
        }
    }

    public func setNotificationKind(_ kind: CreatorNotificationKind, enabled: Bool, creator: MemberID, at: Timestamp) async throws {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO creator_notification_settings (user_id, kind, enabled, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (user_id, kind) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at
                """).execute(arguments: [Int64(bitPattern: creator.rawValue), kind.rawValue, enabled ? 1 : 0, at.millisecondsSinceEpoch])
        }
    }

    public func insertCreatorNotification(_ notification: CreatorNotification) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO creator_notifications
                    (event_id, user_id, kind, subject, detail, created_at, status, attempts, next_attempt_at, last_error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """).execute(arguments: Self.notificationArguments(notification))
            return db.changesCount > 0
        }
    }

    public func updateCreatorNotification(_ notification: CreatorNotification) async throws {
        try run { db in
            try db.cachedStatement(sql: """
                UPDATE creator_notifications SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE event_id = ?
                """).execute(arguments: [
                    notification.status.rawValue, notification.attempts, notification.nextAttemptAt?.millisecondsSinceEpoch,
                    notification.lastError, notification.eventID,
                ])
            guard db.changesCount > 0 else { throw StoreError.notFound(what: "creator notification", key: String(notification.eventID)) }
        }
    }

    public func dueCreatorNotifications(at: Timestamp, limit: Int) async throws -> [CreatorNotification] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT * FROM creator_notifications WHERE status = 'pending' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, event_id LIMIT ?
                    """), arguments: [at.millisecondsSinceEpoch, limit]
            ).map(Self.creatorNotification)
        }
    }

    public func creatorNotifications(creator: MemberID?, limit: Int) async throws -> [CreatorNotification] {
        try run { db in
            if let creator {
                return try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT * FROM creator_notifications WHERE user_id = ? ORDER BY event_id DESC LIMIT ?"),
                    arguments: [Int64(bitPattern: creator.rawValue), limit]
                ).map(Self.creatorNotification)
            }
            return try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM creator_notifications ORDER BY event_id DESC LIMIT ?"), arguments: [limit]
            ).map(Self.creatorNotification)
        }
    }

    // MARK: Mapping

    static func notificationArguments(_ n: CreatorNotification) -> StatementArguments {
        [
            n.eventID, Int64(bitPattern: n.creator.rawValue), n.kind.rawValue, n.subject, n.detail, n.createdAt.millisecondsSinceEpoch,
            n.status.rawValue, n.attempts, n.nextAttemptAt?.millisecondsSinceEpoch, n.lastError,
        ]
    }

    static func creatorNotification(_ row: Row) throws -> CreatorNotification {
        let user: Int64 = row["user_id"]
        let kindText: String = row["kind"]
        let statusText: String = row["status"]
        guard let kind = CreatorNotificationKind(rawValue: kindText), let status = CreatorNotification.Status(rawValue: statusText) else {
            throw StoreError.corruptData("unknown creator notification kind \(kindText) or status \(statusText)")
        }
        let next: Int64? = row["next_attempt_at"]
        return CreatorNotification(
            eventID: row["event_id"], creator: MemberID(UInt64(bitPattern: user)), kind: kind, subject: row["subject"], detail: row["detail"],
            createdAt: Timestamp(millisecondsSinceEpoch: row["created_at"]), status: status, attempts: row["attempts"],
            nextAttemptAt: next.map(Timestamp.init(millisecondsSinceEpoch:)), lastError: row["last_error"])
    }
}
