import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Premium

/// `POST /webhooks/stripe`: the signature is checked over the raw body exactly as received, and
/// only a verified body reaches the processor. A refusal (400) applies nothing and is logged once,
/// with the reason but without the body or the header's signatures.
struct StripeWebhookRoute: Sendable {
    let secret: StripeWebhookSecret?
    let process: (@Sendable (Data) async throws -> WebhookOutcome)?
    let maximumBodyBytes: Int
    let now: @Sendable () -> Date
    let metrics: WebMetrics
    let logger: Logger

    static let signatureHeader = HTTPField.Name("Stripe-Signature")!

    func handle(_ request: Request) async throws -> Response {
        guard let secret else {
            metrics.recordWebhook(source: "stripe", outcome: "unconfigured")
            return .text(.serviceUnavailable, "the Stripe webhook secret is not configured\n")
        }
        guard let body = try await WebhookBody.collect(request, limit: maximumBodyBytes) else {
            metrics.recordWebhook(source: "stripe", outcome: "too_large")
            return .text(.contentTooLarge, "the body is larger than \(maximumBodyBytes) bytes\n")
        }
        do {
            try StripeSignature.verify(body: body, header: request.headers[Self.signatureHeader], secret: secret, now: now())
        } catch {
            metrics.recordWebhook(source: "stripe", outcome: "invalid_signature")
            logger.notice("refused a Stripe webhook", metadata: ["reason": "\(error)", "bytes": "\(body.count)"])
            return .text(.badRequest, "signature verification failed: \(error)\n")
        }
        guard let process else {
            // Verified but nowhere to go: Stripe keeps it and retries for days.
            metrics.recordWebhook(source: "stripe", outcome: "unconfigured")
            return .text(.serviceUnavailable, "no Stripe event processor is configured; the event will be retried\n")
        }
        do {
            let outcome = try await process(body)
            metrics.recordWebhook(source: "stripe", outcome: outcome.rawValue)
            return .text(.ok, "\(outcome.rawValue)\n")
        } catch let rejected as WebhookRejected {
            // The same body can never succeed: a 400 stops Stripe's retries. Nothing was applied.
            metrics.recordWebhook(source: "stripe", outcome: "rejected")
            logger.warning("a verified Stripe webhook was rejected", metadata: ["reason": "\(rejected.reason)"])
            return .text(.badRequest, "\(rejected.reason)\n")
        } catch {
            // Stripe retries a 5xx with backoff for three days; the processor applied nothing.
            metrics.recordWebhook(source: "stripe", outcome: "failed")
            logger.error("a verified Stripe webhook failed", metadata: ["error": "\(error)"])
            return .text(.internalServerError, "the event could not be processed; it will be retried\n")
        }
    }
}

/// Reading a webhook body under the cap, once, as the bytes that were signed.
enum WebhookBody {
    /// Nil when the body is larger than `limit` (said by Content-Length or found while reading).
    static func collect(_ request: Request, limit: Int) async throws -> Data? {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit { return nil }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            return nil
        }
    }
}

extension Response {
    static func text(_ status: HTTPResponse.Status, _ text: String, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
