import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Premium

/// `POST /webhooks/discord`: Discord's webhook events (entitlements, authorizations). Discord
/// signs `X-Signature-Timestamp` + body with Ed25519 and expects 401 for a bad signature (it sends
/// some on purpose when the URL is saved) and 204 for a PING (type 0) and for every event.
struct DiscordWebhookRoute: Sendable {
    let signature: DiscordWebhookSignature?
    let deliver: (@Sendable (Data) async throws -> Void)?
    let maximumBodyBytes: Int
    let metrics: WebMetrics
    let logger: Logger

    static let signatureHeader = HTTPField.Name("X-Signature-Ed25519")!
    static let timestampHeader = HTTPField.Name("X-Signature-Timestamp")!

    /// https://discord.com/developers/docs/events/webhook-events#webhook-event-payloads
    struct Envelope: Decodable {
        let type: Int
    }

    func handle(_ request: Request) async throws -> Response {
        guard let signature else {
            metrics.recordWebhook(source: "discord", outcome: "unconfigured")
            return .text(.serviceUnavailable, "the Discord public key is not configured\n")
        }
        guard let body = try await WebhookBody.collect(request, limit: maximumBodyBytes) else {
            metrics.recordWebhook(source: "discord", outcome: "too_large")
            return .text(.contentTooLarge, "the body is larger than \(maximumBodyBytes) bytes\n")
        }
        guard
            signature.isValid(
                body: body, signatureHex: request.headers[Self.signatureHeader],
                timestamp: request.headers[Self.timestampHeader])
        else {
            metrics.recordWebhook(source: "discord", outcome: "invalid_signature")
            logger.notice("refused a Discord webhook: invalid signature", metadata: ["bytes": "\(body.count)"])
            return .text(.unauthorized, "invalid request signature\n")
        }
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: body) else {
            metrics.recordWebhook(source: "discord", outcome: "malformed")
            return .text(.badRequest, "the body is not a Discord webhook event (no numeric type)\n")
        }
        switch envelope.type {
        case 0:
            metrics.recordWebhook(source: "discord", outcome: "ping")
            return Response(status: .noContent)
        case 1:
            guard let deliver else {
                metrics.recordWebhook(source: "discord", outcome: "unconfigured")
                return .text(.serviceUnavailable, "no handler for Discord webhook events is configured\n")
            }
            do {
                try await deliver(body)
            } catch let rejected as WebhookRejected {
                metrics.recordWebhook(source: "discord", outcome: "rejected")
                return .text(.badRequest, "\(rejected.reason)\n")
            } catch {
                metrics.recordWebhook(source: "discord", outcome: "failed")
                logger.error("a verified Discord webhook event failed", metadata: ["error": "\(error)"])
                return .text(.internalServerError, "the event could not be processed\n")
            }
            metrics.recordWebhook(source: "discord", outcome: "delivered")
            return Response(status: .noContent)
        default:
            metrics.recordWebhook(source: "discord", outcome: "malformed")
            return .text(.badRequest, "unknown webhook type \(envelope.type)\n")
        }
    }
}
