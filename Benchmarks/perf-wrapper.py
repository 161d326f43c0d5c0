#!/usr/bin/env python3
"""Profiles a benchmark client with `perf record -e cpu-clock` (this VM has no hardware counters).

The benchmark stops its client with SIGTERM; this forwards it to the profiled process, so perf
exits normally and writes its file. The benchmark starts its client from a libdispatch thread, with
SIGTERM blocked (a bash `trap` never runs): unblock it first. See BENCHMARKS.md, "Profiling".

    Benchmarks/perf-wrapper.py OUT.data CLIENT-COMMAND...
"""
import signal
import subprocess
import sys

signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
out, command = sys.argv[1], sys.argv[2:]
perf = subprocess.Popen(['perf', 'record', '-e', 'cpu-clock', '-F', '1999', '-g', '-o', out, '--'] + command)


def stop(_signum, _frame):
    # The profiled process is perf's only child.
    subprocess.run(['pkill', '-TERM', '-P', str(perf.pid)], check=False)


signal.signal(signal.SIGTERM, stop)
sys.exit(perf.wait())
