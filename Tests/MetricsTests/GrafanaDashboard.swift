import Foundation

/// `deploy/grafana/gachabot.json` as the tests read it: its inputs, and every panel with its
/// datasource and query expressions.
struct GrafanaDashboard {
    struct Panel {
        var title: String
        var datasourceUID: String?
        var expressions: [String]
    }

    var inputs: [[String: Any]]
    var panels: [Panel]

    static var file: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/grafana/gachabot.json")
    }

    init(contentsOf url: URL = Self.file) throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        guard let root = object as? [String: Any] else { throw Unreadable(what: "the dashboard is not a JSON object") }
        inputs = root["__inputs"] as? [[String: Any]] ?? []
        var panels: [Panel] = []
        func collect(_ list: [[String: Any]]) {
            for panel in list {
                if let nested = panel["panels"] as? [[String: Any]] { collect(nested) }
                guard let targets = panel["targets"] as? [[String: Any]] else { continue }
                let datasource = (panel["datasource"] as? [String: Any])?["uid"] as? String
                panels.append(
                    Panel(title: panel["title"] as? String ?? "", datasourceUID: datasource, expressions: targets.compactMap { $0["expr"] as? String }))
            }
        }
        collect(root["panels"] as? [[String: Any]] ?? [])
        self.panels = panels
    }

    struct Unreadable: Error {
        var what: String
    }

    /// The metric names a PromQL expression reads: identifiers with the bot's prefix (function
    /// names, label names and keywords never have it). Label values in quotes are skipped, so a
    /// `route="gachabot_x"` matcher names no metric.
    static func metricNames(in expression: String) -> Set<String> {
        var names: Set<String> = []
        var unquoted = ""
        var inQuotes = false
        for character in expression {
            if character == "\"" { inQuotes.toggle(); unquoted.append(" "); continue }
            unquoted.append(inQuotes ? " " : character)
        }
        for match in unquoted.matches(of: /[A-Za-z_:][A-Za-z0-9_:]*/) where match.output.hasPrefix("gachabot_") {
            names.insert(String(match.output))
        }
        return names
    }
}
