"""Summarises Benchmarks/out/results.jsonl (written by Benchmarks/run.sh) as Markdown tables:
median, min and max over the repetitions, and gachabot / discord.py ratios from the same run.

    python3 Benchmarks/report.py RESULTS.jsonl [--write BENCHMARKS.md] [--command "…"]

With --write, the text between `<!-- results:begin -->` and `<!-- results:end -->` in the
file is replaced by the tables; the rest of the file is left as written.
"""

import argparse
import json
import platform
import re
import statistics
import subprocess
from collections import defaultdict


def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return statistics.median(values), min(values), max(values)


def fmt(s, digits=2, unit=''):
    if s is None:
        return 'n/a'
    med, lo, hi = s
    return f'{med:.{digits}f}{unit} ({lo:.{digits}f}–{hi:.{digits}f})'


def ratio(a, b, digits=1):
    if a is None or b is None or a[0] == 0:
        return 'n/a'
    return f'{b[0] / a[0]:.{digits}f}×'


def machine():
    model = 'unknown'
    with open('/proc/cpuinfo') as cpuinfo:
        for line in cpuinfo:
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
    nproc = subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()
    with open('/proc/meminfo') as meminfo:
        mem = meminfo.readline().split()[1]
    swift = subprocess.run(['swift', '--version'], capture_output=True, text=True).stdout.splitlines()
    swift = swift[0] if swift else 'swift ?'
    return f'{nproc} cores (`nproc`), {model}, {int(mem) // 1024} MiB RAM, {platform.system()} {platform.release()}, {swift}'


def render(rows, command, versions):
    by = defaultdict(list)
    for row in rows:
        key = (row['benchmark'], row.get('client'), row.get('compression'))
        by[key].append(row)
    out = []
    # gacha-e2e runs at two offered rates per repetition: count repetitions per rate.
    per_run = defaultdict(int)
    for row in rows:
        per_run[(row['benchmark'], row.get('client'), row.get('compression'), row.get('offeredRate'), row.get('database'), row.get('feed'),
                 row.get('operation'), row.get('packs'))] += 1
    reps = max(per_run.values(), default=0)
    out.append(f'Command: `{command}`  ')
    out.append(f'Machine: {machine()}  ')
    if versions:
        out.append(f'Reference: {versions}  ')
    out.append(f'Each cell: median (min–max) over {reps} repetitions; ratios compare medians of the same run.')
    out.append('')

    # Ingest: one table per feed (burst first)
    ingest_rows = [r for r in rows if r['benchmark'] == 'ingest']
    feeds = sorted({r.get('feed', 'paced') for r in ingest_rows}, key=lambda f: (f != 'burst', f))
    for feed_name in feeds:
        ingest = defaultdict(list)
        for r in ingest_rows:
            if r.get('feed', 'paced') == feed_name:
                ingest[('ingest', r.get('client'), r.get('compression'))].append(r)
        sample = next(iter(ingest.values()))[0]
        feed = 'one burst' if feed_name == 'burst' else 'paced: one event per write, each write flushed before the next'
        out.append(f'### Gateway ingest ({sample["events"]:,} events, {sample["streamBytes"] / 2**20:.1f} MiB of JSON, fed as {feed})')
        out.append('')
        out.append('| compression | client | CPU µs/event | CPU s total | peak RSS MiB | wall s |')
        out.append('|---|---|---|---|---|---|')
        for comp in ('zstd-stream', 'zlib-stream'):
            for client in ('gachabot', 'discord.py'):
                runs = ingest.get(('ingest', client, comp))
                if not runs:
                    continue
                out.append(
                    f'| {comp} | {client} | {fmt(stats([r["cpuMicrosecondsPerEvent"] for r in runs]))} '
                    f'| {fmt(stats([r["cpuSeconds"] for r in runs]))} | {fmt(stats([r["peakRSSMiB"] for r in runs]), 1)} '
                    f'| {fmt(stats([r["wallSeconds"] for r in runs]), 1)} |'
                )
        out.append('')
        out.append('| compression | discord.py CPU ÷ gachabot CPU (target ≥ 20×) | discord.py RSS ÷ gachabot RSS (target ≥ 2×) |')
        out.append('|---|---|---|')
        for comp in ('zstd-stream', 'zlib-stream'):
            g = ingest.get(('ingest', 'gachabot', comp))
            d = ingest.get(('ingest', 'discord.py', comp))
            if not g or not d:
                continue
            out.append(
                f'| {comp} | {ratio(stats([r["cpuMicrosecondsPerEvent"] for r in g]), stats([r["cpuMicrosecondsPerEvent"] for r in d]))} '
                f'| {ratio(stats([r["peakRSSMiB"] for r in g]), stats([r["peakRSSMiB"] for r in d]))} |'
            )
        notes = sorted({r['note'] for v in ingest.values() for r in v if r.get('note')})
        if notes:
            out.append('')
            out.append('gachabot client notes: ' + '; '.join(notes))
        out.append('')

    # Interactions
    inter = {k: v for k, v in by.items() if k[0] == 'interactions'}
    if inter:
        out.append('### Interaction round trip (injection → callback received by the sandbox REST)')
        out.append('')
        out.append('| client | phase | answered / injected | throughput /s | p50 ms | p99 ms | max ms | client CPU µs/interaction | harness CPU µs/interaction |')
        out.append('|---|---|---|---|---|---|---|---|---|')
        for client in ('gachabot', 'discord.py'):
            runs = [r for k, v in inter.items() if k[1] == client for r in v]
            if not runs:
                continue
            for phase, label in (('fixedRate', f'{runs[0]["fixedRate"]["offeredRate"]:.0f}/s fixed'), ('burst', f'burst of {runs[0]["burst"]["injected"]:,}' + (', built ahead' if runs[0]['burst'].get('feed') == 'burst' else ', paced'))):
                ps = [r[phase] for r in runs]
                answered = f'{min(p["answered"] for p in ps):,}–{max(p["answered"] for p in ps):,} / {ps[0]["injected"]:,}'
                failed = [p['failedCallbacks'] for p in ps]
                if any(failed):
                    answered += f' ({min(failed):,}–{max(failed):,} of them non-2xx)'
                out.append(
                    f'| {client} | {label} | {answered} | {fmt(stats([p["throughputPerSecond"] for p in ps]), 0)} '
                    f'| {fmt(stats([p["p50Milliseconds"] for p in ps]))} | {fmt(stats([p["p99Milliseconds"] for p in ps]))} '
                    f'| {fmt(stats([p["maxMilliseconds"] for p in ps]), 1)} | {fmt(stats([p.get("clientCPUMicrosecondsPerInteraction") for p in ps]), 0)} '
                    f'| {fmt(stats([p.get("harnessCPUMicrosecondsPerInteraction") for p in ps]), 0)} |'
                )
        g = [r for k, v in inter.items() if k[1] == 'gachabot' for r in v]
        d = [r for k, v in inter.items() if k[1] == 'discord.py' for r in v]
        if g and d:
            out.append('')
            out.append(
                f'Capacity (burst throughput) gachabot ÷ discord.py: '
                f'**{ratio(stats([r["burst"]["throughputPerSecond"] for r in d]), stats([r["burst"]["throughputPerSecond"] for r in g]))}** (target ≥ 10×). '
                f'CPU per interaction, discord.py ÷ gachabot: '
                f'{ratio(stats([r["burst"]["clientCPUMicrosecondsPerInteraction"] for r in g]), stats([r["burst"]["clientCPUMicrosecondsPerInteraction"] for r in d]))} in the burst, '
                f'{ratio(stats([r["fixedRate"]["clientCPUMicrosecondsPerInteraction"] for r in g]), stats([r["fixedRate"]["clientCPUMicrosecondsPerInteraction"] for r in d]))} at the fixed rate.'
            )
        out.append('')

    # Gacha
    # Multi-pulls on the base catalogue; rolls and pack pools have a table of their own below.
    e2e_all = [r for k, v in by.items() if k[0] == 'gacha-e2e' for r in v if r.get('operation', 'pull') == 'pull' and not r.get('packs')]
    if e2e_all:
        out.append('### Gacha: 10-pull purchases end to end (Buy → animation → reveal edit → Apply → committed)')
        out.append('')
        out.append('| database | offered rate | TLS | completed / started | throughput /s | p50 ms | p99 ms | max ms | Buy → animation p50 / p99 ms | animation → reveal p50 / p99 ms | Apply step p50 / p99 ms | audit |')
        out.append('|---|---|---|---|---|---|---|---|---|---|---|---|')
        for database, rate in sorted({(r.get('database', 'sqlite'), r['offeredRate']) for r in e2e_all}, key=lambda k: (k[0] != 'sqlite', k)):
            e2e = [r for r in e2e_all if r['offeredRate'] == rate and r.get('database', 'sqlite') == database]
            out.append(
                f'| {database} | {rate:.0f}/s | {e2e[0]["tls"]} | {min(r["completed"] for r in e2e):,}–{max(r["completed"] for r in e2e):,} / {e2e[0]["purchases"]:,} '
                f'| {fmt(stats([r["throughputPerSecond"] for r in e2e]), 0)} | {fmt(stats([r["p50Milliseconds"] for r in e2e]))} '
                f'| {fmt(stats([r["p99Milliseconds"] for r in e2e]))} | {fmt(stats([r["maxMilliseconds"] for r in e2e]), 1)} '
                f'| {fmt(stats([r.get("buyP50Milliseconds", 0) for r in e2e]))} / {fmt(stats([r.get("buyP99Milliseconds", 0) for r in e2e]))} '
                f'| {fmt(stats([r.get("revealP50Milliseconds", 0) for r in e2e]))} / {fmt(stats([r.get("revealP99Milliseconds", 0) for r in e2e]))} '
                f'| {fmt(stats([r["applyP50Milliseconds"] for r in e2e]))} / {fmt(stats([r["applyP99Milliseconds"] for r in e2e]))} '
                f'| {"passed" if all(r["auditPassed"] for r in e2e) else "FAILED"} in {sum(1 for r in e2e if r["auditPassed"])}/{len(e2e)} runs |'
            )
        out.append('')
        for database in sorted({r.get('database', 'sqlite') for r in e2e_all}):
            last = [r for r in e2e_all if r.get('database', 'sqlite') == database][-1]
            out.append(f'Audit of the last {database} run: ' + last['audit'] + '.  ')
        out.append('')
    store = [r for k, v in by.items() if k[0] == 'gacha-store' for r in v if r.get('operation', 'pull') == 'pull' and not r.get('packs')]
    if store:
        out.append('### Gacha: store-only multi-pull transactions (purchasePull + applyPull)')
        out.append('')
        out.append('| database | workers | members | multi-pulls | multi-pulls/s | p50 ms | p99 ms | max ms | audit |')
        out.append('|---|---|---|---|---|---|---|---|---|')
        all_store = store
        for database in sorted({r.get('database', 'sqlite') for r in all_store}, key=lambda d: (d != 'sqlite', d)):
          store = [r for r in all_store if r.get('database', 'sqlite') == database]
          out.append(
            f'| {database} | {store[0]["workers"]} | {store[0]["members"]:,} | {fmt(stats([r["multiPulls"] for r in store]), 0)} '
            f'| {fmt(stats([r["multiPullsPerSecond"] for r in store]), 0)} | {fmt(stats([r["p50Milliseconds"] for r in store]))} '
            f'| {fmt(stats([r["p99Milliseconds"] for r in store]))} | {fmt(stats([r["maxMilliseconds"] for r in store]), 1)} '
            f'| {"passed" if all(r["auditPassed"] for r in store) else "FAILED"} in {sum(1 for r in store if r["auditPassed"])}/{len(store)} runs |'
        )
        out.append('')
        for database in sorted({r.get('database', 'sqlite') for r in all_store}):
            last = [r for r in all_store if r.get('database', 'sqlite') == database][-1]
            out.append(f'Audit of the last {database} run: ' + last['audit'] + '.  ')
        out.append('')
    rolls = [r for k, v in by.items() if k[0] in ('gacha-store', 'gacha-e2e') for r in v if r.get('operation') == 'roll']
    if rolls:
        out.append('### Gacha: /roll without packs and with enabled packs (issue 14: 50 packs within 10 % of none)')
        out.append('')
        out.append('| benchmark | database | packs | rolls | p50 ms | p99 ms | p50 vs 0 packs | p99 vs 0 packs | audit |')
        out.append('|---|---|---|---|---|---|---|---|---|')
        for bench, database in sorted({(r['benchmark'], r.get('database', 'sqlite')) for r in rolls}, key=lambda k: (k[0], k[1] != 'sqlite', k)):
            runs = [r for r in rolls if r['benchmark'] == bench and r.get('database', 'sqlite') == database]
            base = [r for r in runs if r.get('packs', 0) == 0]
            for packs in sorted({r.get('packs', 0) for r in runs}):
                ps = [r for r in runs if r.get('packs', 0) == packs]
                count = [r.get('operations', r.get('completed', 0)) for r in ps]
                def versus(key):
                    if packs == 0 or not base:
                        return '–'
                    return f'{(stats([r[key] for r in ps])[0] / stats([r[key] for r in base])[0] - 1) * 100:+.1f} %'
                out.append(
                    f'| {bench} | {database} | {packs} | {fmt(stats(count), 0)} | {fmt(stats([r["p50Milliseconds"] for r in ps]))} '
                    f'| {fmt(stats([r["p99Milliseconds"] for r in ps]))} | {versus("p50Milliseconds")} | {versus("p99Milliseconds")} '
                    f'| {"passed" if all(r["auditPassed"] for r in ps) else "FAILED"} in {sum(1 for r in ps if r["auditPassed"])}/{len(ps)} runs |'
                )
        out.append('')
    return '\n'.join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('results')
    parser.add_argument('--write')
    parser.add_argument('--command', default='Benchmarks/run.sh')
    parser.add_argument('--versions', default='')
    args = parser.parse_args()
    rows = []
    with open(args.results) as f:
        for line in f:
            line = line.strip()
            if line.startswith('RESULT '):
                line = line[len('RESULT '):]
            if line:
                rows.append(json.loads(line))
    text = render(rows, args.command, args.versions)
    print(text)
    if args.write:
        with open(args.write) as f:
            doc = f.read()
        pattern = re.compile(r'(<!-- results:begin -->\n).*?(<!-- results:end -->)', re.S)
        if not pattern.search(doc):
            raise SystemExit(f'{args.write} has no <!-- results:begin --> … <!-- results:end --> block')
        doc = pattern.sub(lambda m: m.group(1) + text + '\n' + m.group(2), doc)
        with open(args.write, 'w') as f:
            f.write(doc)
        print(f'\nupdated {args.write}')


if __name__ == '__main__':
    main()
