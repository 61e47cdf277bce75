#!/bin/sh
# Builds CPython with its own configure script and Makefile, for wasm32-wasi (with the
# config.site that CPython keeps for WASI; the C modules are then built in, WASI having no
# dynamic loading) or natively (C modules as shared libraries, as CPython builds them by
# default), and lays out the home that both builds share at run time (PYTHONHOME): the standard
# library without its tests, and the native build's C modules in lib-dynload.
#
#   build.sh wasm|native SOURCE BUILD OUTPUT HOME BUILD_PYTHON CLANG SYSROOT [LAUNCHER...]
#
# BUILD_PYTHON is a python3.11 of the build machine (configure needs one of the same version to
# cross-compile); SYSROOT is wasi-libc's; LAUNCHER (ccache, with its arguments) prefixes every
# compiler run of make (configure's thousands of small checks run without it).
set -eu
kind=$1 source=$2 build=$3 output=$4 home=$5 build_python=$6 clang=$7 sysroot=$8
shift 8
launcher="$*"
optimization="-DNDEBUG -fwrapv -O2"
jobs=$(nproc)
source=$(cd "$source" && pwd)
rm -rf "$build" # configure's cache holds the compiler of the last run
mkdir -p "$build"
build=$(cd "$build" && pwd)
cd "$build"
case $kind in
wasm)
  target="--target=wasm32-wasi --sysroot=$sysroot"
  # With wasi-libc's sysroot at /usr the compiler also finds the machine's own headers, and
  # pkg-config the machine's libraries: leave out the modules whose libraries (zlib, liblzma,
  # libbz2, libuuid, libcrypt) wasi-libc lacks.
  cat "$source/Tools/wasm/config.site-wasm32-wasi" - >config.site <<'EOF'
ac_cv_header_zlib_h=no
ac_cv_header_lzma_h=no
ac_cv_header_bzlib_h=no
ac_cv_header_uuid_h=no
ac_cv_header_uuid_uuid_h=no
ac_cv_header_crypt_h=no
py_cv_module_zlib=n/a
py_cv_module__lzma=n/a
py_cv_module__bz2=n/a
py_cv_module__uuid=n/a
py_cv_module__crypt=n/a
EOF
  # wasi-libc's clockid_t is a pointer, which timemodule.c passes as a long: an error since
  # clang 16, a warning for the clang that CPython 3.11 was released with.
  CFLAGS="-Wno-error=int-conversion" CONFIG_SITE=$build/config.site \
    PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR=$sysroot/lib/wasm32-wasi/pkgconfig \
    CC="$clang $target" CPP="$clang $target -E" AR=llvm-ar-19 RANLIB=llvm-ranlib-19 \
    "$source/configure" -C --host=wasm32-unknown-wasi --build="$("$source/config.guess")" \
      --with-build-python="$build_python" --disable-test-modules >configure.log
  make -j"$jobs" CC="$launcher $clang $target" OPT="$optimization" python.wasm >make.log
  cp python.wasm "$output"
  ;;
native)
  CC="$clang" "$source/configure" -C --with-build-python="$build_python" \
    --disable-test-modules --without-ensurepip >configure.log
  make -j"$jobs" CC="$launcher $clang" OPT="$optimization" python sharedmods >make.log
  cp python "$output"
  library=$home/lib/python3.11
  rm -rf "$home"
  mkdir -p "$library/lib-dynload"
  # The standard library, as `make install` would lay it out, without the test packages.
  (cd "$source/Lib" && tar cf - --exclude='test' --exclude='tests' --exclude='idle_test' \
    --exclude='__pycache__' .) | (cd "$library" && tar xf -)
  cp "$(cat pybuilddir.txt)"/*.so "$library/lib-dynload/"
  ;;
*)
  echo "build.sh: wasm or native, not $kind" >&2
  exit 2
  ;;
esac
