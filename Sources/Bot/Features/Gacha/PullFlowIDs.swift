import Storage

// The multi-pull flow's custom ids: `pull:<action>:<pull id>[:<page>]`. They carry only the
// pull's key; the pull lives in the store.

/// `pull:keep:<pull id>`: the reveal's checklist of characters to keep (also the disabled record
/// of that choice on the replace checklist, which Apply reads back).
struct PullKeepID: CustomID {
    static let prefix = "pull:keep:"
    let pull: PullID
    var fields: [String] { [pull.rawValue] }
    init(_ pull: PullID) { self.pull = pull }
    init?(fields: [Substring]) {
        guard let pull = PullFlowField.pull(fields, count: 1) else { return nil }
        self.init(pull)
    }
}

/// `pull:apply:<pull id>`: the Apply button.
struct PullApplyID: CustomID {
    static let prefix = "pull:apply:"
    let pull: PullID
    var fields: [String] { [pull.rawValue] }
    init(_ pull: PullID) { self.pull = pull }
    init?(fields: [Substring]) {
        guard let pull = PullFlowField.pull(fields, count: 1) else { return nil }
        self.init(pull)
    }
}

/// `pull:deny:<pull id>`: the Deny button.
struct PullDenyID: CustomID {
    static let prefix = "pull:deny:"
    let pull: PullID
    var fields: [String] { [pull.rawValue] }
    init(_ pull: PullID) { self.pull = pull }
    init?(fields: [Substring]) {
        guard let pull = PullFlowField.pull(fields, count: 1) else { return nil }
        self.init(pull)
    }
}

/// `pull:replace:<pull id>:<page>`: one page of the checklist of owned characters to replace.
struct PullReplaceID: CustomID {
    static let prefix = "pull:replace:"
    let pull: PullID
    /// Zero-based.
    let page: Int
    var fields: [String] { [pull.rawValue, String(page)] }
    init(_ pull: PullID, page: Int) {
        self.pull = pull
        self.page = page
    }
    init?(fields: [Substring]) {
        guard let pull = PullFlowField.pull(fields, count: 2), let page = Int(fields[1]) else { return nil }
        self.init(pull, page: page)
    }
}

/// `pull:page:<pull id>:<page>`: the replace checklist's Previous / Next buttons.
struct PullPageID: CustomID {
    static let prefix = "pull:page:"
    let pull: PullID
    /// Zero-based; a disabled Previous button on the first page holds -1.
    let page: Int
    var fields: [String] { [pull.rawValue, String(page)] }
    init(_ pull: PullID, page: Int) {
        self.pull = pull
        self.page = page
    }
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
