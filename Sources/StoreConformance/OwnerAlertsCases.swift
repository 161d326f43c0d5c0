import OwnerAlerts
import Storage
import Testing

/// The alerts area's cases: guild webhooks set, replaced and cleared; one alert per (kind,
/// guild, day) decided by the unique key, also when raised concurrently; deliveries due, retried,
/// delivered and abandoned; ids at the edges of 64 bits.
public enum OwnerAlertsCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case webhooks, oneAlertPerKindGuildAndDay, concurrentRaises, deliveryLifecycle, extremeIdentifiers
    public var testDescription: String { rawValue }
}

struct OwnerAlertsCases<S: Store & OwnerAlertsStore>: Sendable where S.Transaction: OwnerAlertsTransaction {
    let store: S
    typealias F = Fixture

    static var guild: GuildID { GuildID(7) }

    func run(_ testCase: OwnerAlertsCase) async throws {
        switch testCase {
        case .webhooks: try await webhooks()
        case .oneAlertPerKindGuildAndDay: try await oneAlertPerKindGuildAndDay()
        case .concurrentRaises: try await concurrentRaises()
        case .deliveryLifecycle: try await deliveryLifecycle()
        case .extremeIdentifiers: try await extremeIdentifiers()
        }
    }

    func webhooks() async throws {
        #expect(try await store.readAlerts { try await $0.alertWebhook(Self.guild) } == nil)
        let first = try AlertWebhook(id: 111, token: "first-token")
        let second = try AlertWebhook(id: 222, token: "second_token")
        try await store.writeAlerts { try await $0.setAlertWebhook(Self.guild, first, at: F.t0) }
        #expect(try await store.readAlerts { try await $0.alertWebhook(Self.guild) } == first)
        try await store.writeAlerts { try await $0.setAlertWebhook(Self.guild, second, at: F.t0) }
        #expect(try await store.readAlerts { try await $0.alertWebhook(Self.guild) } == second)
        #expect(try await store.readAlerts { try await $0.alertWebhook(GuildID(8)) } == nil)
        try await store.writeAlerts { try await $0.setAlertWebhook(Self.guild, nil, at: F.t0) }
        #expect(try await store.readAlerts { try await $0.alertWebhook(Self.guild) } == nil)
    }

    func oneAlertPerKindGuildAndDay() async throws {
        let day = F.t0.utcDay
        let first = try await store.writeAlerts {
            try await $0.insertAlert(kind: .lowActivity, guild: Self.guild, day: day, message: "first", targets: [.guild], at: F.t0)
        }
        let again = try await store.writeAlerts {
            try await $0.insertAlert(kind: .lowActivity, guild: Self.guild, day: day, message: "again", targets: [.guild, .operator], at: F.t0)
        }
        #expect(first?.message == "first")
        #expect(again == nil)
        // Another kind, another guild, another day: each its own alert.
        let others = try await store.writeAlerts { tx in
            [
                try await tx.insertAlert(kind: .aiCost, guild: Self.guild, day: day, message: "cost", targets: [.guild], at: F.t0),
                try await tx.insertAlert(kind: .lowActivity, guild: GuildID(8), day: day, message: "g8", targets: [.guild], at: F.t0),
                try await tx.insertAlert(kind: .lowActivity, guild: Self.guild, day: day + 1, message: "next", targets: [.guild], at: F.t0),
            ]
        }
        #expect(others.allSatisfy { $0 != nil })
        let alerts = try await store.readAlerts { try await $0.alerts(guild: Self.guild, limit: 10) }
        #expect(alerts.map(\.message) == ["next", "cost", "first"])
        let all = try await store.readAlerts { try await $0.alerts(guild: nil, limit: 10) }
        #expect(all.count == 4)
        // The refused duplicate left no delivery behind.
        let deliveries = try await store.readAlerts { try await $0.alertDeliveries(alertID: first!.id) }
        #expect(deliveries.map(\.target) == [.guild])
    }

    func concurrentRaises() async throws {
        let day = F.t0.utcDay
        let results = try await withThrowingTaskGroup(of: OwnerAlertRecord?.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try await store.writeAlerts {
                        try await $0.insertAlert(
                            kind: .proConversion, guild: Self.guild, day: day, message: "raise \(index)", targets: [.guild, .operator], at: F.t0)
                    }
                }
            }
            var all: [OwnerAlertRecord?] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.compactMap { $0 }.count == 1)
        let alerts = try await store.readAlerts { try await $0.alerts(guild: Self.guild, limit: 10) }
        #expect(alerts.count == 1)
        let deliveries = try await store.readAlerts { try await $0.alertDeliveries(alertID: alerts[0].id) }
        #expect(deliveries.map(\.target) == [.guild, .operator])
    }

    func deliveryLifecycle() async throws {
        let alert = try #require(
            try await store.writeAlerts {
                try await $0.insertAlert(kind: .paymentFailures, guild: Self.guild, day: 1, message: "failures", targets: [.guild, .operator], at: F.t0)
            })
        let due = try await store.readAlerts { try await $0.dueAlertDeliveries(at: F.t0, limit: 10) }
        #expect(due.map(\.delivery.target) == [.guild, .operator])
        #expect(due.allSatisfy { $0.alert == alert && $0.delivery.state == .pending && $0.delivery.attempts == 0 })
        #expect(try await store.readAlerts { try await $0.dueAlertDeliveries(at: F.t0.advanced(by: .milliseconds(-1)), limit: 10) }.isEmpty)

        let later = F.t0.advanced(by: .seconds(30))
        #expect(
            try await store.writeAlerts {
                try await $0.recordAlertAttempt(alertID: alert.id, target: .guild, outcome: .failed(at: F.t0, error: "HTTP 500", retryAt: later))
            })
        #expect(
            try await store.writeAlerts { try await $0.recordAlertAttempt(alertID: alert.id, target: .operator, outcome: .delivered(at: F.t0)) })
        // Only the failed one is due again, and only from its retry time.
        #expect(try await store.readAlerts { try await $0.dueAlertDeliveries(at: F.t0, limit: 10) }.isEmpty)
        let retry = try await store.readAlerts { try await $0.dueAlertDeliveries(at: later, limit: 10) }
        #expect(retry.map(\.delivery.target) == [.guild])
        #expect(retry.first?.delivery.attempts == 1 && retry.first?.delivery.lastError == "HTTP 500")

        // A delivered one takes no further attempt.
        #expect(
            try await !store.writeAlerts {
                try await $0.recordAlertAttempt(alertID: alert.id, target: .operator, outcome: .failed(at: later, error: "late", retryAt: nil))
            })
        // Abandoned after the last attempt.
        #expect(
            try await store.writeAlerts {
                try await $0.recordAlertAttempt(alertID: alert.id, target: .guild, outcome: .failed(at: later, error: "HTTP 404", retryAt: nil))
            })
        let deliveries = try await store.readAlerts { try await $0.alertDeliveries(alertID: alert.id) }
        #expect(deliveries.count == 2)
        let guild = try #require(deliveries.first { $0.target == .guild })
        #expect(guild.state == .abandoned && guild.attempts == 2 && guild.lastError == "HTTP 404" && guild.nextAttemptAt == nil)
        let operatorCopy = try #require(deliveries.first { $0.target == .operator })
        #expect(operatorCopy.state == .delivered && operatorCopy.attempts == 1 && operatorCopy.deliveredAt == F.t0)
        #expect(try await store.readAlerts { try await $0.dueAlertDeliveries(at: later.advanced(by: .seconds(3600)), limit: 10) }.isEmpty)
    }

    func extremeIdentifiers() async throws {
        let guild = GuildID(UInt64.max)
        let webhook = try AlertWebhook(id: UInt64.max, token: "t")
        try await store.writeAlerts { try await $0.setAlertWebhook(guild, webhook, at: F.t0) }
        #expect(try await store.readAlerts { try await $0.alertWebhook(guild) } == webhook)
        let alert = try await store.writeAlerts {
            try await $0.insertAlert(kind: .aiCost, guild: guild, day: 0, message: "\u{1F4B8} 'quoted' \"text\"", targets: [.guild], at: F.t0)
        }
        let read = try await store.readAlerts { try await $0.alerts(guild: guild, limit: 1) }
        #expect(read == [try #require(alert)])
    }
}
