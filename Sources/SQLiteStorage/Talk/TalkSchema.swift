/// The talk area's tables in SQLite (migration `v5_talk`).
enum TalkSchema {
    static let sqlite: [String] = [
        """
        CREATE TABLE talk_turns (
            guild_id INTEGER NOT NULL,
            member_id INTEGER NOT NULL,
            character_id TEXT NOT NULL CHECK (character_id <> ''),
            seq INTEGER NOT NULL CHECK (seq > 0),
            role TEXT NOT NULL CHECK (role IN ('member', 'character')),
            text TEXT NOT NULL,
            at INTEGER NOT NULL,
            estimated_tokens INTEGER NOT NULL CHECK (estimated_tokens >= 0),
            summarized INTEGER NOT NULL DEFAULT 0 CHECK (summarized IN (0, 1)),
            PRIMARY KEY (guild_id, member_id, character_id, seq)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE talk_firsts (
            guild_id INTEGER NOT NULL,
            member_id INTEGER NOT NULL,
            at INTEGER NOT NULL,
            PRIMARY KEY (guild_id, member_id)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE talk_memories (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            member_id INTEGER NOT NULL,
            character_id TEXT NOT NULL CHECK (character_id <> ''),
            text TEXT NOT NULL,
            at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX talk_memories_by_member ON talk_memories (member_id, character_id, id)",
        """
        CREATE TABLE talk_model_calls (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            call_id TEXT NOT NULL UNIQUE CHECK (call_id <> ''),
            guild_id INTEGER NOT NULL,
            member_id INTEGER NOT NULL,
            character_id TEXT NOT NULL,
            pack_id TEXT,
            model TEXT NOT NULL,
            purpose TEXT NOT NULL CHECK (purpose IN ('reply', 'summary')),
            prompt_tokens INTEGER NOT NULL CHECK (prompt_tokens >= 0),
            completion_tokens INTEGER NOT NULL CHECK (completion_tokens >= 0),
            cost_micros INTEGER NOT NULL CHECK (cost_micros >= 0),
            ms_to_first_token INTEGER,
            ms_total INTEGER NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'interrupted', 'failed')),
            failure_code TEXT,
            usage_estimated INTEGER NOT NULL CHECK (usage_estimated IN (0, 1)),
            at INTEGER NOT NULL,
            CHECK ((outcome = 'failed') = (failure_code IS NOT NULL))
        )
        """,
        "CREATE INDEX talk_model_calls_by_player ON talk_model_calls (guild_id, member_id, seq)",
        "ALTER TABLE pack_characters ADD COLUMN post_history_instructions TEXT NOT NULL DEFAULT ''",
    ]
}
