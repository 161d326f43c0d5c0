import Storage

// The multi-pull flow's custom ids: `pull:<action>:<pull id>[:<page>]`. They carry only the
// pull's key; the pull lives in the store.

/// `pull:keep:<pull id>`: the reveal's checklist of characters to keep (also the disabled record
/// of that choice on the replace checklist, which Apply reads back).
struct PullKeepID: PullKeyedID {
    static let prefix = "pull:keep:"
    let pull: PullID
    init(_ pull: PullID) { self.pull = pull }
}

/// `pull:apply:<pull id>`: the Apply button.
struct PullApplyID: PullKeyedID {
    static let prefix = "pull:apply:"
    let pull: PullID
    init(_ pull: PullID) { self.pull = pull }
}

/// `pull:deny:<pull id>`: the Deny button.
struct PullDenyID: PullKeyedID {
    static let prefix = "pull:deny:"
    let pull: PullID
    init(_ pull: PullID) { self.pull = pull }
}

/// `pull:replace:<pull id>:<page>`: one page of the checklist of owned characters to replace.
struct PullReplaceID: PullPagedID {
    static let prefix = "pull:replace:"
    let pull: PullID
    /// Zero-based.
    let page: Int
    init(_ pull: PullID, page: Int) {
        self.pull = pull
        self.page = page
    }
}

/// `pull:page:<pull id>:<page>`: the replace checklist's Previous / Next buttons.
struct PullPageID: PullPagedID {
    static let prefix = "pull:page:"
    let pull: PullID
    /// Zero-based; a disabled Previous button on the first page holds -1.
    let page: Int
    init(_ pull: PullID, page: Int) {
        self.pull = pull
        self.page = page
    }
}

/// An id that carries only the pull: `<prefix><pull id>`.
protocol PullKeyedID: CustomID {
    var pull: PullID { get }
    init(_ pull: PullID)
}

extension PullKeyedID {
    var fields: [String] { [pull.rawValue] }
    init?(fields: [Substring]) {
        guard let pull = PullFlowField.pull(fields, count: 1) else { return nil }
        self.init(pull)
    }
}

/// An id that carries the pull and a page: `<prefix><pull id>:<page>`.
protocol PullPagedID: CustomID {
    var pull: PullID { get }
    var page: Int { get }
    init(_ pull: PullID, page: Int)
}

extension PullPagedID {
    var fields: [String] { [pull.rawValue, String(page)] }
    init?(fields: [Substring]) {
        guard let pull = PullFlowField.pull(fields, count: 2), let page = Int(fields[1]) else { return nil }
        self.init(pull, page: page)
    }
}

/// The field every pull id starts with.
private enum PullFlowField {
    /// The pull id of `fields` when there are `count` fields and the first is not empty.
    static func pull(_ fields: [Substring], count: Int) -> PullID? {
        guard fields.count == count, let first = fields.first, !first.isEmpty else { return nil }
        return PullID(String(first))
    }
}
