/// The REST resources the sandbox keeps: injected interactions and their messages, commands,
/// channel messages, rate-limit buckets and scripted faults.
struct RESTStore {
    struct Interaction {
        var id: UInt64
        var token: String
        var channelID: UInt64
        var guildID: UInt64?
        var injectedAt: Duration
        var acknowledged = false
        var original: JSON?
        var followups: [UInt64: JSON] = [:]
    }

    struct Bucket {
        var remaining: Int
        var resetAt: Duration
    }

    struct ScriptedFault {
        var target: RESTFaultTarget
        var fault: RESTFault
        var remaining: Int
    }

    var interactions: [UInt64: Interaction] = [:]
    var interactionsByToken: [String: UInt64] = [:]
    var globalCommands: [JSON] = []
    var guildCommands: [UInt64: [JSON]] = [:]
    /// Stable command ids per (guild, type, name) so a second PUT keeps them, as Discord does.
    var commandIDs: [String: UInt64] = [:]
    var channelMessages: [UInt64: [JSON]] = [:]
    var buckets: [String: Bucket] = [:]
    var faults: [ScriptedFault] = []

    mutating func takeFault(method: String, template: String?) -> RESTFault? {
        guard let i = faults.firstIndex(where: { $0.target.matches(method: method, template: template) }) else { return nil }
        let fault = faults[i].fault
        faults[i].remaining -= 1
        if faults[i].remaining <= 0 { faults.remove(at: i) }
        return fault
    }
}
