import Foundation
import Synchronization

/// Sessions kept in one JSON file (`{"0": {"session_id": …, "sequence": …, "resume_gateway_url": …}}`),
/// written atomically, so a restarted process resumes its shards. The file holds no token.
public final class JSONFileSessionStore: SessionStore {
    public let fileURL: URL
    private let lock = Mutex(())

    public init(fileURL: URL) {
        self.fileURL = fileURL
    }

    public func load(shardID: Int) async throws -> GatewaySession? {
        try lock.withLock { _ in try readAll()[String(shardID)] }
    }

    public func save(_ session: GatewaySession?, shardID: Int) async throws {
        try lock.withLock { _ in
            var all = try readAll()
            all[String(shardID)] = session
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let data = try encoder.encode(all)
            try FileManager.default.createDirectory(
                at: fileURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: fileURL, options: .atomic)
        }
    }

    private func readAll() throws -> [String: GatewaySession] {
        guard FileManager.default.fileExists(atPath: fileURL.path) else { return [:] }
        let data = try Data(contentsOf: fileURL)
        if data.isEmpty { return [:] }
        return try JSONDecoder().decode([String: GatewaySession].self, from: data)
    }
}
