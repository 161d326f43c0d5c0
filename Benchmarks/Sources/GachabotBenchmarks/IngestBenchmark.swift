import DiscordModels
import DiscordSandbox
import Foundation
import Logging

/// `ingest`: one run of the gateway ingest benchmark. Starts the loopback Discord (plain ws, no
/// guilds of its own), starts the client process, waits for its READY, then dispatches the whole
/// recorded stream; the client reports its CPU time around the stream and its peak RSS.
enum IngestBenchmark {
    /// How the sandbox sends the stream after the begin marker.
    enum Feed: String, Codable {
        /// As one burst (`DiscordSandbox.dispatchBurst`): every message compressed first, then
        /// written back to back, so the client reads as fast as the socket carries them, the way a
        /// busy shard receives a GUILD_CREATE burst or heavy chat. The client's CPU per event is
        /// its own work, not the feeder's pace. The default, and the figure compared to the target.
        case burst
        /// One event per write (`DiscordSandbox.dispatchPaced`): the sandbox compresses and writes
        /// one message, waits until that write is flushed to the socket, then the next, the way a
        /// real bot mostly receives events. A client that keeps up reads one event per socket
        /// read, so its figure includes a wake-up (and a read, a decompression call, a hop to its
        /// reading task) per event.
        case paced
    }

    struct Result: Codable {
        var benchmark = "ingest"
        var client: String
        var compression: String
        var feed: Feed
        var events: Int
        var streamBytes: Int
        var cpuSeconds: Double
        var cpuMicrosecondsPerEvent: Double
        var peakRSSMiB: Double
        var wallSeconds: Double
        var note: String
    }

    static func run(client: String, compression: String, feed: Feed, guilds: Int, messages: Int, command: [String], logFile: String) async throws
        -> Result
    {
        let stream = IngestStream(guildCount: guilds, messageEvents: messages, seed: 20_250_601).events()
        let streamBytes = stream.reduce(0) { $0 + $1.json.utf8.count }
        var sandboxLogger = Logger(label: "sandbox")
        sandboxLogger.logLevel = .warning
        let configuration = SandboxConfiguration(guilds: [], validateOpenAPI: false, logger: sandboxLogger)
        return try await withSandbox(configuration) { sandbox in
            let arguments = command.dropFirst().map {
                $0.replacingOccurrences(of: "{gateway}", with: sandbox.gatewayURL)
                    .replacingOccurrences(of: "{rest}", with: sandbox.restBaseURL)
                    .replacingOccurrences(of: "{compression}", with: compression)
            }
            let child = try ChildProcess(executable: command[0], arguments: Array(arguments), logFile: logFile)
            do {
                try await sandbox.waitForReady(timeout: .seconds(60))
            } catch {
                child.terminate()
                let (_, output) = await child.waitForExit(timeout: .seconds(5))
                throw BenchmarkError.client("\(client) never became READY (see \(logFile)): \(output)")
            }
            // Let the client settle (discord.py finishes its READY handling) before the stream.
            try await Task.sleep(for: .milliseconds(500))
            let start = ContinuousClock.now
            // The begin marker alone first, so the client reads its CPU time before anything else
            // of the stream is in its buffers.
            try sandbox.dispatch(event: stream[0].name, json: stream[0].json)
            try await Task.sleep(for: .milliseconds(300))
            switch feed {
            case .burst:
                try sandbox.dispatchBurst(stream.dropFirst().map { ($0.name, $0.json) })
            case .paced:
                try sandbox.dispatchPaced(stream.dropFirst().map { ($0.name, $0.json) })
            }
            let (status, output) = await child.waitForExit(timeout: .seconds(600))
            let wall = start.duration(to: .now)
            var begin: Int64?
            var end: Int64?
            var rss: Int64?
            var note = ""
            for line in output.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.first == "BEGIN", fields.count > 1 { begin = Int64(fields[1]) }
                if fields.first == "END", fields.count > 2 {
                    end = Int64(fields[1])
                    rss = Int64(fields[2])
                    note = fields.dropFirst(3).joined(separator: " ")
                }
            }
            guard let begin, let end, let rss else {
                throw BenchmarkError.client("\(client) did not report (exit \(status), see \(logFile)): \(output)")
            }
            // The begin marker is not counted: the client reads its CPU time when it arrives.
            let events = stream.count - 1
            let cpu = Double(end - begin) / 1e6
            return Result(
                client: client, compression: compression, feed: feed, events: events, streamBytes: streamBytes, cpuSeconds: cpu,
                cpuMicrosecondsPerEvent: cpu * 1e6 / Double(events), peakRSSMiB: Double(rss) / 1024, wallSeconds: wall.seconds,
                note: note)
        }
    }
}

enum BenchmarkError: Error, CustomStringConvertible {
    case client(String)
    case usage(String)
    case check(String)

    var description: String {
        switch self {
        case .client(let text), .usage(let text), .check(let text): text
        }
    }
}
