import DiscordModels

/// The full path of a slash command as a member invokes it: the command's name, then the
/// subcommand group and subcommand if it has them (`roll`, `packs browse`, `packs admin feature`).
/// The router keys commands and autocomplete by it, so two subcommands of one command reach
/// different handlers.
public struct CommandPath: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The names joined by single spaces, as Discord shows them: `"packs admin feature"`.
    public let rawValue: String

    /// `path` is the names separated by spaces: `"packs browse"`.
    public init(_ path: String) {
        rawValue = path.split(separator: " ").joined(separator: " ")
    }

    public init(stringLiteral path: String) { self.init(path) }

    public init(names: [String]) { rawValue = names.joined(separator: " ") }

    /// The path of an application command or autocomplete interaction.
    public init(_ data: ApplicationCommandData) {
        // Most commands have no subcommands: the name alone, without building the path.
        if let first = data.options?.first, first.type == .subCommand || first.type == .subCommandGroup {
            rawValue = data.fullName
        } else {
            rawValue = data.name
        }
    }

    public var names: [String] { rawValue.split(separator: " ").map(String.init) }

    /// `/packs browse`, as a member types it.
    public var description: String { "/" + rawValue }

    public static func < (lhs: CommandPath, rhs: CommandPath) -> Bool { lhs.rawValue < rhs.rawValue }

    /// A path a member can invoke and the options they fill in there.
    public typealias Invocation = (path: CommandPath, options: [ApplicationCommandOptionDefinition])

    /// Every path a definition lets a member invoke, with the options given at that path: the
    /// command itself when it has no subcommands, else each subcommand (option type 1) and each
    /// subcommand of each group (type 2). Discord never delivers the bare name of a command that
    /// has subcommands.
    public static func invocable(by definition: ApplicationCommandDefinition) -> [Invocation] {
        let options = definition.options ?? []
        let nested = options.filter { $0.type == .subCommand || $0.type == .subCommandGroup }
        if nested.isEmpty { return [(CommandPath(names: [definition.name]), options)] }
        return nested.flatMap { option -> [Invocation] in
            if option.type == .subCommand { return [(CommandPath(names: [definition.name, option.name]), option.options ?? [])] }
            return (option.options ?? []).filter { $0.type == .subCommand }.map {
                (CommandPath(names: [definition.name, option.name, $0.name]), $0.options ?? [])
            }
        }
    }
}
