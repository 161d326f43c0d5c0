/// One rule a command definition file breaks, named by file and JSON path so the author can go
/// straight to it: `Commands/buy.json: options[0].choices[3].name: must be 1-100 characters`.
public struct CommandDefinitionProblem: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let field: String
    public let message: String

    public init(file: String, field: String, message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    public var description: String {
        field.isEmpty ? "\(file): \(message)" : "\(file): \(field): \(message)"
    }
}
