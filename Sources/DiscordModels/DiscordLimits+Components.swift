// Component limits: https://discord.com/developers/docs/components/reference

extension DiscordLimits {
    /// The `components` of a message. A Components V2 message (flag `isComponentsV2`) may hold 40
    /// components in all, nested ones included; a legacy one at most 5 top-level action rows.
    /// Paths start at `components`.
    static func messageComponents(_ components: [Component], isComponentsV2: Bool) throws(DiscordLimitViolation) {
        if isComponentsV2 {
            try items(components.count, max: componentsV2Total, "components")
        } else {
            try items(
                components.count, max: legacyTopLevelComponents, "components",
                reason: "top-level action rows of a message without IS_COMPONENTS_V2")
        }
        var total = 0
        for (index, component) in components.enumerated() {
            try nested("components", index) { () throws(DiscordLimitViolation) in try self.component(component, total: &total) }
        }
        if isComponentsV2, total > componentsV2Total {
            throw DiscordLimitViolation(
                rule: .maxTotalComponents, limit: componentsV2Total, actual: total,
                reason: "a message with IS_COMPONENTS_V2", segments: [.key("components")])
        }
    }

    /// One component and its children; adds them all to `total`.
    static func component(_ component: Component, total: inout Int) throws(DiscordLimitViolation) {
        total += 1
        switch component {
        case .actionRow(let row):
            try actionRow(row, total: &total)
        case .button(let button):
            try self.button(button)
        case .stringSelect(let select):
            try stringSelect(select)
        case .textInput(let input):
            try textInput(input)
        case .autoPopulatedSelect(let select):
            try customID(select.custom_id)
            try characters(select.placeholder, max: selectPlaceholderCharacters, "placeholder")
            try value(select.min_values, in: 0...selectValues, "min_values")
            try value(select.max_values, in: 1...selectValues, "max_values")
            if let defaults = select.default_values { try items(defaults.count, max: selectValues, "default_values") }
        case .section(let section):
            try items(section.components.count, max: sectionComponents, min: 1, "components")
            try children(section.components, total: &total)
            try nested("accessory") { () throws(DiscordLimitViolation) in try self.component(section.accessory, total: &total) }
        case .textDisplay(let text):
            try characters(text.content, max: textDisplayCharacters, min: 1, "content")
        case .thumbnail(let thumbnail):
            try characters(thumbnail.description, max: mediaDescriptionCharacters, min: 1, "description")
            try nested("media") { () throws(DiscordLimitViolation) in try characters(thumbnail.media.url, max: mediaURLCharacters, "url") }
        case .mediaGallery(let gallery):
            try items(gallery.items.count, max: mediaGalleryItems, min: 1, "items")
            for (index, item) in gallery.items.enumerated() {
                try nested("items", index) { () throws(DiscordLimitViolation) in
                    try characters(item.description, max: mediaDescriptionCharacters, min: 1, "description")
                    try nested("media") { () throws(DiscordLimitViolation) in try characters(item.media.url, max: mediaURLCharacters, "url") }
                }
            }
        case .file(let file):
            try nested("file") { () throws(DiscordLimitViolation) in try characters(file.file.url, max: mediaURLCharacters, "url") }
        case .separator:
            break
        case .container(let container):
            try items(container.components.count, max: componentsV2Total, min: 1, "components")
            try value(container.accent_color, in: 0...colorMaximum, "accent_color")
            try children(container.components, total: &total)
        case .label(let label):
            try characters(label.label, max: labelCharacters, min: 1, "label")
            try characters(label.description, max: labelDescriptionCharacters, min: 1, "description")
            try nested("component") { () throws(DiscordLimitViolation) in try self.component(label.component, total: &total) }
        case .fileUpload(let upload):
            try customID(upload.custom_id)
            try value(upload.min_values, in: 0...modalChoiceOptions, "min_values")
            try value(upload.max_values, in: 1...modalChoiceOptions, "max_values")
        case .radioGroup(let group):
            try customID(group.custom_id)
            try items(group.options.count, max: modalChoiceOptions, min: radioGroupMinimumOptions, "options")
            try choiceOptions(group.options)
        case .checkboxGroup(let group):
            try customID(group.custom_id)
            try items(group.options.count, max: modalChoiceOptions, min: 1, "options")
            try value(group.min_values, in: 0...modalChoiceOptions, "min_values")
            try value(group.max_values, in: 1...modalChoiceOptions, "max_values")
            try choiceOptions(group.options)
        case .checkbox(let checkbox):
            try customID(checkbox.custom_id)
        case .unknown:
            // A type this version does not know: only what every interactive component shares.
            if let id = component.customID { try customID(id) }
        }
    }

    /// `components[i]` of a row, section or container.
    static func children(_ children: [Component], total: inout Int) throws(DiscordLimitViolation) {
        for (index, child) in children.enumerated() {
            try nested("components", index) { () throws(DiscordLimitViolation) in try self.component(child, total: &total) }
        }
    }

    /// Up to 5 buttons, or a single select menu.
    static func actionRow(_ row: ActionRow, total: inout Int) throws(DiscordLimitViolation) {
        try items(row.components.count, max: actionRowComponents, min: 1, "components")
        if row.components.count > actionRowSelects, row.components.contains(where: \.isSelectMenu) {
            throw DiscordLimitViolation(
                rule: .maxItems, limit: actionRowSelects, actual: row.components.count,
                reason: "an action row with a select menu holds nothing else", segments: [.key("components")])
        }
        try children(row.components, total: &total)
    }

    /// A link button has a `url` and no `custom_id`; a premium button only a `sku_id`; the others a `custom_id`.
    static func button(_ button: Button) throws(DiscordLimitViolation) {
        try characters(button.label, max: buttonLabelCharacters, "label")
        if let name = button.emoji?.name {
            try nested("emoji") { () throws(DiscordLimitViolation) in try characters(name, max: componentEmojiNameCharacters, "name") }
        }
        switch button.style {
        case .link:
            try absent(button.custom_id != nil, "custom_id", reason: "a link button has none")
            try present(button.url != nil, "url", reason: "a link button needs one")
            try characters(button.url, max: buttonURLCharacters, "url")
        case .premium:
            try absent(button.custom_id != nil, "custom_id", reason: "a premium button has none")
            try absent(button.label != nil, "label", reason: "a premium button has none")
            try absent(button.url != nil, "url", reason: "a premium button has none")
            try absent(button.emoji != nil, "emoji", reason: "a premium button has none")
            try present(button.sku_id != nil, "sku_id", reason: "a premium button needs one")
        case .unknown:
            // A style this version does not know: we cannot tell which fields it takes.
            if let id = button.custom_id { try customID(id) }
            try characters(button.url, max: buttonURLCharacters, "url")
        case .primary, .secondary, .success, .danger:
            try present(button.custom_id != nil, "custom_id", reason: "a non-link, non-premium button needs one")
            if let id = button.custom_id { try customID(id) }
            try absent(button.url != nil, "url", reason: "only a link button has one")
        }
    }

    static func stringSelect(_ select: StringSelect) throws(DiscordLimitViolation) {
        try customID(select.custom_id)
        try items(select.options.count, max: selectOptions, min: 1, "options")
        try characters(select.placeholder, max: selectPlaceholderCharacters, "placeholder")
        try value(select.min_values, in: 0...selectValues, "min_values")
        try value(select.max_values, in: 1...selectValues, "max_values")
        for (index, option) in select.options.enumerated() {
            try nested("options", index) { () throws(DiscordLimitViolation) in
                try characters(option.label, max: selectOptionCharacters, min: 1, "label")
                try characters(option.value, max: selectOptionCharacters, min: 1, "value")
                try characters(option.description, max: selectOptionCharacters, "description")
                if let name = option.emoji?.name {
                    try nested("emoji") { () throws(DiscordLimitViolation) in
                        try characters(name, max: componentEmojiNameCharacters, "name")
                    }
                }
            }
        }
    }

    static func textInput(_ input: TextInput) throws(DiscordLimitViolation) {
        try customID(input.custom_id)
        try characters(input.label, max: labelCharacters, min: 1, "label")
        try characters(input.value, max: textInputCharacters, "value")
        try characters(input.placeholder, max: textInputPlaceholderCharacters, "placeholder")
        try value(input.min_length, in: 0...textInputCharacters, "min_length")
        try value(input.max_length, in: 1...textInputCharacters, "max_length")
    }

    /// The options of a radio group or checkbox group.
    static func choiceOptions(_ options: [ChoiceOption]) throws(DiscordLimitViolation) {
        for (index, option) in options.enumerated() {
            try nested("options", index) { () throws(DiscordLimitViolation) in
                try characters(option.label, max: modalChoiceOptionCharacters, min: 1, "label")
                try characters(option.value, max: modalChoiceOptionCharacters, min: 1, "value")
                try characters(option.description, max: modalChoiceOptionCharacters, "description")
            }
        }
    }
}

extension Component {
    /// A string, user, role, mentionable or channel select: alone in its action row.
    var isSelectMenu: Bool {
        switch self {
        case .stringSelect, .autoPopulatedSelect: true
        case .unknown:
            switch type {
            case .stringSelect, .userSelect, .roleSelect, .mentionableSelect, .channelSelect: true
            default: false
            }
        default: false
        }
    }
}
