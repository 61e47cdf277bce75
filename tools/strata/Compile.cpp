// strata compile --emit=STAGE [--target=TRIPLE] [-O N]
//                [--func=INDEX [--osr-loop=L [--osr-frame=V,...]]]
//                FILE.wasm [-o OUT]:
// shows one stage of the MLIR tier's pipeline for a module's functions, or for one function's
// OSR continuation from its loop L.
#include "Commands.h"

#include "strata/mlir/Compiler.h"
#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace strata::tools {

static int compileUsage(bool error) {
  std::fprintf(error ? stderr : stdout,
               "usage: strata compile --emit=STAGE [--target=TRIPLE] [-O N]\n"
               "                      [--func=INDEX [--osr-loop=LOOP [--osr-frame=V,...]]]\n"
               "                      [--bounds-checks=explicit|guard-pages] [--no-exact-traps]\n"
               "                      [--no-wasm-opt]\n"
               "                      FILE.wasm [-o OUT]\n"
               "Runs the MLIR tier's pipeline to STAGE and prints it (or writes it to OUT):\n"
               "  wasm-mlir  the frontend's wasm-level MLIR\n"
               "  opt-mlir   after the wasm-level optimizations\n"
               "  llvm-mlir  lowered to the llvm dialect\n"
               "  llvm       LLVM IR after the LLVM pipeline at -O N (default 2)\n"
               "  asm        assembly for TRIPLE (default: the host)\n"
               "  obj        an ELF object for TRIPLE (needs -o)\n"
               "--func=INDEX compiles one function (an index in the function index space).\n"
               "--osr-loop=LOOP compiles its OSR continuation wasm_f<INDEX>$osr<LOOP> instead,\n"
               "  which enters the function at its loop LOOP (0 is the first loop opcode).\n"
               "--osr-frame=V,... compiles it for one entry, with these frame slots (locals,\n"
               "  then the operands at the loop; integers or bit patterns) as constants.\n"
               "--no-exact-traps lets LLVM move and remove accesses that may fault (guard\n"
               "  pages only; traps may come at the wrong point): to measure what exactness costs.\n");
  return error ? 2 : 0;
}

int runCompile(int argc, char **argv) {
  mlirtier::CompileOptions options;
  std::optional<mlirtier::EmitStage> stage;
  const char *input = nullptr;
  const char *output = nullptr;
  for (int i = 1; i < argc; ++i) {
    const char *arg = argv[i];
    if (!std::strcmp(arg, "--help") || !std::strcmp(arg, "-h"))
      return compileUsage(false);
    if (!std::strncmp(arg, "--emit=", 7)) {
      stage = mlirtier::parseEmitStage(arg + 7);
      if (!stage) {
        std::fprintf(stderr, "strata compile: unknown stage '%s'\n", arg + 7);
        return 2;
      }
    } else if (!std::strncmp(arg, "--target=", 9)) {
      options.targetTriple = arg + 9;
    } else if (!std::strncmp(arg, "-O", 2) && arg[2] >= '0' && arg[2] <= '3' && !arg[3]) {
      options.optLevel = unsigned(arg[2] - '0');
    } else if (!std::strcmp(arg, "-O") && i + 1 < argc) {
      options.optLevel = unsigned(std::atoi(argv[++i]));
    } else if (!std::strncmp(arg, "--func=", 7)) {
      options.function = uint32_t(std::strtoul(arg + 7, nullptr, 10));
    } else if (!std::strcmp(arg, "--osr-loop=outer")) {
      options.osrLoop = mlirtier::kOutermostLoops;
    } else if (!std::strncmp(arg, "--osr-loop=", 11)) {
      char *end = nullptr;
      unsigned long loop = std::strtoul(arg + 11, &end, 10);
      if (end == arg + 11 || *end || loop > UINT32_MAX) {
        std::fprintf(stderr, "strata compile: bad loop index in '%s'\n", arg);
        return 2;
      }
      options.osrLoop = uint32_t(loop);
    } else if (!std::strncmp(arg, "--osr-frame=", 12)) {
      for (const char *next = arg + 12;; ++next) {
        char *end = nullptr;
        options.osrFrame.push_back(std::strtoull(next, &end, 0));
        if (end == next || (*end && *end != ',')) {
          std::fprintf(stderr, "strata compile: bad frame value in '%s'\n", arg);
          return 2;
        }
        if (!*end)
          break;
        next = end;
      }
    } else if (!std::strcmp(arg, "--bounds-checks=explicit")) {
      options.guardPages = false;
    } else if (!std::strcmp(arg, "--bounds-checks=guard-pages")) {
      options.guardPages = true;
    } else if (!std::strcmp(arg, "--no-exact-traps")) {
      options.exactTraps = false;
    } else if (!std::strcmp(arg, "--no-wasm-opt")) {
      options.wasmOptimizations = false;
    } else if (!std::strcmp(arg, "-o") && i + 1 < argc) {
      output = argv[++i];
    } else if (arg[0] == '-' && arg[1]) {
      std::fprintf(stderr, "strata compile: unknown option '%s'\n", arg);
      return 2;
    } else if (!input) {
      input = arg;
    } else {
      return compileUsage(true);
    }
  }
  if (!stage || !input || options.optLevel > 3)
    return compileUsage(true);
  if (options.osrLoop && !options.function) {
    std::fprintf(stderr, "strata compile: --osr-loop needs --func=INDEX\n");
    return 2;
  }
  if (*stage == mlirtier::EmitStage::Obj && !output) {
    std::fprintf(stderr, "strata compile: --emit=obj needs -o OUT\n");
    return 2;
  }
  std::vector<uint8_t> bytes;
  if (!readFile(input, bytes))
    return 1;
  auto module = wasm::decodeModule(bytes);
  Status valid = module ? wasm::validateModule(**module) : Status(module.error());
  if (!valid) {
    std::fprintf(stderr, "%s: error: %s\n", input, valid.error().message().c_str());
    return 1;
  }
  if (options.function && (*options.function >= (*module)->numFunctions() ||
                           (*module)->isImportedFunction(*options.function))) {
    std::fprintf(stderr, "strata compile: --func=%u is not a defined function\n",
                 *options.function);
    return 2;
  }
  auto result = mlirtier::emitStage(**module, *stage, options);
  if (!result) {
    std::fprintf(stderr, "%s: error: %s\n", input, result.error().message().c_str());
    return 1;
  }
  if (!output) {
    std::fwrite(result->data(), 1, result->size(), stdout);
    return 0;
  }
  std::ofstream out(output, std::ios::binary);
  out.write(result->data(), std::streamsize(result->size()));
  if (!out) {
    std::fprintf(stderr, "strata compile: cannot write %s\n", output);
    return 1;
  }
  return 0;
}

} // namespace strata::tools
