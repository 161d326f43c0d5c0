import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The REST side: each route checks the key, scripted faults, idempotency and the parameters, in
/// that order, as Stripe's API front does, then acts on the sandbox's records.
extension StripeSandbox {
    struct Answer {
        var status: Int
        var body: JSONValue
        var headers: [(String, String)] = []
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/v1/checkout/sessions") { request, _ in
            try await self.serve(request, spec: StripeEndpointParameters.createCheckoutSession) { form in
                self.createCheckoutSession(form)
            }
        }
        router.post("/v1/billing_portal/sessions") { request, _ in
            try await self.serve(request, spec: StripeEndpointParameters.createBillingPortalSession) { form in
                self.createBillingPortalSession(form)
            }
        }
        router.post("/v1/customers") { request, _ in
            try await self.serve(request, spec: StripeEndpointParameters.createCustomer) { form in self.createCustomer(form) }
        }
        router.get("/v1/customers") { request, _ in
            try await self.serve(request, spec: StripeEndpointParameters.listCustomers) { query in self.listCustomers(query) }
        }
        router.get("/v1/subscriptions/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.serve(request, spec: StripeEndpointParameters.retrieveSubscription) { _ in
                self.retrieveSubscription(id)
            }
        }
        return router
    }

    private func serve(
        _ request: Request, spec: StripeParameter, _ perform: @escaping @Sendable (FormPairs) -> Answer
    ) async throws -> Response {
        let isPost = request.method == .post
        let bodyText = String(decoding: try await request.body.collect(upTo: 1 << 20).readableBytesView, as: UTF8.self)
        let query = FormBody.decode(request.uri.query ?? "") ?? []
        let form = isPost ? FormBody.decode(bodyText) : []
        let authorization = request.headers[.authorization]
        let idempotencyKey = request.headers[HTTPField.Name("Idempotency-Key")!]
        var record = RecordedStripeRequest(
            method: request.method.rawValue, path: request.uri.path, query: query, form: form ?? [], rawBody: bodyText,
            idempotencyKey: idempotencyKey, stripeVersion: request.headers[HTTPField.Name("Stripe-Version")!],
            contentType: request.headers[.contentType], authorized: authorization == "Bearer \(configuration.apiKey)", status: 0)
        let (answer, replayed) = decide(record: record, form: form, isPost: isPost, spec: spec, perform: perform)
        record.status = answer.status
        state.withLock { $0.requests.append(record) }
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[HTTPField.Name("Request-Id")!] = "req_\(UUID().uuidString.prefix(14).lowercased())"
        if replayed { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        for (name, value) in answer.headers { headers[HTTPField.Name(name)!] = value }
        return Response(
            status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body.data)))
    }

    private func decide(
        record: RecordedStripeRequest, form: [(key: String, value: String)]?, isPost: Bool, spec: StripeParameter,
        perform: (FormPairs) -> Answer
    ) -> (Answer, replayed: Bool) {
        guard record.authorized else {
            return (Answer(status: 401, body: StripeRendering.error(
                type: "invalid_request_error", code: nil, parameter: nil,
                message: "Invalid API Key provided. A secret key starts with sk_ and is sent as a Bearer token.")), false)
        }
        if let fault = takeFault(path: record.path) {
            var headers: [(String, String)] = []
            if let retry = fault.shouldRetry { headers.append(("Stripe-Should-Retry", retry ? "true" : "false")) }
            if let after = fault.retryAfterSeconds { headers.append(("Retry-After", String(after))) }
            let type = fault.status == 409 ? "idempotency_error" : (fault.status == 429 ? "invalid_request_error" : "api_error")
            return (Answer(status: fault.status, body: StripeRendering.error(
                type: type, code: fault.status == 429 ? "rate_limit" : nil, parameter: nil,
                message: "A scripted failure of the loopback Stripe (\(fault.status))."), headers: headers), false)
        }
        guard let form else {
            return (Answer(status: 400, body: StripeRendering.error(
                type: "invalid_request_error", code: nil, parameter: nil, message: "The request body is not valid form encoding.")), false)
        }
        if isPost {
            guard record.contentType?.hasPrefix("application/x-www-form-urlencoded") == true else {
                return (Answer(status: 400, body: StripeRendering.error(
                    type: "invalid_request_error", code: nil, parameter: nil,
                    message: "Stripe accepts application/x-www-form-urlencoded request bodies.")), false)
            }
            guard let key = record.idempotencyKey else {
                return (validatedPerform(form, spec: spec, perform: perform), false)
            }
            let cached = state.withLock { $0.idempotent[key] }
            if let cached {
                guard cached.body == record.rawBody, cached.path == record.path else {
                    return (Answer(status: 400, body: StripeRendering.error(
                        type: "idempotency_error", code: "idempotency_key_in_use", parameter: nil,
                        message: "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '\(key)' if you meant to execute a different request.")), false)
                }
                return (Answer(status: cached.status, body: cached.answer), true)
            }
            let answer = validatedPerform(form, spec: spec, perform: perform)
            if (200..<300).contains(answer.status) {
                state.withLock { $0.idempotent[key] = (record.rawBody, record.path, answer.status, answer.body) }
            }
            return (answer, false)
        }
        return (validatedPerform(record.query, spec: spec, perform: perform), false)
    }

    private func validatedPerform(
        _ pairs: [(key: String, value: String)], spec: StripeParameter, perform: (FormPairs) -> Answer
    ) -> Answer {
        if let problem = StripeParameterValidator.validate(pairs, against: spec) {
            return Answer(status: 400, body: StripeRendering.error(
                type: "invalid_request_error", code: problem.code, parameter: problem.parameter, message: problem.message))
        }
        return perform(FormPairs(pairs))
    }

    private func takeFault(path: String) -> StripeFault? {
        state.withLock { state in
            guard let index = state.faults.firstIndex(where: { $0.path == nil || $0.path == path }) else { return nil }
            let fault = state.faults[index]
            state.faults[index].count -= 1
            if state.faults[index].count <= 0 { state.faults.remove(at: index) }
            return fault
        }
    }

    static func missing(_ parameter: String, _ message: String? = nil) -> Answer {
        Answer(status: 400, body: StripeRendering.error(
            type: "invalid_request_error", code: "parameter_missing", parameter: parameter,
            message: message ?? "Missing required param: \(parameter)."))
    }

    static func noSuch(_ what: String, _ id: String, parameter: String?) -> Answer {
        Answer(status: parameter == nil ? 404 : 400, body: StripeRendering.error(
            type: "invalid_request_error", code: "resource_missing", parameter: parameter,
            message: "No such \(what): '\(id)'"))
    }
}

/// Decoded form or query pairs, read the way the operations need them.
struct FormPairs {
    let pairs: [(key: String, value: String)]

    init(_ pairs: [(key: String, value: String)]) { self.pairs = pairs }

    func first(_ key: String) -> String? { pairs.first { $0.key == key }?.value }

    /// `prefix[key]` entries as a dictionary (`metadata[a]=1` → `["a": "1"]`).
    func nested(_ prefix: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in pairs where pair.key.hasPrefix(prefix + "[") && pair.key.hasSuffix("]") {
            let inner = pair.key.dropFirst(prefix.count + 1).dropLast()
            if !inner.contains("[") && !inner.contains("]") { out[String(inner)] = pair.value }
        }
        return out
    }
}
