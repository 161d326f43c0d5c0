import Foundation
import Testing

@testable import DiscordModels

@Suite struct ComponentTests {
    @Test func unknownComponentTypeRoundTrips() throws {
        let json = #"[{"type":1,"components":[{"type":99,"custom_id":"x","shiny":{"a":[1,2.5,null,true]}}]}]"#
        let components = try JSONDecoder().decode([Component].self, from: Data(json.utf8))
        guard case .unknown(let type, _)? = components.first?.children.first else {
            Issue.record("not unknown")
            return
        }
        #expect(type == 99)
        #expect(components.first?.children.first?.customID == "x")
        #expect(try jsonObject(encodeJSON(components)) == (try jsonObject(json)))
    }

    @Test func unknownButtonStyleRoundTrips() throws {
        let json = #"{"type":2,"style":42,"custom_id":"b","label":"L"}"#
        let component = try JSONDecoder().decode(Component.self, from: Data(json.utf8))
        guard case .button(let button) = component else {
            Issue.record("not a button")
            return
        }
        #expect(button.style == .unknown(42))
        #expect(try jsonObject(encodeJSON(component)) == (try jsonObject(json)))
    }

    @Test func componentsV2RoundTrip() throws {
        let json = #"""
            [{"type":17,"accent_color":703487,"spoiler":false,"components":[
              {"type":10,"content":"# You pulled"},
              {"type":9,"components":[{"type":10,"content":"**Aqua** ★★★★★"}],
               "accessory":{"type":11,"media":{"url":"attachment://aqua.png"},"description":"Aqua"}},
              {"type":14,"divider":true,"spacing":2},
              {"type":12,"items":[{"media":{"url":"https://example.com/a.png"},"spoiler":true}]},
              {"type":13,"file":{"url":"attachment://card.png"}},
              {"type":1,"components":[{"type":2,"style":1,"custom_id":"pull:again","label":"Again","emoji":{"name":"🎲"}},
                                      {"type":5,"custom_id":"gift:user","min_values":1,"max_values":1}]}
            ]}]
            """#
        let components = try JSONDecoder().decode([Component].self, from: Data(json.utf8))
        let all = components.flatMap(\.allComponents).map(\.type)
        #expect(
            all == [
                .container, .textDisplay, .section, .textDisplay, .thumbnail, .separator, .mediaGallery, .file,
                .actionRow, .button, .userSelect,
            ])
        #expect(try jsonObject(encodeJSON(components)) == (try jsonObject(json)))
    }

    @Test func modalComponentsEncode() throws {
        let modal = ModalData(
            custom_id: "prefs", title: "Preferences",
            components: [
                .label(
                    Label(
                        label: "Notifications", description: "Pick some",
                        component: .checkboxGroup(
                            CheckboxGroup(
                                custom_id: "notifications",
                                options: [ChoiceOption(value: "releases", label: "Releases")], max_values: 1)))),
                .label(Label(label: "Agree", component: .checkbox(Checkbox(custom_id: "agree", default: true)))),
                .label(
                    Label(
                        label: "Mood",
                        component: .radioGroup(
                            RadioGroup(custom_id: "mood", options: [ChoiceOption(value: "happy", label: "Happy")])))),
                .label(Label(label: "Why", component: .textInput(TextInput(custom_id: "why", style: .paragraph)))),
            ])
        try expectJSON(
            InteractionResponse.modal(modal),
            equals: #"""
                {"type":9,"data":{"custom_id":"prefs","title":"Preferences","components":[
                  {"type":18,"label":"Notifications","description":"Pick some","component":{"type":22,"custom_id":"notifications","options":[{"value":"releases","label":"Releases"}],"max_values":1}},
                  {"type":18,"label":"Agree","component":{"type":23,"custom_id":"agree","default":true}},
                  {"type":18,"label":"Mood","component":{"type":21,"custom_id":"mood","options":[{"value":"happy","label":"Happy"}]}},
                  {"type":18,"label":"Why","component":{"type":4,"custom_id":"why","style":2}}]}}
                """#)
        #expect(ComponentType.checkboxGroup.rawValue == 22 && ComponentType.radioGroup.rawValue == 21)
        #expect(ComponentType.checkbox.rawValue == 23 && ComponentType.label.rawValue == 18)
    }

    @Test func everyKnownEnumValueRoundTrips() throws {
        #expect(ButtonStyle.allKnown.map(\.rawValue) == [1, 2, 3, 4, 5, 6])
        for type in ComponentType.allKnown { #expect(ComponentType(rawValue: type.rawValue) == type) }
        for type in InteractionCallbackType.allKnown { #expect(InteractionCallbackType(rawValue: type.rawValue) == type) }
        #expect(ApplicationCommandOptionType.attachment.rawValue == 11)
        let decoded = try JSONDecoder().decode([InteractionType].self, from: Data("[1,5,77]".utf8))
        #expect(decoded == [.ping, .modalSubmit, .unknown(77)])
        #expect(String(decoding: try JSONEncoder().encode(decoded), as: UTF8.self) == "[1,5,77]")
    }
}
