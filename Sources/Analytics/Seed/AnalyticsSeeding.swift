import Storage

/// Writes synthetic activity through the kernel's event write path (`appendAnalyticsEvents`, whose
/// insert the read model follows), `batch` events per transaction.
public enum AnalyticsSeeding {
    @discardableResult
    public static func write(_ activity: SyntheticActivity, to store: any AnalyticsStore, batch: Int = 2_000) async throws -> Int {
        var pending: [AnalyticsEvent] = []
        var written = 0
        func flush() async throws {
            guard !pending.isEmpty else { return }
            let events = pending
            try await store.writeAnalytics { tx in try await tx.appendAnalyticsEvents(events) }
            written += events.count
            pending.removeAll(keepingCapacity: true)
        }
        try await activity.generate { events in
            pending += events
            if pending.count >= batch { try await flush() }
        }
        try await flush()
        return written
    }
}
