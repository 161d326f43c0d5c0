import Foundation
import Storage
import Talk

/// The repository's `Assets` folder, found from this source file's location.
let assetsURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Assets")

let player = PlayerID(guild: GuildID(10), member: MemberID(20))
let t0 = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)

/// Turns alternating member and character, seq from `from`.
func turns(_ texts: [String], from: Int64 = 1, character: String = "pell-ashgrove") -> [TalkTurnRecord] {
    texts.enumerated().map { index, text in
        TalkTurnRecord(
            player: player, characterID: character, seq: from + Int64(index), role: index % 2 == 0 ? .member : .character,
            text: text, at: t0.advanced(by: .seconds(Int64(index))), estimatedTokens: TokenEstimator().tokens(in: text))
    }
}

let pell = TalkPersona(
    characterID: "pell-ashgrove", name: "Pell Ashgrove",
    description: "A lamplighter's apprentice who knows every canal bridge by its creak.",
    personality: "Cheerful, talks fast, always smells faintly of lamp oil.",
    scenario: "Dusk on the canals of Vey; {{char}} is lighting lamps when {{user}} walks up.",
    firstMessage: "Evening! Mind the ladder.",
    exampleMessages: """
        <START>
        {{user}}: Which bridge is the oldest?
        {{char}}: Old Groan, by a mile — listen to her creak!
        <START>
        {{user}}: Do you ever sleep?
        {{char}}: Lamps first, {{user}}. Sleep's for daylight.
        """,
    postHistoryInstructions: "Answer as {{char}} in two or three sentences.",
    trusted: true)
