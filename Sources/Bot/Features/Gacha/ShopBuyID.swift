/// `shop:buy:<item>`: a `/shop` button, which buys as `/buy item:<item>` does.
struct ShopBuyID: CustomID {
    static let prefix = "shop:buy:"
    static let outOfDateMessage = "That button is out of date. Run `/shop` again."

    /// The shop item's id (`extra_roll`, `pull_5`).
    let item: String

    init(item: String) {
        self.item = item
    }

    var fields: [String] { [item] }

    init?(fields: [Substring]) {
        guard fields.count == 1, let item = fields.first, !item.isEmpty else { return nil }
        self.init(item: String(item))
    }
}
