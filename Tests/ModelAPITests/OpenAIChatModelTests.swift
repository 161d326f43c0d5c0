import Clocks
import Foundation
import Logging
import ModelAPI
import ModelSandbox
import Talk
import Testing

/// The client against the loopback model over real HTTP on 127.0.0.1: whole replies, the
/// token-cap field, and what it sends.
@Suite(.timeLimit(.minutes(1))) struct OpenAIChatModelTests {
    @Test func aWholeReplyStreamsInPiecesWithTheProvidersUsage() async throws {
        try await withModelSandbox { sandbox, model in
            let messages = sampleMessages()
            let pieces = Pieces()
            let completion = try await model.complete(ChatRequest(messages: messages)) { pieces.append($0) }

            let expected = sandbox.expectedReply(to: messages)
            #expect(expected.hasPrefix("Pell Ashgrove: Which bridge creaks the loudest?"))
            #expect(completion.text == expected)
            #expect(pieces.all.joined() == expected)
            #expect(pieces.all.count == (expected.count + 3) / 4, "four characters a chunk")
            let estimator = TokenEstimator()
            #expect(completion.usage == ChatUsage(promptTokens: estimator.tokens(in: messages), completionTokens: estimator.tokens(in: expected), estimated: false))
            #expect(completion.finishReason == "stop")
            #expect(!completion.interrupted)
            #expect(completion.model == "sandbox-chat")
            #expect(completion.timeToFirstText != nil)

            let recorded = try #require(sandbox.chatRequests.first)
            #expect(sandbox.chatRequests.count == 1)
            #expect(recorded.authorized)
            #expect(recorded.stream && recorded.includeUsage)
            #expect(recorded.maxTokensField == "max_completion_tokens")
            #expect(recorded.maxTokens == 200)
            #expect(recorded.messages == messages)
            #expect(recorded.status == 200)
        }
    }

    @Test func concurrentCallsEachGetTheirOwnReply() async throws {
        try await withModelSandbox { sandbox, model in
            let replies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<60 {
                    group.addTask {
                        let completion = try await model.complete(ChatRequest(messages: sampleMessages("question \(index)")))
                        return (index, completion.text)
                    }
                }
                return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
            }
            #expect(replies.count == 60)
            for (index, text) in replies { #expect(text == sandbox.expectedReply(to: sampleMessages("question \(index)"))) }
            #expect(sandbox.chatRequests.count == 60)
        }
    }

    @Test func theRequestsCapAndTemperatureWinOverTheConfiguration() async throws {
        try await withModelSandbox { sandbox, model in
            let completion = try await model.complete(ChatRequest(messages: sampleMessages(), maxTokens: 5, temperature: 0.3))
            let recorded = try #require(sandbox.chatRequests.first)
            #expect(recorded.maxTokens == 5)
            #expect(recorded.temperature == 0.3)
            // The sandbox cuts at the cap, as a model does.
            #expect(completion.finishReason == "length")
            #expect(completion.usage.completionTokens == 5)
            #expect(completion.text.utf8.count <= 20)
        }
    }

    @Test func maxTokensIsSentUnderTheConfiguredName() async throws {
        let llamaLike = ModelSandboxConfiguration(apiKey: nil, acceptedMaxTokensFields: ["max_tokens"])
        try await withModelSandbox(llamaLike, adjust: { $0.maxTokensField = .maxTokens }) { sandbox, model in
            let completion = try await model.complete(ChatRequest(messages: sampleMessages()))
            #expect(!completion.text.isEmpty)
            #expect(sandbox.chatRequests.first?.maxTokensField == "max_tokens")
            #expect(!(sandbox.chatRequests.first?.rawBody.contains("max_completion_tokens") ?? true))
        }
        try await withModelSandbox(llamaLike) { sandbox, model in
            let error = await #expect(throws: ChatModelError.self) { try await model.complete(ChatRequest(messages: sampleMessages())) }
            guard case .rejected(let status, let message)? = error else {
                Issue.record("expected a rejection, got \(String(describing: error))")
                return
            }
            #expect(status == 400)
            #expect(message.contains("max_completion_tokens"))
            #expect(sandbox.chatRequests.count == 1, "a 400 is not retried")
        }
    }

    @Test func whatOnTextThrowsEndsTheCallUnchanged() async throws {
        struct Stop: Error, Equatable {}
        try await withModelSandbox { sandbox, model in
            let pieces = Pieces()
            await #expect(throws: Stop.self) {
                _ = try await model.complete(ChatRequest(messages: sampleMessages())) { piece in
                    pieces.append(piece)
                    if pieces.all.count == 2 { throw Stop() }
                }
            }
            #expect(pieces.all.count == 2)
            #expect(sandbox.chatRequests.count == 1)
        }
    }

    @Test func aPersonaMissingFromTheRequestShowsInTheReply() async throws {
        try await withModelSandbox { sandbox, model in
            let bare = try await model.complete(ChatRequest(messages: [.user("hello")]))
            #expect(bare.text.hasPrefix("Character: hello"))
            let json = try await model.complete(ChatRequest(messages: [.system(#"Character data: {"name": "Marisol Quay"}"#), .user("hi")]))
            #expect(json.text.hasPrefix("Marisol Quay: hi"))
        }
    }

    @Test func summaryRequestsGetAShortDeterministicSummary() async throws {
        try await withModelSandbox { _, model in
            let completion = try await model.complete(ChatRequest(messages: [
                .system("Summarise the conversation below in one short paragraph of facts to remember."),
                .user("Member: my cat is called Biscuit and I live by the north canal"),
            ]))
            #expect(completion.text == "Summary: Member: my cat is called Biscuit and I live by the north canal")
        }
    }

    @Test func quotedTurnsAreSummarisedFromTheirText() async throws {
        try await withModelSandbox { _, model in
            let completion = try await model.complete(ChatRequest(messages: [
                .system("You keep the memory of a character in a role-play chat. The next system message holds turns."),
                .system(#"<turns>[{"speaker": "member", "text": "my cat is \"Biscuit\""}, {"speaker": "character", "text": "What a name!"}]</turns>"#),
                .user("Write the memory now."),
            ]))
            #expect(completion.text == #"Summary: my cat is "Biscuit" What a name!"#)
        }
    }

    @Test func aChatPromptThatMentionsSummariesIsStillAChat() async throws {
        try await withModelSandbox { _, model in
            let completion = try await model.complete(ChatRequest(messages: [
                .system(#"You are "Ysolde Fenn", a character. Later messages hold memories summarised from earlier talk."#),
                .user("Any riddles?"),
            ]))
            #expect(completion.text.hasPrefix("Ysolde Fenn: Any riddles?"))
        }
    }

    @Test func pingingRepliesCanBeAskedFor() async throws {
        try await withModelSandbox { sandbox, model in
            sandbox.setPingingReplies(true)
            let completion = try await model.complete(ChatRequest(messages: sampleMessages("hi")))
            #expect(completion.text.hasPrefix("@everyone @here <@&123> <@456> Pell Ashgrove: hi"))
        }
    }
}
