import DiscordModels
import Testing

@testable import DiscordGateway

/// What ended a connection, as the reconnect metric labels it: taken once, with the next
/// connection decision, and never for the first connection.
struct DisconnectReasonTests {
    static func closed(_ machine: inout ShardStateMachine, code: Int?) -> GatewayDisconnectReason? {
        _ = machine.socketClosed(code: code)
        _ = machine.nextConnection(randomUnit: 0)
        return machine.takeDisconnectReason()
    }

    @Test func theFirstConnectionHasNoReason() {
        var machine = ShardStateMachine(configuration: ShardStateMachineTests.configuration)
        _ = machine.nextConnection(randomUnit: 0)
        #expect(machine.takeDisconnectReason() == nil)
    }

    @Test func eachEndIsNamedOnce() {
        var machine = ShardStateMachineTests.active()
        _ = machine.received(.reconnect, now: .seconds(1), randomUnit: 0)
        #expect(Self.closed(&machine, code: 4000) == .reconnectRequested)
        #expect(machine.takeDisconnectReason() == nil, "taken once")

        machine = ShardStateMachineTests.active()
        _ = machine.received(.invalidSession(resumable: false), now: .seconds(1), randomUnit: 0)
        #expect(Self.closed(&machine, code: 1000) == .invalidSession)

        machine = ShardStateMachineTests.active()
        _ = machine.heartbeatTimerFired(now: .seconds(10))
        _ = machine.heartbeatTimerFired(now: .seconds(52))
        #expect(Self.closed(&machine, code: nil) == .zombie)

        machine = ShardStateMachineTests.active()
        #expect(Self.closed(&machine, code: nil) == .connectionLost)

        machine = ShardStateMachineTests.active()
        #expect(Self.closed(&machine, code: 4008) == .closedByDiscord)

        machine = ShardStateMachine(configuration: ShardStateMachineTests.configuration)
        _ = machine.nextConnection(randomUnit: 0)
        _ = machine.takeDisconnectReason()
        _ = machine.connectFailed()
        _ = machine.nextConnection(randomUnit: 0)
        #expect(machine.takeDisconnectReason() == .connectFailed)
    }

    @Test func labelsAreDistinctAndSnakeCase() {
        let labels = GatewayDisconnectReason.allCases.map(\.label)
        #expect(Set(labels).count == labels.count)
        for label in labels { #expect(label.wholeMatch(of: /[a-z_]+/) != nil, "\(label)") }
    }
}
