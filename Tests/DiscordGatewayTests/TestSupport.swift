import NIOCore
import NIOWebSocket
import Synchronization

/// A value shared between a test and the tasks it starts.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout sending Value) -> R) -> R { mutex.withLock { body(&$0) } }
    var value: Value { mutex.withLock { $0 } }
}

/// Fails (instead of hanging) when `body` does not finish within `seconds` of wall time.
/// Only a guard against a hung test: nothing waits on this timer for the behaviour under test.
struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out: \(what)" }
}

func withTimeout<T: Sendable>(
    _ what: String, seconds: Int = 20, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TimedOut(what: what) }
        return value
    }
}

/// A websocket frame as a server sends it (RFC 6455 §5.2: unmasked, the shortest length form).
enum ServerFrame {
    static func bytes(opcode: WebSocketOpcode, fin: Bool = true, payload: [UInt8]) -> ByteBuffer {
        var head: [UInt8] = [(fin ? 0x80 : 0) | UInt8(webSocketOpcode: opcode)]
        switch payload.count {
        case ..<126: head.append(UInt8(payload.count))
        case ..<65536: head += [126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: head += [127] + (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        return ByteBuffer(bytes: head + payload)
    }
}
