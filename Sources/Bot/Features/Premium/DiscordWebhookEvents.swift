import DiscordModels
import Foundation
import Synchronization

/// Discord's webhook events (`/webhooks/discord`, signature already checked by the HTTP server)
/// handed to the bot in the same process: ENTITLEMENT_CREATE, _UPDATE and _DELETE go where the
/// gateway's copies go (`DiscordEntitlementSync`), so a purchase counts whichever way it arrives.
public final class DiscordWebhookEvents: Sendable {
    /// No bot in this process takes events (`gachabot serve` alone): the route answers 5xx and
    /// Discord delivers the event again later.
    public struct NoReceiver: Error, CustomStringConvertible {
        public var description: String { "no bot in this process takes Discord's webhook events" }
    }

    /// The body is not a Discord webhook event: the same body will never succeed.
    public struct Malformed: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "not a Discord webhook event: \(reason)" }
    }

    private let receiver = Mutex<(@Sendable (GatewayDispatch) async -> Void)?>(nil)

    public init() {}

    /// The running bot's handler for entitlement events.
    func attach(_ handler: @escaping @Sendable (GatewayDispatch) async -> Void) {
        receiver.withLock { $0 = handler }
    }

    /// Decodes `{"type": 1, "event": {"type": NAME, "data": {…}}}` and hands an entitlement event
    /// to the bot. Other event types are accepted and ignored.
    public func handle(_ body: Data) async throws {
        guard let envelope = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { throw Malformed(reason: "not a JSON object") }
        guard envelope["type"] as? Int == 1, let event = envelope["event"] as? [String: Any], let name = event["type"] as? String else {
            throw Malformed(reason: "no event (type 1 with event.type)")
        }
        guard name.hasPrefix("ENTITLEMENT_") else { return }
        guard let data = event["data"], let bytes = try? JSONSerialization.data(withJSONObject: data) else {
            throw Malformed(reason: "\(name) without data")
        }
        let dispatch: GatewayDispatch
        do {
            dispatch = try GatewayDispatch.decode(eventName: name, data: bytes)
        } catch {
            throw Malformed(reason: "\(name): \(error)")
        }
        guard let handler = receiver.withLock({ $0 }) else { throw NoReceiver() }
        await handler(dispatch)
    }
}
