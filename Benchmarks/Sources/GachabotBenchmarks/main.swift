// Gachabot benchmarks: see BENCHMARKS.md and Benchmarks/run.sh.
print("gachabot-benchmarks")
