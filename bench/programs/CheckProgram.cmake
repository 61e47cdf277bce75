# cmake -DSTRATA=... -DENGINE=... -DMODULE=prog.small.wasm -DNATIVE=prog.small.native -P this:
# runs the program natively and on the engine and fails unless both print the same checksum.
foreach(var STRATA ENGINE MODULE NATIVE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "CheckProgram.cmake needs -D${var}=...")
  endif()
endforeach()

execute_process(COMMAND ${NATIVE} OUTPUT_VARIABLE expected ERROR_VARIABLE native_time
                RESULT_VARIABLE native_status OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT native_status EQUAL 0)
  message(FATAL_ERROR "${NATIVE} failed (${native_status}): ${native_time}")
endif()

execute_process(COMMAND ${STRATA} invoke --engine=${ENGINE} ${MODULE} run
                OUTPUT_VARIABLE actual ERROR_VARIABLE errors RESULT_VARIABLE status
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "strata invoke failed (${status}): ${errors}")
endif()
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "checksum ${actual} on ${ENGINE}, ${expected} natively")
endif()
message(STATUS "checksum ${actual}")
