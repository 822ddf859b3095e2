#!/usr/bin/env bash
# The main job: installs what xnsim needs, builds it, and replays every scenario
# under scenarios/, printing the summary and writing reports to out/
# (out/scenarios.json and out/scenarios.junit.xml). Exits as xnsim does:
# 0 all passed, 1 a scenario failed, 2 bad input.
#
# usage: tools/main-job.sh [XNSIM_RUN_OPTION...]   e.g. --seed 7, --filter area=admission
# XNSIM_BUILD_DIR overrides the build directory (default build/), XNSIM_JOBS the
# number of parallel build jobs (default: all cores).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${XNSIM_BUILD_DIR:-$root/build}
jobs=${XNSIM_JOBS:-$(nproc 2>/dev/null || echo 2)}

bash "$root/tools/install-deps.sh"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build_dir" -j "$jobs" --target xnsim

cd "$root"
mkdir -p out
"$build_dir/tools/xnsim" run scenarios/ \
  --report json=out/scenarios.json \
  --report junit=out/scenarios.junit.xml \
  "$@"
