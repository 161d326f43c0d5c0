/// Counts invalid requests (401, 403, and 429 other than `shared` scope) in a sliding window.
/// Discord's Cloudflare layer bans the IP for a while at 10,000 of them in 10 minutes, so the
/// limiter refuses to send once `budget` (kept below 10,000) is reached.
/// https://discord.com/developers/docs/topics/rate-limits#invalid-request-limit-aka-cloudflare-bans
struct InvalidRequestWindow: Sendable {
    let budget: Int
    let window: Duration
    /// Times of the counted requests, oldest first; `head` skips the ones that left the window.
    private var times: [Duration] = []
    private var head = 0

    init(budget: Int, window: Duration) {
        self.budget = budget
        self.window = window
    }

    mutating func record(at now: Duration) {
        prune(now)
        times.append(now)
    }

    mutating func count(at now: Duration) -> Int {
        prune(now)
        return times.count - head
    }

    /// When the oldest counted request leaves the window.
    func nextExpiry() -> Duration? {
        head < times.count ? times[head] + window : nil
    }

    private mutating func prune(_ now: Duration) {
        while head < times.count, times[head] + window <= now { head += 1 }
        // Compact now and then so the array does not grow without bound.
        if head > 1024, head * 2 > times.count {
            times.removeFirst(head)
            head = 0
        }
    }
}
