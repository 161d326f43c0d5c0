import Packs

/// The PostgreSQL store serves pack access (its transaction conforms to `PackAccessTransaction`).
extension PostgresStore: PackAccessStore {}
