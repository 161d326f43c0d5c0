import Testing

@testable import DiscordGateway

struct GatewayURLTests {
    @Test func keepsTheQueryOnEveryBase() {
        #expect(GatewayURL.make(base: "wss://gateway.discord.gg", compression: .zlibStream) == "wss://gateway.discord.gg/?v=10&encoding=json&compress=zlib-stream")
        #expect(GatewayURL.make(base: "wss://gateway-us-east1-b.discord.gg/", compression: .zstdStream) == "wss://gateway-us-east1-b.discord.gg/?v=10&encoding=json&compress=zstd-stream")
        #expect(GatewayURL.make(base: "ws://127.0.0.1:9000/gateway?v=9", compression: .none) == "ws://127.0.0.1:9000/gateway?v=10&encoding=json")
    }
}
