import Cluster
import Clocks
import Foundation
import Logging
import PostgresNIO
import PostgresStorage
import Synchronization
import Testing

/// A migrated temporary database and `count` independent connection pools on it: each pool
/// stands for one bot process (its own connections, its own sessions on the server).
enum ClusterTestDatabase {
    static let url: PostgresURL? = ProcessInfo.processInfo.environment["GACHABOT_TEST_POSTGRES_URL"].flatMap {
        try? PostgresURL($0)
    }
    static var isConfigured: Bool { url != nil }

    static var logger: Logger {
        var logger = Logger(label: "cluster-tests")
        logger.logLevel = .error
        return logger
    }

    /// A fixed epoch, so times in the tables read the same on every run.
    static let epoch: Int64 = 1_800_000_000_000

    static func withProcesses<T: Sendable>(_ count: Int, _ body: ([PostgresClient]) async throws -> T) async throws -> T {
        let serverURL = try #require(url)
        return try await PostgresStore.withTemporaryDatabase(serverURL: serverURL, prefix: "gachabot_cluster", logger: logger) { store in
            let clients = (0..<count).map { _ in store.url.makeClient(maximumConnections: 4, logger: logger) }
            return try await withThrowingTaskGroup(of: Void.self) { group in
                for client in clients { group.addTask { await client.run() } }
                defer { group.cancelAll() }
                return try await body(clients)
            }
        }
    }
}

/// Values appended from several tasks, and a way to wait until some count of them arrived.
final class Recorder<Value: Sendable>: Sendable {
    private struct State {
        var values: [Value] = []
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }
    private let state = Mutex(State())

    func append(_ value: Value) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.values.append(value)
            let count = state.values.count
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    var all: [Value] { state.withLock { $0.values } }

    /// Returns once at least `count` values were appended (the suite's time limit ends a wait that never does).
    func waitForCount(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if state.values.count >= count { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }
}
