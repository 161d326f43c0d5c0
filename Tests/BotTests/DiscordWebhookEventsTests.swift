import DiscordModels
import Foundation
import Synchronization
import Testing

@testable import Bot

/// Discord's webhook events reach the bot's entitlement handling: an ENTITLEMENT_* event is
/// decoded as the gateway's would be, other events are ignored, a body that is no event is
/// refused, and with no bot in the process the event is left for Discord to deliver again.
@Suite struct DiscordWebhookEventsTests {
    static func body(_ type: String, data: String) -> Data {
        Data(#"{"version":1,"application_id":"1100000000000000001","type":1,"event":{"type":"\#(type)","timestamp":"2026-12-03T10:00:00.000Z","data":\#(data)}}"#.utf8)
    }

    static let entitlement =
        #"{"id":"1500000000000000001","sku_id":"1300000000000000001","application_id":"1100000000000000001","user_id":"42","type":8,"deleted":false,"starts_at":null,"ends_at":null}"#

    @Test func entitlementEventsReachTheBotAndOthersAreIgnored() async throws {
        let events = DiscordWebhookEvents()
        await #expect(throws: DiscordWebhookEvents.NoReceiver.self) { try await events.handle(Self.body("ENTITLEMENT_CREATE", data: Self.entitlement)) }
        let received = Mutex<[GatewayDispatch]>([])
        events.attach { dispatch in received.withLock { $0.append(dispatch) } }
        try await events.handle(Self.body("ENTITLEMENT_CREATE", data: Self.entitlement))
        try await events.handle(Self.body("APPLICATION_AUTHORIZED", data: "{}"))
        try await events.handle(Self.body("ENTITLEMENT_DELETE", data: Self.entitlement))
        let names = received.withLock { $0 }.map { dispatch -> String in
            switch dispatch {
            case .entitlementCreate(let e): "create \(e.user_id?.rawValue ?? 0)"
            case .entitlementDelete(let e): "delete \(e.user_id?.rawValue ?? 0)"
            default: "other"
            }
        }
        #expect(names == ["create 42", "delete 42"])
        await #expect(throws: DiscordWebhookEvents.Malformed.self) { try await events.handle(Data("[]".utf8)) }
        await #expect(throws: DiscordWebhookEvents.Malformed.self) { try await events.handle(Self.body("ENTITLEMENT_CREATE", data: #"{"id":"x"}"#)) }
    }
}
