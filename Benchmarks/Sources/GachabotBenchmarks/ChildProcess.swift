import Foundation

/// A client process the benchmark starts (the gachabot client or discord.py): its stdout is
/// captured, its stderr goes to a log file, and its exit can be awaited without blocking a thread.
final class ChildProcess: Sendable {
    private let process = Process()
    private let stdout = Pipe()
    private let exits: AsyncStream<Int32>
    private let exitContinuation: AsyncStream<Int32>.Continuation

    init(executable: String, arguments: [String], environment: [String: String] = [:], logFile: String) throws {
        (exits, exitContinuation) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(1))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = stdout
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logFile)
        process.standardInput = FileHandle.nullDevice
        let continuation = exitContinuation
        process.terminationHandler = { process in
            continuation.yield(process.terminationStatus)
            continuation.finish()
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// SIGTERM.
    func terminate() { kill(process.processIdentifier, SIGTERM) }

    /// Waits for the exit (SIGTERM after `timeout`), then returns the status and everything printed on stdout.
    func waitForExit(timeout: Duration) async -> (status: Int32, output: String) {
        let status = await withTaskGroup(of: Int32?.self) { group in
            group.addTask { [exits] in
                for await status in exits { return status }
                return -1
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            var result: Int32 = -1
            while let next = await group.next() {
                if let next {
                    result = next
                    break
                }
                kill(pid, SIGKILL)
            }
            group.cancelAll()
            return result
        }
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        return (status, String(decoding: data, as: UTF8.self))
    }
}
