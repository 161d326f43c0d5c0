import Storage

/// What server managers and members do with packs: enable, disable, rate, report.
extension PackService {
    /// `/packs enable`: adds a published pack to the guild's pool. The caller checks the member's
    /// Manage Guild permission. Returns false if it was already enabled.
    @discardableResult
    public func enable(pack id: PackID, by manager: PlayerID) async throws -> Bool {
        let now = time.now()
        return try await store.writePacks { tx in
            guard let pack = try await tx.pack(id), pack.status == .published else { throw PackServiceError.packNotFound(id.rawValue) }
            // A Pro-only pack needs a Pro manager or a Pro server (its creator may always enable it).
            if let access = tx as? any PackAccessTransaction, try await access.packAccess(id) == .pro, pack.creator != manager.member,
                try await self.proStatus?(manager, now) != true
            {
                throw PackAccessError.proRequired(packName: SafeText.preview(pack.name, limit: 80))
            }
            guard try await tx.enablePack(id, in: manager.guild, by: manager.member, at: now) else { return false }
            try await tx.appendAnalyticsEvent(AnalyticsEvent(name: .packEnabled, player: manager, at: now, properties: ["pack": id.rawValue]))
            return true
        }
    }

    /// `/packs disable`: takes the pack out of the guild's pool; owned characters stay owned.
    /// Works whatever the pack's state. Returns false if it was not enabled.
    @discardableResult
    public func disable(pack id: PackID, by manager: PlayerID) async throws -> Bool {
        let now = time.now()
        return try await store.writePacks { tx in
            guard try await tx.disablePack(id, in: manager.guild) else { return false }
            try await tx.appendAnalyticsEvent(AnalyticsEvent(name: .packDisabled, player: manager, at: now, properties: ["pack": id.rawValue]))
            return true
        }
    }

    /// `/packs rate`: 1 to 5 stars and an optional review (neutralised, at most
    /// `maxReviewCharacters`). One rating per member per pack, replaced when given again; allowed
    /// only once the member rolled one of the pack's characters in this guild.
    @discardableResult
    public func rate(pack id: PackID, by member: PlayerID, stars: Int, review: String? = nil) async throws -> PackRating {
        guard (1...5).contains(stars) else { throw PackServiceError.starsOutOfRange(stars) }
        let neutral = review.map { SafeText($0).text }.flatMap { TextRule.isBlank($0) ? nil : $0 }
        if let neutral, neutral.unicodeScalars.count > configuration.maxReviewCharacters {
            throw PackServiceError.reviewTooLong(characters: neutral.unicodeScalars.count, limit: configuration.maxReviewCharacters)
        }
        let now = time.now()
        return try await store.writePacks { tx in
            guard let pack = try await tx.pack(id), pack.status == .published else { throw PackServiceError.packNotFound(id.rawValue) }
            guard pack.creator != member.member else { throw PackServiceError.cannotRateOwnPack }
            guard try await tx.hasDrawn(id, player: member) else { throw PackServiceError.notRolledYet }
            let previous = try await tx.rating(id, member: member.member)
            let rating = PackRating(
                pack: id, member: member.member, guild: member.guild, stars: stars, review: neutral,
                createdAt: previous?.createdAt ?? now, updatedAt: now)
            try await tx.upsertRating(rating, prior: try await self.prior(tx))
            try await tx.appendAnalyticsEvent(AnalyticsEvent(
                name: .packRated, player: member, at: now,
                properties: ["pack": id.rawValue, "stars": String(stars), "edit": previous == nil ? "false" : "true"]))
            return rating
        }
    }

    /// `/packs report`: one report per member per pack. When `reportsToHide` distinct members
    /// have open reports, a published pack is hidden pending review (an audit record by the
    /// system, actor 0).
    @discardableResult
    public func report(pack id: PackID, by member: PlayerID, reason: ReportReason) async throws -> ReportOutcome {
        let now = time.now()
        return try await store.writePacks { tx in
            guard var pack = try await tx.pack(id), pack.status == .published || pack.status == .hidden else {
                throw PackServiceError.packNotFound(id.rawValue)
            }
            let open: Int
            do {
                open = try await tx.insertReport(PackReport(pack: id, reporter: member.member, guild: member.guild, reason: reason, at: now))
            } catch StoreError.duplicate {
                throw PackServiceError.alreadyReported
            }
            try await tx.appendAnalyticsEvent(AnalyticsEvent(
                name: .packReported, player: member, at: now, properties: ["pack": id.rawValue, "reason": reason.rawValue]))
            guard pack.status == .published, open >= self.configuration.reportsToHide else {
                return ReportOutcome(openReports: open, hidPack: false)
            }
            pack.status = .hidden
            pack.updatedAt = now
            try await tx.updatePack(pack)
            try await tx.appendAudit(PackAuditRecord(
                pack: id, actor: PackService.system, action: .autoHide,
                reason: "\(open) reports from distinct members (threshold \(self.configuration.reportsToHide))", at: now))
            try await tx.appendAnalyticsEvent(AnalyticsEvent(
                name: .packHidden, player: member, at: now, properties: ["pack": id.rawValue, "by": "reports"]))
            return ReportOutcome(openReports: open, hidPack: true)
        }
    }

    /// The actor of what the bot does by itself (the report threshold).
    public static let system = MemberID(0)

    /// The weighted rating's prior: the configured mean, else the global mean as of the last
    /// score refresh (`fresh`: computed now, which scans the rated packs; only the refresh does).
    func prior(_ tx: any PacksReader, fresh: Bool = false) async throws -> RatingPrior {
        let mean: Double
        if let configured = configuration.ratingPriorMean {
            mean = configured
        } else if fresh {
            mean = try await tx.globalMeanRating() ?? PackServiceConfiguration.neutralMean
        } else {
            mean = try await tx.storedPriorMean() ?? PackServiceConfiguration.neutralMean
        }
        return RatingPrior(weight: configuration.ratingPriorWeight, mean: mean)
    }
}
