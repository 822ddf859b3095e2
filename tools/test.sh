#!/usr/bin/env bash
# Builds xnsim and runs every test with CTest: the unit tests of each library and
# the CLI scenario tests (tools/cli_test.sh).
#
# usage: tools/test.sh [--sanitize]
#   --sanitize  build with AddressSanitizer and UndefinedBehaviorSanitizer (Debug), without
#               benchmarks, in a build directory of its own (build-sanitize/)
# XNSIM_BUILD_DIR overrides the build directory (default build/ or build-sanitize/),
# XNSIM_JOBS the number of parallel build and test jobs (default: all cores).
# XNSIM_UNITY_BUILD=ON builds as a unity build (CI does).
# XNSIM_BUILD_TYPE sets the plain build's CMake build type (default RelWithDebInfo).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sanitize=0
for arg in "$@"; do
  case $arg in
    --sanitize) sanitize=1 ;;
    -h | --help)
      sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *)
      echo "test.sh: unknown argument '$arg' (try --help)" >&2
      exit 2
      ;;
  esac
done

bash "$root/tools/install-deps.sh"

if [[ $sanitize -eq 1 ]]; then
  build_dir=${XNSIM_BUILD_DIR:-$root/build-sanitize}
  # Debug (-O0) compiles about twice as fast as -O2, and the sanitizers find the
  # same faults there.
  options=(-DCMAKE_BUILD_TYPE=Debug -DXNSIM_SANITIZE=ON -DXNSIM_BENCHMARKS=OFF)
  # Fail on the first report, with a stack, instead of carrying on.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_stack_use_after_return=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
else
  build_dir=${XNSIM_BUILD_DIR:-$root/build}
  options=(-DCMAKE_BUILD_TYPE=${XNSIM_BUILD_TYPE:-RelWithDebInfo})
fi
# CI sets XNSIM_UNITY_BUILD=ON: a unity build compiles each library in a few large
# translation units, about twice as fast from scratch; day-to-day builds stay per file.
if [[ ${XNSIM_UNITY_BUILD:-OFF} == ON ]]; then
  options+=(-DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16)
fi
jobs=${XNSIM_JOBS:-$(nproc 2>/dev/null || echo 2)}

cmake -S "$root" -B "$build_dir" -G Ninja "${options[@]}"
cmake --build "$build_dir" -j "$jobs"
# The deliberate-fault tests rerun the whole conformance suite eight times: their
# verdicts do not depend on the sanitizers, which the suite's own run already covers.
exclude=()
[[ $sanitize -eq 1 ]] && exclude=(-E '^ConformanceFaults[.]')
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" "${exclude[@]}"
