import Packs

// The `/packs` lists' Previous / Next buttons: `packs:<list>:<owner>:…:<page>`. Each carries the
// member who ran the command, so only they can turn its pages, and what the list needs to be read
// again (a sort, a creator, a pack); pages count from 0. Ids never hold the list itself.

/// A page button of one of the `/packs` lists.
protocol PackPageID: CustomID {
    /// The member who ran the command: the only one who may turn its pages.
    var owner: UInt64 { get }
    /// Zero-based.
    var page: Int { get }
    /// The same list at another page.
    func at(page: Int) -> Self
}

/// `packs:browse:<owner>:<sort>:<page>`.
struct PackBrowsePageID: PackPageID {
    static let prefix = "packs:browse:"
    static let outOfDateMessage = "That button is out of date. Run `/packs browse` again."
    let owner: UInt64
    let sort: PackSort
    let page: Int

    var fields: [String] { [String(owner), sort.rawValue, String(page)] }
    init(owner: UInt64, sort: PackSort, page: Int) {
        self.owner = owner
        self.sort = sort
        self.page = page
    }
    init?(fields: [Substring]) {
        guard fields.count == 3, let owner = UInt64(fields[0]), let sort = PackSort(rawValue: String(fields[1])), let page = Int(fields[2])
        else { return nil }
        self.init(owner: owner, sort: sort, page: page)
    }
    func at(page: Int) -> Self { Self(owner: owner, sort: sort, page: page) }
}

/// `packs:search:<owner>:<page>:<words>`: the query's words (`PackSearchQuery`, letters and digits
/// only) joined by spaces, so the id holds no separator.
struct PackSearchPageID: PackPageID {
    static let prefix = "packs:search:"
    static let outOfDateMessage = "That button is out of date. Run `/packs search` again."
    let owner: UInt64
    let page: Int
    let words: String

    var fields: [String] { [String(owner), String(page), words] }
    init(owner: UInt64, page: Int, words: String) {
        self.owner = owner
        self.page = page
        self.words = words
    }
    init?(fields: [Substring]) {
        guard fields.count == 3, let owner = UInt64(fields[0]), let page = Int(fields[1]), !fields[2].isEmpty else { return nil }
        self.init(owner: owner, page: page, words: String(fields[2]))
    }
    func at(page: Int) -> Self { Self(owner: owner, page: page, words: words) }
}

/// `packs:mine:<owner>:<page>`.
struct PackMinePageID: PackPageID {
    static let prefix = "packs:mine:"
    static let outOfDateMessage = "That button is out of date. Run `/packs mine` again."
    let owner: UInt64
    let page: Int

    var fields: [String] { [String(owner), String(page)] }
    init(owner: UInt64, page: Int) {
        self.owner = owner
        self.page = page
    }
    init?(fields: [Substring]) {
        guard fields.count == 2, let owner = UInt64(fields[0]), let page = Int(fields[1]) else { return nil }
        self.init(owner: owner, page: page)
    }
    func at(page: Int) -> Self { Self(owner: owner, page: page) }
}

/// `packs:board:<owner>:<order>:<page>`: the creator leaderboard.
struct PackLeaderboardPageID: PackPageID {
    static let prefix = "packs:board:"
    static let outOfDateMessage = "That button is out of date. Run `/packs leaderboard` again."
    let owner: UInt64
    let order: LeaderboardOrder
    let page: Int

    var fields: [String] { [String(owner), order.rawValue, String(page)] }
    init(owner: UInt64, order: LeaderboardOrder, page: Int) {
        self.owner = owner
        self.order = order
        self.page = page
    }
    init?(fields: [Substring]) {
        guard fields.count == 3, let owner = UInt64(fields[0]), let order = LeaderboardOrder(rawValue: String(fields[1])),
            let page = Int(fields[2])
        else { return nil }
        self.init(owner: owner, order: order, page: page)
    }
    func at(page: Int) -> Self { Self(owner: owner, order: order, page: page) }
}

/// `packs:creator:<owner>:<creator>:<page>`: a creator profile's packs.
struct PackCreatorPageID: PackPageID {
    static let prefix = "packs:creator:"
    static let outOfDateMessage = "That button is out of date. Run `/packs creator` again."
    let owner: UInt64
    let creator: UInt64
    let page: Int

    var fields: [String] { [String(owner), String(creator), String(page)] }
    init(owner: UInt64, creator: UInt64, page: Int) {
        self.owner = owner
        self.creator = creator
        self.page = page
    }
    init?(fields: [Substring]) {
        guard fields.count == 3, let owner = UInt64(fields[0]), let creator = UInt64(fields[1]), let page = Int(fields[2]) else {
            return nil
        }
        self.init(owner: owner, creator: creator, page: page)
    }
    func at(page: Int) -> Self { Self(owner: owner, creator: creator, page: page) }
}

/// `packs:view:<owner>:<pack>:<page>`: a pack's character list.
struct PackViewPageID: PackPageID {
    static let prefix = "packs:view:"
    static let outOfDateMessage = "That button is out of date. Run `/packs view` again."
    let owner: UInt64
    let pack: PackID
    let page: Int

    var fields: [String] { [String(owner), pack.rawValue, String(page)] }
    init(owner: UInt64, pack: PackID, page: Int) {
        self.owner = owner
        self.pack = pack
        self.page = page
    }
    init?(fields: [Substring]) {
        guard fields.count == 3, let owner = UInt64(fields[0]), PackID.isWellFormed(String(fields[1])), let page = Int(fields[2]) else {
            return nil
        }
        self.init(owner: owner, pack: PackID(String(fields[1])), page: page)
    }
    func at(page: Int) -> Self { Self(owner: owner, pack: pack, page: page) }
}
