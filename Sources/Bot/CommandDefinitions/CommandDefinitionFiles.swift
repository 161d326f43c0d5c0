import Foundation

/// The `Commands/` folder: one JSON file per slash command, the source of truth synced to Discord.
public struct CommandDefinitionFiles: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Every `*.json` file in the folder, sorted by name so output and sync order are stable.
    public func load() throws -> [(name: String, data: Data)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
        return try names.map { name in
            (name: "Commands/\(name)", data: try Data(contentsOf: directory.appendingPathComponent(name)))
        }
    }

    /// Loads and validates; the problems are empty when every file follows Discord's rules.
    public func validate() throws -> [CommandDefinitionProblem] {
        let files = try load()
        if files.isEmpty {
            return [CommandDefinitionProblem(file: directory.path, field: "", message: "holds no *.json command definitions")]
        }
        return CommandDefinitionValidator().validate(files: files)
    }
}
