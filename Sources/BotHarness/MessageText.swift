import DiscordModels

/// Renders bot messages as plain text, the way a member would read them in the client.
public enum MessageText {
    public static func render(_ data: InteractionMessageData) -> String {
        render(content: data.content, embeds: data.embeds, components: data.components, ephemeral: data.flags?.contains(.ephemeral) ?? false)
    }

    public static func render(_ edit: MessageEdit) -> String {
        render(content: edit.content, embeds: edit.embeds, components: edit.components, ephemeral: false)
    }

    static func render(content: String?, embeds: [Embed]?, components: [Component]?, ephemeral: Bool) -> String {
        var lines: [String] = []
        if ephemeral { lines.append("(only you can see this)") }
        if let content, !content.isEmpty { lines.append(content) }
        for embed in embeds ?? [] {
            if let title = embed.title { lines.append("┃ \(title)") }
            if let description = embed.description {
                lines += description.split(separator: "\n", omittingEmptySubsequences: false).map { "┃ \($0)" }
            }
            for field in embed.fields ?? [] { lines.append("┃ \(field.name): \(field.value)") }
            if let image = embed.image { lines.append("┃ [image \(image.url)]") }
            if let footer = embed.footer { lines.append("┃ — \(footer.text)") }
        }
        for component in components ?? [] { lines += render(component) }
        return lines.joined(separator: "\n")
    }

    static func render(_ component: Component) -> [String] {
        switch component {
        case .actionRow(let row):
            let parts = row.components.flatMap(render)
            return parts.allSatisfy { $0.hasPrefix("[") } ? [parts.joined(separator: " ")] : parts
        case .button(let button) where button.style == .premium:
            // Discord draws the SKU's name and price; the message carries only its id.
            return ["[💎 SKU \(button.sku_id.map { "\($0.rawValue)" } ?? "?")]"]
        case .button(let button):
            return ["[\(button.emoji?.name.map { $0 + " " } ?? "")\(button.label ?? "")\(button.disabled == true ? " (disabled)" : "")]"]
        case .stringSelect(let select):
            return ["▾ \(select.placeholder ?? "choose")\(select.disabled == true ? " (locked)" : ""):"]
                + select.options.map { "   \($0.default == true ? "☑" : "☐") \($0.label)" }
        default:
            return []
        }
    }

    /// Every button, in order, through action rows.
    public static func buttons(_ components: [Component]) -> [Button] {
        components.flatMap { component -> [Button] in
            switch component {
            case .actionRow(let row): buttons(row.components)
            case .button(let button): [button]
            default: []
            }
        }
    }

    /// The URLs of the link buttons, in order.
    public static func linkURLs(_ components: [Component]) -> [String] {
        components.flatMap { component -> [String] in
            switch component {
            case .actionRow(let row): linkURLs(row.components)
            case .button(let button): button.url.map { [$0] } ?? []
            default: []
            }
        }
    }

    public static func customIDs(_ components: [Component]) -> [String] {
        components.flatMap { component -> [String] in
            switch component {
            case .actionRow(let row): customIDs(row.components)
            case .button(let button): button.custom_id.map { [$0] } ?? []
            case .stringSelect(let select): [select.custom_id]
            default: []
            }
        }
    }
}
