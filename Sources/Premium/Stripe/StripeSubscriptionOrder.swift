import Storage

/// Which of two states of one Stripe subscription is newer, judged by the states themselves, so
/// the order Stripe delivers events in decides nothing. Compared in turn:
/// 1. a terminal status (`canceled`, `incomplete_expired`) beats everything: a late `updated`
///    cannot revive a canceled subscription;
/// 2. the later `current_period_end` (a renewal moves it forward);
/// 3. the later event `created` second;
/// 4. the status that comes later in a period (`past_due` after `active`, ...);
/// 5. the event id, so that two states always compare and the result is the same in any order.
/// The merge is therefore "keep the greatest state", which is order-independent.
enum StripeSubscriptionOrder {
    static func key(_ e: EntitlementRecord) -> (Int, Int64, Int64, Int, String) {
        (e.status.isTerminal ? 1 : 0, e.periodEnd?.millisecondsSinceEpoch ?? .min, e.orderCreated, precedence(e.status), e.orderEventID)
    }

    static func isNewer(_ candidate: EntitlementRecord, than stored: EntitlementRecord) -> Bool {
        key(candidate) > key(stored)
    }

    static func precedence(_ status: EntitlementStatus) -> Int {
        switch status {
        case .incomplete: 0
        case .trialing: 1
        case .active: 2
        case .pastDue: 3
        case .unpaid: 4
        case .paused: 5
        case .incompleteExpired, .canceled, .revoked: 6
        }
    }
}
