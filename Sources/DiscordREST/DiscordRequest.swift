import Foundation

/// A request ready to send: its route, query, body and audit-log reason.
public struct DiscordRequest: Sendable {
    public enum Body: Sendable {
        case none
        case json(Data)
        /// `payload_json` plus `files[n]`; the payload already lists the files in `attachments`.
        case multipart(payloadJSON: Data, files: [FileAttachment])
    }

    public var route: Route
    public var query: [(name: String, value: String)]
    public var body: Body
    /// `X-Audit-Log-Reason`, shown in the guild's audit log.
    public var auditLogReason: String?

    public init(route: Route, query: [(name: String, value: String)] = [], body: Body = .none, auditLogReason: String? = nil) {
        self.route = route
        self.query = query
        self.body = body
        self.auditLogReason = auditLogReason
    }

    /// Encodes `payload` as the JSON body, or as `payload_json` beside the files when there are any.
    /// `attachmentsContainer` names the JSON object that lists attachments (`"data"` for callbacks).
    public init(
        route: Route, payload: some Encodable, files: [FileAttachment] = [], attachmentsContainer: String? = nil,
        encoder: JSONEncoder = DiscordRequest.encoder
    ) throws {
        let json = try encoder.encode(payload)
        if files.isEmpty {
            self.init(route: route, body: .json(json))
        } else {
            let payloadJSON = try MultipartFormData.payload(json, addingAttachmentsFor: files, in: attachmentsContainer)
            self.init(route: route, body: .multipart(payloadJSON: payloadJSON, files: files))
        }
    }

    /// Discord does not care about key order; sorting every object's keys was ~9% of an
    /// interaction's CPU in the round-trip benchmark, so bodies keep the encoder's order.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}
