import Storage

/// A Stripe event processed: recorded in the same transaction as its effects, so a second
/// delivery of the same `event.id` finds it and changes nothing.
public struct StripeEventRecord: Hashable, Sendable, Codable {
    public var eventID: String
    public var type: String
    /// The event's own `created` (seconds).
    public var created: Int64
    public var processedAt: Timestamp

    public init(eventID: String, type: String, created: Int64, processedAt: Timestamp) {
        self.eventID = eventID
        self.type = type
        self.created = created
        self.processedAt = processedAt
    }
}

/// Which Discord user a Stripe customer is. The first link wins: a customer belongs to one user.
public struct StripeCustomerRecord: Hashable, Sendable, Codable {
    public var customerID: String
    public var user: MemberID
    /// The guild the checkout started from, for grants when an invoice carries no metadata.
    public var guild: GuildID?
    public var createdAt: Timestamp

    public init(customerID: String, user: MemberID, guild: GuildID?, createdAt: Timestamp) {
        self.customerID = customerID
        self.user = user
        self.guild = guild
        self.createdAt = createdAt
    }
}
