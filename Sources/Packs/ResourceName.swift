/// The rule for a file a pack names (`cover`, `extensions.gachabot.image`): a plain name, never a
/// path, so a tool reading a pack from a folder cannot be led outside it.
enum ResourceName {
    /// ASCII letters, digits, `.`, `-` and `_`; not starting with `.`; at most `maxFileNameCharacters`.
    static func check(_ name: String, path: String, file: String, limits: PackLimits) throws(PackImportError) {
        guard !name.isEmpty else { throw PackImportError(file: file, path: path, .empty) }
        let length = name.unicodeScalars.count
        guard length <= limits.maxFileNameCharacters else {
            throw PackImportError(file: file, path: path, .tooLong(characters: length, limit: limits.maxFileNameCharacters))
        }
        let plain = name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
                true
            default: false
            }
        }
        guard plain, !name.hasPrefix(".") else {
            throw PackImportError(
                file: file, path: path,
                .unexpectedValue(found: SafeText.preview(name), expected: "a plain file name (letters, digits, . - _)")
            )
        }
    }
}
