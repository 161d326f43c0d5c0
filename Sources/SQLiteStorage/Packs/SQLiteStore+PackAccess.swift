import Packs

/// The SQLite store serves pack access (its transaction conforms to `PackAccessTransaction`).
extension SQLiteStore: PackAccessStore {}
