import Clocks
import Foundation
import Testing

@testable import DiscordREST

@Suite struct WireFormatTests {
    @Test func rateLimitHeadersAreParsedCaseInsensitively() {
        let headers = RateLimitHeaders([
            (name: "x-ratelimit-limit", value: "5"), (name: "X-RateLimit-Remaining", value: "0"),
            (name: "X-RateLimit-Reset-After", value: "1.25"), (name: "X-RateLimit-Bucket", value: "abcd1234"),
            (name: "X-RateLimit-Global", value: "true"), (name: "X-RateLimit-Scope", value: "shared"),
            (name: "Retry-After", value: "2"),
        ])
        #expect(headers == RateLimitHeaders(
            limit: 5, remaining: 0, resetAfter: .milliseconds(1250), bucket: "abcd1234", isGlobal: true, scope: .shared,
            retryAfter: .seconds(2)))
        #expect(headers.hasDiscordHeaders)
        #expect(!RateLimitHeaders([(name: "Retry-After", value: "5")]).hasDiscordHeaders)
    }

    @Test func multipartHasPayloadJSONAndFileParts() throws {
        let files = [
            FileAttachment(filename: "card.png", contentType: "image/png", data: Data([0x89, 0x50, 0x4E, 0x47])),
            FileAttachment(filename: "a\"b.txt", contentType: "text/plain", data: Data("hi".utf8), description: "alt"),
        ]
        struct Payload: Encodable { var content: String }
        let request = try DiscordRequest(route: .createMessage(channelID: 1), payload: Payload(content: "x"), files: files)
        guard case .multipart(let payloadJSON, let sentFiles) = request.body else {
            Issue.record("expected a multipart body")
            return
        }
        let payload = try #require(JSONSerialization.jsonObject(with: payloadJSON) as? [String: Any])
        let attachments = try #require(payload["attachments"] as? [[String: Any]])
        #expect(attachments.count == 2)
        #expect(attachments[0]["id"] as? String == "0" && attachments[0]["filename"] as? String == "card.png")
        #expect(attachments[1]["description"] as? String == "alt")

        let form = MultipartFormData(boundary: "BOUNDARY", payloadJSON: payloadJSON, files: sentFiles)
        let text = String(decoding: form.encoded(), as: UTF8.self)
        #expect(form.contentType == "multipart/form-data; boundary=BOUNDARY")
        #expect(text.contains("Content-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n{"))
        #expect(text.contains("name=\"files[0]\"; filename=\"card.png\"\r\nContent-Type: image/png\r\n\r\n"))
        #expect(text.contains("name=\"files[1]\"; filename=\"a\\\"b.txt\""))
        #expect(text.hasSuffix("--BOUNDARY--\r\n"))
    }

    @Test func interactionCallbackListsAttachmentsInsideData() throws {
        struct Callback: Encodable {
            struct Data: Encodable { var content: String }
            var type: Int
            var data: Data
        }
        let request = try DiscordRequest(
            route: .createInteractionResponse(interactionID: 1, token: "t"),
            payload: Callback(type: 4, data: .init(content: "pulled!")),
            files: [FileAttachment(filename: "pull.gif", contentType: "image/gif", data: Data([1]))],
            attachmentsContainer: "data")
        guard case .multipart(let payloadJSON, _) = request.body else {
            Issue.record("expected a multipart body")
            return
        }
        let payload = try #require(JSONSerialization.jsonObject(with: payloadJSON) as? [String: Any])
        #expect(payload["attachments"] == nil)
        let data = try #require(payload["data"] as? [String: Any])
        #expect((data["attachments"] as? [[String: Any]])?.first?["filename"] as? String == "pull.gif")
    }

    @Test func backoffGrowsAndStaysWithinBounds() {
        let policy = RetryPolicy(maximumAttempts: 5, baseDelay: .seconds(1), maximumDelay: .seconds(4))
        let random = SeededRandomSource(seed: 42)
        for (attempt, step) in [(1, Duration.seconds(1)), (2, .seconds(2)), (3, .seconds(4)), (4, .seconds(4))] {
            for _ in 0..<50 {
                let delay = policy.delay(afterFailedAttempt: attempt, random: random)
                #expect(delay >= step / 2 && delay <= step)
            }
        }
    }

    @Test func routesForInteractionsSkipTheBotTokenAndHideTheirToken() {
        let route = Route.createInteractionResponse(interactionID: 11, token: "aW50ZXJhY3Rpb24.secret")
        #expect(route.isInteraction && !route.sendsBotAuthorization)
        #expect(!route.description.contains("secret"))
        #expect(!"\(RateLimitKey(bucket: .endpoint(route.endpoint), major: route.majorParameter))".contains("secret"))
        #expect(route.redact("POST \(route.path) failed") == "POST /interactions/11/[redacted]/callback failed")
        #expect(Route.getCurrentUser().sendsBotAuthorization)
    }
}
