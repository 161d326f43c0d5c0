import DiscordModels
import DiscordSandbox
import Foundation
import Testing

@testable import DiscordREST

/// App monetization over REST against the loopback Discord: listing (filters, paging, ended and
/// deleted ones left out) and consuming, each request checked against Discord's OpenAPI description.
@Suite(.timeLimit(.minutes(1))) struct EntitlementRESTTests {
    static let app = ApplicationID(1_100_000_000_000_000_001)
    static let (pro, coins): (UInt64, UInt64) = (1_300_000_000_000_000_001, 1_300_000_000_000_000_002)
    static let (alice, bob): (UInt64, UInt64) = (1_400_000_000_000_000_001, 1_400_000_000_000_000_002)

    @Test func listsWhatEachUserHoldsAndLeavesOutEndedAndDeletedOnes() async throws {
        try await withRESTSandbox { sandbox, trust in
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust)
            let now = Date()
            sandbox.grantEntitlement(skuID: Self.pro, userID: Self.alice, endsAt: now.addingTimeInterval(30 * 86_400))
            sandbox.grantEntitlement(skuID: Self.pro, userID: Self.bob, endsAt: now.addingTimeInterval(-60))
            let refunded = try Self.id(of: sandbox.grantEntitlement(skuID: Self.coins, userID: Self.alice, consumable: true))
            sandbox.deleteEntitlement(id: refunded)

            let alices = try await client.listEntitlements(applicationID: Self.app, userID: UserID(Self.alice))
            #expect(alices.map(\.sku_id) == [SKUID(Self.pro)] && alices.first?.type == .applicationSubscription)
            #expect(try await client.listEntitlements(applicationID: Self.app, userID: UserID(Self.bob)).isEmpty)
            let withEnded = try await client.listEntitlements(applicationID: Self.app, userID: UserID(Self.bob), excludeEnded: false)
            #expect(withEnded.count == 1 && withEnded.first?.ends_at != nil)
            let withDeleted = try await client.listEntitlements(applicationID: Self.app, skuIDs: [SKUID(Self.coins)], excludeDeleted: false)
            #expect(withDeleted.map(\.deleted) == [true])
            #expect(sandbox.openAPIViolations.isEmpty && sandbox.violations.isEmpty)
        }
    }

    @Test func allEntitlementsFollowsThePages() async throws {
        try await withRESTSandbox { sandbox, trust in
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust)
            for index in 0..<230 { sandbox.grantEntitlement(skuID: Self.pro, userID: Self.alice + UInt64(index)) }
            let all = try await client.allEntitlements(applicationID: Self.app)
            #expect(all.count == 230 && Set(all.map(\.id)).count == 230)
            #expect(sandbox.requests.filter { $0.path.hasSuffix("/entitlements") }.count == 3)
        }
    }

    /// A consumable is used once: the second consume is refused and the entitlement stays consumed.
    @Test func aConsumableIsConsumedOnce() async throws {
        try await withRESTSandbox { sandbox, trust in
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust)
            let id = try Self.id(of: sandbox.grantEntitlement(skuID: Self.coins, userID: Self.alice, consumable: true))
            #expect(sandbox.activeEntitlementsJSON(userID: Self.alice).count == 1)
            try await client.consumeEntitlement(applicationID: Self.app, entitlementID: EntitlementID(id))
            #expect(sandbox.entitlement(id: id)?.contains(#""consumed":true"#) == true)
            #expect(sandbox.activeEntitlementsJSON(userID: Self.alice).isEmpty)
            await #expect(throws: DiscordRESTError.self) {
                try await client.consumeEntitlement(applicationID: Self.app, entitlementID: EntitlementID(id))
            }
            let subscription = try Self.id(of: sandbox.grantEntitlement(skuID: Self.pro, userID: Self.bob))
            await #expect(throws: DiscordRESTError.self) {
                try await client.consumeEntitlement(applicationID: Self.app, entitlementID: EntitlementID(subscription))
            }
        }
    }

    static func id(of json: String) throws -> UInt64 {
        let entitlement = try JSONDecoder().decode(Entitlement.self, from: Data(json.utf8))
        return entitlement.id.rawValue
    }
}
