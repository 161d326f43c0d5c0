import Foundation
import PostgresStorage
import Testing

/// `deploy/` works as it is: the systemd units pass `systemd-analyze verify`, their command lines
/// are ones `gachabot` accepts, the example's shard ranges split the shards exactly once, and its
/// connection pools fit the PostgreSQL server's `max_connections`.
@Suite(.timeLimit(.minutes(1))) struct DeploymentFilesTests {
    static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy")

    static func text(_ path: String) throws -> String {
        try String(contentsOf: deploy.appendingPathComponent(path), encoding: .utf8)
    }

    /// KEY=VALUE lines, comments and blank lines skipped (systemd's EnvironmentFile format).
    static func environment(_ path: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try text(path).split(separator: "\n") where !line.hasPrefix("#") && line.contains("=") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            values[parts[0]] = parts[1]
        }
        return values
    }

    static func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: deploy.appendingPathComponent(folder).path).sorted()
    }

    /// The example's instances: `instance-FIRST-LAST.env` on each machine.
    static func ranges() throws -> [(machine: String, first: Int, last: Int)] {
        try ["machine-a", "machine-b"].flatMap { machine in
            try files(in: "example/\(machine)").compactMap { name -> (String, Int, Int)? in
                guard name.hasPrefix("instance-"), name.hasSuffix(".env") else { return nil }
                let bounds = name.dropFirst("instance-".count).dropLast(".env".count).split(separator: "-").compactMap { Int($0) }
                guard bounds.count == 2 else { return nil }
                return (machine, bounds[0], bounds[1])
            }
        }
    }

    @Test func theExampleRangesSplitTheShardsExactlyOnce() throws {
        let count = try #require(Int(try Self.environment("example/machine-a/gachabot.env")["GACHABOT_SHARD_COUNT"] ?? ""))
        #expect(try Self.environment("example/machine-b/gachabot.env")["GACHABOT_SHARD_COUNT"] == String(count))
        let ranges = try Self.ranges()
        #expect(ranges.count == 3, "two machines, three processes")
        #expect(Set(ranges.map(\.machine)).count == 2)
        let covered = ranges.flatMap { Array($0.first...$0.last) }.sorted()
        #expect(covered == Array(0..<count), "every shard in exactly one process")
        // Processes on one machine need ports of their own.
        for machine in ["machine-a", "machine-b"] {
            let ports = try Self.ranges().filter { $0.machine == machine }.map {
                try Self.environment("example/\(machine)/instance-\($0.first)-\($0.last).env")["GACHABOT_HTTP_PORT"]
            }
            #expect(Set(ports).count == ports.count && !ports.contains(nil), "\(machine): \(ports)")
        }
    }

    @Test func theExamplePoolsFitTheServersMaxConnections() throws {
        let conf = try Self.text("example/postgresql/gachabot.conf")
        let line = try #require(conf.split(separator: "\n").first { $0.hasPrefix("max_connections") })
        let maximum = try #require(Int(line.split(separator: "=")[1].trimmingCharacters(in: .whitespaces)))
        func pool(_ path: String) throws -> Int {
            let url = try PostgresURL(try #require(try Self.environment(path)["GACHABOT_DATABASE_URL"]))
            return url.poolSize ?? PostgresStore.defaultMaximumConnections
        }
        var total = try pool("example/machine-a/serve.env")
        for range in try Self.ranges() { total += try pool("example/\(range.machine)/gachabot.env") }
        // Room for operators' commands and migrations.
        #expect(total + 20 <= maximum, "\(total) pooled connections against max_connections \(maximum)")
    }

    @Test func theUnitsPassSystemdsVerifierApartFromTheMissingBinary() throws {
        let verifier = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let verifier else {
            Issue.record("systemd-analyze is not installed (Debian package systemd); the units were not verified")
            return
        }
        for unit in try Self.files(in: "systemd") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: verifier)
            process.arguments = ["verify", Self.deploy.appendingPathComponent("systemd/\(unit)").path]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            // On a build machine the binary is not installed at /opt/gachabot: the only complaint allowed.
            let complaints = output.split(separator: "\n").filter { !$0.contains("/opt/gachabot/bin/gachabot is not executable") }
            #expect(complaints.isEmpty, "\(unit): \(complaints)")
        }
    }

    /// The template's command line, with the example's values, is accepted by `gachabot run`'s
    /// parser: it gets as far as reading the (absent) token credential.
    @Test func theTemplatesCommandLineIsOneGachabotAccepts() throws {
        let unit = try Self.text("systemd/gachabot@.service")
        let exec = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        let count = try #require(try Self.environment("example/machine-a/gachabot.env")["GACHABOT_SHARD_COUNT"])
        for range in try Self.ranges() {
            let arguments = exec.dropFirst("ExecStart=".count).split(separator: " ").dropFirst().map {
                String($0).replacingOccurrences(of: "%i", with: "\(range.first)-\(range.last)")
                    .replacingOccurrences(of: "${GACHABOT_SHARD_COUNT}", with: count)
                    .replacingOccurrences(of: "%d", with: "/nonexistent/credentials")
            }
            #expect(!arguments.contains { $0.contains("%") || $0.contains("$") }, "\(arguments)")
            let outcome = try ExecutableTests.run(arguments)
            #expect(outcome.status != 0)
            #expect(outcome.output.contains("/nonexistent/credentials/discord-token"), "\(arguments): \(outcome.output)")
            #expect(!outcome.output.contains("Usage:"), "\(arguments): \(outcome.output)")
        }
    }
}
