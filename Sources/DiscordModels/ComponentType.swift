/// The `type` of a component.
/// https://discord.com/developers/docs/components/reference#component-object-component-types
public enum ComponentType: DiscordEnum {
    case actionRow
    case button
    case stringSelect
    case textInput
    case userSelect
    case roleSelect
    case mentionableSelect
    case channelSelect
    case section
    case textDisplay
    case thumbnail
    case mediaGallery
    case file
    case separator
    case container
    case label
    case fileUpload
    case radioGroup
    case checkboxGroup
    case checkbox
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 1: self = .actionRow
        case 2: self = .button
        case 3: self = .stringSelect
        case 4: self = .textInput
        case 5: self = .userSelect
        case 6: self = .roleSelect
        case 7: self = .mentionableSelect
        case 8: self = .channelSelect
        case 9: self = .section
        case 10: self = .textDisplay
        case 11: self = .thumbnail
        case 12: self = .mediaGallery
        case 13: self = .file
        case 14: self = .separator
        case 17: self = .container
        case 18: self = .label
        case 19: self = .fileUpload
        case 21: self = .radioGroup
        case 22: self = .checkboxGroup
        case 23: self = .checkbox
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .actionRow: 1
        case .button: 2
        case .stringSelect: 3
        case .textInput: 4
        case .userSelect: 5
        case .roleSelect: 6
        case .mentionableSelect: 7
        case .channelSelect: 8
        case .section: 9
        case .textDisplay: 10
        case .thumbnail: 11
        case .mediaGallery: 12
        case .file: 13
        case .separator: 14
        case .container: 17
        case .label: 18
        case .fileUpload: 19
        case .radioGroup: 21
        case .checkboxGroup: 22
        case .checkbox: 23
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [ComponentType] = [.actionRow, .button, .stringSelect, .textInput, .userSelect, .roleSelect, .mentionableSelect, .channelSelect, .section, .textDisplay, .thumbnail, .mediaGallery, .file, .separator, .container, .label, .fileUpload, .radioGroup, .checkboxGroup, .checkbox]
}
