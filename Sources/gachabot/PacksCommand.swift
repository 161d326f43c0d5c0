import ArgumentParser
import Clocks
import Foundation
import Gacha
import Logging
import Packs
import Storage

/// `gachabot packs …`: the operator's tools for creator packs (seeding, validation, the report
/// queue, reviews, featured packs).
struct PacksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packs", abstract: "Operator tools for creator packs: import, validate, list, feature, reports, review.",
        subcommands: [
            PacksImportCommand.self, PacksValidateCommand.self, PacksListCommand.self, PacksFeatureCommand.self,
            PacksUnfeatureCommand.self, PacksReportsCommand.self, PacksReviewCommand.self, PacksRenewSubscriptionsCommand.self,
        ])
}

/// What the pack subcommands share: opening the store and building the service.
enum PacksTool {
    /// Runs `body` with a `PackService` on the chosen database; any failure prints one line and
    /// exits with 1.
    static func withService(_ database: DatabaseOptions, _ body: (PackService) async throws -> Void) async throws {
        LogSetup.bootstrap(secrets: { [] })
        do {
            try FileManager.default.createDirectory(atPath: database.dataDirectory, withIntermediateDirectories: true)
            try await StoreOpener.withPacksStore(
                try database.location(), dataDirectory: database.dataDirectory, logger: Logger(label: "gachabot")
            ) { store, blobs in
                try await body(PackService(store: store, blobs: blobs, random: SystemRandomSource(), time: GameTime.live()))
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("gachabot: \(error)")
            throw ExitCode(1)
        }
    }

    static func packID(_ text: String) throws -> PackID {
        guard PackID.isWellFormed(text) else {
            throw ValidationError("\"\(SafeText.preview(text))\" is not a pack id (\(PackID.length) characters of A-Z a-z 0-9 - _)")
        }
        return PackID(text)
    }

    /// A card (PNG, or CCv2 JSON without `characters`) or a pack file (JSON with `characters`),
    /// checked; images a pack file names are read from its folder.
    enum Checked {
        case card(ImportedCharacter)
        case pack(ImportedPack, manifest: Data, files: [String: Data])
    }

    static func check(path: String, limits: PackLimits = PackLimits()) throws -> Checked {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw ValidationError("cannot read \(path): \(error.localizedDescription)") }
        let importer = PackImporter(limits: limits)
        guard isPackFile(data) else { return .card(try importer.importCard(data, file: name)) }
        let files = namedFiles(manifest: data, folder: url.deletingLastPathComponent())
        return .pack(try importer.importPack(manifest: data, file: name, files: files), manifest: data, files: files)
    }

    /// A JSON object with a `characters` key.
    static func isPackFile(_ data: Data) -> Bool {
        guard data.first != 0x89, let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["characters"] != nil
    }

    /// The files a manifest names (`cover`, each `extensions.gachabot.image`) that exist beside it.
    /// Names with a path separator are left out: the importer reports them as not supplied.
    static func namedFiles(manifest: Data, folder: URL) -> [String: Data] {
        guard let object = try? JSONSerialization.jsonObject(with: manifest) as? [String: Any] else { return [:] }
        var names: [String] = []
        if let cover = object["cover"] as? String { names.append(cover) }
        for character in object["characters"] as? [[String: Any]] ?? [] {
            let data = character["data"] as? [String: Any]
            let extensions = data?["extensions"] as? [String: Any]
            if let image = (extensions?["gachabot"] as? [String: Any])?["image"] as? String { names.append(image) }
        }
        var files: [String: Data] = [:]
        for name in names where !name.contains("/") && !name.contains("\\") && name != ".." && name != "." {
            if let data = try? Data(contentsOf: folder.appendingPathComponent(name)) { files[name] = data }
        }
        return files
    }

    static func parseDate(_ text: String) throws -> Timestamp {
        let full = ISO8601DateFormatter()
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        guard let date = full.date(from: text) ?? day.date(from: text) else {
            throw ValidationError("--until \"\(SafeText.preview(text))\" is not a date: use 2026-12-31 or 2026-12-31T18:00:00Z")
        }
        return Timestamp(millisecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    static func formatDate(_ time: Timestamp?) -> String {
        guard let time else { return "-" }
        return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(time.millisecondsSinceEpoch) / 1000))
    }
}

struct PacksImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a pack file (JSON manifest; images beside it) as a draft pack of a creator.")

    @Argument(help: "The pack file: a JSON manifest (docs/pack-format.md); the images it names are read from its folder.")
    var path: String

    @Option(help: "The Discord user id of the creator who will own the pack.")
    var creator: UInt64

    @Flag(help: "Publish the pack after importing it.")
    var publish = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let url = URL(fileURLWithPath: path)
        let manifest: Data
        do { manifest = try Data(contentsOf: url) } catch {
            printError("gachabot: cannot read \(path): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let files = PacksTool.namedFiles(manifest: manifest, folder: url.deletingLastPathComponent())
        let owner = PlayerID(guild: GuildID(0), member: MemberID(creator))
        try await PacksTool.withService(database) { service in
            var pack = try await service.importPack(creator: owner, manifest: manifest, file: url.lastPathComponent, files: files)
            if publish { pack = try await service.publish(pack: pack.id, creator: owner) }
            print("imported \(pack.id) \"\(SafeText.preview(pack.name, limit: 64))\" version \(pack.version) (\(pack.status.rawValue))")
        }
    }
}

struct PacksValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a pack file or a character card (PNG or JSON) without importing it; exit 1 naming the file and field at fault.")

    @Argument(help: "A pack file (JSON with characters; images beside it) or a character card (PNG or CCv2 JSON).")
    var path: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        do {
            switch try PacksTool.check(path: path) {
            case .card(let card):
                print("\(URL(fileURLWithPath: path).lastPathComponent): a valid card, \"\(SafeText.preview(card.card.name, limit: 64))\"")
            case .pack(let pack, _, _):
                print("\(URL(fileURLWithPath: path).lastPathComponent): a valid pack, \"\(SafeText.preview(pack.name, limit: 64))\" version \(pack.version), \(pack.characters.count) characters")
            }
        } catch let error as PackImportError {
            printError("gachabot: \(error)")
            throw ExitCode(1)
        } catch let error as ValidationError {
            printError("gachabot: \(error)")
            throw ExitCode(1)
        }
    }
}

struct PacksListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List packs, newest first.")

    @Option(help: "Only packs with this status: draft, published, hidden or removed.")
    var status: String?

    @Option(help: "How many to list.")
    var limit = 100

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let filter = try status.map { text in
            guard let status = PackStatus(rawValue: text) else {
                throw ValidationError("--status must be draft, published, hidden or removed")
            }
            return status
        }
        try await PacksTool.withService(database) { service in
            let packs = try await service.list(status: filter, pageSize: max(1, limit))
            if packs.isEmpty { print("no packs") }
            for pack in packs {
                print("\(pack.id)  \(pack.status.rawValue)  v\(pack.version)  creator \(pack.creator)  \"\(SafeText.preview(pack.name, limit: 64))\"")
            }
        }
    }
}

struct PacksFeatureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "feature", abstract: "Feature a published pack: /packs browse shows it first.")

    @Argument(help: "The pack id.")
    var packID: String

    @Option(help: "Until when (2026-12-31 or 2026-12-31T18:00:00Z, UTC); for ever without it.")
    var until: String?

    @Option(help: "Your Discord user id, for the audit record (default 0: the operator's console).")
    var by: UInt64 = 0

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let id = try PacksTool.packID(packID)
        let end = try until.map(PacksTool.parseDate)
        try await PacksTool.withService(database) { service in
            try await service.feature(pack: id, until: end, by: MemberID(by))
            print("featured \(id)\(end.map { " until \(PacksTool.formatDate($0))" } ?? "")")
        }
    }
}

struct PacksUnfeatureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unfeature", abstract: "Stop featuring a pack.")

    @Argument(help: "The pack id.")
    var packID: String

    @Option(help: "Your Discord user id, for the audit record (default 0: the operator's console).")
    var by: UInt64 = 0

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let id = try PacksTool.packID(packID)
        try await PacksTool.withService(database) { service in
            let removed = try await service.unfeature(pack: id, by: MemberID(by))
            print(removed ? "unfeatured \(id)" : "\(id) was not featured")
        }
    }
}

struct PacksReportsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reports", abstract: "The review queue: packs with open reports, most reported first.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await PacksTool.withService(database) { service in
            let queue = try await service.reportQueue()
            if queue.isEmpty { print("no open reports") }
            for entry in queue {
                let reasons = entry.reasons.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
                print(
                    "\(entry.pack.id)  \(entry.pack.status.rawValue)  \(entry.openReports) reports (\(reasons.joined(separator: ", ")))  since \(PacksTool.formatDate(entry.firstReportedAt))  \"\(SafeText.preview(entry.pack.name, limit: 64))\""
                )
            }
        }
    }
}

struct PacksReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Decide on a pack: hide, restore, remove, or ban its creator. Every decision is audited.")

    @Argument(help: "The pack id.")
    var packID: String

    @Flag(help: "The decision.")
    var action: ReviewFlag

    @Option(help: "Why, for the audit record.")
    var reason = ""

    @Option(help: "Your Discord user id, for the audit record (default 0: the operator's console).")
    var by: UInt64 = 0

    @OptionGroup var database: DatabaseOptions

    enum ReviewFlag: String, EnumerableFlag {
        case hide, restore, remove, banCreator

        var action: ReviewAction {
            switch self {
            case .hide: .hide
            case .restore: .restore
            case .remove: .remove
            case .banCreator: .banCreator
            }
        }
    }

    func run() async throws {
        let id = try PacksTool.packID(packID)
        try await PacksTool.withService(database) { service in
            let pack = try await service.review(pack: id, action: action.action, by: MemberID(by), reason: reason)
            print("\(action.action.rawValue): \(pack.id) is now \(pack.status.rawValue)")
        }
    }
}
