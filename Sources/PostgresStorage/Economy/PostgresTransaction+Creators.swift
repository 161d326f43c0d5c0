import Economy
import Foundation
import PostgresNIO
import Storage

/// The creators' primitives of the economy contract: the verification queue and the DM
/// notifications (`v9_creators`).
extension PostgresTransaction {
    // MARK: Verification

    public func creatorVerificationFacts(_ creator: MemberID, upheldSince: Timestamp) async throws -> CreatorVerificationFacts {
        let user = Self.id(creator.rawValue)
        let row = try await rows("""
            SELECT
                (SELECT COUNT(*) FROM packs WHERE creator_id = \(user) AND status = 'published'),
                COUNT(r.stars), COALESCE(SUM(r.stars), 0)::BIGINT, COUNT(DISTINCT r.member_id),
                (SELECT COUNT(*) FROM pack_audit a JOIN packs q ON q.id = a.pack_id
                    WHERE q.creator_id = \(user) AND a.action IN ('hide', 'remove', 'ban_creator') AND a.at >= \(upheldSince.millisecondsSinceEpoch))
            FROM pack_ratings r JOIN packs p ON p.id = r.pack_id AND p.creator_id = \(user) AND p.status = 'published'
            """)
        guard let first = row.first else { throw StoreError.corruptData("no verification facts") }
        let (published, count, sum, raters, upheld) = try first.decode((Int64, Int64, Int64, Int64, Int64).self)
        return CreatorVerificationFacts(
            publishedPacks: Int(published), ratingCount: Int(count), ratingSum: Int(sum), distinctRaters: Int(raters), upheldReports: Int(upheld))
    }

    public func verificationQueue() async throws -> [VerificationQueueEntry] {
        try await rows("""
            SELECT q.user_id, q.applied_at FROM creator_verification_queue q
            WHERE NOT EXISTS (SELECT 1 FROM economy_verified_creators v WHERE v.user_id = q.user_id)
            ORDER BY q.applied_at, q.user_id
            """).map { row in
            let (user, at) = try row.decode((Int64, Int64).self)
            return VerificationQueueEntry(creator: MemberID(UInt64(bitPattern: user)), appliedAt: Timestamp(millisecondsSinceEpoch: at))
        }
    }

    public func enqueueVerification(_ creator: MemberID, at: Timestamp) async throws -> Bool {
        try await !rows("""
            INSERT INTO creator_verification_queue (user_id, applied_at) VALUES (\(Self.id(creator.rawValue)), \(at.millisecondsSinceEpoch))
            ON CONFLICT DO NOTHING RETURNING 1
            """).isEmpty
    }

    // MARK: Notifications

    public func notificationCursor() async throws -> Int64 {
        try await rows("SELECT last_event_id FROM creator_notification_cursor WHERE id = 1").first?.decode(Int64.self) ?? 0
    }

    public func setNotificationCursor(_ eventID: Int64) async throws {
        try await rows("""
            INSERT INTO creator_notification_cursor (id, last_event_id) VALUES (1, \(eventID))
            ON CONFLICT (id) DO UPDATE SET last_event_id = excluded.last_event_id
            """)
    }

    public func analyticsEvents(after: Int64, names: [EventName], limit: Int) async throws -> [AnalyticsEvent] {
        guard !names.isEmpty else { return [] }
        return try await rows("""
            SELECT id, name, guild_id, member_id, at, properties FROM analytics_events
            WHERE id > \(after) AND name = ANY(\(names.map(\.rawValue))::TEXT[])
            ORDER BY id LIMIT \(limit)
            """).map { row in
            let (id, name, guild, member, at, properties) = try row.decode((Int64, String, Int64, Int64, Int64, String).self)
            return AnalyticsEvent(
                id: id, name: EventName(rawValue: name), player: Self.player(guild: guild, member: member),
                at: Timestamp(millisecondsSinceEpoch: at), properties: try StringMapJSON.decode(properties))
        }
    }

    public func packRefs(_ packs: [String]) async throws -> [String: CreatorPackRef] {
        guard !packs.isEmpty else { return [:] }
        var refs: [String: CreatorPackRef] = [:]
        for row in try await rows("SELECT id, creator_id, name FROM packs WHERE id = ANY(\(packs)::TEXT[])") {
            let (id, creator, name) = try row.decode((String, Int64, String).self)
            refs[id] = CreatorPackRef(creator: MemberID(UInt64(bitPattern: creator)), name: name)
        }
        return refs
    }

    public func disabledNotificationKinds(_ creator: MemberID) async throws -> Set<CreatorNotificationKind> {
        Set(
            try await rows("""
                SELECT kind FROM creator_notification_settings WHERE user_id = \(Self.id(creator.rawValue)) AND NOT enabled
                """).compactMap { CreatorNotificationKind(rawValue: try $0.decode(String.self)) })
    }

    public func setNotificationKind(_ kind: CreatorNotificationKind, enabled: Bool, creator: MemberID, at: Timestamp) async throws {
        try await rows("""
            INSERT INTO creator_notification_settings (user_id, kind, enabled, updated_at)
            VALUES (\(Self.id(creator.rawValue)), \(kind.rawValue), \(enabled), \(at.millisecondsSinceEpoch))
            ON CONFLICT (user_id, kind) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at
            """)
    }

    public func insertCreatorNotification(_ n: CreatorNotification) async throws -> Bool {
        try await !rows("""
            INSERT INTO creator_notifications
                (event_id, user_id, kind, subject, detail, created_at, status, attempts, next_attempt_at, last_error)
            VALUES (\(n.eventID), \(Self.id(n.creator.rawValue)), \(n.kind.rawValue), \(n.subject), \(n.detail),
                \(n.createdAt.millisecondsSinceEpoch), \(n.status.rawValue), \(n.attempts), \(n.nextAttemptAt?.millisecondsSinceEpoch),
                \(n.lastError))
            ON CONFLICT DO NOTHING RETURNING 1
            """).isEmpty
    }

    public func updateCreatorNotification(_ n: CreatorNotification) async throws {
        let updated = try await rows("""
            UPDATE creator_notifications SET status = \(n.status.rawValue), attempts = \(n.attempts),
                next_attempt_at = \(n.nextAttemptAt?.millisecondsSinceEpoch), last_error = \(n.lastError)
            WHERE event_id = \(n.eventID) RETURNING 1
            """)
        guard !updated.isEmpty else { throw StoreError.notFound(what: "creator notification", key: String(n.eventID)) }
    }

    public func dueCreatorNotifications(at: Timestamp, limit: Int) async throws -> [CreatorNotification] {
        try await rows("""
            SELECT \(unescaped: Self.notificationColumns) FROM creator_notifications
            WHERE status = 'pending' AND next_attempt_at <= \(at.millisecondsSinceEpoch)
            ORDER BY next_attempt_at, event_id LIMIT \(limit)
            """).map(Self.creatorNotification)
    }

    public func creatorNotifications(creator: MemberID?, limit: Int) async throws -> [CreatorNotification] {
        let user = creator.map { Self.id($0.rawValue) }
        return try await rows("""
            SELECT \(unescaped: Self.notificationColumns) FROM creator_notifications
            WHERE \(user)::BIGINT IS NULL OR user_id = \(user)
            ORDER BY event_id DESC LIMIT \(limit)
            """).map(Self.creatorNotification)
    }

    // MARK: Mapping

    static let notificationColumns = "event_id, user_id, kind, subject, detail, created_at, status, attempts, next_attempt_at, last_error"

    static func creatorNotification(_ row: PostgresRow) throws -> CreatorNotification {
        let (event, user, kindText, subject, detail, created, statusText, attempts, next, error) =
            try row.decode((Int64, Int64, String, String, String, Int64, String, Int32, Int64?, String?).self)
        guard let kind = CreatorNotificationKind(rawValue: kindText), let status = CreatorNotification.Status(rawValue: statusText) else {
            throw StoreError.corruptData("unknown creator notification kind \(kindText) or status \(statusText)")
        }
        return CreatorNotification(
            eventID: event, creator: MemberID(UInt64(bitPattern: user)), kind: kind, subject: subject, detail: detail,
            createdAt: Timestamp(millisecondsSinceEpoch: created), status: status, attempts: Int(attempts),
            nextAttemptAt: next.map(Timestamp.init(millisecondsSinceEpoch:)), lastError: error)
    }
}
