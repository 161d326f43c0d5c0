// Embed limits: https://discord.com/developers/docs/resources/message#embed-object-embed-limits

extension DiscordLimits {
    /// The embeds of one message: at most 10, each within its limits, and at most 6000 characters
    /// over all their titles, descriptions, field names and values, footer texts and author names.
    /// Paths start at `embeds`.
    static func embeds(_ embeds: [Embed]) throws(DiscordLimitViolation) {
        try items(embeds.count, max: embedsPerMessage, "embeds")
        var totalBytes = 0
        for (index, embed) in embeds.enumerated() {
            try nested("embeds", index) { () throws(DiscordLimitViolation) in try self.embed(embed) }
            totalBytes += embedTextBytes(embed)
        }
        // Bytes bound characters from above: only a message near the limit is counted exactly.
        guard totalBytes > embedTotalCharacters else { return }
        let total = embeds.reduce(0) { $0 + embedTextCharacters($1) }
        if total > embedTotalCharacters {
            throw DiscordLimitViolation(
                rule: .maxCharacters, limit: embedTotalCharacters, actual: total,
                reason: "title, description, field names and values, footer text and author name of all embeds together",
                segments: [.key("embeds")])
        }
    }

    static func embed(_ embed: Embed) throws(DiscordLimitViolation) {
        try embedText(embed.title, max: embedTitleCharacters, "title")
        try embedText(embed.description, max: embedDescriptionCharacters, "description")
        try characters(embed.url, max: embedURLCharacters, "url")
        try value(embed.color, in: 0...colorMaximum, "color")
        if let footer = embed.footer {
            try nested("footer") { () throws(DiscordLimitViolation) in
                try embedText(footer.text, max: embedFooterTextCharacters, "text")
                try characters(footer.icon_url, max: embedURLCharacters, "icon_url")
            }
        }
        if let author = embed.author {
            try nested("author") { () throws(DiscordLimitViolation) in
                try embedText(author.name, max: embedAuthorNameCharacters, "name")
                try characters(author.url, max: embedURLCharacters, "url")
                try characters(author.icon_url, max: embedURLCharacters, "icon_url")
            }
        }
        if let image = embed.image {
            try nested("image") { () throws(DiscordLimitViolation) in try characters(image.url, max: embedURLCharacters, "url") }
        }
        if let thumbnail = embed.thumbnail {
            try nested("thumbnail") { () throws(DiscordLimitViolation) in
                try characters(thumbnail.url, max: embedURLCharacters, "url")
            }
        }
        if let fields = embed.fields {
            try items(fields.count, max: embedFields, "fields")
            for (index, field) in fields.enumerated() {
                try nested("fields", index) { () throws(DiscordLimitViolation) in
                    try embedText(field.name, max: embedFieldNameCharacters, "name")
                    try embedText(field.value, max: embedFieldValueCharacters, "value")
                }
            }
        }
    }

    /// An embed text field. Discord trims leading and trailing whitespace before it counts
    /// ("Leading and trailing whitespace characters are not included"), so this does too.
    static func embedText(_ text: String?, max: Int, _ key: StaticString) throws(DiscordLimitViolation) {
        guard let text, text.utf8.count > max else { return }
        let count = trimmedCharacterCount(text)
        if count > max {
            throw DiscordLimitViolation(rule: .maxCharacters, limit: max, actual: count, segments: [.key("\(key)")])
        }
    }

    /// Unicode scalars of `text` without its leading and trailing white space (Unicode White_Space,
    /// which is what Python's `str.strip()` removes, give or take four ASCII separators).
    static func trimmedCharacterCount(_ text: String) -> Int {
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace {
            start = scalars.index(after: start)
        }
        while start < end {
            let last = scalars.index(before: end)
            guard scalars[last].properties.isWhitespace else { break }
            end = last
        }
        return scalars.distance(from: start, to: end)
    }

    /// UTF-8 bytes of the fields counted against the 6000-character total: an upper bound on their characters.
    static func embedTextBytes(_ embed: Embed) -> Int {
        var bytes = (embed.title?.utf8.count ?? 0) + (embed.description?.utf8.count ?? 0)
        bytes += (embed.footer?.text.utf8.count ?? 0) + (embed.author?.name.utf8.count ?? 0)
        for field in embed.fields ?? [] {
            bytes += field.name.utf8.count + field.value.utf8.count
        }
        return bytes
    }

    /// Characters of the fields counted against the 6000-character total, trimmed as Discord trims them.
    static func embedTextCharacters(_ embed: Embed) -> Int {
        var count = 0
        if let title = embed.title { count += trimmedCharacterCount(title) }
        if let description = embed.description { count += trimmedCharacterCount(description) }
        if let footer = embed.footer { count += trimmedCharacterCount(footer.text) }
        if let author = embed.author { count += trimmedCharacterCount(author.name) }
        for field in embed.fields ?? [] {
            count += trimmedCharacterCount(field.name) + trimmedCharacterCount(field.value)
        }
        return count
    }
}
