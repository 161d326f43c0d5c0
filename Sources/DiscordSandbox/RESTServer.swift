import Foundation
import NIOCore
import NIOHTTP1

/// A REST request as the routes see it.
struct RESTRequest: Sendable {
    var method: String
    var path: String
    var query: String?
    var headers: HTTPHeaders
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first(name: name) }
}

struct RESTResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    /// Close the connection instead of sending this response (`RESTFault.answerLost`).
    var isLost = false

    static func json(_ status: Int, _ value: JSON) -> RESTResponse {
        RESTResponse(status: status, headers: [("Content-Type", "application/json")], body: value.serializedBytes)
    }

    static func noContent() -> RESTResponse { RESTResponse(status: 204) }

    /// Discord's error shape: `{"message": …, "code": …}` (+ `errors` for form errors).
    static func error(_ status: Int, code: Int, _ message: String, errors: JSON? = nil) -> RESTResponse {
        var object: [String: JSON] = ["message": .string(message), "code": .int(Int64(code))]
        if let errors { object["errors"] = errors }
        return .json(status, .object(object))
    }
}

/// Serves HTTP/1.1 requests on one connection, one at a time (keep-alive).
struct RESTConnection {
    let core: SandboxCore
    let channel: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    static let maxBody = 30 * 1024 * 1024

    func run() async {
        do {
            try await channel.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body: [UInt8] = []
                for try await part in inbound {
                    switch part {
                    case .head(let h):
                        head = h
                        body.removeAll(keepingCapacity: true)
                    case .body(var buffer):
                        guard body.count + buffer.readableBytes <= Self.maxBody else { return }
                        body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
                    case .end:
                        guard let h = head else { continue }
                        let pathAndQuery = h.uri.split(separator: "?", maxSplits: 1)
                        let request = RESTRequest(
                            method: h.method.rawValue, path: String(pathAndQuery.first ?? "/"),
                            query: pathAndQuery.count > 1 ? String(pathAndQuery[1]) : nil, headers: h.headers, body: body)
                        let response = await core.handle(request)
                        if response.isLost { return }
                        var headers = HTTPHeaders(response.headers)
                        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
                        if !h.isKeepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
                        let status = HTTPResponseStatus(statusCode: response.status)
                        var parts: [HTTPServerResponsePart] = [
                            .head(HTTPResponseHead(version: h.version, status: status, headers: headers))
                        ]
                        if !response.body.isEmpty { parts.append(.body(.byteBuffer(ByteBuffer(bytes: response.body)))) }
                        parts.append(.end(nil))
                        // One trip to the event loop and one flush for the whole response.
                        try await outbound.write(contentsOf: parts)
                        if !h.isKeepAlive { return }
                        head = nil
                    }
                }
            }
        } catch {
            core.logger.debug("REST connection ended: \(error)")
        }
    }
}
