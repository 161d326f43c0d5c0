"""discord.py reference client for the Gachabot benchmarks (see BENCHMARKS.md).

    discordpy_client.py ingest       --rest URL --gateway URL --compression zstd-stream|zlib-stream --begin ID --end ID
    discordpy_client.py interactions --rest URL --gateway URL --compression zstd-stream|zlib-stream

A plain `discord.Client` with default intents and default caching, pointed at the loopback
Discord by setting `discord.http.Route.BASE` and `DiscordWebSocket.DEFAULT_GATEWAY`.

ingest: prints `BEGIN <cpu µs>` when the begin-marker guild's GUILD_CREATE arrives and
`END <cpu µs> <VmHWM KiB>` after the end-marker guild's GUILD_CREATE was processed, then exits.
interactions: answers every interaction with an ephemeral /status-like embed through
`interaction.response.send_message`, until terminated.
"""

import argparse
import os
import resource
import sys
import time


def cpu_microseconds() -> int:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return int((usage.ru_utime + usage.ru_stime) * 1_000_000)


def peak_rss_kib() -> int:
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith('VmHWM:'):
                return int(line.split()[1])
    return -1


def report(line: str) -> None:
    sys.stdout.write(line + '\n')
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('mode', choices=['ingest', 'interactions'])
    parser.add_argument('--rest', required=True)
    parser.add_argument('--gateway', required=True)
    parser.add_argument('--compression', default='zlib-stream')
    parser.add_argument('--token', default=os.environ.get('DISCORD_TOKEN', 'sandbox-token'))
    parser.add_argument('--begin', type=int, default=0)
    parser.add_argument('--end', type=int, default=0)
    args = parser.parse_args()

    # discord.py picks zstd-stream when a zstd module imports (zstandard here, as Python 3.11 has
    # no compression.zstd) and zlib-stream otherwise; hide zstandard to get zlib-stream.
    if args.compression == 'zlib-stream':
        sys.modules['zstandard'] = None  # type: ignore[assignment]

    import asyncio
    import discord
    import discord.http
    import discord.state
    from discord.http import Route

    chosen = discord.utils._ActiveDecompressionContext.COMPRESSION_TYPE
    if chosen != args.compression:
        raise SystemExit(f'discord.py would use {chosen}, not {args.compression}')

    import logging

    discord.utils.setup_logging(level=logging.WARNING)  # warnings and errors go to the log file
    Route.BASE = args.rest
    # discord.py 2.x opens its first connection on DiscordWebSocket.DEFAULT_GATEWAY (it no longer
    # asks GET /gateway/bot), then resumes on READY's resume_gateway_url.
    import yarl

    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(args.gateway)

    # The sandbox serves the application as GET /applications/@me (same Application object, no
    # `owner`); discord.py's login asks GET /oauth2/applications/@me and reads `owner`.
    async def application_info(self):  # noqa: ANN001
        data = await self.request(Route('GET', '/applications/@me'))
        data.setdefault('owner', data.get('bot'))
        return data

    discord.http.HTTPClient.application_info = application_info

    if args.mode == 'ingest':
        original = discord.state.ConnectionState.parse_guild_create

        def parse_guild_create(self, data):  # noqa: ANN001
            guild_id = int(data['id'])
            if guild_id == args.begin:
                report(f'BEGIN {cpu_microseconds()}')
            original(self, data)
            if guild_id == args.end:
                report(f'END {cpu_microseconds()} {peak_rss_kib()}')
                os._exit(0)

        # ConnectionState collects its parse_* methods when it is created: patch before the Client.
        discord.state.ConnectionState.parse_guild_create = parse_guild_create

    client = discord.Client(intents=discord.Intents.default())
    started = time.monotonic()

    if args.mode == 'interactions':

        @client.event
        async def on_interaction(interaction: discord.Interaction) -> None:
            latency = client.latency
            uptime = int(time.monotonic() - started)
            embed = discord.Embed(title='Gachabot status', color=0x5865F2)
            embed.add_field(name='Shard', value=f'{interaction.guild.shard_id if interaction.guild else 0} of 1', inline=True)
            embed.add_field(
                name='Gateway latency', value=f'{latency * 1000:.0f} ms' if latency == latency else 'measuring…', inline=True
            )
            embed.add_field(name='Uptime', value=f'{uptime // 60}m {uptime % 60}s', inline=True)
            embed.add_field(name='Version', value=discord.__version__, inline=True)
            try:
                await interaction.response.send_message(embed=embed, ephemeral=True)
            except TypeError:
                # The sandbox answers the callback 204 without a body; discord.py 2.7 asks
                # `with_response=true` and fails reading it AFTER the callback was delivered.
                pass

    import signal

    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    asyncio.run(client.start(args.token))


if __name__ == '__main__':
    main()
