/// Discord's documented limits on what we send, and the validator that checks a body against them
/// before it goes out (`validate(_:)`, in `DiscordLimits+Validation.swift` and the files beside it).
///
/// Sources, cited on each limit:
/// - "docs": discord/discord-api-docs, developers/components/reference.mdx (components),
///   developers/resources/message.mdx (content, embed limits), developers/interactions/
///   receiving-and-responding.mdx (modal, autocomplete), developers/interactions/application-commands.mdx (choices).
/// - "spec": Discord's OpenAPI description (discord/discord-api-spec, specs/openapi.json, commit 74fda0fa;
///   /work/shared/discord-api-spec), the `maxLength`/`maxItems`/`maximum` of the request schema named.
/// Where both give a number, the spec's is used; where they disagree the stricter one is kept (the spec's
/// own README says the docs win), and the line says so.
///
/// Lengths are counted in Unicode scalars (code points), the unit of Discord's Python API (`len(str)`),
/// which twilight-validate also documents ("length … in codepoints"). Not `String.count` (grapheme clusters):
/// "👨‍👩‍👧" is one cluster but five code points, so it would undercount and let Discord's 400 find it; not
/// UTF-16 either, which counts "🎲" twice and would refuse what Discord accepts.
public enum DiscordLimits {
    // MARK: Messages

    /// docs message.mdx "Message contents (up to 2000 characters)"; spec IncomingWebhookInteractionRequest.content
    /// maxLength 2000 (the spec's MessageEditRequestPartial says 4000; the docs' 2000 is kept for edits too).
    public static let contentCharacters = 2000
    /// spec IncomingWebhookInteractionRequest.embeds maxItems 10; docs "Up to 10 rich embeds".
    public static let embedsPerMessage = 10
    /// spec IncomingWebhookInteractionRequest.attachments maxItems 10.
    public static let attachmentsPerMessage = 10
    /// spec MessageAttachmentRequest.description maxLength 1024.
    public static let attachmentDescriptionCharacters = 1024
    /// spec MessageAllowedMentionsRequest.users / .roles maxItems 100.
    public static let allowedMentionIDs = 100
    /// docs reference.mdx "Legacy messages allow up to 5 action rows as top-level components".
    public static let legacyTopLevelComponents = 5
    /// docs reference.mdx "Messages allow up to 40 total components" (IS_COMPONENTS_V2; nested ones count);
    /// spec IncomingWebhookInteractionRequest.components maxItems 40.
    public static let componentsV2Total = 40

    // MARK: Embeds (docs message.mdx "Embed Limits"; spec RichEmbed*)

    /// spec RichEmbed.title maxLength 256.
    public static let embedTitleCharacters = 256
    /// spec RichEmbed.description maxLength 4096.
    public static let embedDescriptionCharacters = 4096
    /// spec RichEmbed.fields maxItems 25.
    public static let embedFields = 25
    /// spec RichEmbedField.name maxLength 256.
    public static let embedFieldNameCharacters = 256
    /// spec RichEmbedField.value maxLength 1024.
    public static let embedFieldValueCharacters = 1024
    /// spec RichEmbedFooter.text maxLength 2048.
    public static let embedFooterTextCharacters = 2048
    /// spec RichEmbedAuthor.name maxLength 256.
    public static let embedAuthorNameCharacters = 256
    /// docs message.mdx: title, description, field names and values, footer text and author name,
    /// summed across all embeds of a message.
    public static let embedTotalCharacters = 6000
    /// spec RichEmbed.url, RichEmbedAuthor.url/.icon_url, RichEmbedFooter.icon_url, RichEmbedImage.url maxLength 2048.
    public static let embedURLCharacters = 2048
    /// spec RichEmbed.color maximum 16777215 (0xFFFFFF), minimum 0; also Container.accent_color.
    public static let colorMaximum = 0xFF_FFFF

    // MARK: Components

    /// spec *Component*Request.custom_id maxLength 100, minLength 1; docs "1-100 characters".
    public static let customIDCharacters = 100
    /// spec ActionRowComponentForMessageRequest.components maxItems 5; docs "Up to 5 … buttons".
    public static let actionRowComponents = 5
    /// docs reference.mdx: an action row holds "a single select component".
    public static let actionRowSelects = 1
    /// spec ButtonComponentForMessageRequest.label maxLength 80; docs "max 80 characters".
    public static let buttonLabelCharacters = 80
    /// spec ButtonComponentForMessageRequest.url maxLength 512; docs "max 512 characters".
    public static let buttonURLCharacters = 512
    /// spec ComponentEmojiForRequest.name maxLength 32.
    public static let componentEmojiNameCharacters = 32
    /// spec StringSelectComponentForMessageRequest.options maxItems 25; docs "max 25".
    public static let selectOptions = 25
    /// spec StringSelectOptionForRequest.label/.value/.description maxLength 100; docs "max 100 characters".
    public static let selectOptionCharacters = 100
    /// spec *SelectComponentForMessageRequest.placeholder maxLength 150; docs "max 150 characters".
    public static let selectPlaceholderCharacters = 150
    /// spec *SelectComponentForMessageRequest.min_values/max_values maximum 25 (min_values minimum 0,
    /// max_values minimum 1); also default_values maxItems 25.
    public static let selectValues = 25
    /// spec SectionComponentForMessageRequest.components maxItems 3, minItems 1; docs "One to three".
    public static let sectionComponents = 3
    /// spec TextDisplayComponentForMessageRequest.content maxLength 4000, minLength 1.
    public static let textDisplayCharacters = 4000
    /// spec ThumbnailComponentForMessageRequest.description and MediaGalleryItemRequest.description maxLength 1024.
    public static let mediaDescriptionCharacters = 1024
    /// spec UnfurledMediaRequest.url maxLength 2048.
    public static let mediaURLCharacters = 2048
    /// spec MediaGalleryComponentForMessageRequest.items maxItems 10, minItems 1.
    public static let mediaGalleryItems = 10

    // MARK: Modals

    /// spec ModalInteractionCallbackRequestData.title maxLength 45; docs "max 45 characters".
    public static let modalTitleCharacters = 45
    /// docs receiving-and-responding.mdx "Between 1 and 5 (inclusive) components" (the spec says
    /// maxItems 40; the docs' stricter 5 is kept).
    public static let modalComponents = 5
    /// spec LabelComponentForModalRequest.label and TextInputComponentForModalRequest.label maxLength 45.
    public static let labelCharacters = 45
    /// spec LabelComponentForModalRequest.description maxLength 100.
    public static let labelDescriptionCharacters = 100
    /// spec TextInputComponentForModalRequest.value maxLength 4000, min_length/max_length maximum 4000.
    public static let textInputCharacters = 4000
    /// spec TextInputComponentForModalRequest.placeholder maxLength 100.
    public static let textInputPlaceholderCharacters = 100
    /// spec RadioGroupComponentForModalRequest.options and CheckboxGroupComponentForModalRequest.options
    /// maxItems 10 (a radio group needs minItems 2); their min_values/max_values (and File Upload's) maximum 10.
    public static let modalChoiceOptions = 10
    /// spec RadioGroupComponentForModalRequest.options minItems 2.
    public static let radioGroupMinimumOptions = 2
    /// spec RadioGroupOptionForRequest / CheckboxGroupOptionForRequest label/value/description maxLength 100.
    public static let modalChoiceOptionCharacters = 100

    // MARK: Autocomplete

    /// spec InteractionApplicationCommandAutocompleteCallbackStringData.choices maxItems 25; docs "max of 25 choices".
    public static let autocompleteChoices = 25
    /// spec ApplicationCommandOptionStringChoice.name maxLength 100, minLength 1 (also each name_localizations value).
    public static let choiceNameCharacters = 100
    /// docs application-commands.mdx "up to 100 characters if string" (the spec says maxLength 6000;
    /// the docs' stricter 100 is kept).
    public static let choiceStringValueCharacters = 100
}
