import Foundation
import NIOHTTP1

/// A file a member attached to a slash command, as the loopback Discord keeps it: stored when a
/// test uploads it, served at a CDN-like url on the REST listener, and described in the
/// interaction's `data.resolved.attachments` when an option of type 11 names it.
/// https://discord.com/developers/docs/resources/message#attachment-object
public struct SandboxAttachment: Sendable, Hashable {
    public var id: UInt64
    public var filename: String
    public var contentType: String
    /// What the attachment object declares (the real size unless a test lies about it).
    public var size: Int
    /// `https://127.0.0.1:PORT/attachments/{channel}/{id}/{filename}?ex=…&is=…&hm=…`, as Discord's CDN.
    public var url: String
    public var proxyURL: String
    /// The url's path, which serves the bytes.
    public var path: String

    /// The attachment object of `resolved.attachments`, keys sorted as Discord's JSON has them.
    var json: JSON {
        [
            "content_type": .string(contentType), "ephemeral": true, "filename": .string(filename), "id": .string(String(id)),
            "proxy_url": .string(proxyURL), "size": .int(Int64(size)), "url": .string(url),
        ]
    }
}

/// What the sandbox keeps of an uploaded attachment.
struct StoredAttachment {
    var attachment: SandboxAttachment
    var bytes: [UInt8]
}

extension CommandOptionValue {
    /// An attachment option (type 11): its value is the id of a file uploaded with
    /// `DiscordSandbox.uploadAttachment`, which the interaction then resolves.
    public static func attachment(_ name: String, _ attachment: SandboxAttachment) -> Self {
        Self(name: name, type: 11, value: .string(String(attachment.id)))
    }

    /// The ids of the attachment options in this option and those nested in it.
    var attachmentIDs: [UInt64] {
        var ids: [UInt64] = []
        if type == 11, case .string(let text)? = value, let id = UInt64(text) { ids.append(id) }
        return ids + options.flatMap(\.attachmentIDs)
    }
}

extension DiscordSandbox {
    /// Stores a file as a member's upload would: it is served at the returned attachment's `url`
    /// (no token needed, as on Discord's CDN). Pass the attachment to `CommandOptionValue.attachment`.
    /// `declaredSize` makes the attachment object claim another size than the bytes have.
    @discardableResult
    public func uploadAttachment(
        filename: String, data: Data, contentType: String? = nil, channelID: UInt64? = nil, declaredSize: Int? = nil
    ) -> SandboxAttachment {
        let channel = channelID ?? configuration.guilds.first?.channelIDs.first ?? 1
        let base = restBaseURL.replacingOccurrences(of: SandboxCore.apiPrefix, with: "")
        return core.state.withLock { state in
            let id = state.nextSnowflake()
            let path = "/attachments/\(channel)/\(id)/\(Self.urlSafe(filename))"
            // Discord's signed-URL parameters: expiry, issue time (hex seconds) and a signature.
            let query = "?ex=\(String(1_767_225_600, radix: 16))&is=\(String(1_735_689_600, radix: 16))&hm=\(String(id &* 2_654_435_761, radix: 16))&"
            let attachment = SandboxAttachment(
                id: id, filename: filename, contentType: contentType ?? Self.contentType(of: filename), size: declaredSize ?? data.count,
                url: base + path + query, proxyURL: base + path + query, path: path)
            state.rest.attachments[path] = StoredAttachment(attachment: attachment, bytes: [UInt8](data))
            return attachment
        }
    }

    /// The paths of attachment downloads served so far, in order (a refused file is never fetched).
    public var attachmentDownloads: [String] { core.state.withLock { $0.rest.attachmentDownloads } }

    /// Holds every attachment download for `duration` on the sandbox clock before answering (a
    /// slow CDN; with a manual clock, until the test advances it). `.zero` ends it.
    public func delayAttachments(by duration: Duration) {
        core.state.withLock { $0.rest.attachmentDelay = duration == .zero ? nil : duration }
    }

    /// Letters, digits, `.`, `-` and `_` as they are; anything else `_` (Discord also replaces spaces).
    static func urlSafe(_ filename: String) -> String {
        let kept = filename.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || ".-_".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        }
        return kept.isEmpty ? "file" : String(kept)
    }

    static func contentType(of filename: String) -> String {
        switch filename.split(separator: ".").last?.lowercased() {
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "json": "application/json; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

extension SandboxCore {
    /// Whether `request` is for the attachment CDN rather than the API.
    static func isAttachmentRequest(_ request: RESTRequest) -> Bool {
        request.path.utf8.starts(with: "/attachments/".utf8)
    }

    /// The attachment at the request's path (GET), or 404; nil when downloads are delayed, so the
    /// caller takes the waiting path (`serveAttachment`).
    func serveAttachmentImmediately(_ request: RESTRequest) -> RESTResponse? {
        state.withLock { state in
            state.rest.attachmentDelay == nil ? Self.attachmentResponse(request, &state) : nil
        }
    }

    /// The attachment after the scripted delay, if any.
    func serveAttachment(_ request: RESTRequest) async -> RESTResponse {
        if let delay = state.withLock({ $0.rest.attachmentDelay }) {
            do { try await sleep(for: delay) } catch { return RESTResponse(status: 503) }
        }
        return state.withLock { Self.attachmentResponse(request, &$0) }
    }

    private static func attachmentResponse(_ request: RESTRequest, _ state: inout State) -> RESTResponse {
        guard request.method == "GET" || request.method == "HEAD" else { return RESTResponse(status: 405) }
        guard let stored = state.rest.attachments[request.path] else {
            return RESTResponse(status: 404, headers: ["Content-Type": "text/plain"], body: Array("404: Not Found".utf8))
        }
        state.rest.attachmentDownloads.append(request.path)
        state.notifyChange()
        return RESTResponse(
            status: 200, headers: ["Content-Type": stored.attachment.contentType, "Cache-Control": "public, max-age=31536000"],
            body: request.method == "HEAD" ? [] : stored.bytes)
    }
}
