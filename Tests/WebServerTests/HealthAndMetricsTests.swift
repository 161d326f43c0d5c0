import Foundation
import Testing
import WebServer

@Suite struct HealthAndMetricsTests {
    @Test func healthAnswersOK() async throws {
        try await withServer(WebServerHandlers()) { _, base in
            let answer = try await send(.GET, base + "/healthz")
            #expect(answer.status == 200)
            #expect(answer.text == "ok\n")
        }
    }

    @Test func readinessFollowsItsChecks() async throws {
        let ready = ReadinessFlag()
        let handlers = WebServerHandlers(readiness: {
            [
                ReadinessCheck(name: "database", isReady: ready.value, detail: ready.value ? "sqlite" : "unreachable"),
                ReadinessCheck(name: "migrations", isReady: true, detail: "3 applied"),
            ]
        })
        try await withServer(handlers) { _, base in
            let failing = try await send(.GET, base + "/readyz")
            #expect(failing.status == 503)
            #expect(failing.text.contains("database: failing (unreachable)"))
            #expect(failing.text.contains("migrations: ok (3 applied)"))
            ready.set(true)
            let passing = try await send(.GET, base + "/readyz")
            #expect(passing.status == 200)
            #expect(passing.text.hasPrefix("ready\n"))
        }
    }

    @Test func unknownPathsAre404AndCountedUnderOneRoute() async throws {
        try await withServer(WebServerHandlers()) { server, base in
            for path in ["/nope", "/admin/../../etc", "/x\(UUID().uuidString)"] {
                #expect(try await send(.GET, base + path).status == 404)
            }
            let text = try await send(.GET, base + "/metrics").text
            let samples = try PrometheusText.parse(text)
            let unmatched = samples.filter { $0.name == WebMetrics.requestsTotal && $0.labels["route"] == "unmatched" }
            #expect(unmatched.map(\.value).reduce(0, +) == 3)
            #expect(!text.contains("etc"), "\(text)")
        }
    }

    @Test func metricsAreValidPrometheusTextWithRequestsWebhooksAndDurations() async throws {
        let processor = RecordingProcessor()
        let handlers = WebServerHandlers(stripeSecret: StripeSigning.secret, stripeEvents: processor.process)
        try await withServer(handlers) { _, base in
            for _ in 0..<3 { _ = try await send(.GET, base + "/healthz") }
            let body = Array(#"{"id":"evt_metrics","type":"invoice.paid"}"#.utf8)
            _ = try await send(.POST, base + "/webhooks/stripe", body: body, headers: [("Stripe-Signature", StripeSigning.header(body))])
            _ = try await send(.POST, base + "/webhooks/stripe", body: body, headers: [("Stripe-Signature", "t=1,v1=00")])
            let answer = try await send(.GET, base + "/metrics")
            #expect(answer.status == 200)
            let samples = try PrometheusText.parse(answer.text)
            func value(_ name: String, _ labels: [String: String]) -> Double? {
                samples.first { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }?.value
            }
            #expect(value(WebMetrics.requestsTotal, ["route": "/healthz", "method": "GET", "status": "200"]) == 3)
            #expect(value(WebMetrics.requestsTotal, ["route": "/webhooks/stripe", "status": "400"]) == 1)
            #expect(value(WebMetrics.webhookEventsTotal, ["source": "stripe", "outcome": "applied"]) == 1)
            #expect(value(WebMetrics.webhookEventsTotal, ["source": "stripe", "outcome": "invalid_signature"]) == 1)
            #expect(value(WebMetrics.requestDuration + "_count", ["route": "/healthz"]) == 3)
            #expect(answer.text.contains("# TYPE \(WebMetrics.requestDuration) histogram"))
            for sample in samples {
                #expect(sample.name.hasPrefix("gachabot_"), "\(sample.name) lacks the gachabot_ prefix")
            }
        }
    }
}

final class ReadinessFlag: Sendable {
    private let flag = Mutex(false)
    var value: Bool { flag.withLock { $0 } }
    func set(_ value: Bool) { flag.withLock { $0 = value } }
}

import Synchronization

/// A strict reader of the Prometheus text format (0.0.4): every line is a comment (`# HELP`,
/// `# TYPE name counter|gauge|histogram|summary|untyped`) or `name{label="value",…} number`.
enum PrometheusText {
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Invalid: Error, CustomStringConvertible {
        var line: String
        var description: String { "not Prometheus text: \(line)" }
    }

    static func parse(_ text: String) throws -> [Sample] {
        var samples: [Sample] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ")
                if parts.count >= 2, parts[1] == "TYPE" {
                    guard parts.count == 4, isName(parts[2]), ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3])
                    else { throw Invalid(line: String(line)) }
                }
                continue
            }
            samples.append(try sample(line))
        }
        return samples
    }

    private static func sample(_ line: Substring) throws -> Sample {
        let invalid = Invalid(line: String(line))
        var rest = line[...]
        let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " } ?? rest.endIndex
        let name = rest[..<nameEnd]
        guard isName(name) else { throw invalid }
        rest = rest[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                guard let equals = rest.firstIndex(of: "=") else { throw invalid }
                let key = rest[..<equals]
                guard isName(key), rest[rest.index(after: equals)...].first == "\"" else { throw invalid }
                rest = rest[rest.index(equals, offsetBy: 2)...]
                var value = ""
                while let character = rest.first, character != "\"" {
                    if character == "\\" {
                        rest = rest.dropFirst()
                        guard let escaped = rest.first else { throw invalid }
                        value.append(escaped == "n" ? "\n" : escaped)
                    } else {
                        value.append(character)
                    }
                    rest = rest.dropFirst()
                }
                guard rest.first == "\"" else { throw invalid }
                rest = rest.dropFirst()
                labels[String(key)] = value
                if rest.first == "," { rest = rest.dropFirst() }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { throw invalid }
        let fields = rest.dropFirst().split(separator: " ")
        guard let first = fields.first, fields.count <= 2 else { throw invalid }
        let value: Double? = switch first {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(first)
        }
        guard let value else { throw invalid }
        return Sample(name: String(name), labels: labels, value: value)
    }

    private static func isName(_ text: Substring) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" || first == ":" else { return false }
        return text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == ":" }
    }
}
