import Clocks
import DiscordModels
import DiscordSandbox
import Foundation
import Testing

@testable import Bot

/// `AttachmentDownloader` against the loopback Discord's attachment "CDN", over real HTTPS sockets.
@Suite(.timeLimit(.minutes(1)))
struct AttachmentDownloaderTests {
    /// A downloader that trusts the sandbox (its host and generated CA), with `limit` and `timeout`.
    static func downloader(for sandbox: DiscordSandbox, limit: Int = 4_096, timeout: Duration = .seconds(10)) throws -> AttachmentDownloader {
        var configuration = AttachmentDownloader.Configuration(
            maximumBytes: limit, timeout: timeout, allowedHosts: [], trustRootsPEM: sandbox.certificatePEM)
        configuration.allow(baseURL: sandbox.restBaseURL)
        return try AttachmentDownloader(configuration: configuration)
    }

    /// The attachment object a member's interaction would carry for `uploaded`.
    static func attachment(_ uploaded: SandboxAttachment, url: String? = nil) -> DiscordModels.Attachment {
        var attachment = DiscordModels.Attachment(id: AttachmentID(uploaded.id), filename: uploaded.filename)
        attachment.size = uploaded.size
        attachment.url = url ?? uploaded.url
        attachment.proxy_url = uploaded.proxyURL
        attachment.content_type = uploaded.contentType
        return attachment
    }

    /// Runs `body` and shuts the downloader down whatever happened.
    static func with(_ downloader: AttachmentDownloader, _ body: (AttachmentDownloader) async throws -> Void) async throws {
        do {
            try await body(downloader)
            try await downloader.shutdown()
        } catch {
            try? await downloader.shutdown()
            throw error
        }
    }

    static func error(_ body: () async throws(AttachmentDownloadError) -> Data) async -> AttachmentDownloadError? {
        do {
            _ = try await body()
            return nil
        } catch { return error }
    }

    @Test func downloadsTheBytesOverTLSTrustingTheSandboxCertificate() async throws {
        try await withSandbox(SandboxConfiguration(tls: true)) { sandbox in
            let bytes = Data((0..<4_096).map { UInt8($0 % 253) })
            let uploaded = sandbox.uploadAttachment(filename: "card.png", data: bytes)
            try await Self.with(try Self.downloader(for: sandbox)) { downloader in
                let downloaded = try await downloader.download(Self.attachment(uploaded))
                #expect(downloaded == bytes, "exactly at the limit is accepted")
            }
            #expect(sandbox.attachmentDownloads == [uploaded.path])
        }
    }

    @Test func aFileDeclaredLargerThanTheLimitIsRefusedWithoutARequest() async throws {
        try await withSandbox(SandboxConfiguration(tls: true)) { sandbox in
            let uploaded = sandbox.uploadAttachment(filename: "huge.png", data: Data(count: 4_097))
            try await Self.with(try Self.downloader(for: sandbox)) { downloader in
                let refused = await Self.error { () async throws(AttachmentDownloadError) in try await downloader.download(Self.attachment(uploaded)) }
                #expect(refused == .tooLarge(filename: "huge.png", bytes: 4_097, limit: 4_096))
                #expect(refused?.userMessage.contains("“huge.png” is too large") == true, "\(String(describing: refused?.userMessage))")
            }
            #expect(sandbox.attachmentDownloads.isEmpty, "nothing was fetched")
        }
    }

    @Test func aFileLargerThanItsDeclaredSizeStopsAtTheLimit() async throws {
        try await withSandbox(SandboxConfiguration(tls: true)) { sandbox in
            // The attachment object claims 10 bytes; the CDN serves 100 KiB.
            let uploaded = sandbox.uploadAttachment(filename: "liar.png", data: Data(count: 100 * 1024), declaredSize: 10)
            try await Self.with(try Self.downloader(for: sandbox)) { downloader in
                let refused = await Self.error { () async throws(AttachmentDownloadError) in try await downloader.download(Self.attachment(uploaded)) }
                guard case .tooLarge(let filename, let bytes, let limit)? = refused else {
                    Issue.record("expected tooLarge, got \(String(describing: refused))")
                    return
                }
                #expect(filename == "liar.png" && limit == 4_096 && bytes > 4_096)
            }
            #expect(sandbox.attachmentDownloads == [uploaded.path], "the download was started, then given up")
        }
    }

    @Test func onlyTheTrustedHostsAreFetchedFrom() async throws {
        try await withSandbox(SandboxConfiguration(tls: true)) { sandbox in
            let uploaded = sandbox.uploadAttachment(filename: "card.png", data: Data(count: 10))
            try await Self.with(try Self.downloader(for: sandbox)) { downloader in
                for url in [
                    uploaded.url.replacingOccurrences(of: "127.0.0.1", with: "localhost"),
                    uploaded.url.replacingOccurrences(of: "https://", with: "http://"),
                    "file:///etc/passwd", "not a url",
                ] {
                    let refused = await Self.error { () async throws(AttachmentDownloadError) in
                        try await downloader.download(Self.attachment(uploaded, url: url))
                    }
                    #expect(refused == .notAllowed(filename: "card.png"), "\(url)")
                }
                var missing = Self.attachment(uploaded)
                missing.url = nil
                let refused = await Self.error { () async throws(AttachmentDownloadError) in try await downloader.download(missing) }
                #expect(refused == .notAllowed(filename: "card.png"))
            }
            #expect(sandbox.attachmentDownloads.isEmpty)
        }
    }

    @Test func aMissingFileIsReportedWithItsStatus() async throws {
        try await withSandbox(SandboxConfiguration(tls: true)) { sandbox in
            let uploaded = sandbox.uploadAttachment(filename: "card.png", data: Data(count: 10))
            try await Self.with(try Self.downloader(for: sandbox)) { downloader in
                let gone = uploaded.url.replacingOccurrences(of: "/card.png", with: "/gone.png")
                let refused = await Self.error { () async throws(AttachmentDownloadError) in
                    try await downloader.download(Self.attachment(uploaded, url: gone))
                }
                #expect(refused == .status(filename: "card.png", code: 404))
            }
        }
    }

    @Test func aCDNThatDoesNotAnswerTimesOut() async throws {
        // The sandbox holds downloads on its manual clock, which this test never advances: only the
        // downloader's own (short) timeout ends the wait.
        try await withSandbox(SandboxConfiguration(tls: true, clock: ManualClock())) { sandbox in
            sandbox.delayAttachments(by: .seconds(3_600))
            let uploaded = sandbox.uploadAttachment(filename: "slow.png", data: Data(count: 10))
            try await Self.with(try Self.downloader(for: sandbox, timeout: .milliseconds(300))) { downloader in
                let refused = await Self.error { () async throws(AttachmentDownloadError) in try await downloader.download(Self.attachment(uploaded)) }
                #expect(refused == .timedOut(filename: "slow.png"))
            }
        }
    }

    @Test func aCertificateThatIsNotTrustedFails() async throws {
        try await withSandbox(SandboxConfiguration(tls: true)) { sandbox in
            let uploaded = sandbox.uploadAttachment(filename: "card.png", data: Data(count: 10))
            // A failed handshake is retried until the connect timeout: keep it short.
            var configuration = AttachmentDownloader.Configuration(timeout: .seconds(2), allowedHosts: [])
            configuration.allow(baseURL: sandbox.restBaseURL)
            try await Self.with(try AttachmentDownloader(configuration: configuration)) { downloader in
                let refused = await Self.error { () async throws(AttachmentDownloadError) in try await downloader.download(Self.attachment(uploaded)) }
                guard case .failed(let filename, _)? = refused else {
                    Issue.record("expected failed, got \(String(describing: refused))")
                    return
                }
                #expect(filename == "card.png")
                #expect(refused?.userMessage == "“card.png” could not be downloaded. Please try again.")
            }
            #expect(sandbox.attachmentDownloads.isEmpty)
        }
    }
}
