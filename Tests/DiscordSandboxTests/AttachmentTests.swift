import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Testing

@testable import DiscordSandbox

/// Files members attach to slash commands: the sandbox stores them, serves them over its own
/// HTTPS listener at a CDN-like url, and resolves attachment options in the interactions it sends.
@Suite("Sandbox attachments", .timeLimit(.minutes(1)))
struct AttachmentTests {
    /// GET `url` over real sockets, trusting the sandbox's generated CA.
    static func fetch(_ sandbox: DiscordSandbox, _ url: String) async throws -> (status: Int, contentType: String?, body: [UInt8]) {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(try #require(sandbox.certificatePEM).utf8)))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            try await client.shutdown()
            return (Int(response.status.code), response.headers.first(name: "content-type"), Array(body.readableBytesView))
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    @Test func anUploadedFileIsServedAtItsCDNLikeURL() async throws {
        try await withSandbox(SandboxConfiguration(tls: true)) { sandbox in
            let bytes = Data((0..<5_000).map { UInt8($0 % 251) })
            let attachment = sandbox.uploadAttachment(filename: "my card.png", data: bytes)
            let channel = try #require(sandbox.configuration.guilds.first?.channelIDs.first)
            #expect(attachment.path == "/attachments/\(channel)/\(attachment.id)/my_card.png", "spaces become underscores, as on Discord")
            #expect(attachment.url.hasPrefix("https://127.0.0.1:") && attachment.url.contains(attachment.path + "?ex="))
            #expect(attachment.size == 5_000 && attachment.contentType == "image/png")

            let served = try await Self.fetch(sandbox, attachment.url)
            #expect(served.status == 200)
            #expect(served.contentType == "image/png")
            #expect(served.body == [UInt8](bytes))
            #expect(sandbox.attachmentDownloads == [attachment.path])

            let missing = try await Self.fetch(sandbox, attachment.url.replacingOccurrences(of: "my_card.png", with: "other.png"))
            #expect(missing.status == 404)
            #expect(sandbox.attachmentDownloads.count == 1, "a miss serves nothing")
        }
    }

    @Test func anAttachmentOptionIsResolvedInTheInteraction() throws {
        let sandbox = DiscordSandbox(configuration: SandboxConfiguration())
        let card = sandbox.uploadAttachment(filename: "nova.json", data: Data("{}".utf8), declaredSize: 9_999)
        let prepared = try sandbox.prepareInteraction(
            .slashCommand(name: "packs", options: [.subcommand("add-character", [.string("pack", "p"), .attachment("card", card)])]),
            memberPermissions: 32)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(prepared.interaction.json.utf8)) as? [String: Any])
        let data = try #require(json["data"] as? [String: Any])
        let subcommand = try #require((data["options"] as? [[String: Any]])?.first)
        let option = try #require((subcommand["options"] as? [[String: Any]])?.last)
        #expect(option["type"] as? Int == 11)
        #expect(option["value"] as? String == String(card.id))
        let resolved = try #require((data["resolved"] as? [String: Any])?["attachments"] as? [String: [String: Any]])
        let attachment = try #require(resolved[String(card.id)])
        #expect(attachment["id"] as? String == String(card.id))
        #expect(attachment["filename"] as? String == "nova.json")
        #expect(attachment["size"] as? Int == 9_999, "the declared size, which a test may make a lie")
        #expect(attachment["content_type"] as? String == "application/json; charset=utf-8")
        #expect(attachment["url"] as? String == card.url)
        #expect(attachment["proxy_url"] as? String == card.proxyURL)
        #expect((json["member"] as? [String: Any])?["permissions"] as? String == "32")

        let plain = try sandbox.prepareInteraction(.slashCommand(name: "packs", options: [.subcommand("mine")]))
        #expect(!plain.interaction.json.contains("\"resolved\""), "no attachment option, no resolved data")
        #expect(plain.interaction.json.contains("\"permissions\":\"2248473465835073\""), "the default permissions")
    }

    @Test func anOptionNamingAFileNeverUploadedIsRefused() throws {
        let sandbox = DiscordSandbox(configuration: SandboxConfiguration())
        let forged = SandboxAttachment(id: 77, filename: "x.png", contentType: "image/png", size: 1, url: "", proxyURL: "", path: "")
        #expect(throws: SandboxError.unknownAttachment(77)) {
            try sandbox.prepareInteraction(.slashCommand(name: "packs", options: [.attachment("card", forged)]))
        }
    }
}
