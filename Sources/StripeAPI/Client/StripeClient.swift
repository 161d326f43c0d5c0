import AsyncHTTPClient
import Clocks
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Stripe's REST API over async-http-client: form bodies as the SDKs encode them, an
/// `Idempotency-Key` on every POST (the same key on each retry of a call), Stripe's retry rules
/// with an injected clock and random source, and a pinned `Stripe-Version`. Logs name the method,
/// path, status and Stripe's request id; never the key or a body.
public final class StripeClient: Sendable {
    /// The API version every request asks for, so Stripe's answers keep one shape whatever the
    /// account's default. From 2025-03-31.basil `current_period_end` lives on subscription items.
    public static let pinnedAPIVersion = "2025-03-31.basil"
    public static let defaultBaseURL = "https://api.stripe.com"

    public struct Configuration: Sendable {
        public var baseURL: String
        public var apiVersion: String
        public var retry: StripeRetryPolicy
        public var timeout: Duration

        public init(
            baseURL: String = StripeClient.defaultBaseURL, apiVersion: String = StripeClient.pinnedAPIVersion,
            retry: StripeRetryPolicy = .init(), timeout: Duration = .seconds(30)
        ) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.apiVersion = apiVersion
            self.retry = retry
            self.timeout = timeout
        }
    }

    let key: StripeSecretKey
    public let configuration: Configuration
    let httpClient: HTTPClient
    let clock: any Clock<Duration>
    let random: any RandomSource
    let makeIdempotencyKey: @Sendable () -> String
    let logger: Logger

    public init(
        key: StripeSecretKey, configuration: Configuration = .init(), httpClient: HTTPClient = .shared,
        clock: any Clock<Duration> = ContinuousClock(), random: any RandomSource = SystemRandomSource(),
        makeIdempotencyKey: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
        logger: Logger = Logger(label: "gachabot.stripe")
    ) {
        self.key = key
        self.configuration = configuration
        self.httpClient = httpClient
        self.clock = clock
        self.random = random
        self.makeIdempotencyKey = makeIdempotencyKey
        self.logger = logger
    }

    /// GET `path` with `query` as form-encoded parameters.
    public func get<T: Decodable>(_ path: String, query: [StripeFormField] = [], as type: T.Type = T.self) async throws -> T {
        let encoded = StripeForm.encode(query)
        return try await send(.GET, path: encoded.isEmpty ? path : path + "?" + encoded, body: nil, idempotencyKey: nil)
    }

    /// POST `form` to `path`. `idempotencyKey` defaults to a fresh key per call; pass one derived
    /// from the operation (a pending checkout's id, say) to make a call safe across restarts.
    public func post<T: Decodable>(
        _ path: String, form: [StripeFormField], idempotencyKey: String? = nil, as type: T.Type = T.self
    ) async throws -> T {
        try await send(.POST, path: path, body: StripeForm.encode(form), idempotencyKey: idempotencyKey ?? makeIdempotencyKey())
    }

    private func send<T: Decodable>(_ method: HTTPMethod, path: String, body: String?, idempotencyKey: String?) async throws -> T {
        guard !key.value.isEmpty else { throw StripeAPIError.misconfigured(reason: "no secret key") }
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(key.value)")
        request.headers.add(name: "Stripe-Version", value: configuration.apiVersion)
        request.headers.add(name: "User-Agent", value: "Gachabot StripeAPI")
        request.headers.add(name: "Accept", value: "application/json")
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let logPath = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        var retries = 0
        while true {
            var status: Int?
            var shouldRetryHeader: String?
            var retryAfter: Double?
            let failure: StripeAPIError
            do {
                let response = try await httpClient.execute(request, timeout: .nanoseconds(configuration.timeout.nanoseconds))
                let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
                let code = Int(response.status.code)
                let requestID = response.headers.first(name: "Request-Id")
                logger.debug(
                    "Stripe answered",
                    metadata: ["method": "\(method.rawValue)", "path": "\(logPath)", "status": "\(code)", "request_id": "\(requestID ?? "-")"])
                if (200..<300).contains(code) {
                    do {
                        return try JSONDecoder().decode(T.self, from: Data(bytes.readableBytesView))
                    } catch {
                        throw StripeAPIError.unexpectedResponse(status: code, reason: key.redact("\(error)"))
                    }
                }
                status = code
                shouldRetryHeader = response.headers.first(name: "Stripe-Should-Retry")
                retryAfter = response.headers.first(name: "Retry-After").flatMap(Double.init)
                failure = Self.apiError(status: code, body: Data(bytes.readableBytesView), requestID: requestID, key: key)
            } catch let error as StripeAPIError {
                throw error
            } catch {
                failure = .connection(reason: key.redact(String(describing: error)))
            }
            guard configuration.retry.shouldRetry(status: status, shouldRetryHeader: shouldRetryHeader, retriesSoFar: retries) else {
                throw failure
            }
            retries += 1
            let delay = configuration.retry.delay(retry: retries, retryAfterSeconds: retryAfter, jitter: random.unit())
            logger.notice(
                "retrying a Stripe call",
                metadata: ["method": "\(method.rawValue)", "path": "\(logPath)", "retry": "\(retries)", "after": "\(delay)", "why": "\(failure)"])
            try await clock.sleep(for: delay)
        }
    }

    /// Stripe's error object, or a description of what came instead.
    static func apiError(status: Int, body: Data, requestID: String?, key: StripeSecretKey) -> StripeAPIError {
        struct Envelope: Decodable {
            struct Detail: Decodable {
                var type: String?
                var code: String?
                var param: String?
                var message: String?
            }
            var error: Detail
        }
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: body) else {
            return .unexpectedResponse(status: status, reason: "no Stripe error object in the body")
        }
        let detail = envelope.error
        return .api(
            status: status, type: detail.type ?? "api_error", code: detail.code, parameter: detail.param,
            message: key.redact(detail.message ?? "no message"), requestID: requestID)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
