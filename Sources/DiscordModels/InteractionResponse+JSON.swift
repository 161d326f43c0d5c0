import Foundation

/// Hand-written JSON for interaction callback bodies: the bot's hottest outgoing payload.
///
/// Foundation's `JSONEncoder` walks `Codable`'s generic containers (metadata lookups, boxing,
/// a dictionary per object); it was ~10% of the bot's CPU per interaction in the round-trip
/// benchmark. This writes the same JSON straight into bytes: the callback type, message data
/// (`tts`, `content`, `embeds`, `allowed_mentions`, `flags`) by hand; the rarer parts
/// (`components`, `attachments`, embed timestamps, autocomplete choices, modals) are spliced in
/// from `JSONEncoder`, so every field is written exactly as the `Codable` conformance writes it.
/// Key order may differ from `JSONEncoder`'s (Discord does not care).
extension InteractionResponse {
    /// The callback body, the same JSON document `JSONEncoder` makes of `self`.
    public func jsonBody() throws -> [UInt8] {
        var writer = JSONBodyWriter()
        writer.bytes.reserveCapacity(256)
        writer.raw("{\"type\":")
        writer.integer(type.rawValue)
        switch data {
        case nil:
            break
        case .message(let message)?:
            writer.raw(",\"data\":")
            try writer.message(message)
        case let other?:
            writer.raw(",\"data\":")
            try writer.encoded(other)
        }
        writer.byte(UInt8(ascii: "}"))
        return writer.bytes
    }
}

/// Appends JSON to a byte array, escaping strings as `JSONEncoder` does with
/// `.withoutEscapingSlashes` (quote, backslash and control characters; UTF-8 otherwise as is).
struct JSONBodyWriter {
    var bytes: [UInt8] = []

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func integer<T: BinaryInteger>(_ value: T) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    /// A snowflake as `Snowflake.encode` writes it: a decimal string.
    mutating func snowflake<Kind>(_ value: Snowflake<Kind>) {
        bytes.append(UInt8(ascii: "\""))
        integer(value.rawValue)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                case 0x08: raw("\\b")
                case 0x0C: raw("\\f")
                default:
                    raw("\\u00")
                    let hex: StaticString = "0123456789abcdef"
                    hex.withUTF8Buffer { digits in
                        bytes.append(digits[Int(byte >> 4)])
                        bytes.append(digits[Int(byte & 0xF)])
                    }
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Any value through `JSONEncoder`, as the `Codable` conformance writes it.
    mutating func encoded(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        bytes.append(contentsOf: try encoder.encode(value))
    }

    /// Writes `"key":` after a comma unless it is the object's first member.
    private mutating func key(_ name: StaticString, first: inout Bool) {
        if first { first = false } else { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        raw("\":")
    }

    mutating func message(_ message: InteractionMessageData) throws {
        byte(UInt8(ascii: "{"))
        var first = true
        if let tts = message.tts {
            key("tts", first: &first)
            bool(tts)
        }
        if let content = message.content {
            key("content", first: &first)
            string(content)
        }
        if let embeds = message.embeds {
            key("embeds", first: &first)
            try array(embeds) { try $0.embed($1) }
        }
        if let mentions = message.allowed_mentions {
            key("allowed_mentions", first: &first)
            allowedMentions(mentions)
        }
        if let flags = message.flags {
            key("flags", first: &first)
            integer(flags.rawValue)
        }
        if let components = message.components {
            key("components", first: &first)
            try encoded(components)
        }
        if let attachments = message.attachments {
            key("attachments", first: &first)
            try encoded(attachments)
        }
        byte(UInt8(ascii: "}"))
    }

    mutating func allowedMentions(_ mentions: AllowedMentions) {
        byte(UInt8(ascii: "{"))
        var first = true
        if let parse = mentions.parse {
            key("parse", first: &first)
            array(parse) { $0.string($1.rawValue) }
        }
        if let roles = mentions.roles {
            key("roles", first: &first)
            snowflakes(roles)
        }
        if let users = mentions.users {
            key("users", first: &first)
            snowflakes(users)
        }
        if let repliedUser = mentions.replied_user {
            key("replied_user", first: &first)
            bool(repliedUser)
        }
        byte(UInt8(ascii: "}"))
    }

    private mutating func snowflakes<Kind>(_ values: [Snowflake<Kind>]) {
        array(values) { $0.snowflake($1) }
    }

    /// `[…]`: each element written by `write`, comma-separated.
    private mutating func array<Element>(_ elements: [Element], _ write: (inout Self, Element) throws -> Void) rethrows {
        byte(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { byte(UInt8(ascii: ",")) }
            try write(&self, element)
        }
        byte(UInt8(ascii: "]"))
    }

    mutating func embed(_ embed: Embed) throws {
        byte(UInt8(ascii: "{"))
        var first = true
        if let title = embed.title {
            key("title", first: &first)
            string(title)
        }
        if let type = embed.type {
            key("type", first: &first)
            string(type)
        }
        if let description = embed.description {
            key("description", first: &first)
            string(description)
        }
        if let url = embed.url {
            key("url", first: &first)
            string(url)
        }
        if let timestamp = embed.timestamp {
            key("timestamp", first: &first)
            try encoded(timestamp)
        }
        if let color = embed.color {
            key("color", first: &first)
            integer(color)
        }
        if let footer = embed.footer {
            key("footer", first: &first)
            byte(UInt8(ascii: "{"))
            var inner = true
            key("text", first: &inner)
            string(footer.text)
            if let iconURL = footer.icon_url {
                key("icon_url", first: &inner)
                string(iconURL)
            }
            byte(UInt8(ascii: "}"))
        }
        if let image = embed.image {
            key("image", first: &first)
            media(image)
        }
        if let thumbnail = embed.thumbnail {
            key("thumbnail", first: &first)
            media(thumbnail)
        }
        if let author = embed.author {
            key("author", first: &first)
            byte(UInt8(ascii: "{"))
            var inner = true
            key("name", first: &inner)
            string(author.name)
            if let url = author.url {
                key("url", first: &inner)
                string(url)
            }
            if let iconURL = author.icon_url {
                key("icon_url", first: &inner)
                string(iconURL)
            }
            byte(UInt8(ascii: "}"))
        }
        if let fields = embed.fields {
            key("fields", first: &first)
            array(fields) { writer, field in
                writer.byte(UInt8(ascii: "{"))
                var inner = true
                writer.key("name", first: &inner)
                writer.string(field.name)
                writer.key("value", first: &inner)
                writer.string(field.value)
                if let inline = field.inline {
                    writer.key("inline", first: &inner)
                    writer.bool(inline)
                }
                writer.byte(UInt8(ascii: "}"))
            }
        }
        byte(UInt8(ascii: "}"))
    }

    private mutating func media(_ media: Embed.Media) {
        byte(UInt8(ascii: "{"))
        var first = true
        key("url", first: &first)
        string(media.url)
        if let proxyURL = media.proxy_url {
            key("proxy_url", first: &first)
            string(proxyURL)
        }
        if let height = media.height {
            key("height", first: &first)
            integer(height)
        }
        if let width = media.width {
            key("width", first: &first)
            integer(width)
        }
        byte(UInt8(ascii: "}"))
    }
}
