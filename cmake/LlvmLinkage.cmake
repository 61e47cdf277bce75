# How executables link LLVM and MLIR (docs/building.md, "Linking LLVM and MLIR").
#
# STRATA_STATIC_LLVM=ON (the default): Debian's static archives, linked by lld with unused
# sections dropped, into executables that are not position-independent. A process then maps
# and relocates only the LLVM and MLIR code it uses: `strata run` starts at 25 MB of resident
# memory instead of 66 MB, and every engine's peak is about 40 MB lower. OFF: the shared
# libLLVM.so and libMLIR.so, as Debian's CMake packages export them (sanitizer builds, whose
# runtimes want position-independent executables).
if(STRATA_SANITIZERS)
  set(static_default OFF)
else()
  set(static_default ON)
endif()
option(STRATA_STATIC_LLVM "link LLVM and MLIR statically into executables" ${static_default})

add_library(strata_llvm INTERFACE)
if(NOT STRATA_STATIC_LLVM)
  target_link_libraries(strata_llvm INTERFACE MLIR MLIRExecutionEngineShared LLVM)
  return()
endif()

# Debian's static MLIR targets link the shared libLLVM (it is built with LLVM_LINK_LLVM_DYLIB),
# and a process holding both copies aborts on an option registered twice: the archives are
# named directly. lld resolves them in any order and reads only the members it needs.
file(GLOB strata_llvm_archives ${LLVM_LIBRARY_DIR}/libMLIR*.a ${LLVM_LIBRARY_DIR}/libLLVM*.a)
list(FILTER strata_llvm_archives EXCLUDE REGEX "/libMLIR(CAPI[^/]*|[^/]*Main|[^/]*TestLib)\\.a$")
if(NOT strata_llvm_archives)
  message(FATAL_ERROR "no static LLVM or MLIR archives in ${LLVM_LIBRARY_DIR}")
endif()
# LLVMSupport's own dependencies, by their runtime names where the -dev symlink may be missing
# (Debian ships libzstd.so.1 without it; the arm64 sysroot has neither).
find_library(STRATA_ZSTD NAMES zstd libzstd.so.1 REQUIRED)
find_library(STRATA_ZLIB NAMES z libz.so.1 REQUIRED)
target_link_libraries(strata_llvm INTERFACE ${strata_llvm_archives} ${STRATA_ZSTD} ${STRATA_ZLIB}
                      Threads::Threads ${CMAKE_DL_LIBS} rt m)

# GCC finds lld through -B (Debian's lld-19 installs ld.lld only in LLVM's bin directory);
# clang (the aarch64 cross build) through -fuse-ld=lld alone.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  find_program(STRATA_LLD ld.lld PATHS /usr/lib/llvm-19/bin NO_DEFAULT_PATH REQUIRED)
  get_filename_component(lld_dir ${STRATA_LLD} DIRECTORY)
  target_link_options(strata_llvm INTERFACE -fuse-ld=lld -B${lld_dir}/)
else()
  target_link_options(strata_llvm INTERFACE -fuse-ld=lld)
endif()
# -no-pie: a position-independent executable relocates 5 MB of LLVM's tables at start, which
# then stay resident. --gc-sections and grouping the static constructors (.text.startup) keep
# the pages touched before main few.
target_link_options(strata_llvm INTERFACE -no-pie LINKER:--gc-sections
                    LINKER:-z,keep-text-section-prefix)
# The functions processes run, laid out together (cmake/symbol-order.txt, written by
# scripts/symbol-order.py; docs/building.md): CPython's tiered run touches 19 MB of code, not 31.
set(strata_symbol_order ${CMAKE_CURRENT_LIST_DIR}/symbol-order.txt)
target_link_options(strata_llvm INTERFACE LINKER:--symbol-ordering-file=${strata_symbol_order}
                    LINKER:--no-warn-symbol-ordering)
set_property(TARGET strata_llvm APPEND PROPERTY INTERFACE_LINK_DEPENDS ${strata_symbol_order})
# ORC finds the function that registers JIT code with gdb by name in the process (dlsym), which
# sees only exported symbols.
target_link_options(strata_llvm INTERFACE LINKER:--undefined=llvm_orc_registerJITLoaderGDBWrapper
                    LINKER:--export-dynamic-symbol=llvm_orc_registerJITLoaderGDBWrapper)
