import Foundation

/// Reads a secret from `NAME_FILE` (a path, for container secrets) or else from `NAME`. The value
/// is trimmed of surrounding whitespace (files end with a newline). Errors name the variable and
/// the path, never any content.
public enum SecretSource {
    public static func value(named name: String, environment: [String: String]) throws(SecretSourceError) -> String? {
        if let path = environment[name + "_FILE"], !path.isEmpty {
            let contents: String
            do {
                contents = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw .unreadableFile(variable: name + "_FILE", path: path)
            }
            let value = contents.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { throw .emptyFile(variable: name + "_FILE", path: path) }
            return value
        }
        guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }
}

/// Why a secret could not be read. Carries names and paths only.
public enum SecretSourceError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadableFile(variable: String, path: String)
    case emptyFile(variable: String, path: String)
    /// A value that is present but not of the expected form (say a public key that is not hex).
    case malformed(variable: String, expected: String)

    public var description: String {
        switch self {
        case .unreadableFile(let variable, let path): "\(variable) names \(path), which cannot be read"
        case .emptyFile(let variable, let path): "\(variable) names \(path), which is empty"
        case .malformed(let variable, let expected): "\(variable) is not \(expected)"
        }
    }
}
