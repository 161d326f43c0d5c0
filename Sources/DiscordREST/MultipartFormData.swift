import Foundation

/// A `multipart/form-data` body in the shape Discord expects: a `payload_json` part with the JSON
/// body and one `files[n]` part per file.
/// https://discord.com/developers/docs/reference#uploading-files
struct MultipartFormData: Sendable {
    let boundary: String
    let payloadJSON: Data
    let files: [FileAttachment]

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    func encoded() -> Data {
        var body = Data()
        func append(_ text: String) { body.append(Data(text.utf8)) }
        append("--\(boundary)\r\n")
        append("Content-Disposition: form-data; name=\"payload_json\"\r\n")
        append("Content-Type: application/json\r\n\r\n")
        body.append(payloadJSON)
        append("\r\n")
        for (index, file) in files.enumerated() {
            append("--\(boundary)\r\n")
            append("Content-Disposition: form-data; name=\"files[\(index)]\"; filename=\"\(Self.quoted(file.filename))\"\r\n")
            append("Content-Type: \(Self.headerSafe(file.contentType))\r\n\r\n")
            body.append(file.data)
            append("\r\n")
        }
        append("--\(boundary)--\r\n")
        return body
    }

    /// A filename may not break out of its quoted header parameter.
    private static func quoted(_ text: String) -> String {
        headerSafe(text).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    private static func headerSafe(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" })
    }

    /// Adds `attachments: [{id, filename, description}]` for the uploaded files to a JSON payload,
    /// keeping any attachments the payload already lists (existing ones kept on an edit).
    /// `container` names the object that holds `attachments`: `nil` for the top level, `"data"`
    /// for an interaction callback.
    static func payload(_ json: Data, addingAttachmentsFor files: [FileAttachment], in container: String?) throws -> Data {
        guard !files.isEmpty else { return json }
        guard var root = try JSONSerialization.jsonObject(with: json) as? [String: Any] else { return json }
        var target: [String: Any] = if let container { root[container] as? [String: Any] ?? [:] } else { root }
        var attachments = target["attachments"] as? [[String: Any]] ?? []
        for (index, file) in files.enumerated() {
            var entry: [String: Any] = ["id": String(index), "filename": file.filename]
            if let description = file.description { entry["description"] = description }
            attachments.append(entry)
        }
        target["attachments"] = attachments
        if let container { root[container] = target } else { root = target }
        return try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
