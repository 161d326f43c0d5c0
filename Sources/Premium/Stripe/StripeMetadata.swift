import Foundation
import Storage

/// The metadata keys the bot's Checkout Session writes into both `metadata` and
/// `subscription_data[metadata]`, so the subscription and its invoices carry them.
public enum StripeMetadata {
    public static let discordUser = "discord_user_id"
    public static let discordGuild = "discord_guild_id"
    public static let priceVariant = "price_variant"

    /// A Discord snowflake from a metadata value; nil when absent or not a number.
    static func snowflake(_ metadata: [String: String], _ key: String) -> UInt64? {
        metadata[key].flatMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
    }
}
