#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// CPU time and memory of a process, from `getrusage` (this process) or `/proc/<pid>/…` (a child).
enum ProcessUsage {
    /// User + system CPU time of this process (every thread), in microseconds.
    static func selfCPUMicroseconds() -> Int64 {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Int64(usage.ru_utime.tv_sec) * 1_000_000 + Int64(usage.ru_utime.tv_usec)
        let system = Int64(usage.ru_stime.tv_sec) * 1_000_000 + Int64(usage.ru_stime.tv_usec)
        return user + system
    }

    /// Peak resident set size (`VmHWM`) in KiB of `pid` ("self" for this process).
    static func peakRSSKilobytes(pid: String = "self") -> Int64? {
        statusField("VmHWM", pid: pid)
    }

    static func statusField(_ name: String, pid: String) -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            return Int64(line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }

    /// utime + stime of `pid` from `/proc/<pid>/stat`, in microseconds (clock-tick resolution).
    static func cpuMicroseconds(pid: Int32) -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // Fields after "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let utime = Int64(fields[11]), let stime = Int64(fields[12]) else { return nil }
        let ticks = Int64(sysconf(Int32(_SC_CLK_TCK)))
        return (utime + stime) * 1_000_000 / max(ticks, 1)
    }
}
