// Gachabot benchmarks (release builds; not part of the test suite). Benchmarks/run.sh drives
// every mode and BENCHMARKS.md describes them. Each measuring mode prints one `RESULT {json}` line.
import Analytics
import Bot
import DiscordGateway
import Foundation
import NIOCore

let usage = """
    usage: GachabotBenchmarks <mode> [options] [-- client command]
      ingest        --client NAME --compression zstd-stream|zlib-stream [--feed burst|paced] [--guilds 2500] [--messages 50000] [--log FILE] -- CMD…
      ingest-client --gateway URL --compression C [--token T]       (gachabot's gateway client; started by `ingest`)
      interactions  --client NAME --compression C [--rate 1000] [--seconds 10] [--burst 5000] [--feed burst|paced] [--log FILE] -- CMD…
      gacha-e2e     [--database sqlite|postgres://…] [--rate 200] [--seconds 5] [--tls true|false] [--warmup 100] [--samples FILE]
                    [--operation pull|roll] [--packs 0]
      gacha-store   [--database sqlite|postgres://…] [--seconds 5] [--workers 4] [--members 1000] [--operation pull|roll] [--packs 0]
    --packs N enables N packs of 40 characters in the benchmark guild (0: the base catalogue only).
      stream-stats  [--guilds 2500] [--messages 50000]
      pro-check     [--members 10000] [--calls 2000000]
      packs-catalogue [--database sqlite|postgres://…] [--packs 100000] [--characters 20] [--queries 2000]
      stripe-webhooks [--database sqlite|postgres://…|memory] [--rate 2000] [--seconds 5] [--warmup 500]
      talk-turn     [--database sqlite|postgres://…] [--members 200] [--turns 10] [--workers 4]
      talk-streams  [--database sqlite|postgres://…] [--streams 500] [--hold-seconds 3]
      owner-report  [--database sqlite|postgres://…] [--events 1000000] [--members events/100] [--guilds members/100] [--days 90]
                    [--runs 3] [--period 30|90|7|all]
    In CMD, {gateway}, {rest} and {compression} are replaced by the sandbox's URLs and the compression.
    """

struct Arguments {
    var mode: String
    var options: [String: String] = [:]
    var command: [String] = []

    init(_ raw: [String]) throws {
        guard let mode = raw.first else { throw BenchmarkError.usage(usage) }
        self.mode = mode
        var rest = raw.dropFirst()
        while let next = rest.first {
            rest = rest.dropFirst()
            if next == "--" {
                command = Array(rest)
                break
            }
            guard next.hasPrefix("--"), let value = rest.first else { throw BenchmarkError.usage(usage) }
            options[String(next.dropFirst(2))] = value
            rest = rest.dropFirst()
        }
    }

    func string(_ name: String, _ fallback: String? = nil) throws -> String {
        guard let value = options[name] ?? fallback else { throw BenchmarkError.usage("missing --\(name)\n\(usage)") }
        return value
    }

    func operation() throws -> GachaStoreBenchmark.Operation {
        guard let operation = GachaStoreBenchmark.Operation(rawValue: try string("operation", "pull")) else {
            throw BenchmarkError.usage("--operation pull|roll")
        }
        return operation
    }

    func packs() throws -> Int {
        let packs = try number("packs", 0)
        guard packs >= 0, packs == packs.rounded() else { throw BenchmarkError.usage("--packs takes a whole number of packs, 0 or more") }
        return Int(packs)
    }

    func number(_ name: String, _ fallback: Double) throws -> Double {
        guard let text = options[name] else { return fallback }
        guard let value = Double(text) else { throw BenchmarkError.usage("--\(name) takes a number") }
        return value
    }
}

func emit(_ result: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    print("RESULT " + String(decoding: try encoder.encode(result), as: UTF8.self))
}

// One event loop, as `gachabot run` has by default: the loopback Discord and the client share this
// machine's two cores, and every extra loop is one more thread to wake per batch of I/O (the harness's
// CPU per interaction fell by about a sixth). NIO_SINGLETON_GROUP_LOOP_COUNT still overrides it.
if ProcessInfo.processInfo.environment["NIO_SINGLETON_GROUP_LOOP_COUNT"] == nil {
    NIOSingletons.groupLoopCountSuggestion = 1
}

do {
    let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
    switch arguments.mode {
    case "ingest":
        guard !arguments.command.isEmpty else { throw BenchmarkError.usage(usage) }
        guard let feed = IngestBenchmark.Feed(rawValue: try arguments.string("feed", "burst")) else {
            throw BenchmarkError.usage("--feed burst|paced")
        }
        try emit(
            try await IngestBenchmark.run(
                client: try arguments.string("client"), compression: try arguments.string("compression"), feed: feed,
                guilds: Int(try arguments.number("guilds", 2_500)), messages: Int(try arguments.number("messages", 50_000)),
                command: arguments.command, logFile: try arguments.string("log", "/dev/null")))
    case "ingest-client":
        guard let compression = GatewayCompression(rawValue: try arguments.string("compression")) else {
            throw BenchmarkError.usage("--compression zstd-stream|zlib-stream|none")
        }
        try await IngestClient.run(
            gatewayURL: try arguments.string("gateway"), compression: compression, token: try arguments.string("token", "sandbox-token"))
    case "interactions":
        guard !arguments.command.isEmpty else { throw BenchmarkError.usage(usage) }
        guard let feed = InteractionBenchmark.Feed(rawValue: try arguments.string("feed", "burst")) else {
            throw BenchmarkError.usage("--feed burst|paced")
        }
        try emit(
            try await InteractionBenchmark.run(
                client: try arguments.string("client"), compression: try arguments.string("compression"),
                rate: try arguments.number("rate", 1_000), seconds: try arguments.number("seconds", 10),
                burst: Int(try arguments.number("burst", 5_000)), feed: feed, command: arguments.command,
                logFile: try arguments.string("log", "/dev/null")))
    case "gacha-e2e":
        try emit(
            try await GachaEndToEndBenchmark.run(
                database: try BenchmarkDatabase(try arguments.string("database", "sqlite")),
                rate: try arguments.number("rate", 200), seconds: try arguments.number("seconds", 5),
                tls: try arguments.string("tls", "true") == "true", warmup: Int(try arguments.number("warmup", 100)),
                samplesPath: arguments.options["samples"], operation: try arguments.operation(), packs: try arguments.packs()))
    case "gacha-store":
        try emit(
            try await GachaStoreBenchmark.run(
                database: try BenchmarkDatabase(try arguments.string("database", "sqlite")),
                seconds: try arguments.number("seconds", 5), workers: Int(try arguments.number("workers", 4)),
                members: Int(try arguments.number("members", 1_000)), operation: try arguments.operation(),
                packs: try arguments.packs(), assets: try ResourceLocator().locate(.assets)))
    case "stripe-webhooks":
        let rate = try arguments.number("rate", 2_000)
        let seconds = try arguments.number("seconds", 5)
        let warmup = Int(try arguments.number("warmup", 500))
        let databaseName = try arguments.string("database", "sqlite")
        if databaseName == "memory" {
            let (processor, processed) = StripeWebhookBenchmark.inMemory()
            try emit(
                try await StripeWebhookBenchmark.run(
                    rate: rate, seconds: seconds, warmup: warmup, processorName: "in-memory", processor: processor,
                    processedCount: processed))
        } else {
            let database = try BenchmarkDatabase(databaseName)
            try emit(
                try await database.withStore { store in
                    let (processor, applied) = StripeWebhookBenchmark.premiumStore(store)
                    return try await StripeWebhookBenchmark.run(
                        rate: rate, seconds: seconds, warmup: warmup, processorName: "premium store (\(database.name))",
                        processor: processor, processedCount: applied)
                })
        }
    case "packs-catalogue":
        let database = try BenchmarkDatabase(try arguments.string("database", "sqlite"))
        try emit(
            try await PacksCatalogueBenchmark.run(
                database: database, packs: Int(try arguments.number("packs", 100_000)),
                characters: Int(try arguments.number("characters", 20)), queries: Int(try arguments.number("queries", 2_000))))
    case "talk-turn":
        try emit(
            try await TalkBenchmark.runTurns(
                database: try BenchmarkDatabase(try arguments.string("database", "sqlite")), members: Int(try arguments.number("members", 200)),
                turns: Int(try arguments.number("turns", 10)), workers: Int(try arguments.number("workers", 4)),
                assets: try ResourceLocator().locate(.assets)))
    case "talk-streams":
        try emit(
            try await TalkBenchmark.runStreams(
                database: try BenchmarkDatabase(try arguments.string("database", "sqlite")), streams: Int(try arguments.number("streams", 500)),
                hold: .milliseconds(Int64(try arguments.number("hold-seconds", 3) * 1000)), assets: try ResourceLocator().locate(.assets)))
    case "owner-report":
        let events = Int(try arguments.number("events", 1_000_000))
        let members = Int(try arguments.number("members", Double(max(events / 100, 1))))
        guard let period = ReportPeriod(argument: try arguments.string("period", "30")) else { throw BenchmarkError.usage("--period 7|30|90|all") }
        try emit(
            try await OwnerReportBenchmark.run(
                database: try BenchmarkDatabase(try arguments.string("database", "sqlite")), events: events, members: members,
                guilds: Int(try arguments.number("guilds", Double(max(members / 100, 1)))), days: Int(try arguments.number("days", 90)),
                runs: Int(try arguments.number("runs", 3)), period: period))
    case "pro-check":
        try emit(
            try await ProCheckBenchmark.run(
                database: try BenchmarkDatabase(try arguments.string("database", "sqlite")),
                members: Int(try arguments.number("members", 10_000)), calls: Int(try arguments.number("calls", 2_000_000))))
    case "stream-stats":
        let events = IngestStream(
            guildCount: Int(try arguments.number("guilds", 2_500)), messageEvents: Int(try arguments.number("messages", 50_000)),
            seed: 20_250_601
        ).events()
        var counts: [String: (count: Int, bytes: Int)] = [:]
        for event in events {
            counts[event.name, default: (0, 0)].count += 1
            counts[event.name, default: (0, 0)].bytes += event.json.utf8.count
        }
        for (name, value) in counts.sorted(by: { $0.key < $1.key }) {
            print("\(name): \(value.count) events, \(value.bytes / 1024) KiB, \(value.bytes / max(value.count, 1)) B average")
        }
    default:
        throw BenchmarkError.usage(usage)
    }
} catch {
    FileHandle.standardError.write(Data("GachabotBenchmarks: \(error)\n".utf8))
    exit(1)
}
