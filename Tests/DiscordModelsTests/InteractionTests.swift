import Foundation
import Testing

@testable import DiscordModels

@Suite struct InteractionTests {
    @Test func slashCommandWithSubcommandAndOptions() throws {
        let (header, d) = try Fixture.dispatch("interaction_slash_subcommand")
        #expect(header.eventName == "INTERACTION_CREATE")
        guard case .interactionCreate(let interaction) = try GatewayDispatch.decode(eventName: "INTERACTION_CREATE", data: d)
        else {
            Issue.record("not an interaction")
            return
        }
        #expect(interaction.type == .applicationCommand)
        #expect(interaction.invoker?.id == 53_908_232_506_183_680)
        #expect(interaction.member?.permissions?.contains(.administrator) == true)
        #expect(interaction.app_permissions == Permissions(rawValue: 442_368))
        #expect(interaction.context == .guild)
        #expect(interaction.authorizing_integration_owners?["0"] == 290_926_798_626_357_999)
        #expect(interaction.attachment_size_limit == 10_485_760)
        #expect(interaction.channel?.name == "general")
        let command = try #require(interaction.commandData)
        #expect(command.name == "gacha")
        #expect(command.subcommandPath == ["pack", "open"])
        #expect(command.fullName == "gacha pack open")
        #expect(command.option(named: "pack")?.value == .string("starter"))
        #expect(command.option(named: "count")?.value?.intValue == 10)
        #expect(command.option(named: "silent")?.value?.boolValue == true)
        #expect(command.option(named: "luck")?.value == .double(1.5))
        #expect(command.option(named: "friend")?.value?.snowflake(UserKind.self) == 53_908_232_506_183_680)
        #expect(command.resolved?.users?[53_908_232_506_183_680]?.username == "Mason")
        #expect(command.focusedOption == nil)
    }

    @Test func buttonPressWithEntitlement() throws {
        let interaction = try Fixture.decode(Interaction.self, "interaction_button")
        #expect(interaction.type == .messageComponent)
        #expect(interaction.componentData?.custom_id == "click_one")
        #expect(interaction.componentData?.component_type == .button)
        #expect(interaction.customID == "click_one")
        #expect(interaction.entitlements?.first?.type == .applicationSubscription)
        let row = try #require(interaction.message?.components?.first)
        guard case .actionRow(let actionRow) = row else {
            Issue.record("not a row")
            return
        }
        guard case .button(let premium) = actionRow.components[1], case .button(let link) = actionRow.components[2] else {
            Issue.record("not buttons")
            return
        }
        #expect(premium.style == .premium && premium.sku_id == 1_180_218_955_160_375_406)
        #expect(link.style == .link && link.url == "https://discord.com/developers/docs")
        #expect(row.allComponents.compactMap(\.customID) == ["click_one"])
    }

    @Test func stringSelectValues() throws {
        let interaction = try Fixture.decode(Interaction.self, "interaction_string_select")
        #expect(interaction.componentData?.component_type == .stringSelect)
        #expect(interaction.componentData?.values == ["mage", "rogue"])
        #expect(interaction.member?.nick == "Bob")
        guard case .stringSelect(let select)? = interaction.message?.components?.first?.children.first else {
            Issue.record("no select")
            return
        }
        #expect(select.options.map(\.value) == ["rogue", "mage", "priest"])
        #expect(select.options[0].emoji?.id == 625_891_304_148_303_894)
        #expect(select.min_values == 1 && select.max_values == 3 && select.placeholder == "Choose a class")
    }

    @Test func autocompleteFocusedOption() throws {
        let interaction = try Fixture.decode(Interaction.self, "interaction_autocomplete")
        #expect(interaction.type == .autocomplete)
        let command = try #require(interaction.commandData)
        #expect(command.focusedOption?.name == "variant")
        #expect(command.focusedOption?.value?.stringValue == "data")
        #expect(command.subcommandPath.isEmpty)
        #expect(interaction.invoker?.displayName == "Mason")
    }

    @Test func modalSubmitWithLabelsAndCheckboxGroup() throws {
        let interaction = try Fixture.decode(Interaction.self, "interaction_modal_submit")
        #expect(interaction.type == .modalSubmit)
        let modal = try #require(interaction.modalData)
        #expect(modal.custom_id == "feedback_modal")
        #expect(modal.values(for: "notifications") == ["releases", "tips"])
        #expect(modal.value(for: "bug_explanation") == "The pull button does nothing")
        #expect(modal.values(for: "rarity") == ["legendary"])
        #expect(modal.values(for: "agree") == ["true"])
        #expect(modal.value(for: "mood") == "happy")
        #expect(modal.value(for: "legacy_text") == "old style")
        #expect(modal.values(for: "missing").isEmpty)
        #expect(modal.components[2].component?.type == .checkboxGroup)
    }

    @Test func unknownInteractionTypeDecodesAndRoundTrips() throws {
        let json = #"{"id":"1","application_id":"2","type":77,"token":"t","version":1,"data":{"future":[1,"x"]}}"#
        let interaction = try JSONDecoder().decode(Interaction.self, from: Data(json.utf8))
        #expect(interaction.type == .unknown(77))
        #expect(interaction.data == .unknown(.object(["future": .array([.integer(1), .string("x")])])))
        #expect(try jsonObject(encodeJSON(interaction)) == (try jsonObject(json)))
    }

    @Test func interactionEncodesAndDecodesBack() throws {
        let original = try Fixture.decode(Interaction.self, "interaction_modal_submit")
        let again = try JSONDecoder().decode(Interaction.self, from: encodeJSON(original))
        #expect(again == original)
        let command = try JSONDecoder().decode(
            Interaction.self, from: Data(Fixture.dispatch("interaction_slash_subcommand").d))
        #expect(try JSONDecoder().decode(Interaction.self, from: encodeJSON(command)) == command)
    }
}
