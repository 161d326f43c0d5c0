import ArgumentParser
import Bot
import DiscordModels
import DiscordREST
import Foundation

struct CommandsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commands",
        abstract: "Check or publish the slash-command definitions in Commands/.",
        subcommands: [Validate.self, Sync.self]
    )

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every Commands/*.json against Discord's rules; exit 1 naming each file and field at fault."
        )
        @OptionGroup var location: HomeOptions

        func run() async throws {
            let directory = try location.locator().locate(.commands)
            let files = CommandDefinitionFiles(directory: directory)
            let problems = try files.validate()
            if problems.isEmpty {
                print("\(try files.load().count) command definitions in \(directory.path) are valid.")
            } else {
                for problem in problems { printError(problem.description) }
                throw ExitCode(1)
            }
        }
    }
}

extension CommandsCommand {
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish Commands/*.json to Discord (bulk overwrite), only if they differ; prints what changed."
        )
        @OptionGroup var location: HomeOptions
        @OptionGroup var discord: DiscordOptions

        @Option(help: "Sync to this guild only (instant; global commands can take a while to appear).")
        var guild: String?

        @Option(help: "Application id (default: read from the token, else GET /applications/@me).")
        var applicationID: String?

        func run() async throws {
            LogSetup.bootstrap(secrets: { TokenSource.secrets })
            let files = CommandDefinitionFiles(directory: try location.locator().locate(.commands))
            let problems = try files.validate()
            guard problems.isEmpty else {
                for problem in problems { printError(problem.description) }
                printError("Fix the definitions above before syncing (gachabot commands validate).")
                throw ExitCode(1)
            }
            let local = try CommandSync.definitions(from: try files.load())
            let token = try TokenSource.load(tokenFile: discord.tokenFile)
            let guildID = try guild.map { raw -> GuildID in
                guard let id = GuildID(raw) else { throw ValidationError("--guild must be a numeric guild id") }
                return id
            }
            let tls = try DiscordRESTClient.tlsConfiguration(trustRootsPEM: try discord.trustRootPEM())
            do {
                let rest = DiscordRESTClient(token: token, baseURL: discord.resolvedAPIBase, tls: tls)
                let appID = try await resolveApplicationID(token: token, rest: rest)
                let plan = try await CommandSync(rest: rest, applicationID: appID).sync(local, guildID: guildID)
                print((guildID.map { "Guild \($0): " } ?? "Global: ") + plan.summary)
            } catch {
                printError("gachabot: " + TokenSource.redact(String(describing: error)))
                throw ExitCode(1)
            }
        }

        private func resolveApplicationID(token: BotToken, rest: DiscordRESTClient) async throws -> ApplicationID {
            if let applicationID {
                guard let id = ApplicationID(applicationID) else { throw ValidationError("--application-id must be numeric") }
                return id
            }
            if let hint = token.applicationIDHint, let id = ApplicationID(hint) { return id }
            let application = try await rest.getCurrentApplication()
            guard case .object(let fields) = application, case .string(let raw)? = fields["id"], let id = ApplicationID(raw) else {
                throw ValidationError("Could not read the application id; pass --application-id")
            }
            return id
        }
    }
}

/// `--home`: where Commands/ and Assets/ live (see ResourceLocator for the lookup order).
struct HomeOptions: ParsableArguments {
    @Option(name: .long, help: "Folder holding Commands/ and Assets/ (default: $GACHABOT_HOME, beside the binary, then the repository).")
    var home: String?

    func locator() -> ResourceLocator { ResourceLocator(explicitHome: home) }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
