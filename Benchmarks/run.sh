#!/usr/bin/env bash
# Gachabot benchmarks: builds release, installs the discord.py reference into Benchmarks/.venv,
# runs every benchmark REPS times (interleaved, so noise hits both clients alike), prints the
# tables, and with --write puts them into BENCHMARKS.md. See BENCHMARKS.md for what each measures.
#
#   Benchmarks/run.sh [--write] [--reps N] [--only ingest|interactions|gacha] [--feeds "burst paced"]
#                     [--scratch-path DIR] [--no-build]
# --no-build uses the release binaries already in DIR/release (when another build holds the lock).
# --scratch-path builds (and runs) the release binaries in DIR instead of .build, so a release build
# does not contend with the debug builds of a shared .build; builds run under `nice -n 15`.
# --feeds picks the ingest feeds (default both: one burst, then paced, one event per flushed write).
set -euo pipefail
cd "$(dirname "$0")/.."

WRITE=0
BUILD=1
REPS=3
ONLY=all
SCRATCH="${GACHABOT_BENCH_SCRATCH:-.build}"
FEEDS="burst paced"
COMMAND="Benchmarks/run.sh $*"
ORIGINAL_ARGS=("$@")
while [ $# -gt 0 ]; do
    case "$1" in
        --write) WRITE=1 ;;
        --no-build) BUILD=0 ;;
        --reps) REPS="$2"; shift ;;
        --only) ONLY="$2"; shift ;;
        --scratch-path) SCRATCH="$2"; shift ;;
        --feeds) FEEDS="$2"; shift ;;
        *) echo "usage: Benchmarks/run.sh [--write] [--reps N] [--only ingest|interactions|gacha] [--feeds \"burst paced\"] [--scratch-path DIR] [--no-build]" >&2; exit 2 ;;
    esac
    shift
done

# The gacha benchmarks run on SQLite and on PostgreSQL: without a server named in
# GACHABOT_TEST_POSTGRES_URL, the script runs itself again inside a throwaway one.
if { [ "$ONLY" = all ] || [ "$ONLY" = gacha ]; } && [ -z "${GACHABOT_TEST_POSTGRES_URL:-}" ]; then
    scripts/install-system-packages --with-postgres
    # A durable server (fsync on), as SQLite's file is: the comparison is fair.
    GACHABOT_PG_DURABLE=1 exec scripts/with-postgres "$0" "${ORIGINAL_ARGS[@]}"
fi

VENV=Benchmarks/.venv
PY="$VENV/bin/python"
if [ ! -x "$PY" ]; then python3 -m venv "$VENV"; fi
# discord.py as `pip install discord.py` gives it; zstandard lets it speak zstd-stream (Python 3.11
# has no compression.zstd). The client hides zstandard for its zlib-stream runs.
"$VENV/bin/pip" install -q --disable-pip-version-check discord.py zstandard
VERSIONS="discord.py $("$PY" -c 'import discord; print(discord.__version__)'), zstandard $("$PY" -c 'import zstandard; print(zstandard.__version__)'), $("$PY" --version)"

# --scratch-path (or GACHABOT_BENCH_SCRATCH): a build folder of its own (say .build-release), so a
# release build does not hold the lock of the debug one in .build.
if [ "$BUILD" = 1 ]; then
    swift build -c release --scratch-path "$SCRATCH" --product GachabotBenchmarks
    swift build -c release --scratch-path "$SCRATCH" --product gachabot
fi
BIN="$SCRATCH/release"
BENCH="$BIN/GachabotBenchmarks"
CLIENT=Benchmarks/python/discordpy_client.py
# Each run writes into a folder of its own (results, client logs, the bot's data), so two runs at
# once on a shared machine never mix records; Benchmarks/out/latest points at the newest.
OUT="Benchmarks/out/run-$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$OUT"
ln -sfn "$(basename "$OUT")" Benchmarks/out/latest
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"

record() { grep '^RESULT ' | tee -a "$RESULTS"; }
# Before each measured run: write dirty pages out and let the machine settle, so one benchmark's
# disk writeback (the gacha ones write SQLite files) does not land in the next one's CPU time.
settle() { sync; sleep 2; }

BEGIN_ID=1000000000000000001
END_ID=1000000000000000002

for rep in $(seq 1 "$REPS"); do
    echo "== repetition $rep of $REPS"
    if [ "$ONLY" = all ] || [ "$ONLY" = ingest ]; then
        for feed in $FEEDS; do
            for comp in zstd-stream zlib-stream; do
                settle
                "$BENCH" ingest --client gachabot --compression "$comp" --feed "$feed" --log "$OUT/ingest-gachabot.log" \
                    -- "$BENCH" ingest-client --gateway '{gateway}' --compression '{compression}' | record
                settle
                "$BENCH" ingest --client discord.py --compression "$comp" --feed "$feed" --log "$OUT/ingest-discordpy.log" \
                    -- "$PY" "$CLIENT" ingest --rest '{rest}' --gateway '{gateway}' --compression '{compression}' --begin "$BEGIN_ID" --end "$END_ID" | record
            done
        done
    fi
    if [ "$ONLY" = all ] || [ "$ONLY" = interactions ]; then
        rm -rf "$OUT/gachabot-data"
        settle
        "$BENCH" interactions --client gachabot --compression zstd-stream --log "$OUT/interactions-gachabot.log" \
            -- "$BIN/gachabot" run --compression '{compression}' --data "$OUT/gachabot-data" | record
        settle
        "$BENCH" interactions --client discord.py --compression zstd-stream --log "$OUT/interactions-discordpy.log" \
            -- "$PY" "$CLIENT" interactions --rest '{rest}' --gateway '{gateway}' --compression '{compression}' | record
    fi
    if [ "$ONLY" = all ] || [ "$ONLY" = gacha ]; then
        for database in sqlite "$GACHABOT_TEST_POSTGRES_URL"; do
            settle
            "$BENCH" gacha-e2e --database "$database" --rate 50 --seconds 4 | record
            settle
            "$BENCH" gacha-e2e --database "$database" --rate 200 --seconds 2 | record
            settle
            "$BENCH" gacha-store --database "$database" --seconds 5 --workers 4 --members 1000 | record
            # /roll in a server with no packs and with 50 enabled packs (issue 14: within 10 %), interleaved.
            for packs in 0 50; do
                settle
                "$BENCH" gacha-store --database "$database" --operation roll --packs "$packs" --seconds 5 --workers 4 --members 1000 | record
                settle
                "$BENCH" gacha-e2e --database "$database" --operation roll --packs "$packs" --rate 200 --seconds 2 | record
            done
        done
    fi
done

echo
if [ "$WRITE" = 1 ]; then
    python3 Benchmarks/report.py "$RESULTS" --command "$COMMAND" --versions "$VERSIONS" --write BENCHMARKS.md
else
    python3 Benchmarks/report.py "$RESULTS" --command "$COMMAND" --versions "$VERSIONS"
fi
