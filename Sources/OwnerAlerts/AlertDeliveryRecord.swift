import Storage

/// Where an alert goes: the guild's own webhook (`/owner alerts`), or the operator's
/// (configuration), which hears every guild's alerts.
public enum AlertTarget: String, Sendable, Hashable, CaseIterable, Codable {
    case guild
    case `operator`
}

/// An alert's delivery to one target: pending (with the time of its next attempt), delivered,
/// or abandoned after the last attempt the retry policy allows.
public struct AlertDeliveryRecord: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, Codable {
        case pending
        case delivered
        case abandoned
    }

    public var alertID: Int64
    public var target: AlertTarget
    public var state: State
    public var attempts: Int
    /// When the next attempt is due (pending only).
    public var nextAttemptAt: Timestamp?
    public var deliveredAt: Timestamp?
    /// The last failure, short and without secrets ("HTTP 500", "no webhook set").
    public var lastError: String?

    public init(
        alertID: Int64, target: AlertTarget, state: State, attempts: Int, nextAttemptAt: Timestamp?, deliveredAt: Timestamp?,
        lastError: String?
    ) {
        self.alertID = alertID
        self.target = target
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.lastError = lastError
    }
}

/// A delivery that is due, with its alert.
public struct DueAlertDelivery: Sendable, Hashable {
    public var alert: OwnerAlertRecord
    public var delivery: AlertDeliveryRecord

    public init(alert: OwnerAlertRecord, delivery: AlertDeliveryRecord) {
        self.alert = alert
        self.delivery = delivery
    }
}

/// What one attempt came to.
public enum AlertDeliveryOutcome: Sendable, Hashable {
    case delivered(at: Timestamp)
    /// Failed; retried at `retryAt`, or abandoned when it is nil.
    case failed(at: Timestamp, error: String, retryAt: Timestamp?)
}
