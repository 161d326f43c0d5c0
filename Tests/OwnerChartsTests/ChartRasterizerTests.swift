import Clocks
import Foundation
import OwnerCharts
import Testing

@Suite("Chart rasterizer")
struct ChartRasterizerTests {
    static let installed = FileManager.default.isExecutableFile(atPath: ChartRasterizer.defaultExecutable)

    /// The error as the rasteriser's own, whether the catch saw it typed or as `any Error`.
    static func rasterizerError(_ error: any Error) -> ChartRasterizerError? { error as? ChartRasterizerError }

    @Test("rsvg-convert turns a chart into a PNG of the chart's size", .enabled(if: installed, "rsvg-convert is not installed"))
    func png() async throws {
        let chart = FunnelChart(title: "Funnel", steps: [FunnelStep(label: "new", count: 10), FunnelStep(label: "rolled", count: 4)])
        let png = try await ChartRasterizer().png(chart)
        #expect(Array(png.prefix(8)) == ChartRasterizer.pngSignature)
        // IHDR: width and height, big-endian, at bytes 16..<24.
        let bytes = Array(png)
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 800 && height == 400)
        #expect(png.count > 2_000 && png.count < ChartRasterizer.defaultMaximumPNGBytes)
    }

    @Test("a missing binary is reported as unavailable, clearly")
    func missingBinary() async throws {
        let rasterizer = ChartRasterizer(executable: "/nonexistent/rsvg-convert")
        guard case .failure(let reason) = rasterizer.availability else {
            Issue.record("a missing binary was reported available")
            return
        }
        #expect(reason.description.contains("librsvg2-bin"))
        await #expect(throws: ChartRasterizerError.unavailable("rsvg-convert is not installed (Debian package librsvg2-bin)")) {
            _ = try await rasterizer.png(FunnelChart(title: "x", steps: []))
        }
    }

    @Test("an SVG over the cap is refused before anything runs")
    func svgCap() async throws {
        let rasterizer = ChartRasterizer(executable: "/bin/true", maximumSVGBytes: 100)
        await #expect(throws: ChartRasterizerError.self) {
            _ = try await rasterizer.png(svg: String(repeating: "x", count: 101), size: .discord)
        }
    }

    @Test("a PNG over the cap is refused", .enabled(if: installed, "rsvg-convert is not installed"))
    func pngCap() async throws {
        let rasterizer = ChartRasterizer(maximumPNGBytes: 100)
        do {
            _ = try await rasterizer.png(FunnelChart(title: "Funnel", steps: [FunnelStep(label: "new", count: 1)]))
            Issue.record("an oversized PNG was returned")
        } catch {
            guard case .pngTooLarge(let bytes, 100)? = Self.rasterizerError(error) else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(bytes > 100)
        }
    }

    @Test("a run past the timeout is killed and reported")
    func timeout() async throws {
        // A stand-in for a hung rsvg-convert.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hung-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("rsvg-convert")
        try Data("#!/bin/sh\nexec sleep 600\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)

        let clock = ManualClock()
        let rasterizer = ChartRasterizer(executable: script.path, timeout: .seconds(5), clock: clock)
        async let result: Data = rasterizer.png(svg: "<svg/>", size: .discord)
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(5))
        do {
            _ = try await result
            Issue.record("a hung rasterizer returned")
        } catch {
            #expect(Self.rasterizerError(error) == .timedOut(.seconds(5)))
        }
    }

    @Test("a failing rsvg-convert is reported with its status")
    func failure() async throws {
        let rasterizer = ChartRasterizer(executable: "/bin/false")
        await #expect(throws: ChartRasterizerError.failed("rsvg-convert exited with status 1")) {
            _ = try await rasterizer.png(svg: "<svg/>", size: .discord)
        }
    }
}
