import Foundation
import NIOHTTP1

/// The REST API under `/api/v10`: checks (faults, auth, User-Agent, OpenAPI), routes, rate-limit
/// headers, recording.
extension SandboxCore {
    static let apiPrefix = "/api/v10"

    /// What `handle` works out once per request.
    private struct Resolved {
        var receivedAt: Duration
        var apiPath: String?
        var match: (template: OpenAPIDocument.Template, parameters: [String: String])?
        var document: OpenAPIDocument?
        var isMultipart: Bool
        var parts: [MultipartPart]
        var template: String? { match?.template.template }
    }

    private func resolve(_ request: RESTRequest) -> Resolved {
        let receivedAt = elapsed()
        let apiPath =
            request.path.utf8.starts(with: Self.apiPrefix.utf8)
            ? String(request.path[request.path.utf8.index(request.path.startIndex, offsetBy: Self.apiPrefix.utf8.count)...]) : nil
        let document = try? OpenAPIDocument.shared.get()
        let match = apiPath.flatMap { document?.match(path: $0) }
        let contentType = request.header("content-type") ?? ""
        let isMultipart = Self.isMultipart(contentType)
        var parts: [MultipartPart] = []
        if isMultipart, let boundary = Multipart.boundary(ofContentType: contentType) {
            parts = Multipart.parse(body: request.body, boundary: boundary) ?? []
        }
        return Resolved(
            receivedAt: receivedAt, apiPath: apiPath, match: match, document: document, isMultipart: isMultipart,
            parts: parts)
    }

    /// Whether the content type is `multipart/form-data` (any case), without lowercasing a copy.
    static func isMultipart(_ contentType: String) -> Bool {
        let prefix = "multipart/form-data".utf8
        return contentType.utf8.count >= prefix.count
            && zip(contentType.utf8, prefix).allSatisfy { byte, expected in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 == expected : byte == expected
            }
    }

    /// Answers `request`, scripted faults (which may delay it) included.
    func handle(_ request: RESTRequest) async -> RESTResponse {
        if Self.isAttachmentRequest(request) { return await serveAttachment(request) }
        let routed = resolve(request)
        // Scripted faults first: the server misbehaves whatever the request.
        var answerLost = false
        while let fault = takeFault(method: request.method, template: routed.template) {
            switch fault {
            case .delay(let duration):
                try? await sleep(for: duration)
            case .answerLost:
                answerLost = true
            default:
                let response = faultResponse(fault, template: routed.match?.template, parameters: routed.match?.parameters ?? [:])
                return finish(request, routed, response, charging: nil)
            }
        }
        let (response, charge) = respond(request, routed)
        var answer = finish(request, routed, response, charging: charge)
        answer.isLost = answerLost
        return answer
    }

    /// Answers `request` at once when no fault is scripted (nothing can delay it); nil otherwise,
    /// and then `handle` must answer it. The server's event loop calls this for every request.
    func handleImmediately(_ request: RESTRequest) -> RESTResponse? {
        if Self.isAttachmentRequest(request) { return serveAttachmentImmediately(request) }
        guard !faultsScripted.load(ordering: .acquiring) else { return nil }
        let routed = resolve(request)
        let (response, charge) = respond(request, routed)
        return finish(request, routed, response, charging: charge)
    }

    /// The next scripted fault for the request, if any, counted as used.
    private func takeFault(method: String, template: String?) -> RESTFault? {
        guard faultsScripted.load(ordering: .acquiring) else { return nil }
        return state.withLock { state in
            defer { faultsScripted.store(!state.rest.faults.isEmpty, ordering: .releasing) }
            return state.rest.takeFault(method: method, template: template)
        }
    }

    /// Counts the request in its rate-limit bucket (when `charge` names one) and records it with
    /// its answer, under one lock; then adds the bucket's headers and `Via`. With enforcement on,
    /// an empty bucket turns the answer into a 429.
    private func finish(_ request: RESTRequest, _ routed: Resolved, _ answer: RESTResponse, charging charge: RateLimitCharge?)
        -> RESTResponse
    {
        var response = answer
        var recorded = recording(request, routed, response)
        let now = elapsed()
        let enforce = configuration.enforceRESTRateLimits
        var exhausted = false
        let bucket = state.withLock { state -> RESTStore.Bucket? in
            let bucket = charge.map { state.rest.charge($0.key, limit: $0.rule.limit, window: $0.rule.window, now: now) }
            if enforce, let bucket, bucket.remaining < 0 {
                exhausted = true
                response = Self.bucketExhausted(retryAfter: (bucket.resetAt - now).inSeconds)
                recorded.responseStatus = response.status
                recorded.responseBody = Data(response.body)
            }
            recorded.index = state.requests.count
            state.requests.append(recorded)
            state.notifyChange()
            return bucket
        }
        if let charge, let bucket {
            // The five bucket headers, Via, and Content-Length and Connection (`parts(answering:)`)
            // without regrowing.
            response.headers.reserveCapacity(response.headers.count + 10)
            addRateLimitHeaders(charge.rule, remaining: bucket.remaining, resetAfter: bucket.resetAt - now, to: &response.headers)
            if exhausted {
                let retryAfter = (bucket.resetAt - now).inSeconds
                response.headers.add(name: "X-RateLimit-Scope", value: "user")
                response.headers.add(name: "Retry-After", value: String(Int(retryAfter.rounded(.up))))
            }
        }
        if !response.headers.contains(name: "Via") { response.headers.add(name: "Via", value: "1.1 google") }
        return response
    }

    /// The request as the log keeps it: header names lowercased, the token redacted.
    private func recording(_ request: RESTRequest, _ routed: Resolved, _ response: RESTResponse) -> RecordedRequest {
        let authorization = request.header("authorization")
        let authorized = authorization == configuration.token.authorizationHeader
        var headers: [String: String] = [:]
        headers.reserveCapacity(request.headers.count)
        for (name, value) in request.headers {
            let key = name.lowercased()
            let shown = key == "authorization" ? (value.hasPrefix("Bot ") ? "Bot [redacted]" : "[redacted]") : value
            headers[key] = headers[key].map { "\($0), \(shown)" } ?? shown
        }
        return RecordedRequest(
            index: 0, method: request.method, path: request.path, query: request.query, routeTemplate: routed.template,
            headers: headers, authorized: authorized, body: Data(request.body), parts: routed.parts, receivedAt: routed.receivedAt,
            responseStatus: response.status, responseBody: Data(response.body))
    }

    /// The route's answer and the rate-limit bucket it counts against (none for a request refused
    /// before routing).
    private func respond(_ request: RESTRequest, _ routed: Resolved) -> (RESTResponse, RateLimitCharge?) {
        let (apiPath, match, document, parts) = (routed.apiPath, routed.match, routed.document, routed.parts)
        guard let apiPath, let match else {
            return (.error(404, code: 0, "404: Not Found"), nil)
        }
        let tokenInPath = match.template.template.hasPrefix("/interactions/") || match.template.template.hasPrefix("/webhooks/")
        if !tokenInPath && request.header("authorization") != configuration.token.authorizationHeader {
            recordViolation(.unauthorized, connection: nil, detail: "\(request.method) \(apiPath) without a valid Bot token")
            return (.error(401, code: 0, "401: Unauthorized"), nil)
        }
        if !(request.header("user-agent") ?? "").hasPrefix("DiscordBot (") {
            recordViolation(
                .missingUserAgent, connection: nil,
                detail: "\(request.method) \(apiPath): User-Agent must start with \"DiscordBot (\"")
        }

        // Conformance to Discord's OpenAPI description.
        var payload: JSON?
        let hasBody = !request.body.isEmpty
        if hasBody {
            if routed.isMultipart {
                if parts.isEmpty { return (.error(400, code: 50035, "Invalid Form Body"), nil) }
                if let json = parts.first(where: { $0.name == "payload_json" }) {
                    guard let parsed = try? JSON(parsing: json.data) else {
                        return (.error(400, code: 50109, "The request body contains invalid JSON."), nil)
                    }
                    payload = parsed
                }
            } else {
                guard let parsed = try? JSON(parsing: request.body) else {
                    return (.error(400, code: 50109, "The request body contains invalid JSON."), nil)
                }
                payload = parsed
            }
        }
        if configuration.validateOpenAPI, let document {
            let kind = routed.isMultipart ? "multipart/form-data" : "application/json"
            if let (schema, required) = document.requestSchema(template: match.template, method: request.method, contentType: kind) {
                var failures: [SchemaValidator.Failure] = []
                if let payload {
                    failures = SchemaValidator.validate(payload, against: schema, document: document)
                } else if required {
                    failures = [.init(pointer: "", message: "a request body is required")]
                }
                if !failures.isEmpty {
                    let violations = failures.map {
                        OpenAPIViolation(
                            method: request.method, path: request.path, routeTemplate: match.template.template, pointer: $0.pointer,
                            message: $0.message)
                    }
                    state.withLock { state in
                        state.openAPIViolations.append(contentsOf: violations)
                        state.notifyChange()
                    }
                    return (.error(400, code: 50035, "Invalid Form Body", errors: Self.formErrors(failures)), nil)
                }
            }
        }

        let response = route(request, template: match.template.template, parameters: match.parameters, payload: payload, parts: parts)
        let rule = match.template.rateLimit
        return (response, RateLimitCharge(rule: rule, key: bucketKey(rule, match.parameters)))
    }

    /// Discord's nested `errors` object: `{"data": {"content": {"_errors": [{code, message}]}}}`.
    static func formErrors(_ failures: [SchemaValidator.Failure]) -> JSON {
        var root: JSON = .object([:])
        for failure in failures.prefix(20) {
            let keys = failure.pointer.split(separator: "/").map(String.init)
            root = insert(failure.message, at: keys[...], into: root)
        }
        return root
    }

    private static func insert(_ message: String, at keys: ArraySlice<String>, into node: JSON) -> JSON {
        var object = node.objectValue ?? [:]
        if let first = keys.first {
            object[first] = insert(message, at: keys.dropFirst(), into: object[first] ?? .object([:]))
        } else {
            var errors = object["_errors"]?.arrayValue ?? []
            errors.append(["code": "BASE_TYPE_INVALID", "message": .string(message)])
            object["_errors"] = .array(errors)
        }
        return .object(object)
    }

    // MARK: Faults and rate limits

    /// The bucket's key: the route's bucket and its major parameter (with the webhook's or
    /// interaction's token, which Discord counts as part of it).
    private func bucketKey(_ rule: RateLimitRule, _ parameters: [String: String]) -> String {
        var key = rule.bucket
        key += ":"
        for name in ["channel_id", "guild_id", "webhook_id", "interaction_id"] {
            guard let value = parameters[name] else { continue }
            key += name
            key += "="
            key += value
            if let token = parameters["webhook_token"] ?? parameters["interaction_token"], !token.isEmpty {
                key += "/"
                key += token.prefix(12)
            }
            return key
        }
        key += "global"
        return key
    }

    /// The bucket headers. `resetAfterText` overrides `X-RateLimit-Reset-After` (a scripted 429's retry_after).
    private func addRateLimitHeaders(
        _ rule: RateLimitRule, remaining: Int, resetAfter: Duration, resetAfterText: String? = nil, to headers: inout HTTPHeaders
    ) {
        let seconds = resetAfter.inSeconds
        let reset = Date().timeIntervalSince1970 + seconds
        headers.add(name: "X-RateLimit-Limit", value: rule.limitHeader)
        headers.add(name: "X-RateLimit-Remaining", value: String(max(remaining, 0)))
        headers.add(name: "X-RateLimit-Reset", value: Self.threeDecimals(reset))
        headers.add(name: "X-RateLimit-Reset-After", value: resetAfterText ?? Self.threeDecimals(seconds))
        headers.add(name: "X-RateLimit-Bucket", value: rule.bucket)
    }

    /// `String(format: "%.3f", value)` for the non-negative values of rate-limit headers, without
    /// Foundation's formatter (a tenth of the sandbox's CPU per request went there).
    static func threeDecimals(_ value: Double) -> String {
        let thousandths = Int64((max(value, 0) * 1000).rounded())
        let fraction = Int(thousandths % 1000)
        // Up to 15 bytes for any timestamp this century: a small string, no allocation.
        var text = String(thousandths / 1000)
        text.unicodeScalars.append(".")
        text.unicodeScalars.append(Self.digit(fraction / 100))
        text.unicodeScalars.append(Self.digit(fraction / 10 % 10))
        text.unicodeScalars.append(Self.digit(fraction % 10))
        return text
    }

    private static func digit(_ value: Int) -> Unicode.Scalar {
        Unicode.Scalar(UInt8(ascii: "0") + UInt8(value))
    }

    /// An enforced bucket's 429 (its headers are added with the bucket's).
    private static func bucketExhausted(retryAfter: Double) -> RESTResponse {
        .json(429, ["message": "You are being rate limited.", "retry_after": .double(retryAfter), "global": false])
    }

    private func faultResponse(_ fault: RESTFault, template: OpenAPIDocument.Template?, parameters: [String: String]) -> RESTResponse {
        func tooMany(_ retryAfter: Double, global: Bool, scope: String) -> RESTResponse {
            var response = RESTResponse.json(
                429, ["message": "You are being rate limited.", "retry_after": .double(retryAfter), "global": .bool(global)])
            response.headers.add(name: "Retry-After", value: String(Int(retryAfter.rounded(.up))))
            response.headers.add(name: "X-RateLimit-Scope", value: scope)
            if global {
                response.headers.add(name: "X-RateLimit-Global", value: "true")
            } else if let template {
                addRateLimitHeaders(
                    template.rateLimit, remaining: 0, resetAfter: .seconds(1), resetAfterText: Self.threeDecimals(retryAfter),
                    to: &response.headers)
            }
            return response
        }
        switch fault {
        case .rateLimited(let retryAfter): return tooMany(retryAfter, global: false, scope: "user")
        case .globalRateLimited(let retryAfter): return tooMany(retryAfter, global: true, scope: "global")
        case .sharedRateLimited(let retryAfter): return tooMany(retryAfter, global: false, scope: "shared")
        case .cloudflareRateLimited(let retryAfter):
            let html =
                "<!DOCTYPE html><html><head><title>Access denied | discord.com used Cloudflare to restrict access</title></head><body><h1>Error 1015</h1><p>You are being rate limited.</p></body></html>"
            return RESTResponse(
                status: 429,
                headers: ["Content-Type": "text/html; charset=UTF-8", "Retry-After": String(retryAfter), "Server": "cloudflare"],
                body: Array(html.utf8))
        case .serverError(let status):
            let reason = HTTPResponseStatus(statusCode: status).reasonPhrase
            return .json(status, ["message": .string("\(status): \(reason)"), "code": 0])
        case .unauthorized:
            return .error(401, code: 0, "401: Unauthorized")
        case .cannotMessageUser:
            return .error(403, code: 50007, "Cannot send messages to this user")
        case .delay, .answerLost:
            return .error(500, code: 0, "500: Internal Server Error")
        }
    }
}

/// The rate-limit bucket a routed request counts against.
struct RateLimitCharge {
    var rule: RateLimitRule
    /// See `SandboxCore.bucketKey`.
    var key: String
}

extension Duration {
    fileprivate var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
