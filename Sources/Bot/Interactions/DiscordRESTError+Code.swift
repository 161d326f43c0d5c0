import DiscordModels
import DiscordREST

extension DiscordRESTError {
    /// Discord's JSON error code (e.g. 40060 "Interaction has already been acknowledged",
    /// 10062 "Unknown interaction"), when the answer carried one.
    var discordCode: Int? {
        if case .http(_, let body?) = self { return body.code }
        return nil
    }
}
