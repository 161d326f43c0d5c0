import Clocks
import Premium

/// How the loopback Stripe delivers a batch of events: Stripe promises neither order nor
/// exactly-once, so tests script both, plus delays, a wrong signing secret and retries on 5xx.
public struct DeliveryScript: Sendable {
    public enum Order: Sendable, Hashable {
        case asEmitted
        case reversed
        /// A reproducible shuffle.
        case shuffled(seed: UInt64)
        /// Deliver `list[i]` for each index given (indexes into the batch after duplication).
        case permutation([Int])
    }

    public struct Retry: Sendable, Hashable {
        /// Attempts per delivery in all, the first included.
        public var maximumAttempts: Int
        /// The wait before attempt n + 1 is `backoff * 2^(n-1)`, slept on the sandbox's clock.
        public var backoff: Duration

        public init(maximumAttempts: Int = 3, backoff: Duration = .seconds(60)) {
            self.maximumAttempts = max(1, maximumAttempts)
            self.backoff = backoff
        }
    }

    /// Each event is sent this many times (the copies follow the batch: e1 e2 … e1 e2 …).
    public var copies: Int
    public var order: Order
    /// Slept on the sandbox's clock before each delivery.
    public var delay: Duration
    /// Signs with this secret instead of the endpoint's (the receiver must refuse with 400).
    public var wrongSecret: StripeWebhookSecret?
    /// Re-sends a delivery answered with a 5xx or not answered at all.
    public var retry: Retry?

    public init(
        copies: Int = 1, order: Order = .asEmitted, delay: Duration = .zero, wrongSecret: StripeWebhookSecret? = nil,
        retry: Retry? = nil
    ) {
        self.copies = max(1, copies)
        self.order = order
        self.delay = delay
        self.wrongSecret = wrongSecret
        self.retry = retry
    }

    func arrange(_ events: [SandboxEvent]) -> [SandboxEvent] {
        let batch = Array((0..<copies).map { _ in events }.joined())
        switch order {
        case .asEmitted: return batch
        case .reversed: return batch.reversed()
        case .shuffled(let seed):
            var generator = SeededRandom(seed: seed)
            return batch.shuffled(using: &generator)
        case .permutation(let indexes): return indexes.filter { batch.indices.contains($0) }.map { batch[$0] }
        }
    }

}

/// One delivery attempt: which event, which attempt, and the receiver's status (nil: no answer).
public struct DeliveryAttempt: Sendable, Hashable {
    public var eventID: String
    public var type: String
    public var attempt: Int
    public var status: Int?
}
