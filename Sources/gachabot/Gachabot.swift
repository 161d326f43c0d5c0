import ArgumentParser

@main
struct Gachabot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gachabot",
        abstract: "A Discord collection bot: roll characters, earn points, buy pulls, talk to your characters.",
        discussion: """
            Environment variables:
              DISCORD_TOKEN        the bot token (or --token-file); never printed or logged
              DISCORD_API_BASE     REST base URL (default https://discord.com/api/v10)
              DISCORD_GATEWAY_URL  gateway URL (default: asked from GET /gateway/bot)
              GACHABOT_HOME        folder holding Commands/ and Assets/ (default: beside the binary, then the repository)
              GACHABOT_DATABASE_URL the database: sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE
                                   (default sqlite:DATA/gachabot.sqlite; the password is never printed)
              GACHABOT_DATA        data folder for the default SQLite file and saved sessions (default ./data)
              GACHABOT_EVENT_LOOPS event-loop threads for the connections (default 1; see run --help)
              GACHABOT_HTTP_PORT   port of the HTTP server in run and serve (default 8080)
              GACHABOT_HTTP_BIND   address it binds (default 127.0.0.1)
              GACHABOT_STRIPE_SECRET_KEY[_FILE], GACHABOT_STRIPE_WEBHOOK_SECRET[_FILE], GACHABOT_DISCORD_PUBLIC_KEY[_FILE]
                                   Stripe's API key and webhook secret, Discord's public key (value, or a file
                                   holding it); never printed or logged
              GACHABOT_MODEL_URL, GACHABOT_MODEL_API_KEY[_FILE], GACHABOT_MODEL, GACHABOT_MODEL_MAX_TOKENS_FIELD …
                                   the chat model for talk (see talk --help); the key is never printed or logged
              LOG_LEVEL            trace, debug, info (default), notice, warning, error
            """,
        version: GachabotVersion.current,
        subcommands: [
            RunCommand.self, ServeCommand.self, DemoCommand.self, CommandsCommand.self, MigrateCommand.self, PacksCommand.self,
            PremiumCommand.self, FlagsCommand.self, ExperimentsCommand.self, TalkCommand.self, EconomyCommand.self, PayoutsCommand.self,
            CreatorsCommand.self, MigrateDataCommand.self,
        ]
    )
}

enum GachabotVersion {
    static let current = "0.1.0"
}
