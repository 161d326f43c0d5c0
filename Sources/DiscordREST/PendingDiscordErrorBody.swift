// TEMPORARY: stands in for DiscordModels.DiscordErrorBody until it lands; delete then.
import Foundation

public struct DiscordErrorBody: Sendable, Decodable, Equatable {
    public struct FieldError: Sendable, Equatable {
        public var path: String
        public var code: String
        public var message: String
    }
    public var code: Int
    public var message: String
    public var fieldErrors: [FieldError] { [] }
}
