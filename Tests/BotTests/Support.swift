import BotHarness
import Clocks
import DiscordModels
import DiscordSandbox
import Foundation
import Gacha
import Logging
import PostgresStorage
import SQLiteStorage
import Storage
import Synchronization
import Testing

@testable import Bot

/// 2025-01-01T12:00:00Z: noon, so a few hours of virtual game time never cross a day by accident.
let testEpoch = Timestamp(millisecondsSinceEpoch: 1_735_732_800_000)

extension SandboxBot.Options {
    /// Options for game scenarios: the watchdog is far away (a loaded CI machine must not turn a
    /// type 4 into a type 5 by accident; the watchdog has its own tests on a manual clock).
    static func game(
        gacha: GachaConfiguration = .standard, startingPoints: Int64 = 0, dataDirectory: URL? = nil,
        gameTime: GameTime? = nil, seed: UInt64 = 42, store: (any BotStore)? = nil
    ) -> SandboxBot.Options {
        SandboxBot.Options(
            tls: true, compression: .zstdStream, gacha: gacha, game: GameCommandSettings(revealDelay: .zero),
            dispatcher: .init(deferAfter: .seconds(120)), startingPoints: startingPoints, dataDirectory: dataDirectory,
            gameTime: gameTime, random: SeededRandomSource(seed: seed), store: store)
    }
}

extension SandboxBot.Options {
    /// These options on `store` (nil: the harness's own SQLite file).
    func on(_ store: (any BotStore)?) -> SandboxBot.Options {
        var options = self
        options.store = store
        return options
    }
}

/// The databases the end-to-end scenarios that matter most run on: SQLite (the harness's own file:
/// `store` is nil) and, when `GACHABOT_TEST_POSTGRES_URL` names a server, a PostgreSQL database of
/// their own, dropped afterwards. A scenario that restarts the bot passes the same store to both runs.
func forEachDatabase(_ body: (_ store: (any BotStore)?) async throws -> Void) async throws {
    try await body(nil)
    guard let text = ProcessInfo.processInfo.environment["GACHABOT_TEST_POSTGRES_URL"] else { return }
    var logger = Logger(label: "bot-tests")
    logger.logLevel = .error
    try await PostgresStore.withTemporaryDatabase(serverURL: try PostgresURL(text), prefix: "gachabot_e2e", logger: logger) { store in
        try await body(store)
    }
}

extension SandboxBot {
    /// The bot's own store: tests read the game's state where the bot keeps it.
    func withStore<T: Sendable>(_ body: (any BotStore) async throws -> T) async throws -> T {
        try await body(store)
    }

    var defaultPlayer: PlayerID {
        PlayerID(guild: Storage.GuildID(guildID), member: MemberID(DiscordSandbox.defaultMemberID))
    }

    func balance(_ player: PlayerID? = nil) async throws -> Int64 {
        let player = player ?? defaultPlayer
        return try await withStore { store in try await store.readGacha { try await $0.balance(player) } }
    }

    func inventoryCount(_ player: PlayerID? = nil) async throws -> Int {
        let player = player ?? defaultPlayer
        return try await withStore { store in try await store.readGacha { try await $0.inventoryCount(player) } }
    }

    func ledger(_ player: PlayerID? = nil) async throws -> [LedgerEntry] {
        let player = player ?? defaultPlayer
        return try await withStore { store in try await store.readGacha { try await $0.recentLedgerEntries(player, limit: 10_000) } }
    }

    /// What every scenario ends with: the bot sent only bodies Discord's OpenAPI description
    /// accepts, never let a message ping @everyone or a role, and the ledger is consistent (each
    /// balance is the sum of its entries, none negative).
    func expectHealthy(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(sandbox.openAPIViolations.isEmpty, "\(sandbox.openAPIViolations)", sourceLocation: sourceLocation)
        expectMentionSafe(sandbox.requests, sourceLocation: sourceLocation)
        let discrepancies = try await withStore { store in try await store.readGacha { try await $0.ledgerDiscrepancies() } }
        #expect(discrepancies.isEmpty, "\(discrepancies)", sourceLocation: sourceLocation)
    }
}

// MARK: - Request bodies

/// A request's JSON body (the `payload_json` part of a multipart body) as a dictionary.
func jsonObject(_ request: RecordedRequest) -> [String: Any]? {
    guard let data = request.payloadJSON else { return nil }
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
}

func isCallback(_ request: RecordedRequest) -> Bool {
    request.method == "POST" && request.path.contains("/interactions/") && request.path.hasSuffix("/callback")
}

func isWebhookMessage(_ request: RecordedRequest) -> Bool {
    request.path.contains("/webhooks/") && (request.method == "POST" || request.method == "PATCH")
}

/// The callback type of a callback request (4, 5, 6, 7, 8, 9).
func callbackType(_ request: RecordedRequest) -> Int? { jsonObject(request)?["type"] as? Int }

/// Every message the bot sent (callback types 4 and 7, follow-ups, edits) carries
/// `allowed_mentions` with an empty `parse` and no roles: user text can never ping @everyone or a role.
func expectMentionSafe(_ requests: [RecordedRequest], sourceLocation: SourceLocation = #_sourceLocation) {
    for request in requests {
        let message: [String: Any]?
        if isCallback(request) {
            guard let body = jsonObject(request), let type = body["type"] as? Int, type == 4 || type == 7 else { continue }
            message = body["data"] as? [String: Any]
        } else if isWebhookMessage(request) {
            message = jsonObject(request)
        } else {
            continue
        }
        let mentions = message?["allowed_mentions"] as? [String: Any]
        let parse = mentions?["parse"] as? [Any]
        #expect(parse?.isEmpty ?? false, "\(request.method) \(request.path): allowed_mentions \(String(describing: mentions))", sourceLocation: sourceLocation)
        let roles = mentions?["roles"] as? [Any] ?? []
        #expect(roles.isEmpty, "\(request.method) \(request.path) allows role pings", sourceLocation: sourceLocation)
    }
}

// MARK: - Reading the bot's messages

/// The options of the string select `customID` in `components`.
func selectOptions(_ customID: String, in components: [Component]?) -> [StringSelect.Option] {
    for component in components ?? [] {
        switch component {
        case .actionRow(let row):
            let found = selectOptions(customID, in: row.components)
            if !found.isEmpty { return found }
        case .stringSelect(let select) where select.custom_id == customID:
            return select.options
        default:
            continue
        }
    }
    return []
}

/// Every button of `components`, flattened.
func buttons(in components: [Component]?) -> [Button] {
    (components ?? []).flatMap { component -> [Button] in
        switch component {
        case .actionRow(let row): buttons(in: row.components)
        case .button(let button): [button]
        default: []
        }
    }
}

/// The pull id of a reveal (from its `pull:keep:<id>` select).
func pullID(of edit: MessageEdit) throws -> String {
    let id = try #require(MessageText.customIDs(edit.components ?? []).first { $0.hasPrefix("pull:keep:") })
    return String(id.dropFirst("pull:keep:".count))
}

/// The text of the first embed's description and title, for assertions on what a member reads.
func embedText(_ data: InteractionMessageData?) -> String {
    (data?.embeds ?? []).map { [$0.title, $0.description].compactMap { $0 }.joined(separator: "\n") }.joined(separator: "\n")
}

/// Buys a multi-pull through `/buy` and returns the purchase answer and the reveal it was edited into.
func buyPull(
    _ member: SandboxMember, item: String = "pull_5", sourceLocation: SourceLocation = #_sourceLocation
) async throws -> (answer: BotAnswer, reveal: MessageEdit, pullID: String) {
    let answer = try await member.command("buy", [.string("item", item)])
    #expect(answer.response.type == .channelMessageWithSource, "\(answer.text)", sourceLocation: sourceLocation)
    let reveal = try await member.nextEdit(of: answer)
    return (answer, reveal, try pullID(of: reveal))
}

/// A gate a test opens to let a handler go on: the handler awaits `wait()`.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// A counter handlers bump, read by the test.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
