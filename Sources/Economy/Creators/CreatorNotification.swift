import Storage

/// One DM owed to a creator, recorded before it is sent: one per outbox event (the event id is
/// the key, so collecting twice records it once). A failed send is retried with backoff up to
/// the policy's attempts, then left `failed` with its last error; never retried forever.
public struct CreatorNotification: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable {
        case pending, sent, failed
    }

    public var eventID: Int64
    public var creator: MemberID
    public var kind: CreatorNotificationKind
    /// What it is about as stored (a pack's name, a payout id): creator text, neutralised when shown.
    public var subject: String
    /// The event's detail (stars, a report reason, an amount).
    public var detail: String
    public var createdAt: Timestamp
    public var status: Status
    public var attempts: Int
    /// When a pending notification may be sent (again); nil once sent or given up.
    public var nextAttemptAt: Timestamp?
    /// The last failure, short and without secrets (Discord's code and message).
    public var lastError: String?

    public init(
        eventID: Int64, creator: MemberID, kind: CreatorNotificationKind, subject: String, detail: String, createdAt: Timestamp,
        status: Status = .pending, attempts: Int = 0, nextAttemptAt: Timestamp? = nil, lastError: String? = nil
    ) {
        self.eventID = eventID
        self.creator = creator
        self.kind = kind
        self.subject = subject
        self.detail = detail
        self.createdAt = createdAt
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt ?? (status == .pending ? createdAt : nil)
        self.lastError = lastError
    }
}

/// A pack as the notifier needs it: who made it and what it is called.
public struct CreatorPackRef: Sendable, Hashable {
    public var creator: MemberID
    public var name: String

    public init(creator: MemberID, name: String) {
        self.creator = creator
        self.name = name
    }
}

/// How failed DMs are retried: `firstDelay`, doubled after each failure, at most `maxAttempts`
/// sends in all.
public struct NotificationRetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    public var firstDelay: Duration

    public init(maxAttempts: Int = 4, firstDelay: Duration = .seconds(60)) {
        self.maxAttempts = max(1, maxAttempts)
        self.firstDelay = firstDelay
    }

    /// The wait after the `attempts`-th failed send (1-based): first, 2×first, 4×first…
    public func delay(afterAttempts attempts: Int) -> Duration {
        firstDelay * (1 << min(max(0, attempts - 1), 20))
    }
}
