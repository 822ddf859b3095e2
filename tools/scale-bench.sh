#!/usr/bin/env bash
# Scale benchmark: 10^4, 10^5 and 10^6 cross-namespace provisions over 1,000
# namespaces, end to end, one process per size (so that each peak resident set is its
# own). Builds the Release benchmark binary first if needed, then prints one row per
# size: wall time (and CPU time: on a shared machine, the steadier figure), provisions
# per wall second, peak RSS, memory per claim (the peak
# minus the resident set before the run, per claim), the engine's events and events
# per wall second. The workload is sim/scenario/scale_bench.cpp.
#
# usage: tools/scale-bench.sh [CLAIMS...]      (default: 10000 100000 1000000)
#   XNSIM_BUILD_DIR   the Release build directory (default: build-rel)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${XNSIM_BUILD_DIR:-build-rel}
sizes=("$@")
((${#sizes[@]})) || sizes=(10000 100000 1000000)

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
fi
cmake --build "$build" -j1 --target scenario_bench >&2
bench="$build/sim/scenario/scenario_bench"

printf '%10s %9s %9s %14s %14s %10s %14s %12s\n' claims "wall s" "cpu s" provisions/s "peak RSS MiB" KB/claim "engine events" events/s
for n in "${sizes[@]}"; do
  json=$("$bench" --benchmark_filter="ScaleProvisions/claims:${n}/" --benchmark_format=json 2>/dev/null)
  python3 - "$n" "$json" <<'EOF'
import json, sys
n, doc = sys.argv[1], json.loads(sys.argv[2])
runs = doc.get("benchmarks", [])
if not runs:
    sys.exit(f"scale-bench: no benchmark ScaleProvisions/claims:{n} (sizes: 10000, 100000, 1000000)")
r = runs[0]
if r.get("error_occurred"):
    sys.exit(f"scale-bench: {n} claims: {r.get('error_message')}")
cpu_s = r["cpu_time"] / 1000.0  # the benchmark's unit is ms
print(f"{int(n):>10} {r['wall_s']:>9.2f} {cpu_s:>9.2f} {r['provisions_per_s']:>14,.0f} {r['peak_rss_MiB']:>14.1f} "
      f"{r['KB_per_claim']:>10.2f} {int(r['events']):>14,} {r['events_per_s']:>12,.0f}")
EOF
done
