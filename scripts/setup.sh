#!/usr/bin/env bash
# Installs every Debian package Strata's build, tests and benchmarks need. Idempotent; run as root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache git python3
  llvm-19 llvm-19-dev libmlir-19-dev mlir-19-tools llvm-19-tools
  clang-19 lld-19 libclang-rt-19-dev libclang-rt-19-dev-wasm32 wasi-libc
  libc++-19-dev-wasm32 libc++abi-19-dev-wasm32
  libboost1.81-dev libboost-program-options1.81-dev libboost-json1.81-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  wabt binaryen nodejs
  linux-perf valgrind gdb
  python3-matplotlib
  tcl time spirv-headers python3.11
  qemu-user-static binfmt-support
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: installed ${missing[*]}"
