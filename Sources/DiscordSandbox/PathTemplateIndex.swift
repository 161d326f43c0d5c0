/// Path templates (`/channels/{channel_id}/messages`) in a tree keyed by segment, so a request
/// path is matched in one walk down the tree instead of against each of the ~250 templates: the
/// sandbox matches every request it serves.
struct PathTemplateIndex: Sendable {
    private struct Node: Sendable {
        var literals: [Substring: Int] = [:]
        /// The child for a `{parameter}` segment, whatever the parameter's name.
        var parameter: Int?
        /// The template that ends here.
        var template: Int?
    }

    private var nodes = [Node()]

    /// Adds the template numbered `index`, given as its segments.
    mutating func insert(_ segments: [Substring], index: Int) {
        var node = 0
        for segment in segments {
            let next: Int?
            if Self.isParameter(segment) {
                next = nodes[node].parameter
            } else {
                next = nodes[node].literals[segment]
            }
            if let next {
                node = next
                continue
            }
            nodes.append(Node())
            let child = nodes.count - 1
            if Self.isParameter(segment) {
                nodes[node].parameter = child
            } else {
                nodes[node].literals[segment] = child
            }
            node = child
        }
        nodes[node].template = index
    }

    /// The index of the template `segments` match: a literal segment beats a parameter, leftmost
    /// first (`/users/@me` is not `/users/{user_id}`).
    func match(_ segments: [Substring]) -> Int? {
        match(segments[...], from: 0)
    }

    private func match(_ segments: ArraySlice<Substring>, from node: Int) -> Int? {
        guard let segment = segments.first else { return nodes[node].template }
        let rest = segments.dropFirst()
        if let literal = nodes[node].literals[segment], let found = match(rest, from: literal) { return found }
        if let parameter = nodes[node].parameter { return match(rest, from: parameter) }
        return nil
    }

    static func isParameter(_ segment: Substring) -> Bool { segment.hasPrefix("{") }

    /// The non-empty segments between `/`s, as `path.split(separator: "/")` gives them, found by
    /// bytes: splitting by `Character` walks grapheme clusters, a visible cost on every request.
    static func segments(of path: String) -> [Substring] {
        var segments: [Substring] = []
        let utf8 = path.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "/") {
                if start != index { segments.append(path[start..<index]) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start != utf8.endIndex { segments.append(path[start..<utf8.endIndex]) }
        return segments
    }
}
