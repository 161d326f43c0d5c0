import SQLiteStorage

enum SQLiteMigrations {
    static func migrate(path: String) throws -> [String] {
        try SQLiteGameStore.migrate(path: path)
    }
}
