import Storage

/// Browse, search, view, creator profiles and the leaderboard: published, non-hidden packs only.
extension PackService {
    /// `/packs browse`: a page in `sort` order, featured packs first (on the first pages).
    public func browse(sort: PackSort, page: Int = 0) async throws -> PackPage {
        let size = configuration.pageSize
        let start = max(0, page) * size
        let now = time.now()
        return try await store.readPacks { tx in
            var featured: [PackSummary] = []
            for entry in try await tx.featuredPacks(asOf: now) {
                if let summary = try await Self.summary(entry.pack, tx), summary.pack.status == .published { featured.append(summary) }
            }
            var entries = featured.dropFirst(start).prefix(size).map { PackListing(summary: $0, featured: true) }
            // One more than needed tells whether a next page exists.
            let wanted = size - entries.count + 1
            let rest = try await tx.browsePacks(
                sort: sort, excluding: featured.map(\.pack.id), offset: max(0, start - featured.count), limit: wanted)
            entries += rest.prefix(wanted - 1).map { PackListing(summary: $0, featured: false) }
            let hasMore = rest.count == wanted || featured.count > start + size
            return PackPage(entries: try await Self.badged(entries, tx), page: max(0, page), hasMore: hasMore)
        }
    }

    /// `/packs search query:`: published packs whose name, description or tags hold every word.
    public func search(_ text: String, page: Int = 0) async throws -> PackPage {
        let query = PackSearchQuery(text)
        guard !query.isEmpty else { throw PackServiceError.emptySearch }
        let size = configuration.pageSize
        return try await store.readPacks { tx in
            let found = try await tx.searchPacks(query, offset: max(0, page) * size, limit: size + 1)
            let entries = try await Self.badged(found.prefix(size).map { PackListing(summary: $0, featured: false) }, tx)
            return PackPage(entries: entries, page: max(0, page), hasMore: found.count > size)
        }
    }

    /// `/packs view pack:`: a published pack; its creator also sees it as a draft or hidden.
    public func view(pack id: PackID, viewer: MemberID) async throws -> PackDetails {
        let now = time.now()
        return try await store.readPacks { tx in
            guard let summary = try await Self.summary(id, tx),
                summary.pack.status == .published || (summary.pack.creator == viewer && summary.pack.status != .removed)
            else { throw PackServiceError.packNotFound(id.rawValue) }
            return PackDetails(
                summary: summary, characters: try await tx.characters(of: id, includingRetired: false),
                featured: try await tx.featuredPacks(asOf: now).contains { $0.pack == id },
                enabledGuilds: try await tx.enabledGuildCount(id))
        }
    }

    /// `/packs creator user:`: their published packs, ratings and usage.
    public func creatorProfile(_ creator: MemberID) async throws -> CreatorProfile {
        try await store.readPacks { tx in
            var packs: [PackSummary] = []
            for pack in try await tx.packs(creator: creator) where pack.status == .published {
                if let summary = try await Self.summary(pack.id, tx) { packs.append(summary) }
            }
            let count = packs.map(\.scores.ratingCount).reduce(0, +)
            let sum = packs.map(\.scores.ratingSum).reduce(0, +)
            return CreatorProfile(
                creator: creator, packs: packs, ratingCount: count, meanStars: count == 0 ? nil : Double(sum) / Double(count),
                usage: packs.map(\.scores.usage).reduce(0, +), verified: try await tx.verifiedCreators(among: [creator]).contains(creator))
        }
    }

    /// `/packs leaderboard`: creators by usage or by their pooled weighted rating.
    public func leaderboard(by order: LeaderboardOrder, limit: Int = 10) async throws -> [CreatorStanding] {
        try await store.readPacks { tx in
            try await tx.creatorLeaderboard(order: order, prior: try await self.prior(tx), limit: limit)
        }
    }

    /// Recomputes every pack's ranking scores (weighted rating with the current prior, trending,
    /// usage). The bot runs it periodically; a rating moves its own pack's score at once.
    public func refreshScores() async throws {
        let now = time.now()
        try await store.writePacks { tx in try await tx.refreshPackScores(asOf: now, prior: try await self.prior(tx, fresh: true)) }
    }

    /// A guild's rollable pack characters and pool version (for `/rates` and the roll path).
    public func pool(_ guild: GuildID) async throws -> GuildPackPool {
        try await store.readPacks { try await $0.guildPool(guild) }
    }

    static func summary(_ id: PackID, _ tx: any PacksReader) async throws -> PackSummary? {
        guard let pack = try await tx.pack(id) else { return nil }
        return PackSummary(
            pack: pack, scores: try await tx.scores(of: id) ?? PackScores(),
            characterCount: try await tx.characters(of: id, includingRetired: false).count)
    }
}

extension PackService {
    /// Autocomplete for a `pack:` option (at most 25 choices, Discord's limit): with `creator`,
    /// their own packs (any status but removed) whose name contains the text; without, published
    /// packs matching it as a search. The handler re-checks the chosen id when the command runs.
    public func autocomplete(_ text: String, creator: MemberID? = nil, limit: Int = 25) async throws -> [PackRecord] {
        let limit = min(max(1, limit), 25)
        if let creator {
            let needle = text.lowercased().trimmingCharacters(in: .whitespaces)
            return try await store.readPacks { try await $0.packs(creator: creator) }
                .filter { $0.status != .removed && (needle.isEmpty || $0.name.lowercased().contains(needle)) }
                .prefix(limit).map { $0 }
        }
        let query = PackSearchQuery(text)
        if query.isEmpty { return try await browse(sort: .topRated).entries.prefix(limit).map(\.summary.pack) }
        return try await store.readPacks { try await $0.searchPacks(query, offset: 0, limit: limit) }.map(\.pack)
    }

    /// Marks the listings whose creator is verified: one query for the whole page, in the
    /// page's own read transaction.
    static func badged(_ entries: [PackListing], _ tx: any PacksReader) async throws -> [PackListing] {
        let verified = try await tx.verifiedCreators(among: entries.map(\.summary.pack.creator))
        return entries.map { entry in
            var entry = entry
            entry.creatorVerified = verified.contains(entry.summary.pack.creator)
            return entry
        }
    }
}
