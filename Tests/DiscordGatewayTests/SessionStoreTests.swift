import Foundation
import Testing

@testable import DiscordGateway

struct SessionStoreTests {
    let session = GatewaySession(sessionID: "4f1c", sequence: 1234, resumeURL: "wss://gateway-us-east1-b.discord.gg")

    @Test func inMemoryRoundTrip() async throws {
        let store = InMemorySessionStore()
        #expect(try await store.load(shardID: 0) == nil)
        try await store.save(session, shardID: 0)
        #expect(try await store.load(shardID: 0) == session)
        try await store.save(nil, shardID: 0)
        #expect(try await store.load(shardID: 0) == nil)
    }

    @Test func jsonFileSurvivesANewStoreInstance() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-sessions-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("sessions.json")
        try await JSONFileSessionStore(fileURL: file).save(session, shardID: 2)
        try await JSONFileSessionStore(fileURL: file).save(GatewaySession(sessionID: "x", sequence: 1, resumeURL: "wss://x"), shardID: 5)
        let reopened = JSONFileSessionStore(fileURL: file)
        #expect(try await reopened.load(shardID: 2) == session)
        #expect(try await reopened.load(shardID: 5)?.sessionID == "x")
        #expect(try await reopened.load(shardID: 0) == nil)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("\"session_id\""))
        #expect(text.contains("\"resume_gateway_url\""))
    }
}
