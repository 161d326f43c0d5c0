import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Premium

/// Signed webhook deliveries: each POST carries `Stripe-Signature` made with `StripeSignature`
/// over the exact bytes sent, as Stripe's endpoint would.
extension StripeSandbox {
    /// Delivers every event not yet delivered (and forgets them), as `script` says.
    @discardableResult
    public func deliverPending(to url: String, script: DeliveryScript = .init()) async -> [DeliveryAttempt] {
        let pending = state.withLock { state in
            defer { state.undelivered = [] }
            return state.undelivered
        }
        return await deliver(pending, to: url, script: script)
    }

    /// Delivers `events` to `url` as `script` says and returns every attempt in order. Delays and
    /// retry waits sleep on the sandbox's clock; cancellation ends the run early.
    @discardableResult
    public func deliver(_ events: [SandboxEvent], to url: String, script: DeliveryScript = .init()) async -> [DeliveryAttempt] {
        var attempts: [DeliveryAttempt] = []
        for event in script.arrange(events) {
            if script.delay > .zero {
                do { try await clock.sleep(for: script.delay) } catch { return attempts }
            }
            var attempt = 1
            while true {
                let status = await post(event, to: url, secret: script.wrongSecret ?? configuration.webhookSecret)
                attempts.append(DeliveryAttempt(eventID: event.id, type: event.type, attempt: attempt, status: status))
                let failed = status.map { $0 >= 500 } ?? true
                guard failed, let retry = script.retry, attempt < retry.maximumAttempts else { break }
                do { try await clock.sleep(for: retry.backoff * (1 << (attempt - 1))) } catch { return attempts }
                attempt += 1
            }
        }
        return attempts
    }

    /// The `Stripe-Signature` header for `event` signed now with `secret`.
    public func signatureHeader(for event: SandboxEvent, secret: StripeWebhookSecret? = nil) -> String {
        StripeSignature.header(body: event.payload, secret: secret ?? configuration.webhookSecret, timestamp: signingTime())
    }

    private func post(_ event: SandboxEvent, to url: String, secret: StripeWebhookSecret) async -> Int? {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "User-Agent", value: "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
        request.headers.add(name: "Stripe-Signature", value: signatureHeader(for: event, secret: secret))
        request.body = .bytes(ByteBuffer(bytes: event.payload))
        do {
            let response = try await httpClient.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 1 << 20)
            return Int(response.status.code)
        } catch {
            logger.debug("a webhook delivery got no answer", metadata: ["event": "\(event.id)", "error": "\(error)"])
            return nil
        }
    }
}
