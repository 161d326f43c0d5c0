import DiscordSandbox
import Foundation
import Testing

/// A purchase, a renewal and a refund reach a connected bot as ENTITLEMENT_CREATE, _UPDATE and
/// _DELETE, in that order, each carrying the entitlement as stored.
@Suite("Sandbox entitlement events", .timeLimit(.minutes(1)))
struct EntitlementEventTests {
    @Test func grantRenewAndRefundAreDispatched() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                _ = try await client.receive(op: 10)
                try await client.identify()
                _ = try await client.receive(op: 0, event: "READY")
                _ = try await client.receive(op: 0, event: "GUILD_CREATE")

                let granted = sandbox.grantEntitlement(skuID: 77, userID: 42, endsAt: Date(timeIntervalSince1970: 2_000_000_000))
                let create = try await client.receive(op: 0, event: "ENTITLEMENT_CREATE")
                let d = try #require(create["d"] as? [String: Any])
                #expect(d["sku_id"] as? String == "77" && d["user_id"] as? String == "42" && d["type"] as? Int == 8)
                #expect(d["ends_at"] as? String == "2033-05-18T03:33:20.000+00:00")
                let id = try #require(d["id"] as? String).flatMap(UInt64.init)
                #expect(granted.contains(#""id":"\#(id ?? 0)""#))

                sandbox.updateEntitlement(id: try #require(id), endsAt: Date(timeIntervalSince1970: 2_100_000_000))
                let update = try await client.receive(op: 0, event: "ENTITLEMENT_UPDATE")
                #expect((update["d"] as? [String: Any])?["ends_at"] as? String == "2036-07-18T13:20:00.000+00:00")

                sandbox.deleteEntitlement(id: try #require(id))
                let delete = try await client.receive(op: 0, event: "ENTITLEMENT_DELETE")
                #expect((delete["d"] as? [String: Any])?["deleted"] as? Bool == true)
                #expect(sandbox.activeEntitlementsJSON(userID: 42).isEmpty)
            }
        }
    }
}
