import DiscordModels
import Testing

@testable import DiscordGateway

/// Every gateway rule, driven through the pure state machine: fast and deterministic.
struct ShardStateMachineTests {
    static let configuration = ShardStateMachine.Configuration(
        shardID: 3, gatewayURL: "wss://gateway.discord.gg", compression: .zstdStream,
        requestedIntents: [.guilds, .guildMembers])
    static let interval = Duration.milliseconds(41_250)

    /// A machine connected, hello'd and READY (identified) at t = 0.
    static func active(sequence: Int = 1) -> ShardStateMachine {
        var machine = ShardStateMachine(configuration: configuration)
        _ = machine.nextConnection(randomUnit: 0)
        _ = machine.connected()
        _ = machine.received(.hello(heartbeatInterval: interval), now: .zero, randomUnit: 0.5)
        _ = machine.received(.ready(sessionID: "abc", resumeURL: "wss://resume.discord.gg", sequence: sequence), now: .zero, randomUnit: 0)
        return machine
    }

    @Test func firstConnectionUsesGatewayURLWithQueryAndNoDelay() {
        var machine = ShardStateMachine(configuration: Self.configuration)
        #expect(machine.nextConnection(randomUnit: 0.9)
            == .connect(url: "wss://gateway.discord.gg/?v=10&encoding=json&compress=zstd-stream", delay: .zero, resuming: false))
    }

    @Test func helloJittersFirstHeartbeatAndIdentifiesWithoutSession() {
        var machine = ShardStateMachine(configuration: Self.configuration)
        _ = machine.nextConnection(randomUnit: 0)
        _ = machine.connected()
        let actions = machine.received(.hello(heartbeatInterval: Self.interval), now: .zero, randomUnit: 0.25)
        #expect(actions == [.startHeartbeating(interval: Self.interval, firstAfter: Self.interval * 0.25), .sendIdentify])
        #expect(machine.state == .identifying)
    }

    @Test func heartbeatCarriesNullThenLastSequence() {
        var machine = ShardStateMachine(configuration: Self.configuration)
        _ = machine.nextConnection(randomUnit: 0)
        _ = machine.connected()
        _ = machine.received(.hello(heartbeatInterval: Self.interval), now: .zero, randomUnit: 0)
        #expect(machine.heartbeatTimerFired(now: .seconds(1)) == [.sendHeartbeat(sequence: nil)])
        _ = machine.received(.heartbeatAck, now: .seconds(1) + .milliseconds(40), randomUnit: 0)
        #expect(machine.latency == .milliseconds(40))
        _ = machine.received(.ready(sessionID: "s", resumeURL: "wss://r", sequence: 1), now: .seconds(2), randomUnit: 0)
        _ = machine.received(.dispatch(name: "GUILD_CREATE", sequence: 2), now: .seconds(2), randomUnit: 0)
        #expect(machine.heartbeatTimerFired(now: .seconds(42)) == [.sendHeartbeat(sequence: 2)])
        _ = machine.received(.heartbeatAck, now: .seconds(42), randomUnit: 0)
        #expect(machine.heartbeatTimerFired(now: .seconds(84)) == [.sendHeartbeat(sequence: 2)])
    }

    @Test func serverHeartbeatRequestIsAnsweredAtOnce() {
        var machine = Self.active(sequence: 7)
        #expect(machine.received(.heartbeatRequest, now: .seconds(3), randomUnit: 0) == [.sendHeartbeat(sequence: 7)])
    }

    @Test func missingAckBetweenTwoHeartbeatsIsAZombieClosedResumably() {
        var machine = Self.active()
        #expect(machine.heartbeatTimerFired(now: .seconds(10)) == [.sendHeartbeat(sequence: 1)])
        let actions = machine.heartbeatTimerFired(now: .seconds(51))
        #expect(actions == [.close(code: 4000, reason: "no heartbeat ACK (zombied connection)", waitForPeer: false)])
        #expect(machine.socketClosed(code: nil) == [.disconnected(code: nil, willReconnect: true)])
        #expect(machine.nextConnection(randomUnit: 0.7)
            == .connect(url: "wss://resume.discord.gg/?v=10&encoding=json&compress=zstd-stream", delay: .zero, resuming: true))
        _ = machine.connected()
        let hello = machine.received(.hello(heartbeatInterval: Self.interval), now: .seconds(52), randomUnit: 0)
        #expect(hello.last == .sendResume(sessionID: "abc", sequence: 1))
        #expect(machine.state == .resuming)
        _ = machine.received(.resumed(sequence: 1), now: .seconds(52), randomUnit: 0)
        #expect(machine.state == .active)
    }

    @Test func reconnectRequestAfterHelloClosesResumablyAndResumes() {
        var machine = Self.active(sequence: 5)
        #expect(machine.received(.reconnect, now: .zero, randomUnit: 0) == [.close(code: 4000, reason: "reconnect requested (op 7)", waitForPeer: true)])
        _ = machine.socketClosed(code: 4000)
        guard case .connect(let url, let delay, true) = machine.nextConnection(randomUnit: 0.9) else {
            Issue.record("expected a resuming connect")
            return
        }
        #expect(url.hasPrefix("wss://resume.discord.gg/"))
        #expect(delay == .zero)
    }

    @Test func reconnectRequestBeforeHelloClosesResumably() {
        var machine = Self.active()
        _ = machine.socketClosed(code: nil)
        _ = machine.nextConnection(randomUnit: 0)
        _ = machine.connected()
        #expect(machine.state == .awaitingHello)
        #expect(machine.received(.reconnect, now: .zero, randomUnit: 0).first == .close(code: 4000, reason: "reconnect requested (op 7)", waitForPeer: true))
        _ = machine.socketClosed(code: 4000)
        #expect(machine.nextConnection(randomUnit: 0) == .connect(
            url: "wss://resume.discord.gg/?v=10&encoding=json&compress=zstd-stream", delay: .zero, resuming: true))
    }

    @Test func resumableInvalidSessionResumes() {
        var machine = Self.active(sequence: 9)
        _ = machine.received(.invalidSession(resumable: true), now: .zero, randomUnit: 0)
        _ = machine.socketClosed(code: 4000)
        guard case .connect(_, _, let resuming) = machine.nextConnection(randomUnit: 0) else { return #expect(Bool(false)) }
        #expect(resuming)
        #expect(machine.session?.sequence == 9)
    }

    @Test func nonResumableInvalidSessionDropsSessionAndIdentifiesAfterOneToFiveSeconds() {
        var machine = Self.active()
        let actions = machine.received(.invalidSession(resumable: false), now: .zero, randomUnit: 0.5)
        #expect(actions == [.saveSession(nil), .close(code: 1000, reason: "invalid session (op 9)", waitForPeer: true)])
        #expect(machine.session == nil)
        _ = machine.socketClosed(code: 1000)
        #expect(machine.nextConnection(randomUnit: 0) == .connect(
            url: "wss://gateway.discord.gg/?v=10&encoding=json&compress=zstd-stream", delay: .seconds(3), resuming: false))
        _ = machine.connected()
        #expect(machine.received(.hello(heartbeatInterval: Self.interval), now: .zero, randomUnit: 0).last == .sendIdentify)
    }

    @Test(arguments: [4004, 4010, 4011, 4012, 4013, 4014])
    func fatalCloseCodesStopTheShard(code: Int) {
        var machine = Self.active()
        let actions = machine.socketClosed(code: code)
        #expect(actions.first == .disconnected(code: code, willReconnect: false))
        guard case .fail(let error) = actions.last else { return #expect(Bool(false), "no failure for \(code)") }
        #expect(error.closeCode == code)
        #expect(error.shardID == 3)
        #expect(machine.state == .fatallyClosed(code: code))
        #expect(machine.nextConnection(randomUnit: 0) == .fail(error))
    }

    @Test func disallowedIntentsMessageNamesTheIntentAndThePortalSetting() throws {
        var machine = Self.active()
        guard case .fail(let error) = machine.socketClosed(code: 4014).last else { return #expect(Bool(false)) }
        #expect(error.message.contains("GUILD_MEMBERS"))
        #expect(error.message.contains("Developer Portal"))
        #expect(error.description.contains("4014"))
    }

    @Test func authenticationFailedMessageSaysToResetTheToken() {
        var machine = Self.active()
        guard case .fail(let error) = machine.socketClosed(code: 4004).last else { return #expect(Bool(false)) }
        #expect(error.message.contains("token"))
    }

    @Test(arguments: [4007, 4009])
    func invalidSequenceAndSessionTimeoutNeedANewSession(code: Int) {
        var machine = Self.active()
        let actions = machine.socketClosed(code: code)
        #expect(actions == [.saveSession(nil), .disconnected(code: code, willReconnect: true)])
        guard case .connect(_, _, let resuming) = machine.nextConnection(randomUnit: 0) else { return #expect(Bool(false)) }
        #expect(!resuming)
    }

    @Test(arguments: [4000, 4001, 4002, 4003, 4005, 4008, 1000, 1001, 1006])
    func otherCloseCodesResume(code: Int) {
        var machine = Self.active()
        #expect(machine.socketClosed(code: code) == [.disconnected(code: code, willReconnect: true)])
        guard case .connect(_, _, let resuming) = machine.nextConnection(randomUnit: 0) else { return #expect(Bool(false)) }
        #expect(resuming)
    }

    @Test func droppedConnectionResumes() {
        var machine = Self.active()
        #expect(machine.socketClosed(code: nil) == [.disconnected(code: nil, willReconnect: true)])
        guard case .connect(_, _, true) = machine.nextConnection(randomUnit: 0) else { return #expect(Bool(false)) }
    }

    @Test func gracefulStopClosesWith4000AndKeepsTheSession() {
        var machine = Self.active(sequence: 12)
        let actions = machine.stop(endSession: false)
        #expect(actions == [
            .saveSession(GatewaySession(sessionID: "abc", sequence: 12, resumeURL: "wss://resume.discord.gg")),
            .close(code: 4000, reason: "shard stopping", waitForPeer: true),
        ])
        #expect(machine.socketClosed(code: 4000) == [.disconnected(code: 4000, willReconnect: false), .stopped])
        #expect(machine.nextConnection(randomUnit: 0) == .stop)
    }

    @Test func endingTheSessionClosesWith1000AndForgetsIt() {
        var machine = Self.active()
        let actions = machine.stop(endSession: true)
        #expect(actions == [.saveSession(nil), .close(code: 1000, reason: "shard stopping", waitForPeer: true)])
        #expect(machine.session == nil)
    }

    @Test func restoredSessionResumesOnTheResumeURL() {
        var machine = ShardStateMachine(configuration: Self.configuration)
        machine.restore(GatewaySession(sessionID: "saved", sequence: 40, resumeURL: "wss://r.example/"))
        #expect(machine.nextConnection(randomUnit: 0)
            == .connect(url: "wss://r.example/?v=10&encoding=json&compress=zstd-stream", delay: .zero, resuming: true))
        _ = machine.connected()
        #expect(machine.received(.hello(heartbeatInterval: Self.interval), now: .zero, randomUnit: 0).last
            == .sendResume(sessionID: "saved", sequence: 40))
    }

    @Test func failedConnectsBackOffExponentiallyAndResetOnReady() {
        var machine = ShardStateMachine(configuration: Self.configuration)
        var delays: [Duration] = []
        for _ in 0..<9 {
            guard case .connect(_, let delay, _) = machine.nextConnection(randomUnit: 1) else { return #expect(Bool(false)) }
            delays.append(delay)
            _ = machine.connectFailed()
        }
        #expect(delays == [.zero, .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(32), .seconds(60), .seconds(60)])
        _ = machine.nextConnection(randomUnit: 0)
        _ = machine.connected()
        _ = machine.received(.hello(heartbeatInterval: Self.interval), now: .zero, randomUnit: 0)
        _ = machine.received(.ready(sessionID: "s", resumeURL: "wss://r", sequence: 1), now: .zero, randomUnit: 0)
        _ = machine.socketClosed(code: nil)
        guard case .connect(_, let delay, _) = machine.nextConnection(randomUnit: 1) else { return #expect(Bool(false)) }
        #expect(delay == .zero)
    }

    @Test func dispatchesAdvanceTheSequenceAndAreDelivered() {
        var machine = Self.active(sequence: 1)
        #expect(machine.received(.dispatch(name: "MESSAGE_CREATE", sequence: 2), now: .zero, randomUnit: 0) == [.deliverDispatch(name: "MESSAGE_CREATE")])
        #expect(machine.sequence == 2)
        #expect(machine.session?.sequence == 2)
    }

    @Test func framesAfterWeStartedClosingAreIgnored() {
        var machine = Self.active()
        _ = machine.received(.reconnect, now: .zero, randomUnit: 0)
        #expect(machine.received(.dispatch(name: "X", sequence: 50), now: .zero, randomUnit: 0) == [])
        #expect(machine.heartbeatTimerFired(now: .seconds(100)) == [])
    }

    @Test func stopWhileConnectingClosesAsSoonAsTheSocketOpens() {
        var machine = ShardStateMachine(configuration: Self.configuration)
        _ = machine.nextConnection(randomUnit: 0)
        _ = machine.stop(endSession: false)
        #expect(machine.connected() == [.close(code: 4000, reason: "shard stopping", waitForPeer: true)])
        #expect(machine.socketClosed(code: 4000).last == .stopped)
    }

    @Test func aHeartbeatLeftUnacknowledgedWhileTheReaderWasHeldIsNotJudged() {
        var machine = Self.active()
        #expect(machine.heartbeatTimerFired(now: .seconds(10)) == [.sendHeartbeat(sequence: 1)])
        // The reader waits for room in a full event stream: the ACK may be waiting unread.
        machine.readerHeld(true)
        machine.readerHeld(false)
        #expect(machine.heartbeatTimerFired(now: .seconds(51)) == [.sendHeartbeat(sequence: 1)])
        #expect(machine.state == .active)
        // That heartbeat was sent while the socket was read, and was left unacknowledged: a zombie.
        let actions = machine.heartbeatTimerFired(now: .seconds(93))
        #expect(actions.contains(.close(code: 4000, reason: "no heartbeat ACK (zombied connection)", waitForPeer: false)))
    }

    @Test func aHeartbeatSentWhileTheReaderIsHeldIsNotJudgedEither() {
        var machine = Self.active()
        machine.readerHeld(true)
        #expect(machine.heartbeatTimerFired(now: .seconds(10)) == [.sendHeartbeat(sequence: 1)])
        #expect(machine.heartbeatTimerFired(now: .seconds(51)) == [.sendHeartbeat(sequence: 1)])
        machine.readerHeld(false)
        #expect(machine.heartbeatTimerFired(now: .seconds(93)) == [.sendHeartbeat(sequence: 1)])
        #expect(machine.heartbeatTimerFired(now: .seconds(134)).contains { if case .close = $0 { true } else { false } })
    }

    @Test func acknowledgementsAreCountedPerConnection() {
        var machine = Self.active()
        _ = machine.heartbeatTimerFired(now: .seconds(10))
        _ = machine.received(.heartbeatAck, now: .seconds(10), randomUnit: 0)
        #expect(machine.acknowledgedHeartbeats == 1)
        _ = machine.socketClosed(code: nil)
        _ = machine.nextConnection(randomUnit: 0)
        _ = machine.connected()
        #expect(machine.acknowledgedHeartbeats == 0)
    }

    @Test(arguments: [4004, 4014])
    func aFatalCodeFromThePeerWinsEvenWhileWeWereClosing(code: Int) {
        var machine = Self.active()
        _ = machine.received(.reconnect, now: .seconds(1), randomUnit: 0)
        #expect(machine.state == .closing)
        let actions = machine.socketClosed(code: code)
        #expect(machine.state == .fatallyClosed(code: code))
        #expect(actions.contains { if case .fail(let error) = $0 { error.closeCode == code } else { false } })
        #expect(machine.nextConnection(randomUnit: 0) == .fail(ShardFatalError(
            shardID: 3, closeCode: code,
            message: GatewayCloseCode(rawValue: code).explanation(requestedIntents: [.guilds, .guildMembers]))))
    }

    @Test func aSessionTimeoutFromThePeerWhileWeWereClosingForgetsTheSession() {
        var machine = Self.active()
        _ = machine.received(.reconnect, now: .seconds(1), randomUnit: 0)
        let actions = machine.socketClosed(code: 4009)
        #expect(actions.contains(.saveSession(nil)))
        #expect(machine.session == nil)
        guard case .connect(_, _, let resuming) = machine.nextConnection(randomUnit: 0) else {
            Issue.record("expected a connection")
            return
        }
        #expect(!resuming)
    }

    @Test func ourOwnCodeEchoedBackAfterAStopChangesNothing() {
        var machine = Self.active()
        _ = machine.stop(endSession: false)
        #expect(machine.socketClosed(code: 4000) == [.disconnected(code: 4000, willReconnect: false), .stopped])
        #expect(machine.state == .stopped)
    }
}
