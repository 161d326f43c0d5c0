/// Operations of the economy refused with a reason an operator can act on.
public enum EconomyError: Error, Equatable, CustomStringConvertible {
    case invalidMonth(String)
    case monthNotOver(String)
    case payoutNotFound(String)
    case payoutNotPending(id: String, status: PayoutStatus)
    case corruptAllocationReport(month: String)
    /// A payout asked for below the minimum: amounts in minor units.
    case belowPayoutMinimum(currency: String, payable: Int64, minimum: Int64, held: Int64)

    public var description: String {
        switch self {
        case .invalidMonth(let text): "--month must be a month as YYYY-MM (for example 2026-11), not \"\(text.prefix(40))\""
        case .monthNotOver(let month): "month \(month) has not ended yet: allocate it from the 1st of the next month (UTC)"
        case .payoutNotFound(let id): "no payout \(id.prefix(80)) (see gachabot payouts list)"
        case .payoutNotPending(let id, let status): "payout \(id) is \(status.rawValue), not pending: nothing changed"
        case .corruptAllocationReport(let month): "the stored allocation report of \(month) cannot be read"
        case .belowPayoutMinimum(let currency, let payable, let minimum, let held):
            "your payable \(Self.show(payable, currency)) is below the \(Self.show(minimum, currency)) payout minimum: "
                + "\(Self.show(minimum - payable, currency)) missing" + (held > 0 ? " (\(Self.show(held, currency)) is still in the hold)" : "")
        }
    }

    /// "12.34 USD".
    static func show(_ amount: Int64, _ currency: String) -> String { "\(AllocationReport.money(amount)) \(currency.uppercased())" }
}
