import Storage

/// Which packs of a server's pool a member may draw from now: the packs area's access rules
/// (Pro-only packs, points subscriptions) as the game sees them. Asked inside the roll's or pull's
/// transaction, and only when the pool holds a restricted pack, so a server without any pays
/// nothing for it.
public protocol PackAccessPolicy: Sendable {
    /// Of `restricted` (pack ids of the pool whose access is not free), those the player may not
    /// draw from at `now`, and the lapses to tell them of (each told once: the policy records it in
    /// `transaction`). `reportingLapses` false: none are returned nor marked told (a pull, whose
    /// message has no room for them, leaves them to the next roll).
    func exclusion(
        _ restricted: Set<String>, player: PlayerID, in transaction: any GachaTransaction, at now: Timestamp, reportingLapses: Bool
    ) async throws -> PackExclusion
}

/// What a policy decided for one roll.
public struct PackExclusion: Hashable, Sendable {
    public var packs: Set<String>
    /// Subscriptions that lapsed for want of points since the member last rolled.
    public var lapses: [Lapse]

    public struct Lapse: Hashable, Sendable {
        /// Already neutralised by the policy.
        public var packName: String
        /// The renewal price the member could not pay.
        public var price: Int64
        public init(packName: String, price: Int64) {
            self.packName = packName
            self.price = price
        }
    }

    public init(packs: Set<String>, lapses: [Lapse] = []) {
        self.packs = packs
        self.lapses = lapses
    }
}

/// A lapse as a roll's result shows it: the pack, and the usual insufficient-points details (the
/// balance, the price, the ways to earn more).
public struct AccessLapse: Hashable, Sendable, Codable {
    public var packName: String
    public var points: InsufficientPoints

    public init(packName: String, points: InsufficientPoints) {
        self.packName = packName
        self.points = points
    }
}
