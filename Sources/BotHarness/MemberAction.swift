import enum DiscordSandbox.InteractionKind

/// What a member does, as the sandbox injects it (named here because `DiscordSandbox` is both a
/// module and a type, which makes the qualified name ambiguous).
public typealias MemberAction = InteractionKind
