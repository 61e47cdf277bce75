# Engine configurations the tests and benchmarks run: an engine and the settings that make it
# behave a particular way. Each suite registers its cases once per entry of STRATA_ENGINES.
#   interp              the interpreter
#   baseline            the baseline tier: copy-and-patch native code over the interpreter's
#                       frames, every function compiled at its first call
#   jit                 the MLIR tier, every function compiled before its first call
#   tiered              the tiered engine with its defaults (the chain interp -> baseline ->
#                       optimizing, default policy, one compile thread)
#   tiered-early        every function compiled at its first call and OSR at the first
#                       back-edge, synchronously: tier-up as early as it gets (straight from
#                       the interpreter to the MLIR tier)
#   tiered-late         baseline code below the MLIR tier from each function's first call
#                       (tiers=baseline,optimizing) and thresholds a short run rarely reaches:
#                       mostly baseline code, tier-up late; both native tiers with explicit
#                       bounds checks (the other native configurations use guard pages)
#   tiered-background   early thresholds, compiled by a background thread: code arrives while
#                       baseline code runs on
#   tiered-entry        OSR at a loop's first back-edge into a continuation compiled for that
#                       entry alone (its frame's numbers as constants) at that very loop, inner
#                       loops peeled; functions move to baseline code after 10 calls and to the
#                       MLIR tier after 1000
#   tiered-interp       the interpreter alone below the MLIR tier (tiers=interp,optimizing):
#                       loops enter OSR continuations at their first back-edge, functions tier
#                       up after 1000 calls
#   tiered-chain        the chain interp -> baseline -> optimizing with every function and loop
#                       through every tier: baseline code at the first call or back-edge, the
#                       MLIR tier's at the second (OSR from the baseline frame), synchronously
set(STRATA_ENGINES "interp;baseline;jit;tiered;tiered-early;tiered-late;tiered-background;tiered-entry;tiered-interp;tiered-chain"
    CACHE STRING "Engine configurations the tests run on (cmake/EngineConfigs.cmake)")

# strata_engine_flags(CONFIG OUT): the `strata` command-line flags of CONFIG, as a list.
function(strata_engine_flags config out)
  if(config STREQUAL "tiered-early")
    set(flags --engine=tiered --policy=counters:calls=1,loops=1 --threads=0)
  elseif(config STREQUAL "tiered-late")
    set(flags --engine=tiered --option=tiers=baseline,optimizing --option=bounds-checks=explicit
                --policy=counters:calls=20000,loops=200000 --threads=0)
  elseif(config STREQUAL "tiered-background")
    set(flags --engine=tiered --policy=counters:calls=1,loops=1 --threads=1)
  elseif(config STREQUAL "tiered-entry")
    set(flags --engine=tiered --policy=counters:calls=1000,loops=1,specialize=on,root-wait=0
                --threads=0)
  elseif(config STREQUAL "tiered-interp")
    set(flags --engine=tiered --option=tiers=interp,optimizing
                --policy=counters:calls=1000,loops=1 --threads=0)
  elseif(config STREQUAL "tiered-chain")
    set(flags --engine=tiered --option=tiers=interp,baseline,optimizing
                --policy=counters:calls=2,loops=2,baseline-calls=1,baseline-loops=1 --threads=0)
  elseif(config MATCHES "^(interp|baseline|jit|tiered)$")
    set(flags --engine=${config})
  else()
    message(FATAL_ERROR "unknown engine configuration `${config}` in STRATA_ENGINES")
  endif()
  set(${out} ${flags} PARENT_SCOPE)
endfunction()
