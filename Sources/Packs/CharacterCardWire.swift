/// Character Card V2 JSON as it is on the wire: every field optional so that a missing one becomes
/// a named error (or an empty default) instead of a decoder message; unknown fields are ignored.
struct CharacterCardWire: Codable {
    var spec: String?
    var spec_version: String?
    var data: DataFields?

    struct DataFields: Codable {
        var name: String?
        var description: String?
        var personality: String?
        var scenario: String?
        var first_mes: String?
        var mes_example: String?
        var system_prompt: String?
        var post_history_instructions: String?
        var creator_notes: String?
        var tags: [String]?
        var extensions: [String: JSONValue]?
    }

    init(_ card: CharacterCard) {
        spec = CharacterCard.spec
        spec_version = "2.0"
        data = DataFields(
            name: card.name, description: card.description, personality: card.personality,
            scenario: card.scenario, first_mes: card.firstMessage, mes_example: card.messageExample,
            system_prompt: card.systemPrompt, post_history_instructions: card.postHistoryInstructions,
            creator_notes: card.creatorNotes, tags: card.tags,
            extensions: card.extensions
        )
    }

    /// Checks the card against `limits` and builds it. `prefix` is the card's JSON path inside its
    /// file (`""` for a lone card, `"characters[3]"` in a pack).
    func card(file: String, prefix: String, limits: PackLimits) throws(PackImportError) -> CharacterCard {
        let at = { (field: String) in prefix.isEmpty ? field : "\(prefix).\(field)" }
        guard let spec else { throw PackImportError(file: file, path: at("spec"), .missing) }
        guard spec == CharacterCard.spec else {
            throw PackImportError(
                file: file, path: at("spec"),
                .unexpectedValue(found: SafeText.preview(spec), expected: "\"\(CharacterCard.spec)\"")
            )
        }
        if let version = spec_version, version != "2", !version.hasPrefix("2.") {
            throw PackImportError(
                file: file, path: at("spec_version"), .unexpectedValue(found: SafeText.preview(version), expected: "\"2.0\"")
            )
        }
        guard let data else { throw PackImportError(file: file, path: at("data"), .missing) }
        guard let name = data.name else { throw PackImportError(file: file, path: at("data.name"), .missing) }

        let text = TextRule(file: file)
        try text.check(name, path: at("data.name"), limit: limits.maxNameCharacters, required: true)
        let long = limits.maxCardTextCharacters
        try text.check(data.description, path: at("data.description"), limit: long)
        try text.check(data.personality, path: at("data.personality"), limit: long)
        try text.check(data.scenario, path: at("data.scenario"), limit: long)
        try text.check(data.first_mes, path: at("data.first_mes"), limit: limits.maxFirstMessageCharacters)
        try text.check(data.mes_example, path: at("data.mes_example"), limit: long)
        try text.check(data.system_prompt, path: at("data.system_prompt"), limit: long)
        try text.check(data.post_history_instructions, path: at("data.post_history_instructions"), limit: long)
        try text.check(data.creator_notes, path: at("data.creator_notes"), limit: limits.maxCreatorNotesCharacters)
        let tags = data.tags ?? []
        try text.checkTags(tags, path: at("data.tags"), limits: limits)
        let extensions = data.extensions ?? [:]
        let gachabot = try GachabotExtension(
            extensions: extensions, path: at("data.extensions"), file: file, limits: limits
        )
        return CharacterCard(
            name: name, description: data.description ?? "", personality: data.personality ?? "",
            scenario: data.scenario ?? "", firstMessage: data.first_mes ?? "",
            messageExample: data.mes_example ?? "", systemPrompt: data.system_prompt ?? "",
            postHistoryInstructions: data.post_history_instructions ?? "",
            creatorNotes: data.creator_notes ?? "", tags: tags, extensions: extensions, gachabot: gachabot
        )
    }
}
