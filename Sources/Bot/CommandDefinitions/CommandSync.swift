import DiscordModels
import DiscordREST
import Foundation

/// What a sync would change: computed by comparing the local definitions with what Discord has.
public struct CommandSyncPlan: Sendable, Equatable {
    public var added: [String]
    public var changed: [String]
    public var removed: [String]
    public var unchanged: [String]

    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

    public init(local: [ApplicationCommandDefinition], remote: [ApplicationCommandDefinition]) {
        func key(_ command: ApplicationCommandDefinition) -> String {
            "\(command.type?.rawValue ?? 1):\(command.name)"
        }
        let remoteByKey = Dictionary(remote.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let localKeys = Set(local.map(key))
        added = local.filter { remoteByKey[key($0)] == nil }.map(\.name).sorted()
        changed = local.filter { command in remoteByKey[key(command)].map { $0 != command } ?? false }.map(\.name).sorted()
        unchanged = local.filter { remoteByKey[key($0)] == $0 }.map(\.name).sorted()
        removed = remote.filter { !localKeys.contains(key($0)) }.map(\.name).sorted()
    }

    public var summary: String {
        if isEmpty { return "Nothing changed (\(unchanged.count) commands up to date); skipped the bulk overwrite." }
        var parts: [String] = []
        if !added.isEmpty { parts.append("added: \(added.map { "/\($0)" }.joined(separator: ", "))") }
        if !changed.isEmpty { parts.append("changed: \(changed.map { "/\($0)" }.joined(separator: ", "))") }
        if !removed.isEmpty { parts.append("removed: \(removed.map { "/\($0)" }.joined(separator: ", "))") }
        if !unchanged.isEmpty { parts.append("unchanged: \(unchanged.count)") }
        return parts.joined(separator: "; ")
    }
}

/// `gachabot commands sync`: bulk-overwrites the commands of the application (globally or in one
/// guild) when, and only when, they differ from `Commands/`.
public struct CommandSync: Sendable {
    public let rest: DiscordRESTClient
    public let applicationID: ApplicationID

    public init(rest: DiscordRESTClient, applicationID: ApplicationID) {
        self.rest = rest
        self.applicationID = applicationID
    }

    /// Decodes validated definition files.
    public static func definitions(from files: [(name: String, data: Data)]) throws -> [ApplicationCommandDefinition] {
        try files.map { file in
            do {
                return try JSONDecoder().decode(ApplicationCommandDefinition.self, from: file.data)
            } catch {
                throw CommandDefinitionProblem(file: file.name, field: "", message: "does not decode: \(error)")
            }
        }
    }

    /// Compares, then overwrites if anything differs. Returns the plan that was carried out.
    public func sync(_ local: [ApplicationCommandDefinition], guildID: GuildID?) async throws -> CommandSyncPlan {
        let remote: [ApplicationCommandDefinition]
        if let guildID {
            remote = try await rest.getGuildApplicationCommands(applicationID: applicationID, guildID: guildID)
        } else {
            remote = try await rest.getGlobalApplicationCommands(applicationID: applicationID)
        }
        let plan = CommandSyncPlan(local: local, remote: remote)
        guard !plan.isEmpty else { return plan }
        if let guildID {
            try await rest.bulkOverwriteGuildApplicationCommands(applicationID: applicationID, guildID: guildID, commands: local)
        } else {
            try await rest.bulkOverwriteGlobalApplicationCommands(applicationID: applicationID, commands: local)
        }
        return plan
    }
}

extension CommandDefinitionProblem: Error {}
