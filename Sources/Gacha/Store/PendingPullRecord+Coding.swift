import Foundation
import Storage

/// How every store keeps a pull's items and choices: JSON text, the same in each database.
extension PendingPullRecord {
    public static func encodeItems(_ items: [PulledCharacter]) throws -> String {
        String(decoding: try encoder.encode(items), as: UTF8.self)
    }

    public static func decodeItems(_ text: String, pull id: String) throws -> [PulledCharacter] {
        do {
            return try JSONDecoder().decode([PulledCharacter].self, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptData("pending pull \(id): items: \(error)")
        }
    }

    /// Nil when nothing was chosen, so a resolved pull keeps no choices at all.
    public static func encodeChoices(_ choices: PullChoices) throws -> String? {
        choices.isEmpty ? nil : String(decoding: try encoder.encode(choices), as: UTF8.self)
    }

    public static func decodeChoices(_ text: String?, pull id: String) throws -> PullChoices {
        guard let text else { return PullChoices() }
        do {
            return try JSONDecoder().decode(PullChoices.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptData("pending pull \(id): choices: \(error)")
        }
    }

    public static func decodeStatus(_ text: String, pull id: String) throws -> PullStatus {
        guard let status = PullStatus(rawValue: text) else {
            throw StoreError.corruptData("pending pull \(id): unknown status \(text)")
        }
        return status
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
