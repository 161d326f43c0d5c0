import Foundation
import Storage

/// An amount in a currency's minor unit (cents), as Stripe and Discord state prices.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    public var amount: Int64
    /// ISO 4217, lower case as Stripe writes it.
    public var currency: String

    public init(amount: Int64, currency: String) {
        self.amount = amount
        self.currency = currency.lowercased()
    }

    public var description: String { "\(amount) \(currency.uppercased())" }
}

/// One arm of a price experiment: the Stripe price a member in it pays, and its share of members.
public struct PriceVariant: Sendable, Hashable, Codable {
    public var name: String
    /// The Stripe price id (`price_…`) the Checkout Session uses.
    public var stripePrice: String
    /// What that price charges each period, for the parity check and the report.
    public var price: Money
    /// Relative share of new members (weights 1 and 3: a quarter and three quarters).
    public var weight: Int

    public init(name: String, stripePrice: String, price: Money, weight: Int = 1) {
        self.name = name
        self.stripePrice = stripePrice
        self.price = price
        self.weight = weight
    }

    enum CodingKeys: String, CodingKey {
        case name, price, weight
        case stripePrice = "stripe_price"
    }
}

/// A price experiment on Pro's Checkout: members in `flag`'s rollout are assigned a variant at
/// their first exposure (sticky: the first assignment recorded wins); everyone else pays the
/// default Pro price and is not exposed. Killing the flag sends everyone back to the default.
public struct PriceExperiment: Sendable, Hashable, Codable {
    public var name: String
    /// The feature flag that admits members into the experiment.
    public var flag: String
    public var variants: [PriceVariant]

    public init(name: String, flag: String, variants: [PriceVariant]) {
        self.name = name
        self.flag = flag
        self.variants = variants
    }

    /// The variant a member not yet assigned gets: deterministic (the Unleash bucketing of
    /// `"<experiment>:variant"` over the total weight), so concurrent first exposures in different
    /// processes agree, and the recorded assignment keeps it when the weights change later.
    public func variant(for user: MemberID) -> PriceVariant {
        let total = variants.reduce(0) { $0 + $1.weight }
        let bucket = FlagBucketing.normalizedValue(String(user.rawValue), group: "\(name):variant", normalizer: UInt32(max(total, 1)))
        var cumulative = 0
        for variant in variants {
            cumulative += variant.weight
            if bucket <= cumulative { return variant }
        }
        return variants[variants.count - 1]
    }
}

/// The price-experiment configuration file (`GACHABOT_PRICE_EXPERIMENT_FILE`, see the README):
/// the Discord SKU's price, which no Stripe variant may undercut (Discord's price-parity rule), and
/// the running experiment.
public struct PriceExperimentConfiguration: Sendable, Hashable, Codable {
    public var discordSKUPrice: Money
    public var experiment: PriceExperiment

    public init(discordSKUPrice: Money, experiment: PriceExperiment) {
        self.discordSKUPrice = discordSKUPrice
        self.experiment = experiment
    }

    enum CodingKeys: String, CodingKey {
        case experiment
        case discordSKUPrice = "discord_sku_price"
    }

    /// Decodes and validates; every refusal names what is wrong.
    public static func decode(_ data: Data) throws -> PriceExperimentConfiguration {
        let configuration: PriceExperimentConfiguration
        do {
            configuration = try JSONDecoder().decode(PriceExperimentConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw PriceExperimentError.invalid("the price experiment file does not decode: \(Self.describe(error))")
        }
        try configuration.validate()
        return configuration
    }

    /// Refuses, naming the variant, a Stripe price below the Discord SKU's (Discord requires the
    /// price on Discord to be no higher than anywhere else), a currency other than the SKU's,
    /// duplicate or empty names, and weights below 1.
    public func validate() throws {
        let experiment = self.experiment
        guard !experiment.name.isEmpty, experiment.name.count <= 100 else {
            throw PriceExperimentError.invalid("the price experiment's name must be 1-100 characters")
        }
        guard !experiment.flag.isEmpty else { throw PriceExperimentError.invalid("price experiment \(experiment.name) names no flag") }
        guard !experiment.variants.isEmpty else { throw PriceExperimentError.invalid("price experiment \(experiment.name) has no variants") }
        var seen: Set<String> = []
        for variant in experiment.variants {
            let label = "price experiment \(experiment.name), variant \(variant.name)"
            guard !variant.name.isEmpty, variant.name.count <= 100 else {
                throw PriceExperimentError.invalid("price experiment \(experiment.name): a variant's name must be 1-100 characters")
            }
            guard seen.insert(variant.name).inserted else { throw PriceExperimentError.invalid("\(label) appears twice") }
            guard variant.stripePrice.hasPrefix("price_") else {
                throw PriceExperimentError.invalid("\(label): stripe_price must be a Stripe price id (price_…)")
            }
            guard variant.weight >= 1 else { throw PriceExperimentError.invalid("\(label): weight must be at least 1, not \(variant.weight)") }
            guard variant.price.currency == discordSKUPrice.currency else {
                throw PriceExperimentError.invalid(
                    "\(label) is priced in \(variant.price.currency.uppercased()) but the Discord SKU in "
                        + "\(discordSKUPrice.currency.uppercased()): parity cannot be checked")
            }
            guard variant.price.amount >= discordSKUPrice.amount else {
                throw PriceExperimentError.belowDiscordPrice(
                    experiment: experiment.name, variant: variant.name, stripe: variant.price, discord: discordSKUPrice)
            }
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context): "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        @unknown default: "\(error)"
        }
    }
}

public enum PriceExperimentError: Error, Equatable, CustomStringConvertible {
    case invalid(String)
    case belowDiscordPrice(experiment: String, variant: String, stripe: Money, discord: Money)

    public var description: String {
        switch self {
        case .invalid(let message): message
        case .belowDiscordPrice(let experiment, let variant, let stripe, let discord):
            "price experiment \(experiment), variant \(variant): its Stripe price \(stripe) is below the Discord SKU's \(discord); "
                + "Discord's price-parity rule forbids selling cheaper outside Discord"
        }
    }
}
