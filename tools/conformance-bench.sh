#!/usr/bin/env bash
# How long the conformance suite takes: runs `xnsim conformance` RUNS times (default
# 9) and prints the case count and the median, fastest and slowest wall time of the
# whole process, as a user would wait for it.
#
# usage: tools/conformance-bench.sh XNSIM_BINARY [RUNS] [XNSIM_CONFORMANCE_OPTION...]
set -euo pipefail

xnsim=${1:?usage: tools/conformance-bench.sh XNSIM_BINARY [RUNS] [OPTION...]}
runs=${2:-9}
shift $(( $# >= 2 ? 2 : 1 ))
cd "$(dirname "${BASH_SOURCE[0]}")/.."

times=()
for ((i = 0; i < runs; i++)); do
  start=$(date +%s.%N)
  "$xnsim" conformance --color never "$@" >/dev/null
  end=$(date +%s.%N)
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }')")
done
cases=$("$xnsim" conformance --list "$@" | wc -l)
printf '%s\n' "${times[@]}" | sort -n | awk -v cases="$cases" -v runs="$runs" '
  { t[NR] = $1 }
  END {
    median = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "conformance suite: %d cases, median %.3f s wall over %d runs (fastest %.3f s, slowest %.3f s)\n",
           cases, median, runs, t[1], t[NR]
  }'
