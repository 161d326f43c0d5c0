import Packs

/// The SQLite store serves the packs area (its transaction conforms to `PacksTransaction`).
extension SQLiteStore: PacksStore {}
