import Packs
import Storage

/// One row of `pack_draws`: the player rolled a character of the pack on that UTC day.
public struct TestPackDraw: Hashable, Sendable {
    public var player: PlayerID
    public var pack: PackID
    public var day: Int64

    public init(player: PlayerID, pack: PackID, day: Int64) {
        self.player = player
        self.pack = pack
        self.day = day
    }
}
