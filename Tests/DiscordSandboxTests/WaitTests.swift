import DiscordSandbox
import Foundation
import Testing

/// The recorder's waits: a value already there is returned at once, a wait ends with the value,
/// with `SandboxError.timedOut` after its timeout, or with `CancellationError` when cancelled.
@Suite("Sandbox waits", .timeLimit(.minutes(2)))
struct WaitTests {
  @Test func aWaitEndsWithTheValueOrItsTimeoutOrCancellation() async throws {
    try await withSandbox(SandboxConfiguration()) { sandbox in
      // Nothing was requested: the wait times out with an error naming what it waited for.
      let started = ContinuousClock.now
      await #expect(throws: SandboxError.timedOut("a REST request")) {
        try await sandbox.nextRequest(timeout: .milliseconds(50))
      }
      #expect(ContinuousClock.now - started >= .milliseconds(50))

      // A request recorded before the wait is taken at once; one recorded during it ends it.
      _ = try await call(sandbox, .GET, "/gateway")
      #expect(try await sandbox.nextRequest(timeout: .seconds(30)).path.hasSuffix("/gateway"))
      async let waited = sandbox.nextRequest(timeout: .seconds(30)) { $0.path.hasSuffix("/gateway/bot") }
      _ = try await call(sandbox, .GET, "/gateway/bot")
      #expect(try await waited.path.hasSuffix("/gateway/bot"))

      // A cancelled wait ends with CancellationError, long before its timeout.
      let waiter = Task { try await sandbox.nextRequest(timeout: .seconds(600)) { $0.path == "/never" } }
      waiter.cancel()
      await #expect(throws: CancellationError.self) { try await waiter.value }
    }
  }
}
