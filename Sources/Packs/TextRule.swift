/// Length and emptiness checks for user-written text. Lengths are Unicode scalar counts; "empty"
/// means nothing visible is left once `SafeText` has stripped invisible characters and whitespace.
struct TextRule {
    let file: String

    func check(_ text: String?, path: String, limit: Int, required: Bool = false) throws(PackImportError) {
        guard let text else {
            if required { throw PackImportError(file: file, path: path, .missing) }
            return
        }
        let length = text.unicodeScalars.count
        guard length <= limit else {
            throw PackImportError(file: file, path: path, .tooLong(characters: length, limit: limit))
        }
        if required, Self.isBlank(text) {
            throw PackImportError(file: file, path: path, .empty)
        }
    }

    func checkTags(_ tags: [String], path: String, limits: PackLimits) throws(PackImportError) {
        guard tags.count <= limits.maxTags else {
            throw PackImportError(file: file, path: path, .tooMany(count: tags.count, limit: limits.maxTags, what: "tags"))
        }
        for (index, tag) in tags.enumerated() {
            try check(tag, path: "\(path)[\(index)]", limit: limits.maxTagCharacters, required: true)
        }
    }

    static func isBlank(_ text: String) -> Bool {
        SafeText(text).text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }
}
