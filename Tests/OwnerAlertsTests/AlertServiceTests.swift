import Clocks
import Foundation
import OwnerAlerts
import SQLiteStorage
import Storage
import Synchronization
import Testing

/// Raising and delivering alerts through a real SQLite store, with a sender that fails on
/// command and time that moves only when the test says.
@Suite("Alert service")
struct AlertServiceTests {
    final class RecordingSender: AlertSender {
        struct Sent: Equatable {
            let message: String
            let webhookID: UInt64
        }
        let state = Mutex<(sent: [Sent], failuresLeft: Int)>(([], 0))
        struct Refused: Error, CustomStringConvertible { var description: String { "HTTP 503" } }

        func send(_ message: String, to webhook: AlertWebhook) async throws {
            try state.withLock { state in
                if state.failuresLeft > 0 {
                    state.failuresLeft -= 1
                    throw Refused()
                }
                state.sent.append(Sent(message: message, webhookID: webhook.id))
            }
        }
        var sent: [Sent] { state.withLock { $0.sent } }
        func fail(_ times: Int) { state.withLock { $0.failuresLeft = times } }
    }

    final class Now: Sendable {
        let value = Mutex(Timestamp(millisecondsSinceEpoch: 1_764_720_000_000))
        func advance(_ duration: Duration) { value.withLock { $0 = $0.advanced(by: duration) } }
        var read: Timestamp { value.withLock { $0 } }
    }

    static func withStore(_ body: (SQLiteStore) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-alerts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("alerts.sqlite").path)
        defer { try? store.close() }
        try await body(store)
    }

    static let guild = GuildID(42)

    @Test func oneAlertPerKindGuildAndDayReachesTheGuildAndTheOperator() async throws {
        try await Self.withStore { store in
            let now = Now()
            let service = AlertService(store: store, operatorWebhook: try AlertWebhook(id: 9, token: "op"), now: { now.read })
            try await store.writeAlerts { try await $0.setAlertWebhook(Self.guild, try AlertWebhook(id: 1, token: "guild"), at: now.read) }
            let day = now.read.utcDay
            #expect(try await service.raise(.proConversion, guild: Self.guild, day: day, message: "A new Pro member!") != nil)
            #expect(try await service.raise(.proConversion, guild: Self.guild, day: day, message: "Another one") == nil)
            let sender = RecordingSender()
            let round = try await service.deliverDue(with: sender)
            #expect(round.delivered == 2)
            #expect(sender.sent == [
                .init(message: "A new Pro member!", webhookID: 1), .init(message: "[guild 42] A new Pro member!", webhookID: 9),
            ])
            // Nothing is due any more, and the next day may alert again.
            #expect(try await service.deliverDue(with: sender) == .init())
            #expect(try await service.raise(.proConversion, guild: Self.guild, day: day + 1, message: "Tomorrow's") != nil)
        }
    }

    @Test func aGuildWithoutAWebhookAndNoOperatorRecordsNothing() async throws {
        try await Self.withStore { store in
            let now = Now()
            let service = AlertService(store: store, operatorWebhook: nil, now: { now.read })
            let raised = try await service.raise(.aiCost, guild: Self.guild, day: 1, message: "cost")
            #expect(raised == nil)
            let recorded = try await store.readAlerts { try await $0.alerts(guild: nil, limit: 10) }
            #expect(recorded.isEmpty)
        }
    }

    @Test func failedDeliveriesAreRetriedWithBackoffAndThenAbandoned() async throws {
        try await Self.withStore { store in
            let now = Now()
            let policy = AlertRetryPolicy(maximumAttempts: 3, firstDelay: .seconds(30), maximumDelay: .seconds(3600))
            let service = AlertService(store: store, operatorWebhook: try AlertWebhook(id: 9, token: "op"), retry: policy, now: { now.read })
            let alert = try #require(try await service.raise(.paymentFailures, guild: Self.guild, day: 5, message: "3 failed payments"))
            let sender = RecordingSender()
            sender.fail(10)

            #expect(try await service.deliverDue(with: sender).retrying == 1)
            // Not due again before the backoff has passed.
            now.advance(.seconds(29))
            #expect(try await service.deliverDue(with: sender) == .init())
            now.advance(.seconds(1))
            #expect(try await service.deliverDue(with: sender).retrying == 1)
            now.advance(.seconds(59))
            #expect(try await service.deliverDue(with: sender) == .init())
            now.advance(.seconds(1))
            #expect(try await service.deliverDue(with: sender).abandoned == 1)
            now.advance(.seconds(86_400))
            #expect(try await service.deliverDue(with: sender) == .init())

            let delivery = try #require(try await store.readAlerts { try await $0.alertDeliveries(alertID: alert.id) }.first)
            #expect(delivery.state == .abandoned && delivery.attempts == 3 && delivery.lastError == "HTTP 503")
            #expect(sender.sent.isEmpty)
        }
    }

    @Test func aRetrySucceedsAfterAFailure() async throws {
        try await Self.withStore { store in
            let now = Now()
            let service = AlertService(store: store, operatorWebhook: try AlertWebhook(id: 9, token: "op"), now: { now.read })
            let alert = try #require(try await service.raise(.lowActivity, guild: Self.guild, day: 5, message: "quiet"))
            let sender = RecordingSender()
            sender.fail(1)
            #expect(try await service.deliverDue(with: sender).retrying == 1)
            now.advance(.seconds(30))
            #expect(try await service.deliverDue(with: sender).delivered == 1)
            let delivery = try #require(try await store.readAlerts { try await $0.alertDeliveries(alertID: alert.id) }.first)
            #expect(delivery.state == .delivered && delivery.attempts == 2 && delivery.deliveredAt == now.read && delivery.lastError == nil)
        }
    }
}
