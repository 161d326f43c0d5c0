import Gacha
import Storage
import Testing

/// The buyer's keep and replace checklists live in the store with the pull: a restart (or another
/// process) shows the same choice, and resolving the pull leaves nothing behind.
@Suite struct PullChoicesTests {
    @Test func keepChoiceSurvivesARestartAndIsGoneOnceApplied() async throws {
        try await withWorld { world in
            let pull = try await world.buyPull(alice)
            #expect(pull.choices == PullChoices())
            let keep = pull.items.prefix(3).map(\.character.id)
            let chosen = try await world.game.pulls.chooseKeep(pull.id, by: alice, keep: keep + [keep[0]])
            #expect(chosen.choices.keep == keep.sorted())
            try world.restart()
            let reopened = try #require(try await world.game.pulls.pull(pull.id))
            #expect(reopened.choices.keep == keep.sorted())
            _ = try await world.game.pulls.applyPull(pull.id, by: alice, keep: keep)
            #expect(try await world.game.pulls.pull(pull.id)?.choices == PullChoices())
            #expect(await gachaError { _ = try await world.game.pulls.chooseKeep(pull.id, by: alice, keep: []) }
                == .pullAlreadyResolved(pull.id, .applied))
        }
    }

    @Test func replacePagesMergeAndAnExpiryClearsThem() async throws {
        try await withWorld { world in
            let pull = try await world.buyPull(alice)
            _ = try await world.game.pulls.chooseReplace(pull.id, by: alice, chosen: ["a1", "a2"], amongPage: ["a1", "a2", "a3"])
            _ = try await world.game.pulls.chooseReplace(pull.id, by: alice, chosen: ["b1"], amongPage: ["b1", "b2"])
            // Changing page one again replaces only page one's part; an id not on the page is ignored.
            let both = try await world.game.pulls.chooseReplace(pull.id, by: alice, chosen: ["a3", "zz"], amongPage: ["a1", "a2", "a3"])
            #expect(both.choices.replace == ["a3", "b1"])
            #expect(both.choices.keep == nil)
            world.clock.advance(by: world.configuration.pullLifetime)
            let expired = try await world.game.pulls.expirePulls()
            #expect(expired.map(\.pullID) == [pull.id])
            #expect(try await world.game.pulls.pull(pull.id)?.choices == PullChoices())
        }
    }

    @Test func onlyTheBuyerChoosesAndOnlyCharactersOfThePull() async throws {
        try await withWorld { world in
            let pull = try await world.buyPull(alice, "pull_5")
            #expect(await gachaError { _ = try await world.game.pulls.chooseKeep(pull.id, by: bob, keep: []) } == .notYourPull(pull.id))
            #expect(await gachaError {
                _ = try await world.game.pulls.chooseReplace(pull.id, by: bob, chosen: [], amongPage: [])
            } == .notYourPull(pull.id))
            #expect(await gachaError { _ = try await world.game.pulls.chooseKeep(pull.id, by: alice, keep: ["not-pulled"]) }
                == .notInPull(characterID: "not-pulled"))
            #expect(await gachaError { _ = try await world.game.pulls.chooseKeep(PullID("missing"), by: alice, keep: []) }
                == .pullNotFound(PullID("missing")))
            #expect(try await world.game.pulls.pull(pull.id)?.choices == PullChoices())
        }
    }

    /// Apply with stored choices: what was stored wins over what a message shows; with nothing
    /// stored the shown choice counts, and with neither everything is kept.
    @Test func applyChosenUsesTheStoredChoiceThenTheShownOneThenEverything() async throws {
        try await withWorld { world in
            let stored = try await world.buyPull(alice, "pull_5")
            let ids = stored.items.map(\.character.id)
            _ = try await world.game.pulls.chooseKeep(stored.id, by: alice, keep: [ids[0]])
            let first = try await world.game.pulls.applyChosen(stored.id, by: alice, shownKeep: [ids[1], ids[2]])
            #expect(first.kept.map(\.id) == [ids[0]])

            let shown = try await world.buyPull(alice, "pull_5")
            let shownIDs = shown.items.map(\.character.id)
            let second = try await world.game.pulls.applyChosen(shown.id, by: alice, shownKeep: [shownIDs[3]])
            #expect(second.kept.map(\.id).filter { !ids.contains($0) } == [shownIDs[3]].filter { !ids.contains($0) })
            #expect(second.kept.count + second.duplicates.count == 1)

            let neither = try await world.buyPull(alice, "pull_5")
            let third = try await world.game.pulls.applyChosen(neither.id, by: alice)
            #expect(third.converted.isEmpty, "everything kept (new ones joined, owned ones became duplicates)")
            #expect(await gachaError { _ = try await world.game.pulls.applyChosen(neither.id, by: bob) } == .notYourPull(neither.id))
        }
    }
}
