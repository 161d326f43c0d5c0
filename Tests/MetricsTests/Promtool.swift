import Foundation

/// `promtool check metrics` (Debian's `prometheus` package), Prometheus's own linter of the
/// exposition format: names, types, help, histogram series.
enum Promtool {
    static let path = "/usr/bin/promtool"

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// CI installs it (scripts/install-system-packages), so there its absence fails the run; on a
    /// machine without it, the check is skipped and says why.
    static var isRequired: Bool { ["true", "TRUE", "True", "1"].contains(ProcessInfo.processInfo.environment["CI"] ?? "") }

    struct Verdict {
        var status: Int32
        var output: String
    }

    /// Runs `promtool check metrics` with `exposition` on its standard input.
    static func checkMetrics(_ exposition: String) throws -> Verdict {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(exposition.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Verdict(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
