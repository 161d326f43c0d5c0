import Gacha

/// `inv:<owner>:<sort>:<page>`: the `/inventory` pager's buttons (previous, next, re-sort).
/// The owner rides along so a stranger pressing the buttons is told it isn't theirs.
struct InventoryPageID: CustomID {
    static let prefix = "inv:"
    static let outOfDateMessage = "That button is out of date. Run `/inventory` again."

    /// The member whose inventory the message shows.
    let owner: UInt64
    let sort: InventoryService.Sort
    /// Counted from 1, as members count. A disabled pager button may hold 0 or one past the last page.
    let page: Int

    init(owner: UInt64, sort: InventoryService.Sort, page: Int) {
        self.owner = owner
        self.sort = sort
        self.page = page
    }

    var fields: [String] { [String(owner), sort.rawValue, String(page)] }

    init?(fields: [Substring]) {
        guard fields.count == 3, let owner = UInt64(fields[0]), let sort = InventoryService.Sort(rawValue: String(fields[1])),
            let page = Int(fields[2])
        else { return nil }
        self.init(owner: owner, sort: sort, page: page)
    }
}
