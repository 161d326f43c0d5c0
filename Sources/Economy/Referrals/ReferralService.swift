import Clocks
import Storage

/// Creators' referral codes and members' redemptions (docs/economy.md, "Referrals").
///
/// - `code(for:creator:)`: one code per published pack of the creator's, made once and then
///   stable. Candidates are drawn before the transaction (a body may be re-run); the codes' and
///   packs' unique constraints decide collisions and two requests at once.
/// - `redeem(_:member:guild:)`: attributes the member, across servers, to the code's creator for
///   `referralWindowDays`. Once per member ever: the member's primary key decides, so of two
///   codes redeemed at once the first committed wins. Self-referral is refused.
public struct ReferralService: Sendable {
    let store: any EconomyStore
    let configuration: EconomyConfiguration
    let random: any RandomSource
    let now: @Sendable () -> Timestamp

    public init(
        store: any EconomyStore, configuration: EconomyConfiguration, random: any RandomSource, now: @escaping @Sendable () -> Timestamp
    ) {
        self.store = store
        self.configuration = configuration
        self.random = random
        self.now = now
    }

    /// How many fresh codes one request tries: a collision among 31^8 codes is rare, eight in a
    /// row means something else is wrong.
    static let candidates = 8

    /// The creator's code for their own published pack, made on first request.
    public func code(for packID: String, creator: MemberID) async throws -> ReferralCode {
        let candidates = (0..<Self.candidates).map { _ in ReferralCodeText.random(random) }
        let time = now()
        return try await store.writeEconomy { tx in
            guard let pack = try await tx.referralPack(packID) else { throw ReferralError.packNotFound }
            guard pack.creator == creator else { throw ReferralError.notYourPack }
            if let existing = try await tx.referralCode(packID: packID) { return existing }
            guard pack.published else { throw ReferralError.packNotPublished }
            for candidate in candidates {
                let code = ReferralCode(code: candidate, packID: packID, creator: creator, createdAt: time)
                if try await tx.insertReferralCode(code) { return code }
                // The pack got its code from a request that committed first: that one stands.
                if let existing = try await tx.referralCode(packID: packID) { return existing }
            }
            throw StoreError.constraintViolation("no free referral code after \(Self.candidates) tries")
        }
    }

    /// Attributes the member to the code's creator; the event `referral_redeemed` is written in
    /// the same transaction.
    public func redeem(_ text: String, member: MemberID, guild: GuildID?) async throws -> Referral {
        guard let normalized = ReferralCodeText.normalize(text) else { throw ReferralError.unknownCode }
        let time = now()
        let window = configuration.referralWindowDays
        return try await store.writeEconomy { tx in
            guard let code = try await tx.referralCode(normalized) else { throw ReferralError.unknownCode }
            guard code.creator != member else { throw ReferralError.ownCode }
            if let existing = try await tx.referral(member: member) { throw ReferralError.alreadyAttributed(code: existing.code) }
            guard try await tx.referralPack(code.packID)?.published == true else { throw ReferralError.codeRetired }
            let referral = Referral(
                member: member, code: code.code, packID: code.packID, creator: code.creator, redeemedAt: time,
                expiresAt: time.advanced(by: .seconds(window * 86_400)))
            guard try await tx.insertReferral(referral) else {
                // Another redemption by this member committed first: the first code wins.
                let existing = try await tx.referral(member: member)
                throw ReferralError.alreadyAttributed(code: existing?.code ?? code.code)
            }
            try await tx.appendAnalyticsEvent(
                AnalyticsEvent(
                    name: "referral_redeemed", player: PlayerID(guild: guild ?? GuildID(0), member: member), at: time,
                    properties: [
                        "creator": String(code.creator.rawValue), "pack": code.packID, "code": code.code,
                        "idempotency_key": "referral:\(member.rawValue)",
                    ]))
            return referral
        }
    }
}
