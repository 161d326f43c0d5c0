import Foundation
import OwnerCharts
import Testing

@Suite("Chart SVGs")
struct ChartSVGTests {
    @Test("funnel bars are proportional to the counts and labelled with counts and shares")
    func funnelBars() throws {
        let steps = [
            FunnelStep(label: "new", count: 200), FunnelStep(label: "rolled", count: 150), FunnelStep(label: "talked", count: 60),
            FunnelStep(label: "trial", count: 20), FunnelStep(label: "paid", count: 5),
        ]
        let svg = try SVGStructure(FunnelChart(title: "Funnel", steps: steps).svg())
        let bars = svg.all("rect", class: "bar")
        #expect(bars.map { $0.attributes["data-label"] } == ["new", "rolled", "talked", "trial", "paid"])
        let heights = try bars.map { try #require($0.number("height")) }
        #expect(heights.allSatisfy { $0 >= 0 })
        // Height per member is the same for every bar (to the SVG's two decimals).
        let perMember = heights[0] / 200
        for (height, step) in zip(heights, steps) {
            #expect(abs(height - perMember * Double(step.count)) < 0.02, "\(step.label): \(height)")
        }
        // Every bar stands on the same baseline.
        let bottoms = try bars.map { try #require($0.number("y")) + (try #require($0.number("height"))) }
        #expect(Set(bottoms.map { ($0 * 100).rounded() }).count == 1)
        #expect(svg.texts.contains("200 (100.0%)"))
        #expect(svg.texts.contains("150 (75.0%)"))
        #expect(svg.texts.contains("5 (2.5%)"))
        #expect(svg.texts.contains("Funnel"))
    }

    @Test("user text in labels is escaped and the document stays well-formed")
    func escaping() throws {
        let name = "<script>&\"Pack\" 'A'</script>\u{1}"
        let raw = FunnelChart(title: "Top pack: \(name)", steps: [FunnelStep(label: name, count: 3)]).svg()
        #expect(!raw.contains("<script>"))
        #expect(raw.contains("&lt;script&gt;&amp;&quot;Pack&quot; &apos;A&apos;"))
        let svg = try SVGStructure(raw)  // would throw on a stray < or a control character
        #expect(svg.all("script").isEmpty)
        #expect(svg.all("rect", class: "bar").first?.attributes["data-label"] == "<script>&\"Pack\" 'A'</script>")
        #expect(svg.texts.contains("Top pack: <script>&\"Pack\" 'A'</script>"))
    }

    @Test("the same series always gives the same bytes")
    func deterministic() {
        let days = (1...30).map { (day: Int) -> DivergingDay in
            DivergingDay(label: "12-\(day)", sources: Int64(day * 37 % 500), sinks: Int64(day * 53 % 400))
        }
        let first = DivergingChart(title: "Economy", days: days).svg()
        let second = DivergingChart(title: "Economy", days: days).svg()
        #expect(first == second)
        #expect(first.contains("class=\"bar source\""))
    }

    @Test("retention bars sit on a fixed 0–100% scale; a figure with nobody eligible is n/a")
    func retentionBars() throws {
        let bars = [
            RetentionBar(label: "D1", retained: 40, eligible: 80), RetentionBar(label: "D7", retained: 10, eligible: 40),
            RetentionBar(label: "D30", retained: 0, eligible: 0),
        ]
        let svg = try SVGStructure(RetentionChart(title: "Retention", bars: bars).svg())
        let rects = svg.all("rect", class: "bar")
        #expect(rects.count == 3)
        let heights = try rects.map { try #require($0.number("height")) }
        #expect(abs(heights[0] - 2 * heights[1]) < 0.02)
        #expect(heights[2] == 0)
        // 50% of a plot 400 − 72 − 56 = 272 px high.
        #expect(abs(heights[0] - 136) < 0.02)
        #expect(svg.texts.contains("50.0% (40/80)"))
        #expect(svg.texts.contains("25.0% (10/40)"))
        #expect(svg.texts.contains("n/a (0/0)"))
    }

    @Test("MRR is a line through one point per date, highest value highest")
    func mrrLine() throws {
        let points = [
            LinePoint(label: "2026-11-01", value: 1000), LinePoint(label: "2026-11-02", value: 2500),
            LinePoint(label: "2026-11-03", value: 2000),
        ]
        let svg = try SVGStructure(LineChart(title: "MRR", points: points, format: .money(symbol: "$")).svg())
        let line = try #require(svg.all("polyline", class: "line").first)
        let coordinates = try #require(line.attributes["points"]).split(separator: " ").map { pair in
            pair.split(separator: ",").compactMap { Double($0) }
        }
        #expect(coordinates.count == 3)
        let ys = coordinates.map { $0[1] }
        #expect(ys[1] < ys[2] && ys[2] < ys[0])  // SVG y grows downwards
        #expect(svg.all("circle", class: "point").compactMap { $0.attributes["data-label"] } == points.map(\.label))
        #expect(svg.texts.contains("$20.00"))  // the last value, in cents
        #expect(svg.texts.contains("2026-11-02"))
    }

    @Test("economy: sources above the zero line, sinks below it, on one scale, with a net line")
    func diverging() throws {
        let days = [DivergingDay(label: "d1", sources: 300, sinks: 100), DivergingDay(label: "d2", sources: 100, sinks: 300)]
        let svg = try SVGStructure(DivergingChart(title: "Economy", days: days).svg())
        let sources = svg.all("rect", class: "source")
        let sinks = svg.all("rect", class: "sink")
        #expect(sources.count == 2 && sinks.count == 2)
        let zero = try #require(sources[0].number("y")) + (try #require(sources[0].number("height")))
        for sink in sinks { #expect(abs(try #require(sink.number("y")) - zero) < 0.02) }
        #expect(abs(try #require(sources[0].number("height")) - (try #require(sinks[1].number("height")))) < 0.02)
        #expect(abs(try #require(sources[0].number("height")) - 3 * (try #require(sources[1].number("height")))) < 0.02)
        let net = try #require(svg.all("polyline", class: "net").first?.attributes["points"])
        let ys = net.split(separator: " ").map { Double($0.split(separator: ",")[1])! }
        #expect(ys[0] < zero && ys[1] > zero)
    }

    @Test("counts get whole-number grid lines, and a single day's net still shows as a dot")
    func smallCounts() throws {
        let funnel = try SVGStructure(FunnelChart(title: "Funnel", steps: [FunnelStep(label: "new", count: 1), FunnelStep(label: "paid", count: 0)]).svg())
        let gridLabels = funnel.texts.filter { ["0", "1", "2", "0.25"].contains($0) }
        #expect(gridLabels == ["0", "1"], "\(funnel.texts)")
        let economy = try SVGStructure(DivergingChart(title: "Economy", days: [DivergingDay(label: "d1", sources: 30, sinks: 10)]).svg())
        #expect(economy.all("circle", class: "net-point").first?.number("data-value") == 20)
    }

    @Test("an empty series says there is no data instead of drawing nothing")
    func empty() throws {
        let svg = try SVGStructure(FunnelChart(title: "Funnel", steps: []).svg())
        #expect(svg.all("rect", class: "bar").isEmpty)
        #expect(svg.texts.contains("No data for this period"))
    }

    @Test("values print with fixed formats whatever the locale")
    func formats() {
        #expect(ChartValueFormat.integer.string(1_234_567) == "1,234,567")
        #expect(ChartValueFormat.percent.string(0.4256) == "42.6%")
        #expect(ChartValueFormat.money(symbol: "$").string(123_456) == "$1,234.56")
        #expect(ChartValueFormat.money(symbol: "$").string(-5) == "-$0.05")
        #expect(ChartValueFormat.decimal(2.005, places: 2) == "2.01" || ChartValueFormat.decimal(2.005, places: 2) == "2.00")
        #expect(ChartValueFormat.decimal(-0.0001, places: 1) == "0.0")
    }
}
