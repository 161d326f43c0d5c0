/// A message or modal component. The `type` field chooses the case; a type this version does
/// not know is kept whole as `.unknown(type:raw:)` and encodes back unchanged.
/// https://discord.com/developers/docs/components/reference
public indirect enum Component: Sendable, Hashable, Codable {
    case actionRow(ActionRow)
    case button(Button)
    case stringSelect(StringSelect)
    case textInput(TextInput)
    /// User, role, mentionable and channel selects (types 5–8).
    case autoPopulatedSelect(AutoPopulatedSelect)
    case section(Section)
    case textDisplay(TextDisplay)
    case thumbnail(Thumbnail)
    case mediaGallery(MediaGallery)
    case file(FileComponent)
    case separator(Separator)
    case container(Container)
    case label(Label)
    case fileUpload(FileUploadComponent)
    case radioGroup(RadioGroup)
    case checkboxGroup(CheckboxGroup)
    case checkbox(Checkbox)
    case unknown(type: Int, raw: JSONValue)

    public var type: ComponentType {
        switch self {
        case .actionRow: .actionRow
        case .button: .button
        case .stringSelect: .stringSelect
        case .textInput: .textInput
        case .autoPopulatedSelect(let select): select.type
        case .section: .section
        case .textDisplay: .textDisplay
        case .thumbnail: .thumbnail
        case .mediaGallery: .mediaGallery
        case .file: .file
        case .separator: .separator
        case .container: .container
        case .label: .label
        case .fileUpload: .fileUpload
        case .radioGroup: .radioGroup
        case .checkboxGroup: .checkboxGroup
        case .checkbox: .checkbox
        case .unknown(let type, _): ComponentType(rawValue: type)
        }
    }

    /// The `custom_id` of an interactive component.
    public var customID: String? {
        switch self {
        case .button(let c): c.custom_id
        case .stringSelect(let c): c.custom_id
        case .textInput(let c): c.custom_id
        case .autoPopulatedSelect(let c): c.custom_id
        case .fileUpload(let c): c.custom_id
        case .radioGroup(let c): c.custom_id
        case .checkboxGroup(let c): c.custom_id
        case .checkbox(let c): c.custom_id
        case .unknown(_, let raw): raw["custom_id"]?.stringValue
        default: nil
        }
    }

    /// Direct children (rows, sections, containers, a label's component, a section's accessory).
    public var children: [Component] {
        switch self {
        case .actionRow(let c): c.components
        case .section(let c): c.components + [c.accessory]
        case .container(let c): c.components
        case .label(let c): [c.component]
        default: []
        }
    }

    /// This component and all its descendants, depth first.
    public var allComponents: [Component] {
        [self] + children.flatMap(\.allComponents)
    }

    enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let rawType = try decoder.container(keyedBy: TypeKey.self).decode(Int.self, forKey: .type)
        switch ComponentType(rawValue: rawType) {
        case .actionRow: self = .actionRow(try ActionRow(from: decoder))
        case .button: self = .button(try Button(from: decoder))
        case .stringSelect: self = .stringSelect(try StringSelect(from: decoder))
        case .textInput: self = .textInput(try TextInput(from: decoder))
        case .userSelect, .roleSelect, .mentionableSelect, .channelSelect:
            self = .autoPopulatedSelect(try AutoPopulatedSelect(from: decoder))
        case .section: self = .section(try Section(from: decoder))
        case .textDisplay: self = .textDisplay(try TextDisplay(from: decoder))
        case .thumbnail: self = .thumbnail(try Thumbnail(from: decoder))
        case .mediaGallery: self = .mediaGallery(try MediaGallery(from: decoder))
        case .file: self = .file(try FileComponent(from: decoder))
        case .separator: self = .separator(try Separator(from: decoder))
        case .container: self = .container(try Container(from: decoder))
        case .label: self = .label(try Label(from: decoder))
        case .fileUpload: self = .fileUpload(try FileUploadComponent(from: decoder))
        case .radioGroup: self = .radioGroup(try RadioGroup(from: decoder))
        case .checkboxGroup: self = .checkboxGroup(try CheckboxGroup(from: decoder))
        case .checkbox: self = .checkbox(try Checkbox(from: decoder))
        case .unknown: self = .unknown(type: rawType, raw: try JSONValue(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .actionRow(let c): try c.encode(to: encoder)
        case .button(let c): try c.encode(to: encoder)
        case .stringSelect(let c): try c.encode(to: encoder)
        case .textInput(let c): try c.encode(to: encoder)
        case .autoPopulatedSelect(let c): try c.encode(to: encoder)  // carries its own type
        case .section(let c): try c.encode(to: encoder)
        case .textDisplay(let c): try c.encode(to: encoder)
        case .thumbnail(let c): try c.encode(to: encoder)
        case .mediaGallery(let c): try c.encode(to: encoder)
        case .file(let c): try c.encode(to: encoder)
        case .separator(let c): try c.encode(to: encoder)
        case .container(let c): try c.encode(to: encoder)
        case .label(let c): try c.encode(to: encoder)
        case .fileUpload(let c): try c.encode(to: encoder)
        case .radioGroup(let c): try c.encode(to: encoder)
        case .checkboxGroup(let c): try c.encode(to: encoder)
        case .checkbox(let c): try c.encode(to: encoder)
        case .unknown(_, let raw):
            try raw.encode(to: encoder)
            return
        }
        if case .autoPopulatedSelect = self { return }
        // The component structs leave `type` to the enum; JSONEncoder merges this into the object.
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(type.rawValue, forKey: .type)
    }
}
