import Foundation

/// Finds the `Commands/` and `Assets/` folders for a binary that may run from any working
/// directory. Lookup order, first hit wins:
/// 1. an explicit path (a command-line flag),
/// 2. the environment variable `GACHABOT_HOME` (a folder holding `Commands/` and `Assets/`),
/// 3. beside the executable, and its parent folders (an installed copy, or `.build/debug/`),
/// 4. the repository this source file was compiled from.
public struct ResourceLocator: Sendable {
    public enum Folder: String, Sendable {
        case commands = "Commands"
        case assets = "Assets"
    }

    public struct NotFound: Error, CustomStringConvertible {
        public let folder: Folder
        public let searched: [String]
        public var description: String {
            "Could not find the \(folder.rawValue)/ folder. Looked in: \(searched.joined(separator: ", ")). "
                + "Pass --home <folder> or set GACHABOT_HOME to the folder that holds Commands/ and Assets/."
        }
    }

    let explicitHome: String?
    let environment: [String: String]
    let executablePath: String
    let sourceRepository: String

    public init(
        explicitHome: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String = CommandLine.arguments.first ?? "",
        sourceFile: String = #filePath
    ) {
        self.explicitHome = explicitHome
        self.environment = environment
        self.executablePath = executablePath
        // Sources/Bot/ResourceLocator.swift -> repository root.
        self.sourceRepository = URL(fileURLWithPath: sourceFile)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    public func candidates() -> [String] {
        var homes: [String] = []
        if let explicitHome { homes.append(explicitHome) }
        if let home = environment["GACHABOT_HOME"], !home.isEmpty { homes.append(home) }
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            homes.append(directory.path)
            directory.deleteLastPathComponent()
        }
        homes.append(sourceRepository)
        return homes
    }

    public func locate(_ folder: Folder) throws -> URL {
        var searched: [String] = []
        for home in candidates() {
            let url = URL(fileURLWithPath: home).appendingPathComponent(folder.rawValue)
            searched.append(url.path)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return url
            }
        }
        throw NotFound(folder: folder, searched: searched)
    }
}
