#!/usr/bin/env bash
# Exploration benchmark: explores each scenario under N random schedules on one core
# (`xnsim run FILE --explore --runs N --jobs 1`) and prints one row per scenario:
# schedules per wall second (as xnsim reports them) and per CPU second (the steadier
# figure on a shared machine), and the engine events of one schedule (seed 1). The
# first row is a cluster built, started and torn down with nothing done in it: the
# fixed cost every schedule pays. Builds the Release xnsim binary first if needed.
#
# usage: tools/explore-bench.sh [--runs N] [FILE...]
#   default: 2000 runs; the cluster-only baseline and every scenario in scenarios/races
#   XNSIM_BUILD_DIR   the Release build directory (default: build-rel)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${XNSIM_BUILD_DIR:-build-rel}
runs=2000
files=()
while (($#)); do
  case "$1" in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "explore-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) files+=("$1"); shift ;;
  esac
done
if ((${#files[@]} == 0)); then
  files=(tools/testdata/explore-bench/cluster-only.yaml scenarios/races/*.yaml)
fi

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
fi
cmake --build "$build" -j1 --target xnsim >&2

python3 - "$build/tools/xnsim" "$runs" "${files[@]}" <<'PY'
import re, resource, subprocess, sys

xnsim, runs, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]

def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

print(f"{'scenario':<50} {'schedules':>9} {'per wall s':>11} {'per CPU s':>10} {'events':>7}")
failed = False
for f in files:
    before = child_cpu()
    explored = subprocess.run([xnsim, "run", f, "--explore", "--runs", str(runs), "--jobs", "1"],
                              capture_output=True, text=True)
    cpu = child_cpu() - before
    line = next((l for l in explored.stdout.splitlines() if re.match(r"(PASS|FAIL|ERROR) ", l)), "")
    wall = re.search(r"\((\d+) schedules/s\)", line)
    if explored.returncode != 0 or not wall:
        print(f"explore-bench: {f}: exit {explored.returncode}: {line or explored.stderr.strip()}",
              file=sys.stderr)
        failed = True
        continue
    name = line.split()[1]
    one = subprocess.run([xnsim, "run", f, "--strategy", "random", "--seed", "1", "-v"],
                         capture_output=True, text=True)
    events = re.search(r"passed at .*, (\d+) events", one.stderr)
    print(f"{name:<50} {runs:>9} {int(wall.group(1)):>11,} {runs / cpu:>10,.0f} "
          f"{events.group(1) if events else '?':>7}")
sys.exit(1 if failed else 0)
PY
