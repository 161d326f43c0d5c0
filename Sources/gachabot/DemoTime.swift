import Gacha
import Storage
import Synchronization

/// The demo's game time: the wall clock, plus however far the script has moved it forward, so a
/// scene can show what happens days later (a trial's reminder) without waiting for it.
final class DemoTime: Sendable {
    private let live = GameTime.live()
    private let offset = Mutex(Duration.zero)

    var gameTime: GameTime {
        GameTime { [self] in live.now().advanced(by: offset.withLock { $0 }) }
    }

    func advance(by duration: Duration) { offset.withLock { $0 += duration } }
}
