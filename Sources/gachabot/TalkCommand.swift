import ArgumentParser
import Foundation
import Gacha
import Logging
import ModelAPI
import Talk

/// `gachabot talk --character NAME --message TEXT [--model-url URL]`: one turn with a base
/// catalogue character through the configured chat model, the reply printed as it streams and
/// then its usage, so an operator can check the model configuration without Discord.
struct TalkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "talk",
        abstract: "Send one message to a character through the configured chat model; print the streamed reply and its usage.",
        discussion: """
            The model is configured by environment variables (see the README, "Talk: model providers"):
              GACHABOT_MODEL_URL              OpenAI-compatible base URL (default https://api.openai.com/v1 when a key is set)
              GACHABOT_MODEL_API_KEY[_FILE]   the API key, or a file holding it; never printed or logged
              GACHABOT_MODEL                  the model (default \(ModelProviderConfiguration.defaultModel))
              GACHABOT_MODEL_TEMPERATURE      0 to 2 (default: the provider's)
              GACHABOT_MODEL_MAX_TOKENS       the reply's token cap (default 512)
              GACHABOT_MODEL_MAX_TOKENS_FIELD max_completion_tokens (OpenAI, default) or max_tokens (llama.cpp, Ollama)
              GACHABOT_MODEL_CONNECT_TIMEOUT  seconds (default 10); GACHABOT_MODEL_TIMEOUT  seconds for a whole reply (default 60)
              GACHABOT_MODEL_RETRIES          retries of 429/408/5xx (default 2)
            """)

    @Option(help: "The character: a base catalogue id (pell-ashgrove) or name (\"Pell Ashgrove\").")
    var character: String

    @Option(help: "What to say.")
    var message: String

    @Option(name: .customLong("model-url"), help: "The model's base URL (overrides GACHABOT_MODEL_URL), e.g. http://127.0.0.1:8080/v1.")
    var modelURL: String?

    @OptionGroup var home: HomeOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let provider: ModelProviderConfiguration
        do {
            provider = try ModelProviderConfiguration.require(environment: environment, urlOverride: modelURL)
        } catch {
            printError("gachabot talk: \(error)")
            throw ExitCode(1)
        }
        let secret = provider.apiKey?.secretForRedaction
        LogSetup.bootstrap(secrets: { secret.map { [$0] } ?? [] })
        guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("--message is empty: say something")
        }
        let found: GameCharacter
        do {
            let catalogue = try Catalogue.load(from: try home.locator().locate(.assets).appendingPathComponent("catalogue.json"))
            found = try Self.find(character, in: catalogue)
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("gachabot talk: \(error)")
            throw ExitCode(1)
        }

        let request = ChatRequest(messages: [.system(Self.persona(found)), .user(message)])
        Self.write("\(found.name) (\(provider.model) at \(provider.baseURL)):\n")
        do {
            let completion = try await OpenAIChatModel.with(configuration: provider) { model in
                try await model.complete(request) { piece in Self.write(piece) }
            }
            Self.write("\n" + Self.report(completion) + "\n")
        } catch {
            Self.write("\n")
            printError("gachabot talk: \(error)")
            throw ExitCode(1)
        }
    }

    /// Unbuffered, so the reply shows as it streams and in order with the lines around it.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// A base catalogue character by id, or by name ignoring case.
    static func find(_ text: String, in catalogue: Catalogue) throws -> GameCharacter {
        let wanted = text.trimmingCharacters(in: .whitespaces)
        if let character = catalogue.character(wanted) { return character }
        if let character = catalogue.characters.first(where: { $0.name.caseInsensitiveCompare(wanted) == .orderedSame }) { return character }
        let some = catalogue.characters.prefix(5).map { "\($0.name) (\($0.id))" }.joined(separator: ", ")
        throw ValidationError("No character \"\(wanted)\" in the base catalogue. Try one of: \(some), …")
    }

    /// A plain persona prompt from the catalogue entry (talk's PromptBuilder builds the full one).
    static func persona(_ character: GameCharacter) -> String {
        """
        You are \(character.name), a character from "\(character.series)". Stay in character and answer in two or three sentences.
        About you: \(character.description)
        How you talk: \(character.persona)
        """
    }

    static func report(_ completion: ChatCompletion) -> String {
        let usage = completion.usage
        var lines = [
            "usage: \(usage.promptTokens) prompt + \(usage.completionTokens) completion = \(usage.totalTokens) tokens"
                + (usage.estimated ? " (estimated: the provider reported none)" : " (reported by the provider)"),
            "time: first text after \(completion.timeToFirstText.map(seconds) ?? "-"), total \(seconds(completion.totalTime))"
                + "; finish: \(completion.finishReason ?? "none"); model: \(completion.model)",
        ]
        if completion.interrupted { lines.append("the reply broke off: this is what arrived") }
        return lines.joined(separator: "\n")
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.2f s", value)
    }
}
