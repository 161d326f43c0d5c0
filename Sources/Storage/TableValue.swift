/// One column's value as it moves between databases (`gachabot migrate-data`): SQLite's five
/// storage classes, which every PostgreSQL column the stores use can be read from.
public enum TableValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}
