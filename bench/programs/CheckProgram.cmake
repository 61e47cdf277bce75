# cmake -DSTRATA=... -DENGINE_FLAGS="--engine=NAME ..." -DMODULE=prog.small.wasm
#       -DNATIVE=prog.small.native -P this:
# runs the program natively and on the engine configuration and fails unless both print the same
# checksum.
foreach(var STRATA ENGINE_FLAGS MODULE NATIVE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "CheckProgram.cmake needs -D${var}=...")
  endif()
endforeach()

execute_process(COMMAND ${NATIVE} OUTPUT_VARIABLE expected ERROR_VARIABLE native_time
                RESULT_VARIABLE native_status OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT native_status EQUAL 0)
  message(FATAL_ERROR "${NATIVE} failed (${native_status}): ${native_time}")
endif()

separate_arguments(flags UNIX_COMMAND "${ENGINE_FLAGS}")
execute_process(COMMAND ${STRATA} invoke ${flags} ${MODULE} run
                OUTPUT_VARIABLE actual ERROR_VARIABLE errors RESULT_VARIABLE status
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "strata invoke failed (${status}): ${errors}")
endif()
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "checksum ${actual} with ${ENGINE_FLAGS}, ${expected} natively")
endif()
message(STATUS "checksum ${actual}")
