# Lit tests of the MLIR tier, one folder per stage of the pipeline:
#   frontend/  Wasm -> wasm-level MLIR        (wat2wasm, strata compile --emit=wasm-mlir)
#   passes/    each wasm pass alone           (strata-opt)
#   lowering/  convert-wasm-to-llvm           (strata-opt)
#   codegen/   x86-64 and aarch64 assembly    (strata compile --emit=asm --target=...)
#   pipeline/  every --emit stage end to end
#   osr/       OSR continuations F@L (strata compile --func=N --osr-loop=L), every stage
# and of the baseline tier:
#   baseline/  its code (strata compile --tier=baseline --emit=asm), for the build's target
#              (feature target-x86_64 or target-aarch64)
# RUN lines call strata, strata-opt, wat2wasm, FileCheck and not by name; the build's tools
# come first on PATH. Run through the build tree: ctest -R '^lit$', or ninja check-lit.
import os

import lit.formats

config.name = "Strata"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".wat"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in"]
config.test_source_root = os.path.dirname(__file__)

if not hasattr(config, "strata_tools_dir"):
    lit_config.fatal("run the lit tests from the build tree (lit.site.cfg.py)")
config.available_features.add("target-" + config.strata_target_arch)

tool_dirs = [
    config.strata_tools_dir,
    config.filecheck_dir,
    os.path.dirname(config.wat2wasm),
]
config.environment["PATH"] = os.pathsep.join(tool_dirs + [config.environment.get("PATH", "")])

for tool in ["strata", "strata-opt"]:
    if not os.path.exists(os.path.join(config.strata_tools_dir, tool)):
        lit_config.fatal("%s is not built: ninja strata strata-opt (or ninja check-lit)" % tool)

# A cross build's tools run under qemu-user (binfmt_misc), which finds the target's loader and
# libraries through QEMU_LD_PREFIX.
if "QEMU_LD_PREFIX" in os.environ:
    config.environment["QEMU_LD_PREFIX"] = os.environ["QEMU_LD_PREFIX"]
