import ArgumentParser
import Foundation
import Logging
import Premium
import Storage

/// `gachabot premium show|grant|revoke USER_ID`: operators' view of a member's Pro, and gifts.
/// CLI-only on purpose: no Discord command can grant Pro.
struct PremiumCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "premium",
        abstract: "Show a user's Pro from every source, or grant and revoke an operator's gift.",
        subcommands: [Show.self, Grant.self, Revoke.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the user's entitlements, trial and whether they are Pro now.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The Discord user id.") var userID: String

        func run() async throws {
            let user = try PremiumCommand.user(userID)
            try await PremiumCommand.withService(database) { service, now in
                let overview = try await service.overview(user: user)
                print(PremiumCommand.describe(overview, at: now))
            }
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give the user Pro everywhere until a date (replaces an earlier gift).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The Discord user id.") var userID: String
        @Option(help: "The end of the gift: YYYY-MM-DD (midnight UTC) or an ISO 8601 time such as 2026-12-31T18:00:00Z.")
        var until: String

        func run() async throws {
            let user = try PremiumCommand.user(userID)
            let end = try PremiumCommand.date(until)
            try await PremiumCommand.withService(database) { service, now in
                try await service.grant(user: user, until: end, at: now)
                print("User \(user.rawValue) has Pro until \(PremiumCommand.format(end)) (operator gift).")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End the user's operator gift and local trial now. Stripe and Discord subscriptions are cancelled there.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The Discord user id.") var userID: String

        func run() async throws {
            let user = try PremiumCommand.user(userID)
            try await PremiumCommand.withService(database) { service, now in
                let revoked = try await service.revoke(user: user, at: now)
                if revoked.isEmpty {
                    print("User \(user.rawValue) has no gift or local trial to revoke.")
                } else {
                    print("Revoked for user \(user.rawValue): \(revoked.map { "\($0.source.rawValue) \($0.sourceID)" }.joined(separator: ", ")).")
                }
                let overview = try await service.overview(user: user)
                if overview.isPro(guild: nil, at: now) {
                    print("Still Pro through: \(overview.entitlements.filter { overview.proUntil($0).map { $0 > now } ?? false }.map { "\($0.source.rawValue) \($0.sourceID)" }.joined(separator: ", ")).")
                }
            }
        }
    }

    static func user(_ text: String) throws -> MemberID {
        guard let id = UInt64(text), id > 0 else { throw ValidationError("USER_ID must be a Discord user id (a positive number), not \"\(text)\"") }
        return MemberID(id)
    }

    /// `YYYY-MM-DD` (midnight UTC) or a full ISO 8601 time.
    static func date(_ text: String) throws -> Timestamp {
        let full = ISO8601DateFormatter()
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        guard let date = full.date(from: text) ?? day.date(from: text) else {
            throw ValidationError("--until must be a date (2026-12-31) or an ISO 8601 time (2026-12-31T18:00:00Z), not \"\(text)\"")
        }
        return Timestamp(millisecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    static func format(_ time: Timestamp) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(time.millisecondsSinceEpoch) / 1000))
    }

    static func describe(_ overview: PremiumOverview, at now: Timestamp) -> String {
        var lines = ["User \(overview.user.rawValue): " + (overview.isPro(guild: nil, at: now) ? "Pro everywhere" : "not Pro everywhere")]
        if overview.entitlements.isEmpty { lines.append("  no entitlements") }
        for e in overview.entitlements {
            var line = "  \(e.source.rawValue) \(e.sourceID): \(e.status.rawValue)"
            if let end = e.periodEnd { line += ", period ends \(format(end))" }
            if let until = overview.proUntil(e) {
                line += until > now ? ", Pro until \(until.millisecondsSinceEpoch == .max ? "no end" : format(until))" : ", ended"
            } else {
                line += ", grants nothing"
            }
            line += e.guild.map { ", guild \($0.rawValue) only" } ?? ""
            if let customer = e.customerID { line += ", customer \(customer)" }
            lines.append(line)
        }
        if let trial = overview.trial {
            lines.append("  trial used: \(trial.source.rawValue) \(trial.sourceID), \(format(trial.startedAt)) to \(format(trial.endsAt))")
        } else {
            lines.append("  trial: not used")
        }
        return lines.joined(separator: "\n")
    }

    /// Opens the store (migrating it), hands the body an entitlement service and the current time,
    /// and turns any failure into one line on standard error and exit status 1.
    static func withService(
        _ database: DatabaseOptions, _ body: @escaping (EntitlementService, Timestamp) async throws -> Void
    ) async throws {
        LogSetup.bootstrap(secrets: { [] })
        let now = Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
        do {
            try FileManager.default.createDirectory(atPath: database.dataDirectory, withIntermediateDirectories: true)
            let location = try database.location()
            try await StoreOpener.withStore(location, logger: Logger(label: "gachabot")) { store in
                try await body(EntitlementService(store: store, now: { now }), now)
            }
        } catch {
            printError("gachabot: \(error)")
            throw ExitCode(1)
        }
    }
}
