/// How an app is installed.
/// https://discord.com/developers/docs/resources/application#application-object-application-integration-types
public enum ApplicationIntegrationType: DiscordEnum {
    case guildInstall
    case userInstall
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 0: self = .guildInstall
        case 1: self = .userInstall
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .guildInstall: 0
        case .userInstall: 1
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [ApplicationIntegrationType] = [.guildInstall, .userInstall]
}
