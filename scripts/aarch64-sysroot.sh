#!/usr/bin/env bash
# Makes the aarch64-linux-gnu sysroot the cross build compiles and links against and qemu-user
# runs its binaries in: Debian's arm64 packages of everything Strata links (libc, libstdc++,
# LLVM and MLIR 19, Boost, GoogleTest, Google Benchmark) and what those load, unpacked (not
# installed: llvm-19-dev:arm64 cannot sit beside the host's llvm-19-dev) into SYSROOT.
# Also registers qemu-aarch64 with binfmt_misc, so that scripts run aarch64 binaries directly.
# Idempotent; run as root.   usage: aarch64-sysroot.sh SYSROOT
set -euo pipefail
sysroot=${1:?usage: aarch64-sysroot.sh SYSROOT}

packages=(
  libc6 libc6-dev linux-libc-dev libcrypt1 libcrypt-dev
  libgcc-s1 libgcc-12-dev libstdc++6 libstdc++-12-dev libatomic1 libasan8 libubsan1 libtsan2
  libhwasan0 libitm1 liblsan0 libgomp1
  llvm-19 llvm-19-dev llvm-19-tools llvm-19-linker-tools llvm-19-runtime libllvm19 libmlir-19 libmlir-19-dev mlir-19-tools
  libffi8 libedit2 libxml2 libz3-4 libzstd1 zlib1g libtinfo6 libbsd0 libmd0 libicu72 liblzma5
  libboost1.81-dev libboost-program-options1.81-dev libboost-program-options1.81.0
  libboost-json1.81-dev libboost-json1.81.0 libboost-container1.81-dev libboost-container1.81.0
  libgtest-dev libgmock-dev libbenchmark-dev libbenchmark1debian
)

stamp=$sysroot/.strata-sysroot
wanted=$(printf '%s\n' "${packages[@]}" | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  echo "aarch64 sysroot: $sysroot is up to date"
else
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $SUDO dpkg --add-architecture arm64
  fi
  $SUDO apt-get update -qq
  debs=$(mktemp -d)
  chmod 777 "$debs"
  (cd "$debs" && apt-get download -qq "${packages[@]/%/:arm64}")
  rm -rf "$sysroot"
  mkdir -p "$sysroot"
  for deb in "$debs"/*.deb; do
    dpkg-deb -x "$deb" "$sysroot"
  done
  rm -rf "$debs"
  echo "$wanted" > "$stamp"
  echo "aarch64 sysroot: ${#packages[@]} packages unpacked into $sysroot"
fi

# binfmt_misc: aarch64 ELF files run through qemu-aarch64-static (QEMU_LD_PREFIX names the
# sysroot for their dynamic loader and libraries).
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || true
fi
if [ -e /proc/sys/fs/binfmt_misc/register ] && [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  update-binfmts --enable qemu-aarch64 || true
fi
if [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  echo "aarch64 sysroot: qemu-aarch64 registered with binfmt_misc"
else
  echo "aarch64 sysroot: binfmt_misc is not available; run aarch64 binaries with qemu-aarch64-static -L $sysroot" >&2
fi
