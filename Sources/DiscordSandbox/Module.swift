// DiscordSandbox module. See docs/ARCHITECTURE.md for the layering.
