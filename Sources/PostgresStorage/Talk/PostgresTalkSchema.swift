import PostgresNIO

/// The talk area's tables in PostgreSQL (migration `v4_talk`; SQLite's `v5_talk`).
enum PostgresTalkSchema {
    static let statements: [PostgresQuery] = [
        """
        CREATE TABLE talk_turns (
            guild_id BIGINT NOT NULL,
            member_id BIGINT NOT NULL,
            character_id TEXT NOT NULL CHECK (character_id <> ''),
            seq BIGINT NOT NULL CHECK (seq > 0),
            role TEXT NOT NULL CHECK (role IN ('member', 'character')),
            text TEXT NOT NULL,
            at BIGINT NOT NULL,
            estimated_tokens BIGINT NOT NULL CHECK (estimated_tokens >= 0),
            summarized BOOLEAN NOT NULL DEFAULT false,
            PRIMARY KEY (guild_id, member_id, character_id, seq)
        )
        """,
        """
        CREATE TABLE talk_firsts (
            guild_id BIGINT NOT NULL,
            member_id BIGINT NOT NULL,
            at BIGINT NOT NULL,
            PRIMARY KEY (guild_id, member_id)
        )
        """,
        """
        CREATE TABLE talk_memories (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            member_id BIGINT NOT NULL,
            character_id TEXT NOT NULL CHECK (character_id <> ''),
            text TEXT NOT NULL,
            at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX talk_memories_by_member ON talk_memories (member_id, character_id, id)",
        """
        CREATE TABLE talk_model_calls (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            call_id TEXT NOT NULL UNIQUE CHECK (call_id <> ''),
            guild_id BIGINT NOT NULL,
            member_id BIGINT NOT NULL,
            character_id TEXT NOT NULL,
            pack_id TEXT,
            model TEXT NOT NULL,
            purpose TEXT NOT NULL CHECK (purpose IN ('reply', 'summary')),
            prompt_tokens BIGINT NOT NULL CHECK (prompt_tokens >= 0),
            completion_tokens BIGINT NOT NULL CHECK (completion_tokens >= 0),
            cost_micros BIGINT NOT NULL CHECK (cost_micros >= 0),
            ms_to_first_token BIGINT,
            ms_total BIGINT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'interrupted', 'failed')),
            failure_code TEXT,
            usage_estimated BOOLEAN NOT NULL,
            at BIGINT NOT NULL,
            CHECK ((outcome = 'failed') = (failure_code IS NOT NULL))
        )
        """,
        "CREATE INDEX talk_model_calls_by_player ON talk_model_calls (guild_id, member_id, seq)",
        "ALTER TABLE pack_characters ADD COLUMN post_history_instructions TEXT NOT NULL DEFAULT ''",
    ]
}
