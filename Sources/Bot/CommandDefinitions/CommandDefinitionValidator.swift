import Foundation

/// Checks slash-command definitions against Discord's documented rules before they are synced,
/// so a mistake is reported with its file and field instead of as a 400 from Discord.
///
/// Rules: https://discord.com/developers/docs/interactions/application-commands
/// (names, descriptions, option nesting, choices, value bounds, the 4,000-character total).
/// Works on raw JSON rather than decoded structs so it can name unknown or mistyped fields.
public struct CommandDefinitionValidator: Sendable {
    public init() {}

    /// `^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$`; Foundation's regex lacks `\p{sc=…}`,
    /// so Devanagari and Thai are given as their Unicode blocks.
    private static let namePattern = #"^[-_'\p{L}\p{N}\x{0900}-\x{097F}\x{0E00}-\x{0E7F}]{1,32}$"#

    static let commandKeys: Set<String> = [
        "name", "name_localizations", "description", "description_localizations", "type", "options",
        "default_member_permissions", "dm_permission", "contexts", "integration_types", "nsfw",
    ]
    static let optionKeys: Set<String> = [
        "type", "name", "name_localizations", "description", "description_localizations", "required",
        "choices", "options", "channel_types", "min_value", "max_value", "min_length", "max_length",
        "autocomplete",
    ]

    /// Validates every definition of a set; also checks rules across files (unique names per type,
    /// at most 100 chat-input commands).
    public func validate(files: [(name: String, data: Data)]) -> [CommandDefinitionProblem] {
        var problems: [CommandDefinitionProblem] = []
        var seen: [String: String] = [:]  // "type:name" -> file
        var chatInputCount = 0
        for file in files {
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: file.data)
            } catch {
                problems.append(.init(file: file.name, field: "", message: "is not valid JSON (\(error.localizedDescription))"))
                continue
            }
            guard let command = object as? [String: Any] else {
                problems.append(.init(file: file.name, field: "", message: "must be a JSON object describing one command"))
                continue
            }
            problems += validate(command: command, file: file.name)
            let type = (command["type"] as? Int) ?? 1
            if type == 1 { chatInputCount += 1 }
            if let name = command["name"] as? String {
                let key = "\(type):\(name)"
                if let other = seen[key] {
                    problems.append(.init(file: file.name, field: "name", message: "\"\(name)\" is already defined by \(other)"))
                }
                seen[key] = file.name
            }
        }
        if chatInputCount > 100 {
            problems.append(.init(file: "Commands/", field: "", message: "\(chatInputCount) chat-input commands; Discord allows at most 100"))
        }
        return problems
    }

    func validate(command: [String: Any], file: String) -> [CommandDefinitionProblem] {
        var problems: [CommandDefinitionProblem] = []
        func problem(_ field: String, _ message: String) {
            problems.append(.init(file: file, field: field, message: message))
        }
        for key in command.keys.sorted() where !Self.commandKeys.contains(key) {
            problem(key, "unknown field (allowed: \(Self.commandKeys.sorted().joined(separator: ", ")))")
        }
        let type: Int
        if let raw = command["type"] {
            guard let value = raw as? Int, [1, 2, 3, 4].contains(value) else {
                problem("type", "must be 1 (CHAT_INPUT), 2 (USER), 3 (MESSAGE) or 4 (PRIMARY_ENTRY_POINT)")
                return problems
            }
            type = value
        } else {
            type = 1
        }
        var totalCharacters = 0
        if let name = command["name"] as? String {
            totalCharacters += name.count
            if type == 1 {
                checkName(name, field: "name", problem: problem)
            } else if name.isEmpty || name.count > 32 {
                problem("name", "must be 1-32 characters")
            }
        } else {
            problem("name", "is required and must be a string")
        }
        let description = command["description"] as? String
        if command["description"] != nil, description == nil { problem("description", "must be a string") }
        if type == 1 {
            if let description {
                totalCharacters += description.count
                if description.isEmpty || description.count > 100 {
                    problem("description", "must be 1-100 characters for a chat-input command (has \(description.count))")
                }
            } else {
                problem("description", "is required for a chat-input command")
            }
        } else if let description, !description.isEmpty {
            problem("description", "must be empty for user and message commands")
        }
        if let permissions = command["default_member_permissions"], !(permissions is NSNull) {
            if let string = permissions as? String, UInt64(string) != nil {
            } else {
                problem("default_member_permissions", "must be a permission bit set as a decimal string, or null")
            }
        }
        for key in ["contexts", "integration_types"] {
            guard let raw = command[key] else { continue }
            guard let values = raw as? [Int] else {
                problem(key, "must be an array of integers")
                continue
            }
            let allowed: Set<Int> = key == "contexts" ? [0, 1, 2] : [0, 1]
            for (index, value) in values.enumerated() where !allowed.contains(value) {
                problem("\(key)[\(index)]", "\(value) is not one of \(allowed.sorted())")
            }
        }
        if let rawOptions = command["options"] {
            if type != 1 {
                problem("options", "only chat-input commands take options")
            }
            totalCharacters += checkOptions(rawOptions, field: "options", depth: 0, problem: problem)
        }
        if totalCharacters > 4000 {
            problem("", "names, descriptions and choice values add up to \(totalCharacters) characters; Discord allows 4,000")
        }
        return problems
    }

    private func checkName(_ name: String, field: String, problem: (String, String) -> Void) {
        if name.range(of: Self.namePattern, options: .regularExpression) == nil {
            problem(field, "\"\(name)\" must be 1-32 letters, digits, '-', '_' or '\\'' with no spaces")
        } else if name != name.lowercased() {
            problem(field, "\"\(name)\" must be lowercase")
        }
    }

    /// Returns the number of characters the options contribute to the 4,000 total.
    private func checkOptions(
        _ raw: Any, field: String, depth: Int, problem: (String, String) -> Void
    ) -> Int {
        guard let options = raw as? [[String: Any]] else {
            problem(field, "must be an array of option objects")
            return 0
        }
        if options.count > 25 { problem(field, "has \(options.count) options; at most 25 are allowed") }
        var characters = 0
        var names: Set<String> = []
        var sawOptional = false
        let types = options.map { ($0["type"] as? Int) ?? 0 }
        let subcommandKinds = types.filter { $0 == 1 || $0 == 2 }.count
        if subcommandKinds > 0 && subcommandKinds < options.count {
            problem(field, "cannot mix subcommands or groups with other options at the same level")
        }
        for (index, option) in options.enumerated() {
            let path = "\(field)[\(index)]"
            for key in option.keys.sorted() where !Self.optionKeys.contains(key) {
                problem("\(path).\(key)", "unknown field")
            }
            let type = types[index]
            guard (1...11).contains(type) else {
                problem("\(path).type", "must be an option type from 1 (SUB_COMMAND) to 11 (ATTACHMENT)")
                continue
            }
            if let name = option["name"] as? String {
                characters += name.count
                checkName(name, field: "\(path).name", problem: problem)
                if !names.insert(name).inserted { problem("\(path).name", "\"\(name)\" is used twice at this level") }
            } else {
                problem("\(path).name", "is required")
            }
            if let description = option["description"] as? String {
                characters += description.count
                if description.isEmpty || description.count > 100 {
                    problem("\(path).description", "must be 1-100 characters (has \(description.count))")
                }
            } else {
                problem("\(path).description", "is required")
            }
            let required = (option["required"] as? Bool) ?? false
            if type == 1 || type == 2 {
                if option["required"] != nil { problem("\(path).required", "does not apply to subcommands") }
                if type == 2 && depth > 0 { problem("\(path).type", "a subcommand group can only be at the top level") }
                if type == 1 && depth > 1 { problem("\(path).type", "subcommands nest at most inside one group") }
                if let nested = option["options"] {
                    if type == 2, let list = nested as? [[String: Any]], list.contains(where: { ($0["type"] as? Int) != 1 }) {
                        problem("\(path).options", "a subcommand group may only contain subcommands")
                    }
                    if type == 1, let list = nested as? [[String: Any]], list.contains(where: { [1, 2].contains(($0["type"] as? Int) ?? 0) }) {
                        problem("\(path).options", "a subcommand cannot contain subcommands or groups")
                    }
                    characters += checkOptions(nested, field: "\(path).options", depth: depth + 1, problem: problem)
                } else if type == 2 {
                    problem("\(path).options", "a subcommand group needs at least one subcommand")
                }
                continue
            }
            if option["options"] != nil { problem("\(path).options", "only subcommands and groups take nested options") }
            if required && sawOptional { problem("\(path).required", "required options must come before optional ones") }
            if !required { sawOptional = true }
            let autocomplete = (option["autocomplete"] as? Bool) ?? false
            if autocomplete && ![3, 4, 10].contains(type) {
                problem("\(path).autocomplete", "only string, integer and number options can autocomplete")
            }
            if let rawChoices = option["choices"] {
                if autocomplete { problem("\(path).choices", "cannot be set together with autocomplete") }
                if ![3, 4, 10].contains(type) { problem("\(path).choices", "only string, integer and number options take choices") }
                if let choices = rawChoices as? [[String: Any]] {
                    if choices.count > 25 { problem("\(path).choices", "has \(choices.count) choices; at most 25 are allowed") }
                    for (choiceIndex, choice) in choices.enumerated() {
                        let choicePath = "\(path).choices[\(choiceIndex)]"
                        if let name = choice["name"] as? String, (1...100).contains(name.count) {
                            characters += name.count
                        } else {
                            problem("\(choicePath).name", "must be 1-100 characters")
                        }
                        switch (type, choice["value"]) {
                        case (3, let value as String):
                            characters += value.count
                            if value.isEmpty || value.count > 100 { problem("\(choicePath).value", "must be 1-100 characters") }
                        case (4, let value as Int) where abs(value) <= 9_007_199_254_740_991:
                            characters += String(value).count
                        case (10, let value as NSNumber):
                            characters += value.stringValue.count
                        default:
                            problem("\(choicePath).value", "must match the option's type")
                        }
                    }
                } else {
                    problem("\(path).choices", "must be an array of {name, value}")
                }
            }
            for key in ["min_value", "max_value"] where option[key] != nil {
                if ![4, 10].contains(type) { problem("\(path).\(key)", "only integer and number options take \(key)") }
                if !(option[key] is NSNumber) { problem("\(path).\(key)", "must be a number") }
            }
            if let min = option["min_value"] as? Double, let max = option["max_value"] as? Double, min > max {
                problem("\(path).min_value", "is greater than max_value")
            }
            for key in ["min_length", "max_length"] where option[key] != nil {
                if type != 3 { problem("\(path).\(key)", "only string options take \(key)") }
                guard let value = option[key] as? Int else {
                    problem("\(path).\(key)", "must be an integer")
                    continue
                }
                let range = key == "min_length" ? 0...6000 : 1...6000
                if !range.contains(value) { problem("\(path).\(key)", "must be within \(range.lowerBound)-\(range.upperBound)") }
            }
            if let min = option["min_length"] as? Int, let max = option["max_length"] as? Int, min > max {
                problem("\(path).min_length", "is greater than max_length")
            }
            if option["channel_types"] != nil && type != 7 {
                problem("\(path).channel_types", "only channel options take channel_types")
            }
        }
        return characters
    }
}
