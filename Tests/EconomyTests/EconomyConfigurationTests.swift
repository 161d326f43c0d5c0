import Economy
import Foundation
import Testing

@Suite("Economy configuration")
struct EconomyConfigurationTests {
    static func parse(_ json: String) throws -> EconomyConfiguration {
        try EconomyConfiguration.parse(Data(json.utf8), file: "economy.json")
    }

    static func error(_ json: String) -> String? {
        do {
            _ = try parse(json)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func theShippedFileHoldsTheDefaults() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Assets/economy.json")
        #expect(try EconomyConfiguration.load(path: url.path) == EconomyConfiguration())
    }

    @Test func readsEveryKey() throws {
        let configuration = try Self.parse("""
            {"creatorPoolBasisPoints": 2500, "platformFeeBasisPoints": 1000, "weights": {"roll": 2, "talkTurn": 1},
             "dailyEngagementCap": 7, "minimumAccountAgeDays": 14, "payoutMinimum": 5000, "payoutHoldDays": 10}
            """)
        #expect(configuration.creatorPoolBasisPoints == 2_500)
        #expect(configuration.platformFeeBasisPoints == 1_000)
        #expect(configuration.rollWeight == 2 && configuration.talkTurnWeight == 1)
        #expect(configuration.dailyEngagementCap == 7 && configuration.minimumAccountAgeDays == 14)
        #expect(configuration.payoutMinimum == 5_000 && configuration.payoutHoldDays == 10)
        #expect(try Self.parse("{}") == EconomyConfiguration())
    }

    @Test func errorsNameTheKeyAtFault() {
        #expect(Self.error(#"{"creatorPoolBasisPoints": 12000}"#) == "economy.json: creatorPoolBasisPoints must be a whole number from 0 to 10000, not 12000")
        #expect(Self.error(#"{"platformFeeBasisPoints": 15.5}"#)?.hasPrefix("economy.json: platformFeeBasisPoints must be a whole number") == true)
        #expect(Self.error(#"{"payoutHoldDays": true}"#)?.hasPrefix("economy.json: payoutHoldDays must be") == true)
        #expect(Self.error(#"{"payoutMinimum": "100"}"#) == #"economy.json: payoutMinimum must be a whole number from 1 to 1000000000, not "100""#)
        #expect(Self.error(#"{"poolShare": 30}"#)?.hasPrefix("economy.json: poolShare is not a known key") == true)
        #expect(Self.error(#"{"weights": {"pull": 1}}"#) == "economy.json: weights.pull is not a known weight (roll, talkTurn)")
        #expect(Self.error(#"{"weights": 3}"#)?.hasPrefix("economy.json: weights must be an object") == true)
        #expect(Self.error("[1]")?.hasPrefix("economy.json must be a JSON object") == true)
        #expect(Self.error("{") != nil)
    }

    @Test func verificationCriteriaAreConfiguration() throws {
        let configuration = try Self.parse("""
            {"verification": {"minimumPublishedPacks": 3, "minimumMeanRatingTenths": 45, "minimumDistinctRaters": 50, "upheldReportWindowDays": 30}}
            """)
        #expect(configuration.verification == VerificationCriteria(minimumPublishedPacks: 3, minimumMeanRating: 4.5, minimumDistinctRaters: 50, upheldReportWindowDays: 30))
        #expect(try Self.parse(#"{"verification": {}}"#).verification == VerificationCriteria())
        #expect(Self.error(#"{"verification": {"minimumMeanRatingTenths": 4.5}}"#)?.hasPrefix("economy.json: verification.minimumMeanRatingTenths must be a whole number from 10 to 50") == true)
        #expect(Self.error(#"{"verification": {"raters": 5}}"#)?.hasPrefix("economy.json: verification.raters is not a known criterion") == true)
        #expect(Self.error(#"{"verification": 2}"#)?.hasPrefix("economy.json: verification must be an object") == true)
    }

    @Test func readsTheReferralKeysAndNamesThemWhenWrong() throws {
        let configuration = try Self.parse(#"{"referralWindowDays": 14, "referralCommissionBasisPoints": 2500, "referralCommissionMonths": 3}"#)
        #expect(configuration.referralWindowDays == 14)
        #expect(configuration.referralCommissionBasisPoints == 2_500 && configuration.referralCommissionMonths == 3)
        #expect(Self.error(#"{"referralWindowDays": 0}"#) == "economy.json: referralWindowDays must be a whole number from 1 to 365, not 0")
        #expect(
            Self.error(#"{"referralCommissionBasisPoints": 10001}"#)
                == "economy.json: referralCommissionBasisPoints must be a whole number from 0 to 10000, not 10001")
        #expect(Self.error(#"{"referralCommissionMonths": 1.5}"#)?.hasPrefix("economy.json: referralCommissionMonths must be") == true)
    }

    @Test func monthsParseStrictly() throws {
        let november = try AllocationMonth("2026-11")
        #expect(november.description == "2026-11")
        #expect(november.start.millisecondsSinceEpoch == 1_793_491_200_000)  // 2026-11-01T00:00:00Z
        #expect(november.endDay - november.firstDay == 30)
        #expect(try AllocationMonth("2024-02").endDay - AllocationMonth("2024-02").firstDay == 29)
        #expect(try AllocationMonth("2026-12").end == AllocationMonth("2027-01").start)
        for bad in ["2026-13", "2026-1", "26-11", "2026/11", "", "2026-11-01"] {
            #expect(throws: EconomyError.invalidMonth(bad)) { try AllocationMonth(bad) }
        }
    }
}
