import Foundation
import StripeAPI
import Testing

@Suite struct StripeFormTests {
    static let fields: [StripeFormField] = [
        StripeFormField("mode", "subscription"),
        StripeFormField("line_items", .array([.object([StripeFormField("price", "price_1"), StripeFormField("quantity", 1)])])),
        StripeFormField("metadata", .object([StripeFormField("discord user", "Zoë & co"), StripeFormField("empty", nil)])),
        StripeFormField("subscription_data", .object([StripeFormField("metadata", .object([StripeFormField("k", "a+b=c/d")]))])),
        StripeFormField("expand", .array(["customer", "subscription"])),
        StripeFormField("allow_promotion_codes", true),
        StripeFormField("skipped", nil),
    ]

    /// What stripe-python sends for the same parameters (worked out by its rules: `_api_encode`,
    /// `urlencode` with `quote_plus`, then `%5B`/`%5D` back to brackets).
    @Test func encodesAsStripesPythonSDK() {
        #expect(
            StripeForm.encode(Self.fields)
                == "mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=1"
                + "&metadata[discord+user]=Zo%C3%AB+%26+co&subscription_data[metadata][k]=a%2Bb%3Dc%2Fd"
                + "&expand[0]=customer&expand[1]=subscription&allow_promotion_codes=true")
    }

    @Test func decodesWhatItEncodes() throws {
        let pairs = try #require(StripeForm.decode(StripeForm.encode(Self.fields)))
        #expect(pairs.map(\.key) == StripeForm.pairs(Self.fields).map(\.key))
        #expect(pairs.map(\.value) == StripeForm.pairs(Self.fields).map(\.value))
        #expect(StripeForm.decode("a=%ZZ") == nil)
    }

    @Test(.enabled(if: IndependentPython.interpreter != nil, "no Python with stripe (scripts/test installs it)"))
    func stripesOwnEncoderAgrees() throws {
        let script = """
            import json, sys, urllib.parse
            from stripe._encode import _api_encode
            params = json.loads(sys.stdin.read())
            try:
                pairs = list(_api_encode(params, "V1"))
            except TypeError:
                pairs = list(_api_encode(params))
            print(urllib.parse.urlencode(pairs).replace("%5B", "[").replace("%5D", "]"))
            """
        let input = """
            {"mode": "subscription", "line_items": [{"price": "price_1", "quantity": 1}],
             "metadata": {"discord user": "Zoë & co", "empty": null},
             "subscription_data": {"metadata": {"k": "a+b=c/d"}},
             "expand": ["customer", "subscription"], "allow_promotion_codes": true, "skipped": null}
            """
        let theirs = try IndependentPython.run(python: try #require(IndependentPython.interpreter), script, arguments: [], input: input)
        #expect(theirs.trimmingCharacters(in: .whitespacesAndNewlines) == StripeForm.encode(Self.fields))
    }

    @Test func aProCheckoutCarriesTheMemberInBothMetadataAndTheTrialSettings() {
        let checkout = ProCheckout(
            priceID: "price_pro_monthly", discordUserID: "111", discordGuildID: "222", priceVariant: "B",
            successURL: "https://example.test/ok", cancelURL: "https://example.test/no", trial: .init(days: 7, endBehavior: .pause))
        let pairs = Dictionary(uniqueKeysWithValues: StripeForm.pairs(checkout.form).map { ($0.key, $0.value) })
        #expect(pairs["mode"] == "subscription")
        #expect(pairs["line_items[0][price]"] == "price_pro_monthly")
        #expect(pairs["client_reference_id"] == "111")
        for prefix in ["metadata", "subscription_data[metadata]"] {
            #expect(pairs["\(prefix)[discord_user_id]"] == "111")
            #expect(pairs["\(prefix)[discord_guild_id]"] == "222")
            #expect(pairs["\(prefix)[price_variant]"] == "B")
        }
        #expect(pairs["subscription_data[trial_period_days]"] == "7")
        #expect(pairs["subscription_data[trial_settings][end_behavior][missing_payment_method]"] == "pause")
        #expect(pairs["payment_method_collection"] == "if_required")
        let noTrial = ProCheckout(
            priceID: "p", discordUserID: "1", discordGuildID: nil, priceVariant: "A", successURL: "s", cancelURL: "c")
        let plain = StripeForm.pairs(noTrial.form).map(\.key)
        #expect(!plain.contains("payment_method_collection"))
        #expect(!plain.contains("metadata[discord_guild_id]"))
    }
}
