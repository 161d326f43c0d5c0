import DiscordSandbox
import Foundation
import Testing

/// A button press carries the message the button sits on, and an update (type 7) or an edit of
/// `@original` from the component's interaction changes that same message, as on Discord.
@Suite("Sandbox component messages", .timeLimit(.minutes(2)))
struct ComponentMessageTests {
  @Test func aPressCarriesTheMessageItSitsOnAndAnUpdateEditsThatMessage() async throws {
    try await withSandbox(SandboxConfiguration()) { sandbox in
      try await RESTTests().readyGateway(sandbox) {
        let command = try sandbox.injectInteraction(.slashCommand(name: "shop"))
        let reply =
          #"{"type":4,"data":{"content":"pick one","components":[{"type":1,"components":[{"type":2,"style":1,"label":"Buy","custom_id":"shop:buy:x"}]}]}}"#
        let created = try await call(
          sandbox, .POST, "/interactions/\(command.id)/\(command.token)/callback", json: reply)
        #expect(created.status == 204)

        let press = try sandbox.injectInteraction(.button(customID: "shop:buy:x"))
        let pressed = try #require(
          try JSONSerialization.jsonObject(with: Data(press.json.utf8)) as? [String: Any])
        let message = try #require(pressed["message"] as? [String: Any])
        #expect(message["content"] as? String == "pick one")
        #expect("\(message["components"] ?? "")".contains("shop:buy:x"))

        let update =
          #"{"type":7,"data":{"content":"bought","components":[{"type":1,"components":[{"type":2,"style":1,"label":"Again","custom_id":"shop:buy:x"}]}]}}"#
        #expect(
          try await call(
            sandbox, .POST, "/interactions/\(press.id)/\(press.token)/callback", json: update
          ).status == 204)

        // The command's original message is the one that changed, and the next press sees it.
        let original = try await call(
          sandbox, .GET, "/webhooks/\(command.applicationID)/\(command.token)/messages/@original")
        #expect(original.json?["content"] as? String == "bought")
        let again = try sandbox.injectInteraction(.button(customID: "shop:buy:x"))
        #expect(again.json.contains("\"bought\""))

        // A deferred update (6) then an edit of @original through the press's token also edits it.
        #expect(
          try await call(
            sandbox, .POST, "/interactions/\(again.id)/\(again.token)/callback",
            json: #"{"type":6}"#
          ).status == 204)
        let edit = try await call(
          sandbox, .PATCH, "/webhooks/\(again.applicationID)/\(again.token)/messages/@original",
          json: #"{"content":"edited later"}"#)
        #expect(edit.status == 200)
        let final = try await call(
          sandbox, .GET, "/webhooks/\(command.applicationID)/\(command.token)/messages/@original")
        #expect(final.json?["content"] as? String == "edited later")
        #expect(sandbox.openAPIViolations.isEmpty)
      }
    }
  }

  @Test func aPressOnAnUnknownComponentCarriesAPlaceholderMessage() async throws {
    try await withSandbox(SandboxConfiguration()) { sandbox in
      try await RESTTests().readyGateway(sandbox) {
        let press = try sandbox.injectInteraction(.button(customID: "nothing:here"))
        let pressed = try #require(
          try JSONSerialization.jsonObject(with: Data(press.json.utf8)) as? [String: Any])
        #expect((pressed["message"] as? [String: Any])?["components"] as? [Any] != nil)
      }
    }
  }
}
