import Foundation
import Testing

@testable import Bot

/// The binary finds Commands/ and Assets/ from any working directory: flag, then
/// GACHABOT_HOME, then beside the executable (and its parents), then the repository.
@Suite struct ResourceLocatorTests {
    private func makeHome(_ folders: [String]) throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-home-\(UUID().uuidString)")
        for folder in folders {
            try FileManager.default.createDirectory(at: home.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        return home
    }

    @Test func explicitHomeWinsOverEnvironmentAndExecutable() throws {
        let flag = try makeHome(["Commands", "Assets"])
        let env = try makeHome(["Commands", "Assets"])
        defer { [flag, env].forEach { try? FileManager.default.removeItem(at: $0) } }
        let locator = ResourceLocator(explicitHome: flag.path, environment: ["GACHABOT_HOME": env.path], executablePath: "/nowhere/gachabot")
        #expect(try locator.locate(.commands).path == flag.appendingPathComponent("Commands").path)
        let fromEnvironment = ResourceLocator(environment: ["GACHABOT_HOME": env.path], executablePath: "/nowhere/gachabot")
        #expect(try fromEnvironment.locate(.assets).path == env.appendingPathComponent("Assets").path)
    }

    @Test func findsTheFoldersBesideOrAboveTheExecutable() throws {
        let install = try makeHome(["Commands", "Assets", "bin"])
        defer { try? FileManager.default.removeItem(at: install) }
        let locator = ResourceLocator(environment: [:], executablePath: install.appendingPathComponent("bin/gachabot").path)
        #expect(try locator.locate(.assets).path == install.appendingPathComponent("Assets").path)
    }

    @Test func fallsBackToTheRepositoryAndSaysWhereItLookedWhenNothingIsFound() throws {
        let repository = ResourceLocator(environment: [:], executablePath: "/nowhere/at/all/gachabot")
        #expect(FileManager.default.fileExists(atPath: try repository.locate(.commands).appendingPathComponent("roll.json").path))

        let nowhere = ResourceLocator(
            environment: [:], executablePath: "/nowhere/at/all/gachabot", sourceFile: "/also/not/here/Sources/Bot/ResourceLocator.swift")
        let error = #expect(throws: ResourceLocator.NotFound.self) { try nowhere.locate(.assets) }
        #expect(error?.description.contains("GACHABOT_HOME") == true)
        #expect(error?.searched.contains("/nowhere/at/all/Assets") == true)
    }
}
