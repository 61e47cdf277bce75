# Cross build for aarch64-linux-gnu with clang-19 and lld against the sysroot that
# scripts/aarch64-sysroot.sh unpacks from Debian's arm64 packages (`make build-aarch64`).
# Binaries the build or ctest runs go through qemu-aarch64-static.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(STRATA_AARCH64_SYSROOT /opt/strata/aarch64-sysroot CACHE PATH
    "the arm64 sysroot (scripts/aarch64-sysroot.sh)")
set(CMAKE_SYSROOT ${STRATA_AARCH64_SYSROOT})
set(CMAKE_C_COMPILER clang-19)
set(CMAKE_CXX_COMPILER clang++-19)
set(CMAKE_C_COMPILER_TARGET aarch64-linux-gnu)
set(CMAKE_CXX_COMPILER_TARGET aarch64-linux-gnu)
set(CMAKE_EXE_LINKER_FLAGS_INIT -fuse-ld=lld)
set(CMAKE_SHARED_LINKER_FLAGS_INIT -fuse-ld=lld)
# The libraries' own dependencies (libLLVM's libxml2, libz3 ...) are found in the sysroot too.
string(APPEND CMAKE_EXE_LINKER_FLAGS_INIT
       " -Wl,-rpath-link,${STRATA_AARCH64_SYSROOT}/usr/lib/aarch64-linux-gnu"
       " -Wl,-rpath-link,${STRATA_AARCH64_SYSROOT}/lib/aarch64-linux-gnu")

# Headers, libraries and CMake packages from the sysroot; programs (wat2wasm, mlir-tblgen,
# clang for wasm32) from the host.
set(CMAKE_FIND_ROOT_PATH ${STRATA_AARCH64_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static -L ${STRATA_AARCH64_SYSROOT})
