import Foundation
import Storage

/// The operator's tools (`gachabot packs …`): the report queue, reviews, bans, featuring, lists.
extension PackService {
    /// `gachabot packs reports`: packs with open reports, the most reported first.
    public func reportQueue(limit: Int = 50) async throws -> [ReportQueueEntry] {
        try await store.readPacks { try await $0.reportQueue(limit: limit) }
    }

    /// `gachabot packs list`: every pack, optionally of one status, newest first.
    public func list(status: PackStatus? = nil, page: Int = 0, pageSize: Int = 100) async throws -> [PackRecord] {
        try await store.readPacks { try await $0.allPacks(status: status, offset: max(0, page) * pageSize, limit: pageSize) }
    }

    /// `gachabot packs review PACK_ID --hide|--restore|--remove|--ban-creator`. Every action is an
    /// audit record (who, what, when, why) and resolves the pack's open reports.
    /// - hide: a published pack leaves browse, search and every pool at once;
    /// - restore: a hidden pack is published again;
    /// - remove: taken down for good (and unfeatured);
    /// - ban-creator: the creator can no longer publish, and each of their published packs is hidden.
    @discardableResult
    public func review(pack id: PackID, action: ReviewAction, by moderator: MemberID, reason: String = "") async throws -> PackRecord {
        let now = time.now()
        let actor = PlayerID(guild: GuildID(0), member: moderator)
        return try await store.writePacks { tx in
            guard var pack = try await tx.pack(id) else { throw PackServiceError.packNotFound(id.rawValue) }
            func audit(_ action: ModerationAction, _ pack: PackID) async throws {
                try await tx.appendAudit(PackAuditRecord(pack: pack, actor: moderator, action: action, reason: reason, at: now))
            }
            func hide(_ target: inout PackRecord) async throws {
                target.status = .hidden
                target.updatedAt = now
                try await tx.updatePack(target)
                try await tx.appendAnalyticsEvent(AnalyticsEvent(
                    name: .packHidden, player: actor, at: now, properties: ["pack": target.id.rawValue, "by": "operator"]))
            }
            switch action {
            case .hide:
                guard pack.status == .published else { throw PackServiceError.wrongStatus(pack.status, action: "hide") }
                try await hide(&pack)
                try await audit(.hide, id)
            case .restore:
                guard pack.status == .hidden else { throw PackServiceError.wrongStatus(pack.status, action: "restore") }
                if try await tx.bannedCreator(pack.creator) != nil { throw PackServiceError.bannedCreator }
                pack.status = .published
                pack.updatedAt = now
                try await tx.updatePack(pack)
                try await audit(.restore, id)
                try await tx.appendAnalyticsEvent(AnalyticsEvent(
                    name: .packRestored, player: actor, at: now, properties: ["pack": id.rawValue, "by": "operator"]))
            case .remove:
                guard pack.status != .removed else { throw PackServiceError.wrongStatus(pack.status, action: "remove") }
                pack.status = .removed
                pack.updatedAt = now
                try await tx.updatePack(pack)
                try await tx.removeFeatured(id)
                try await audit(.remove, id)
            case .banCreator:
                do {
                    try await tx.insertBan(BannedCreator(creator: pack.creator, bannedBy: moderator, reason: reason, at: now))
                } catch StoreError.duplicate {
                    throw PackServiceError.alreadyBanned
                }
                try await audit(.banCreator, id)
                for var other in try await tx.packs(creator: pack.creator) where other.status == .published {
                    try await hide(&other)
                    try await audit(.hide, other.id)
                    if other.id == id { pack = other }
                }
            }
            try await tx.resolveReports(of: id, at: now)
            return pack
        }
    }

    /// `gachabot packs feature PACK_ID [--until DATE]`: shown first in browse until `until`.
    public func feature(pack id: PackID, until: Timestamp? = nil, by moderator: MemberID) async throws {
        let now = time.now()
        try await store.writePacks { tx in
            guard let pack = try await tx.pack(id), pack.status == .published else { throw PackServiceError.packNotFound(id.rawValue) }
            try await tx.setFeatured(FeaturedPack(pack: id, since: now, until: until))
            try await tx.appendAudit(PackAuditRecord(
                pack: id, actor: moderator, action: .feature, reason: until.map { "until \($0.millisecondsSinceEpoch)" } ?? "", at: now))
        }
    }

    /// `gachabot packs unfeature PACK_ID`. Returns false if it was not featured.
    @discardableResult
    public func unfeature(pack id: PackID, by moderator: MemberID) async throws -> Bool {
        let now = time.now()
        return try await store.writePacks { tx in
            guard try await tx.removeFeatured(id) else { return false }
            try await tx.appendAudit(PackAuditRecord(pack: id, actor: moderator, action: .unfeature, reason: "", at: now))
            return true
        }
    }
}
