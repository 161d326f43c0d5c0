import Foundation

/// The Prometheus text format (0.0.4) as far as these tests read it: `# HELP`, `# TYPE` and
/// sample lines with their labels.
struct PrometheusExposition {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Malformed: Error, CustomStringConvertible {
        var line: String
        var description: String { "not a Prometheus sample line: \(line)" }
    }

    var samples: [Sample] = []
    /// Family name → type (`counter`, `gauge`, `histogram`).
    var types: [String: String] = [:]
    var help: [String: String] = [:]

    init(_ text: String) throws {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                if parts.count == 2 { types[String(parts[0])] = String(parts[1]) }
                continue
            }
            if line.hasPrefix("# HELP ") {
                let rest = line.dropFirst(7)
                if let space = rest.firstIndex(of: " ") { help[String(rest[..<space])] = String(rest[rest.index(after: space)...]) }
                continue
            }
            if line.hasPrefix("#") { continue }
            samples.append(try Self.sample(line))
        }
    }

    private static func sample(_ line: String) throws -> Sample {
        var labels: [String: String] = [:]
        let name: String
        let rest: Substring
        if let brace = line.firstIndex(of: "{") {
            name = String(line[..<brace])
            var index = line.index(after: brace)
            while index < line.endIndex, line[index] != "}" {
                guard let equals = line[index...].firstIndex(of: "=") else { throw Malformed(line: line) }
                let key = line[index..<equals].trimmingCharacters(in: CharacterSet(charactersIn: ", "))
                var cursor = line.index(equals, offsetBy: 2)  // past ="
                var value = ""
                while cursor < line.endIndex, line[cursor] != "\"" {
                    if line[cursor] == "\\" { cursor = line.index(after: cursor) }
                    value.append(line[cursor])
                    cursor = line.index(after: cursor)
                }
                labels[key] = value
                index = line.index(after: cursor)
                if index < line.endIndex, line[index] == "," { index = line.index(after: index) }
            }
            guard index < line.endIndex else { throw Malformed(line: line) }
            rest = line[line.index(after: index)...]
        } else {
            guard let space = line.firstIndex(of: " ") else { throw Malformed(line: line) }
            name = String(line[..<space])
            rest = line[space...]
        }
        guard let value = Double(rest.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? "") else {
            throw Malformed(line: line)
        }
        return Sample(name: name, labels: labels, value: value)
    }

    /// The sum of the samples named `name` whose labels include `labels`; nil when there is none.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matching = samples.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
        return matching.isEmpty ? nil : matching.map(\.value).reduce(0, +)
    }

    /// The family a sample name belongs to: a histogram's `_bucket`, `_sum` and `_count` series
    /// name the histogram; any other name is its own family.
    func family(of name: String) -> String {
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if types[base] == "histogram" || types[base] == "summary" { return base }
        }
        return name
    }
}
