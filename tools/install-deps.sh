#!/usr/bin/env bash
# Installs the Debian packages xnsim builds, tests and benchmarks with. Only missing
# packages are installed, so a machine that has them all needs no network; safe to
# run again and again. Uses sudo when not run as root; never asks questions.
# Graphviz (`xnsim graph --format svg`) is optional and not installed here:
# `apt-get install graphviz` to draw SVG; DOT and JSON need nothing.
set -euo pipefail

readonly packages=(
  cmake
  ninja-build
  g++
  ccache
  libboost-graph-dev
  libboost-program-options-dev
  libspdlog-dev
  libgtest-dev
  nlohmann-json3-dev
  libyaml-cpp-dev
  libbenchmark-dev
  python3
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if [[ $status != "install ok installed" ]]; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
  --no-install-recommends "${missing[@]}"
