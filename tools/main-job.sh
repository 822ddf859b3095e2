#!/usr/bin/env bash
# The main job: installs what xnsim needs, builds it, and runs the conformance suite
# (conformance/), printing the summary per profile and writing reports to out/:
# out/conformance.md (for people), out/conformance.json (for tools; shards merge with
# `xnsim report merge`) and out/conformance.junit.xml (for CI). Exits as xnsim does:
# 0 conformant, 1 a case failed or a profile is not conformant, 2 bad input.
#
# usage: tools/main-job.sh [XNSIM_CONFORMANCE_OPTION...]
#   e.g. --profile core, --driver conformance/drivers/snapshot-only.yaml, --shard 0/4
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
"$build_dir/tools/xnsim" conformance \
  --report md=out/conformance.md \
  --report json=out/conformance.json \
  --report junit=out/conformance.junit.xml \
  "$@"
