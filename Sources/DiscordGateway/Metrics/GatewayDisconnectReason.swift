/// Why a shard connects again: what ended its previous connection. A small fixed set, so it can
/// be a metric label.
public enum GatewayDisconnectReason: Int, CaseIterable, Sendable {
    /// Discord asked for it (op 7).
    case reconnectRequested
    /// Discord invalidated the session (op 9), resumable or not.
    case invalidSession
    /// No heartbeat ACK: the connection was a zombie.
    case zombie
    /// Discord closed the connection with a close code that allows reconnecting.
    case closedByDiscord
    /// The connection dropped without a close frame (reset, EOF, timeout).
    case connectionLost
    /// The socket could not be opened (refused, TLS, upgrade, connect timeout).
    case connectFailed

    public var label: String {
        switch self {
        case .reconnectRequested: "reconnect_requested"
        case .invalidSession: "invalid_session"
        case .zombie: "zombie"
        case .closedByDiscord: "closed_by_discord"
        case .connectionLost: "connection_lost"
        case .connectFailed: "connect_failed"
        }
    }
}
