import ArgumentParser
import Bot
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

/// `--home`: where Commands/ and Assets/ live (see ResourceLocator for the lookup order).
struct HomeOptions: ParsableArguments {
    @Option(name: .long, help: "Folder holding Commands/ and Assets/ (default: $GACHABOT_HOME, beside the binary, then the repository).")
    var home: String?

    func locator() -> ResourceLocator { ResourceLocator(explicitHome: home) }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
