import Foundation
import DiscordModels

/// The app's Discord SKUs, from configuration (`GACHABOT_DISCORD_*`, see the README's "Discord
/// monetization"): which subscription makes a member Pro (everywhere, or in one server for a
/// guild subscription), and which one-time purchase adds extra rolls. Every id is optional: a bot
/// without SKUs shows no premium button and reads no Discord entitlement as Pro.
public struct DiscordSKUs: Sendable, Hashable {
    /// The user subscription: Pro everywhere for the member who holds it.
    public var proUser: SKUID?
    /// The server subscription: Pro for every member of the server that holds it.
    public var proGuild: SKUID?
    /// A consumable: each purchase adds `rollsPerPurchase` extra rolls, then is consumed.
    public var extraRolls: SKUID?
    public var rollsPerPurchase: Int

    public init(proUser: SKUID? = nil, proGuild: SKUID? = nil, extraRolls: SKUID? = nil, rollsPerPurchase: Int = 10) {
        self.proUser = proUser
        self.proGuild = proGuild
        self.extraRolls = extraRolls
        self.rollsPerPurchase = rollsPerPurchase
    }

    /// What an entitlement's SKU is to the bot.
    public enum Kind: Sendable, Hashable {
        /// Pro for a user everywhere, or for a whole server.
        case pro(guildScoped: Bool)
        /// Extra rolls, granted once and then consumed.
        case extraRolls(Int)
        /// An SKU this configuration does not know (an old or another app's product): ignored.
        case unknown
    }

    public func kind(of sku: SKUID) -> Kind {
        if sku == proUser { return .pro(guildScoped: false) }
        if sku == proGuild { return .pro(guildScoped: true) }
        if sku == extraRolls { return .extraRolls(rollsPerPurchase) }
        return .unknown
    }

    /// The SKU an upgrade prompt offers: the user subscription, else the server one.
    public var upgradeSKU: SKUID? { proUser ?? proGuild }

    /// Whether any SKU sells Pro (else Discord entitlements are not read at start-up).
    public var sellsPro: Bool { proUser != nil || proGuild != nil }

    /// The environment variables read by `init(environment:)`.
    public enum Variable {
        public static let proUser = "GACHABOT_DISCORD_PRO_SKU"
        public static let proGuild = "GACHABOT_DISCORD_GUILD_PRO_SKU"
        public static let extraRolls = "GACHABOT_DISCORD_ROLLS_SKU"
        public static let rollsPerPurchase = "GACHABOT_DISCORD_ROLLS_PER_PURCHASE"
    }

    /// Reads the SKUs from the environment; an unset or empty variable leaves its SKU out. A value
    /// that is not a snowflake, a count that is not positive, or one id used twice is refused,
    /// naming the variable.
    public init(environment: [String: String]) throws(DiscordSKUsError) {
        func snowflake(_ name: String) throws(DiscordSKUsError) -> SKUID? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let value = UInt64(text), value > 0 else { throw .notASnowflake(variable: name, value: text) }
            return SKUID(value)
        }
        let proUser = try snowflake(Variable.proUser)
        let proGuild = try snowflake(Variable.proGuild)
        let extraRolls = try snowflake(Variable.extraRolls)
        var rolls = 10
        if let text = environment[Variable.rollsPerPurchase]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let value = Int(text), (1...1_000).contains(value) else {
                throw .invalidCount(variable: Variable.rollsPerPurchase, value: text)
            }
            rolls = value
        }
        let named = [(Variable.proUser, proUser), (Variable.proGuild, proGuild), (Variable.extraRolls, extraRolls)]
        for (index, (name, id)) in named.enumerated() {
            guard let id else { continue }
            if let other = named[(index + 1)...].first(where: { $0.1 == id }) {
                throw .sameSKUTwice(first: name, second: other.0)
            }
        }
        self.init(proUser: proUser, proGuild: proGuild, extraRolls: extraRolls, rollsPerPurchase: rolls)
    }
}

/// A Discord SKU setting that cannot be used. Names the variable; the values are ids, not secrets.
public enum DiscordSKUsError: Error, Hashable, Sendable, CustomStringConvertible {
    case notASnowflake(variable: String, value: String)
    case invalidCount(variable: String, value: String)
    case sameSKUTwice(first: String, second: String)

    public var description: String {
        switch self {
        case .notASnowflake(let variable, let value):
            "\(variable) must be a Discord SKU id (a positive whole number), not \"\(value.prefix(40))\""
        case .invalidCount(let variable, let value):
            "\(variable) must be a whole number from 1 to 1000, not \"\(value.prefix(40))\""
        case .sameSKUTwice(let first, let second):
            "\(first) and \(second) name the same SKU: each product needs its own"
        }
    }
}
