// The primitive checks the validator is made of. Each throws a violation whose path is just the
// field's own key; `nested` puts the outer keys in front while the error unwinds, so a body that
// passes builds no path and allocates nothing.

extension DiscordLimits {
    /// Runs `body` for the field `key` (element `index` of it, if given), putting `key[index]` in
    /// front of the path of any violation it throws.
    @inline(__always)
    static func nested(
        _ key: StaticString, _ index: Int? = nil, _ body: () throws(DiscordLimitViolation) -> Void
    ) throws(DiscordLimitViolation) {
        do throws(DiscordLimitViolation) {
            try body()
        } catch {
            throw error.inside("\(key)", index)
        }
    }

    /// Length of `text` as Discord counts it: Unicode scalars (see `DiscordLimits`).
    static func characterCount(_ text: String) -> Int {
        text.unicodeScalars.count
    }

    /// Throws when `text` is longer than `max` characters, or shorter than `min`.
    static func characters(
        _ text: String, max: Int, min: Int = 0, _ key: StaticString, reason: String? = nil
    ) throws(DiscordLimitViolation) {
        // A code point is 1 to 4 UTF-8 bytes, and a native string knows its UTF-8 length without
        // reading it: at most `max` bytes is at most `max` characters, the common case, decided in O(1).
        let bytes = text.utf8.count
        if bytes > max {
            let count = characterCount(text)
            if count > max {
                throw DiscordLimitViolation(
                    rule: .maxCharacters, limit: max, actual: count, reason: reason, segments: [.key("\(key)")])
            }
        }
        if min > 0, bytes < min * 4 {
            let count = characterCount(text)
            if count < min {
                throw DiscordLimitViolation(
                    rule: .minCharacters, limit: min, actual: count, reason: reason, segments: [.key("\(key)")])
            }
        }
    }

    /// As `characters(_:max:min:_:)`, for an optional field (absent passes).
    @inline(__always)
    static func characters(
        _ text: String?, max: Int, min: Int = 0, _ key: StaticString, reason: String? = nil
    ) throws(DiscordLimitViolation) {
        if let text { try characters(text, max: max, min: min, key, reason: reason) }
    }

    /// Throws when an array field has more than `max` elements, or fewer than `min`.
    static func items(
        _ count: Int, max: Int, min: Int = 0, _ key: StaticString, reason: String? = nil
    ) throws(DiscordLimitViolation) {
        if count > max {
            throw DiscordLimitViolation(rule: .maxItems, limit: max, actual: count, reason: reason, segments: [.key("\(key)")])
        }
        if count < min {
            throw DiscordLimitViolation(rule: .minItems, limit: min, actual: count, reason: reason, segments: [.key("\(key)")])
        }
    }

    /// Throws when an integer field is set outside `range`.
    static func value(_ value: Int?, in range: ClosedRange<Int>, _ key: StaticString) throws(DiscordLimitViolation) {
        guard let value else { return }
        if value > range.upperBound {
            throw DiscordLimitViolation(rule: .maxValue, limit: range.upperBound, actual: value, segments: [.key("\(key)")])
        }
        if value < range.lowerBound {
            throw DiscordLimitViolation(rule: .minValue, limit: range.lowerBound, actual: value, segments: [.key("\(key)")])
        }
    }

    /// Throws when a field that must not be set here is set.
    static func absent(_ isSet: Bool, _ key: StaticString, reason: String) throws(DiscordLimitViolation) {
        if isSet {
            throw DiscordLimitViolation(rule: .mustBeAbsent, limit: 0, actual: 1, reason: reason, segments: [.key("\(key)")])
        }
    }

    /// Throws when a field that must be set here is missing.
    static func present(_ isSet: Bool, _ key: StaticString, reason: String) throws(DiscordLimitViolation) {
        if !isSet {
            throw DiscordLimitViolation(rule: .mustBePresent, limit: 1, actual: 0, reason: reason, segments: [.key("\(key)")])
        }
    }

    /// `custom_id`: 1 to 100 characters.
    @inline(__always)
    static func customID(_ id: String) throws(DiscordLimitViolation) {
        try characters(id, max: customIDCharacters, min: 1, "custom_id")
    }
}
