# glslang's build_info.h, as its own CMakeLists.txt makes it: the version parsed from CHANGES.md
# into build_info.h.tmpl. cmake -DSOURCE=<glslang source> -DOUTPUT=<header> -P build_info.cmake
include(${SOURCE}/parse_version.cmake)
parse_version(${SOURCE}/CHANGES.md GLSLANG)
set(major ${GLSLANG_VERSION_MAJOR})
set(minor ${GLSLANG_VERSION_MINOR})
set(patch ${GLSLANG_VERSION_PATCH})
set(flavor ${GLSLANG_VERSION_FLAVOR})
configure_file(${SOURCE}/build_info.h.tmpl ${OUTPUT} @ONLY)
