import Foundation

/// App monetization as Discord serves it: entitlements listed, fetched, consumed, and test
/// entitlements created and deleted over REST; ENTITLEMENT_CREATE/UPDATE/DELETE sent over the
/// gateway when a test grants, changes or deletes one (as a purchase, a renewal or a refund would).
extension SandboxCore {
    /// Entitlement types (https://discord.com/developers/docs/resources/entitlement#entitlement-object-entitlement-types).
    static let purchaseType: Int64 = 1
    static let testModePurchaseType: Int64 = 4
    static let applicationSubscriptionType: Int64 = 8

    func entitlementRoute(
        _ method: String, template: String, parameters: [String: String], query: String?, payload: JSON?
    ) -> RESTResponse {
        let id = parameters["entitlement_id"].flatMap(UInt64.init)
        switch (method, template) {
        case ("GET", "/applications/{application_id}/entitlements"):
            return listEntitlements(Self.queryItems(query))
        case ("GET", "/applications/{application_id}/entitlements/{entitlement_id}"):
            guard let id, let entitlement = state.withLock({ $0.rest.entitlements[id] }) else { return Self.unknownEntitlement }
            return .json(200, entitlement)
        case ("POST", "/applications/{application_id}/entitlements/{entitlement_id}/consume"):
            guard let id else { return Self.unknownEntitlement }
            return consume(id)
        case ("POST", "/applications/{application_id}/entitlements"):
            // A test entitlement: owner_type 1 is a guild, 2 a user.
            guard let payload, let sku = payload["sku_id"].flatMap(Self.snowflake), let owner = payload["owner_id"].flatMap(Self.snowflake),
                let ownerType = payload["owner_type"]?.intValue, ownerType == 1 || ownerType == 2
            else { return .error(400, code: 50035, "Invalid Form Body") }
            let entitlement = grant(
                sku: sku, user: ownerType == 2 ? owner : nil, guild: ownerType == 1 ? owner : nil, type: Self.testModePurchaseType,
                startsAt: nil, endsAt: nil)
            return .json(200, entitlement)
        case ("DELETE", "/applications/{application_id}/entitlements/{entitlement_id}"):
            guard let id, let entitlement = state.withLock({ $0.rest.entitlements[id] }),
                entitlement["type"]?.intValue == Self.testModePurchaseType
            else { return Self.unknownEntitlement }
            delete(id)
            return .noContent()
        default:
            return .error(405, code: 0, "405: Method Not Allowed")
        }
    }

    private static let unknownEntitlement = RESTResponse.error(404, code: 10068, "Unknown Entitlement")

    private func listEntitlements(_ query: [String: String]) -> RESTResponse {
        let user = query["user_id"].flatMap(UInt64.init)
        let guild = query["guild_id"].flatMap(UInt64.init)
        let skus = Set((query["sku_ids"] ?? "").split(separator: ",").compactMap { UInt64($0) })
        let after = query["after"].flatMap(UInt64.init) ?? 0
        let before = query["before"].flatMap(UInt64.init) ?? .max
        guard let limit = Int(query["limit"] ?? "100"), (1...100).contains(limit) else {
            return .error(400, code: 50035, "Invalid Form Body")
        }
        let excludeEnded = query["exclude_ended"] == "true"
        let excludeDeleted = query["exclude_deleted"] != "false"
        let now = Date()
        let all = state.withLock { $0.rest.entitlements }
        let page = all.keys.sorted().filter { $0 > after && $0 < before }.compactMap { id -> JSON? in
            guard let entitlement = all[id] else { return nil }
            if let user, entitlement["user_id"].flatMap(Self.snowflake) != user { return nil }
            if let guild, entitlement["guild_id"].flatMap(Self.snowflake) != guild { return nil }
            if !skus.isEmpty, !(entitlement["sku_id"].flatMap(Self.snowflake).map(skus.contains) ?? false) { return nil }
            if excludeDeleted, entitlement["deleted"]?.boolValue == true { return nil }
            if excludeEnded, let ends = entitlement["ends_at"]?.stringValue.flatMap(Self.date), ends <= now { return nil }
            return entitlement
        }.prefix(limit)
        return .json(200, .array(Array(page)))
    }

    private func consume(_ id: UInt64) -> RESTResponse {
        let outcome: RESTResponse? = state.withLock { state in
            guard case .object(var entitlement)? = state.rest.entitlements[id] else { return Self.unknownEntitlement }
            guard entitlement["type"]?.intValue == Self.purchaseType || entitlement["type"]?.intValue == Self.testModePurchaseType
            else { return .error(400, code: 40074, "Entitlement is not consumable") }
            guard entitlement["consumed"]?.boolValue != true else { return .error(400, code: 40074, "Entitlement already consumed") }
            entitlement["consumed"] = .bool(true)
            state.rest.entitlements[id] = .object(entitlement)
            state.notifyChange()
            return nil
        }
        return outcome ?? .noContent()
    }

    /// Stores a new entitlement and announces it with ENTITLEMENT_CREATE on shard 0.
    @discardableResult
    func grant(sku: UInt64, user: UInt64?, guild: UInt64?, type: Int64, startsAt: Date?, endsAt: Date?) -> JSON {
        let id = nextSnowflake()
        var object: [String: JSON] = [
            "id": .string(String(id)), "sku_id": .string(String(sku)), "application_id": .string(String(configuration.applicationID)),
            "type": .int(type), "deleted": .bool(false),
            "starts_at": startsAt.map { .string(Self.timestamp($0)) } ?? .null,
            "ends_at": endsAt.map { .string(Self.timestamp($0)) } ?? .null,
        ]
        if let user { object["user_id"] = .string(String(user)) }
        if let guild { object["guild_id"] = .string(String(guild)) }
        if type == Self.purchaseType || type == Self.testModePurchaseType { object["consumed"] = .bool(false) }
        let entitlement = JSON.object(object)
        state.withLock { state in
            state.rest.entitlements[id] = entitlement
            state.notifyChange()
        }
        _ = try? dispatch(event: "ENTITLEMENT_CREATE", data: entitlement.serialized, shard: 0)
        return entitlement
    }

    /// Changes an entitlement's end (a renewal, or a cancellation that ends it) and sends ENTITLEMENT_UPDATE.
    func update(_ id: UInt64, endsAt: Date?) -> JSON? {
        let updated: JSON? = state.withLock { state in
            guard case .object(var entitlement)? = state.rest.entitlements[id] else { return nil }
            entitlement["ends_at"] = endsAt.map { .string(Self.timestamp($0)) } ?? .null
            state.rest.entitlements[id] = .object(entitlement)
            state.notifyChange()
            return .object(entitlement)
        }
        if let updated { _ = try? dispatch(event: "ENTITLEMENT_UPDATE", data: updated.serialized, shard: 0) }
        return updated
    }

    /// Marks an entitlement deleted (a refund) and sends ENTITLEMENT_DELETE.
    @discardableResult
    func delete(_ id: UInt64) -> JSON? {
        let deleted: JSON? = state.withLock { state in
            guard case .object(var entitlement)? = state.rest.entitlements[id] else { return nil }
            entitlement["deleted"] = .bool(true)
            state.rest.entitlements[id] = .object(entitlement)
            state.notifyChange()
            return .object(entitlement)
        }
        if let deleted { _ = try? dispatch(event: "ENTITLEMENT_DELETE", data: deleted.serialized, shard: 0) }
        return deleted
    }

    static func queryItems(_ query: String?) -> [String: String] {
        var items: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard let name = parts.first?.removingPercentEncoding else { continue }
            items[name] = parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? "" : ""
        }
        return items
    }

    private static func snowflake(_ value: JSON) -> UInt64? {
        value.stringValue.flatMap(UInt64.init) ?? value.intValue.flatMap { $0 >= 0 ? UInt64($0) : nil }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date).replacingOccurrences(of: "Z", with: "+00:00")
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
