import Foundation

/// Turns chart SVGs into PNGs with `rsvg-convert` (Debian librsvg2-bin, fonts from
/// fonts-dejavu-core) run as a subprocess: the SVG goes in through a file in a private temporary
/// folder and the PNG comes back through another, so no pipe can fill up and stall. The SVG and
/// the PNG are capped in size, and a run longer than `timeout` (measured on `clock`) is killed.
public struct ChartRasterizer: Sendable {
    public static let defaultExecutable = "/usr/bin/rsvg-convert"
    /// Far above any chart we draw (a few tens of KiB), far below what could hurt.
    public static let defaultMaximumSVGBytes = 1 << 20
    /// Discord takes 10 MiB per upload on an unboosted server; a chart is ~30–80 KiB.
    public static let defaultMaximumPNGBytes = 4 << 20
    public static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    public var executable: String
    public var timeout: Duration
    public var maximumSVGBytes: Int
    public var maximumPNGBytes: Int
    private let clock: any Clock<Duration>

    public init(
        executable: String = ChartRasterizer.defaultExecutable, timeout: Duration = .seconds(10),
        maximumSVGBytes: Int = ChartRasterizer.defaultMaximumSVGBytes,
        maximumPNGBytes: Int = ChartRasterizer.defaultMaximumPNGBytes, clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.executable = executable
        self.timeout = timeout
        self.maximumSVGBytes = maximumSVGBytes
        self.maximumPNGBytes = maximumPNGBytes
        self.clock = clock
    }

    /// Whether the binary is there to run; when it is not, `availability` says why.
    public var availability: Result<Void, ChartRasterizerError> {
        FileManager.default.isExecutableFile(atPath: executable)
            ? .success(())
            : .failure(.unavailable("\(URL(fileURLWithPath: executable).lastPathComponent) is not installed (Debian package librsvg2-bin)"))
    }

    public func png(_ chart: some SVGChart) async throws(ChartRasterizerError) -> Data {
        try await png(svg: chart.svg(), size: chart.size)
    }

    public func png(svg: String, size: ChartSize) async throws(ChartRasterizerError) -> Data {
        if case .failure(let error) = availability { throw error }
        let svgData = Data(svg.utf8)
        guard svgData.count <= maximumSVGBytes else { throw .svgTooLarge(bytes: svgData.count, limit: maximumSVGBytes) }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-chart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("chart.svg")
        let output = folder.appendingPathComponent("chart.png")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            try svgData.write(to: input)
        } catch {
            throw .failed("could not write the SVG to a temporary file")
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--format", "png", "--width", String(size.width), "--height", String(size.height),
            "--output", output.path, input.path,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let (exits, exited) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(1))
        process.terminationHandler = { finished in
            exited.yield(finished.terminationStatus)
            exited.finish()
        }
        do {
            try process.run()
        } catch {
            throw .unavailable("\(URL(fileURLWithPath: executable).lastPathComponent) could not be started")
        }

        let status = await waitForExit(exits)
        guard let status else {
            // Timed out: stop it and reap it before the folder is removed.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw .timedOut(timeout)
        }
        guard status == 0 else { throw .failed("rsvg-convert exited with status \(status)") }
        let attributes = try? FileManager.default.attributesOfItem(atPath: output.path)
        let bytes = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        guard bytes <= maximumPNGBytes else { throw .pngTooLarge(bytes: bytes, limit: maximumPNGBytes) }
        guard let png = try? Data(contentsOf: output), png.starts(with: Self.pngSignature) else {
            throw .failed("rsvg-convert wrote no PNG")
        }
        return png
    }

    /// The exit status, or nil when `timeout` passed first.
    private func waitForExit(_ exits: AsyncStream<Int32>) async -> Int32? {
        let clock = self.clock
        let timeout = self.timeout
        return await withTaskGroup(of: Int32?.self) { group in
            group.addTask {
                for await status in exits { return status }
                return nil
            }
            group.addTask {
                // Cancelled when the process exits first; then this child's nil is never read.
                try? await clock.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
