import Storage

/// A member's rolls right now, as shown to them.
public struct RollAllowance: Hashable, Sendable, Codable {
    /// Regenerating rolls available now (at most `maxRegenerating`).
    public var regenerating: Int
    public var maxRegenerating: Int
    /// Bought rolls (no cap, no regeneration).
    public var extra: Int
    /// When the next regenerating roll arrives; `nil` when full.
    public var nextRegenAt: Timestamp?
    public var total: Int { regenerating + extra }
}

extension RollAllowanceRules {
    /// The stored state brought up to `now`: rolls regenerated since `asOf` added (up to the cap),
    /// and `asOf` moved forward by whole intervals so partial progress is kept. Full means the
    /// clock restarts from `now`.
    func current(_ state: RollAllowanceState, now: Timestamp) -> RollAllowanceState {
        var state = state
        let interval = max(1, regenInterval.wholeMilliseconds)
        if state.stored >= maxStored {
            state.asOf = now
            return state
        }
        let elapsed = max(0, now.millisecondsSinceEpoch - state.asOf.millisecondsSinceEpoch)
        let gained = elapsed / interval
        let total = Int64(state.stored) + gained
        if total >= Int64(maxStored) {
            state.stored = maxStored
            state.asOf = now
        } else {
            state.stored = Int(total)
            state.asOf = Timestamp(millisecondsSinceEpoch: state.asOf.millisecondsSinceEpoch + gained * interval)
        }
        return state
    }

    func view(_ state: RollAllowanceState, now: Timestamp) -> RollAllowance {
        let state = current(state, now: now)
        return RollAllowance(
            regenerating: state.stored, maxRegenerating: maxStored, extra: state.extra,
            nextRegenAt: state.stored >= maxStored ? nil : state.asOf.advanced(by: regenInterval))
    }
}
