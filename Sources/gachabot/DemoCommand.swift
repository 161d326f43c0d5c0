import ArgumentParser
import Bot
import Clocks
import BotHarness
import DiscordModels
import DiscordSandbox
import Foundation
import Gacha
import Logging
import PostgresStorage

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the bot against the built-in loopback Discord and play a scripted member session.",
        discussion: """
            Starts DiscordSandbox on 127.0.0.1 (wss with a generated certificate, zstd-stream, REST over https), \
            starts the real bot on a temporary database (a SQLite file, or with --database postgres://… a database \
            of its own on that server, dropped afterwards), then plays a member through real interactions: \
            /status, /rates, /daily, /roll, /shop, Buy 10 Characters (animation, reveal, keep some), a second pull \
            that overflows the inventory (replace some), /inventory and /points, creator packs, a /talk \
            conversation with one of the member's characters through a loopback OpenAI-compatible model (streamed \
            edits, /talk memory, the model-call ledger), Pro limits and Stripe, and ends with /owner on the demo's own \
            server (its charts written as PNG files to --output). Each exchange is printed as the member would see it.
            """
    )

    @Flag(help: "Show the bot's and the sandbox's logs.")
    var verbose = false

    @Option(help: "Random seed for the rolls.")
    var seed: UInt64 = 7

    @Option(
        help: """
            A PostgreSQL server to play on (postgres://USER:PASSWORD@HOST:PORT/DATABASE; default: \
            $GACHABOT_DATABASE_URL when it is one, else a temporary SQLite file). The demo creates a database of its \
            own there and drops it afterwards.
            """)
    var database: String?

    @Option(help: "Where the demo writes /owner's charts (PNG) and CSV export.")
    var output: String = "demo-output"

    func run() async throws {
        LogSetup.bootstrap(secrets: { TokenSource.secrets })
        let gacha = GachaConfiguration(inventoryCap: 12)
        let time = DemoTime()
        let outputURL = URL(fileURLWithPath: output, isDirectory: true)
        let options = SandboxBot.Options(
            gacha: gacha, game: GameCommandSettings(revealDelay: .milliseconds(600)), startingPoints: 2_500, gameTime: time.gameTime,
            random: SeededRandomSource(seed: seed), logLevel: verbose ? .info : .error)
        do {
            var stripeLogger = Logger(label: "gachabot.stripe-sandbox")
            stripeLogger.logLevel = verbose ? .info : .error
            try await DemoStripe.run(logger: stripeLogger) { stripe in
                try await DemoTalk.run(logger: stripeLogger) { talk in
                    var options = options
                    options.talk = talk
                    options.premium = try DemoPremium.settings(links: stripe.links)
                    options.premium.changes = stripe.changes
                    let text = database ?? ProcessInfo.processInfo.environment["GACHABOT_DATABASE_URL"]
                    if let text, !text.hasPrefix("sqlite:"), case .postgres(let server) = try DatabaseLocation(text) {
                        var logger = Logger(label: "gachabot")
                        logger.logLevel = verbose ? .info : .error
                        print("Playing on a temporary database on \(server).")
                        try await PostgresStore.withTemporaryDatabase(serverURL: server, prefix: "gachabot_demo", logger: logger) { store in
                            options.store = store
                            try await SandboxBot.run(options) { bot in try await DemoScript(bot: bot, stripe: stripe, time: time, output: outputURL).play() }
                        }
                    } else {
                        print("Playing on a temporary SQLite database (pass --database postgres://… for PostgreSQL).")
                        try await SandboxBot.run(options) { bot in try await DemoScript(bot: bot, stripe: stripe, time: time, output: outputURL).play() }
                    }
                }
            }
        } catch {
            printError("gachabot demo: \(error)")
            throw ExitCode(1)
        }
    }
}

/// The scripted session, printed as a conversation.
struct DemoScript {
    let bot: SandboxBot
    /// The loopback Stripe the card links point at (nil: the Stripe scene is skipped).
    var stripe: DemoStripe?
    /// The game's time, which a scene may move forward.
    var time: DemoTime
    /// Where `/owner`'s charts are written (nil: the owner scene is skipped).
    var output: URL?

    func play() async throws {
        let member = bot.member(name: "Ayla")
        print("Loopback Discord: gateway \(bot.sandbox.gatewayURL), REST \(bot.sandbox.restBaseURL)\n")
        try await show("/status", try await member.command("status"))
        let pack = try await playPacksCreator()
        try await show("/rates (the server's pool now holds the pack)", try await member.command("rates"))
        try await show("/daily", try await member.command("daily"))
        try await show("/roll", try await member.command("roll"))
        try await show("/shop", try await member.command("shop"))

        // Buy 10 Characters from the shop's button: animation, then the reveal.
        let buy = try await member.press("shop:buy:pull_10")
        try await show("[press] Buy 10 Characters", buy)
        let reveal = try await member.nextEdit(of: buy)
        print("… the animation is edited into the reveal:\n\(indent(MessageText.render(reveal)))\n")
        let firstID = try pullID(in: reveal)
        let revealed = selectOptions(of: "pull:keep:\(firstID)", in: reveal)
        let keep = Array(revealed.prefix(7))
        try await show("[select] keep \(keep.count) of \(revealed.count)", try await member.select("pull:keep:\(firstID)", keep))
        try await show("[press] Apply", try await member.press("pull:apply:\(firstID)"))

        // A second pull overflows the 12-character inventory: choose what to replace.
        let second = try await member.command("buy", [.string("item", "pull_10")])
        try await show("/buy item: Buy 10 Characters", second)
        let secondReveal = try await member.nextEdit(of: second)
        print("… reveal:\n\(indent(MessageText.render(secondReveal)))\n")
        let secondID = try pullID(in: secondReveal)
        let overflow = try await member.press("pull:apply:\(secondID)")
        try await show("[press] Apply (keeping all 10)", overflow)
        if let replaceSelect = overflow.customIDs.first(where: { $0.hasPrefix("pull:replace:") }),
            let data = overflow.message
        {
            let owned = selectOptions(of: replaceSelect, in: MessageEdit(data))
            let needed = neededReplacements(in: overflow)
            let chosen = Array(owned.suffix(needed))
            try await show("[select] replace \(chosen.count) owned characters", try await member.select(replaceSelect, chosen))
            try await show("[press] Apply", try await member.press("pull:apply:\(secondID)"))
        }
        try await show("/inventory", try await member.command("inventory"))
        try await show("/points", try await member.command("points"))
        try await playPacksMember(pack: pack)
        try await playPackAccess()
        try await playCreators()
        try await playTalk()
        try await playPremium()
        // Referrals first: the Stripe scene then moves the loopback Stripe's clock a month on.
        if let stripe { try await playReferrals(stripe, pack: pack) }
        if let stripe { try await playStripe(stripe) }
        if let output { try await playOwner(output: output) }
        let violations = bot.sandbox.openAPIViolations
        print(violations.isEmpty
            ? "Every request body the bot sent conformed to Discord's OpenAPI description."
            : "OpenAPI violations: \(violations)")
    }

    func show(_ action: String, _ answer: BotAnswer) async throws {
        print("▶ \(action)\n\(indent(answer.text))\n")
    }

    func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    private func pullID(in edit: MessageEdit) throws -> String {
        guard let id = MessageText.customIDs(edit.components ?? []).first(where: { $0.hasPrefix("pull:keep:") }) else {
            throw HarnessError.unexpectedReply(MessageText.render(edit))
        }
        return String(id.dropFirst("pull:keep:".count))
    }

    private func selectOptions(of customID: String, in edit: MessageEdit) -> [String] {
        func search(_ components: [Component]) -> [String]? {
            for component in components {
                switch component {
                case .actionRow(let row): if let found = search(row.components) { return found }
                case .stringSelect(let select) where select.custom_id == customID: return select.options.map(\.value)
                default: continue
                }
            }
            return nil
        }
        return search(edit.components ?? []) ?? []
    }

    private func neededReplacements(in answer: BotAnswer) -> Int {
        let text = answer.message?.embeds?.first?.description ?? ""
        guard let range = text.range(of: #"choose \*\*(\d+)\*\*"#, options: .regularExpression) else { return 1 }
        return Int(text[range].filter(\.isNumber)) ?? 1
    }
}
