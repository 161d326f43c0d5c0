import AsyncHTTPClient
import DiscordModels
import Foundation
import NIOCore
import NIOSSL

/// Fetches the files members attach to slash commands (an option of type 11 names an
/// `Attachment` in `data.resolved.attachments`; its bytes are at the attachment's `url`).
///
/// The file is untrusted input of a size the member chose, so the downloader
/// - refuses, without a request, a file whose declared `size` is over `maximumBytes`, and stops
///   reading (and fails) as soon as the body grows past it, whatever `size` or Content-Length said;
/// - fetches only from the hosts it is told to trust (Discord's CDN; the loopback Discord in tests),
///   over HTTPS unless told otherwise, and follows no redirect, so an attachment url can never make
///   the bot fetch from elsewhere;
/// - gives up after `timeout` for the whole exchange (connecting, headers and body).
///
/// It owns an `HTTPClient`: call `shutdown()` once it is no longer needed.
public final class AttachmentDownloader: Sendable {
    public struct Configuration: Sendable {
        /// The largest file accepted, in bytes.
        public var maximumBytes: Int
        /// For one download, from the request to the last byte.
        public var timeout: Duration
        /// Hosts (lowercase, without port) attachments may come from.
        public var allowedHosts: Set<String>
        /// Whether `http://` URLs are accepted too (the loopback Discord without TLS).
        public var allowsPlainHTTP: Bool
        /// Extra trusted roots (PEM), e.g. the loopback Discord's generated CA.
        public var trustRootsPEM: String?

        /// Discord's CDN hosts for attachments.
        public static let discordCDNHosts: Set<String> = ["cdn.discordapp.com", "media.discordapp.net"]

        public init(
            maximumBytes: Int = 8 * 1024 * 1024, timeout: Duration = .seconds(15), allowedHosts: Set<String> = discordCDNHosts,
            allowsPlainHTTP: Bool = false, trustRootsPEM: String? = nil
        ) {
            self.maximumBytes = max(0, maximumBytes)
            self.timeout = timeout
            self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
            self.allowsPlainHTTP = allowsPlainHTTP
            self.trustRootsPEM = trustRootsPEM
        }

        /// Trusts what `url` names (scheme and host), e.g. the loopback Discord's base URL.
        public mutating func allow(baseURL url: String) {
            guard let components = URLComponents(string: url), let host = components.host?.lowercased() else { return }
            allowedHosts.insert(host)
            if components.scheme?.lowercased() == "http" { allowsPlainHTTP = true }
        }
    }

    public let configuration: Configuration
    private let client: HTTPClient

    public init(configuration: Configuration = Configuration()) throws {
        self.configuration = configuration
        var tls = TLSConfiguration.makeClientConfiguration()
        if let pem = configuration.trustRootsPEM {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))
        }
        let timeout = TimeAmount(configuration.timeout)
        let http = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: .init(connect: timeout, read: timeout))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
    }

    /// Closes the client's connections; downloads after it fail.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// The bytes of `attachment`, or an `AttachmentDownloadError` saying what was wrong.
    public func download(_ attachment: Attachment) async throws(AttachmentDownloadError) -> Data {
        let name = attachment.filename
        if let size = attachment.size, size > configuration.maximumBytes {
            throw .tooLarge(filename: name, bytes: size, limit: configuration.maximumBytes)
        }
        guard let url = attachment.url, let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased()
        else { throw .notAllowed(filename: name) }
        guard scheme == "https" || (scheme == "http" && configuration.allowsPlainHTTP), configuration.allowedHosts.contains(host) else {
            throw .notAllowed(filename: name)
        }
        do {
            return try await fetch(url, filename: name)
        } catch let error as AttachmentDownloadError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw .timedOut(filename: name)
        } catch {
            throw .failed(filename: name, reason: String(describing: error))
        }
    }

    private func fetch(_ url: String, filename: String) async throws -> Data {
        let request = HTTPClientRequest(url: url)
        let limit = configuration.maximumBytes
        let response = try await client.execute(request, deadline: .now() + TimeAmount(configuration.timeout))
        guard response.status == .ok else { throw AttachmentDownloadError.status(filename: filename, code: Int(response.status.code)) }
        if let declared = response.headers.first(name: "content-length").flatMap(Int.init), declared > limit {
            throw AttachmentDownloadError.tooLarge(filename: filename, bytes: declared, limit: limit)
        }
        var data = Data()
        for try await chunk in response.body {
            // Stop at the first byte past the limit: a lying `size` or Content-Length reads no further.
            guard data.count + chunk.readableBytes <= limit else {
                throw AttachmentDownloadError.tooLarge(filename: filename, bytes: data.count + chunk.readableBytes, limit: limit)
            }
            data.append(contentsOf: chunk.readableBytesView)
        }
        return data
    }
}
