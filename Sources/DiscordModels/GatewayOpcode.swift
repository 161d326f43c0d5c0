/// The `op` of a gateway payload.
/// https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-opcodes
public enum GatewayOpcode: DiscordEnum {
    /// Receive: an event (`t`, `s`, `d`).
    case dispatch
    /// Send/receive: keep the connection alive; received means "heartbeat now".
    case heartbeat
    /// Send: start a new session.
    case identify
    /// Send: update the client presence.
    case presenceUpdate
    /// Send: join/leave/move between voice channels.
    case voiceStateUpdate
    /// Send: resume a previous session.
    case resume
    /// Receive: reconnect and resume now.
    case reconnect
    /// Send: request guild members.
    case requestGuildMembers
    /// Receive: the session is invalid; `d` says whether it may be resumed.
    case invalidSession
    /// Receive: first payload, carries `heartbeat_interval`.
    case hello
    /// Receive: a heartbeat was received.
    case heartbeatAck
    /// Send: request soundboard sounds.
    case requestSoundboardSounds
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 0: self = .dispatch
        case 1: self = .heartbeat
        case 2: self = .identify
        case 3: self = .presenceUpdate
        case 4: self = .voiceStateUpdate
        case 6: self = .resume
        case 7: self = .reconnect
        case 8: self = .requestGuildMembers
        case 9: self = .invalidSession
        case 10: self = .hello
        case 11: self = .heartbeatAck
        case 31: self = .requestSoundboardSounds
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .dispatch: 0
        case .heartbeat: 1
        case .identify: 2
        case .presenceUpdate: 3
        case .voiceStateUpdate: 4
        case .resume: 6
        case .reconnect: 7
        case .requestGuildMembers: 8
        case .invalidSession: 9
        case .hello: 10
        case .heartbeatAck: 11
        case .requestSoundboardSounds: 31
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [GatewayOpcode] = [.dispatch, .heartbeat, .identify, .presenceUpdate, .voiceStateUpdate, .resume, .reconnect, .requestGuildMembers, .invalidSession, .hello, .heartbeatAck, .requestSoundboardSounds]
}
