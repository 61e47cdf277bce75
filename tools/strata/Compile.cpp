// strata compile --emit=STAGE [--target=TRIPLE] [-O N]
//                [--func=INDEX [--osr-loop=L [--osr-frame=V,...]]] FILE.wasm [-o OUT]:
// shows one stage of the MLIR tier's pipeline for a module's functions, or for one function's
// OSR continuation from its loop L. With --tier=baseline, the baseline tier's code instead.
#include "CommandLine.h"
#include "Commands.h"

#include "strata/baseline/Listing.h"
#include "strata/mlir/Compiler.h"
#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace strata::tools {

namespace {

const char kAbout[] =
    "Runs the MLIR tier's pipeline to STAGE and prints it (or writes it to OUT):\n"
    "  wasm-mlir  the frontend's wasm-level MLIR\n"
    "  opt-mlir   after the wasm-level optimizations\n"
    "  llvm-mlir  lowered to the llvm dialect\n"
    "  llvm       LLVM IR after the LLVM pipeline at -O N\n"
    "  asm        assembly for TRIPLE\n"
    "  obj        an ELF object for TRIPLE (needs -o); of a whole module, the jit engine\n"
    "             on a TRIPLE machine runs it: --engine=jit --option=aot-object=OUT\n"
    "--osr-loop compiles the OSR continuation wasm_f<INDEX>$osr<LOOP> of function INDEX, which\n"
    "enters it at its loop LOOP (0 is the first loop opcode; `outer`: any outermost loop).\n"
    "--tier=baseline --emit=asm shows the baseline tier's code instead: each interpreter\n"
    "instruction above the machine code copied from its stencil. Its stencils are this build's,\n"
    "so its TRIPLE is the host's architecture (an aarch64 build shows aarch64 code).\n";

void describeOptions(CommandLine &commandLine) {
  po::options_description_easy_init add = commandLine.addOptions();
  add("tier", po::value<std::string>()->value_name("optimizing|baseline"),
      "the tier whose code to show (default: optimizing, the MLIR tier)");
  add("emit", po::value<std::string>()->value_name("STAGE")->required(),
      "the stage to print: wasm-mlir, opt-mlir, llvm-mlir, llvm, asm or obj");
  add("target", po::value<std::string>()->value_name("TRIPLE"),
      "the target of asm and obj, any LLVM triple (default: the host)");
  add(",O", po::value<unsigned>()->value_name("N"),
      "the LLVM pipeline's level, 0 to 3 (default 2)");
  add("llvm-pipeline", po::value<std::string>()->value_name("lean|clang"),
      "the passes of levels 1-3: the MLIR tier's lean pipeline (default) or clang's");
  add("fast-isel", "select instructions with FastISel at levels 1-3 too, as at level 0");
  add("func", po::value<uint32_t>()->value_name("INDEX"),
      "compile only function INDEX (in the function index space)");
  add("osr-loop", po::value<std::string>()->value_name("LOOP"),
      "compile the OSR continuation of --func from its loop LOOP, or `outer`");
  add("osr-frame", po::value<std::string>()->value_name("V,..."),
      "compile it for one entry: frame slots (locals, then operands) as constants");
  add("bounds-checks", po::value<std::string>()->value_name("explicit|guard-pages"),
      "compare-and-branch checks, or the guard pages' faults (default)");
  add("no-tier-above", "with --tier=baseline: the code as the baseline engine runs it, whose "
                       "loop back-edges poll without counting down for a tier above");
  add("no-exact-traps", "let LLVM move and remove accesses that may fault (to measure the cost)");
  add("volatile-loads", "make loads that may fault volatile rather than marked (to measure the "
                        "difference)");
  add("no-wasm-opt", "skip the wasm-level optimizations");
  add(",o", po::value<std::string>()->value_name("OUT"), "write the output to OUT, not stdout");
}

/// "--osr-loop=LOOP": a loop index or `outer`.
std::optional<uint32_t> parseLoop(const std::string &text) {
  if (text == "outer")
    return mlirtier::kOutermostLoops;
  char *end = nullptr;
  unsigned long loop = std::strtoul(text.c_str(), &end, 10);
  if (text.empty() || *end || loop > UINT32_MAX)
    return std::nullopt;
  return uint32_t(loop);
}

/// "--osr-frame=V,...": integers (decimal, 0x hex or octal) or bit patterns.
std::optional<std::vector<uint64_t>> parseFrame(const std::string &text) {
  std::vector<uint64_t> slots;
  for (const char *next = text.c_str();; ++next) {
    char *end = nullptr;
    slots.push_back(std::strtoull(next, &end, 0));
    if (end == next || (*end && *end != ','))
      return std::nullopt;
    if (!*end)
      return slots;
    next = end;
  }
}

/// What the command line asks for.
struct Request {
  bool baseline = false; // --tier=baseline
  bool tierAbove = true; // not with --no-tier-above
  mlirtier::CompileOptions options;
  mlirtier::EmitStage stage;
  std::string input, output; // output empty: stdout
};

/// Reads the parsed command line into `request`; the exit code when it is bad.
std::optional<int> readRequest(const CommandLine &commandLine, Request &request) {
  const po::variables_map &values = commandLine.values();
  mlirtier::CompileOptions &options = request.options;
  std::string emit = values["emit"].as<std::string>();
  std::optional<mlirtier::EmitStage> stage = mlirtier::parseEmitStage(emit);
  if (!stage)
    return commandLine.usageError("unknown stage '" + emit + "'");
  request.stage = *stage;
  if (values.count("tier")) {
    std::string tier = values["tier"].as<std::string>();
    if (tier != "optimizing" && tier != "baseline")
      return commandLine.usageError("--tier must be `optimizing` or `baseline`");
    request.baseline = tier == "baseline";
  }
  if (request.baseline) {
    for (const char *option : {"-O", "llvm-pipeline", "fast-isel", "osr-loop", "osr-frame",
                               "no-exact-traps", "volatile-loads", "no-wasm-opt"})
      if (values.count(option))
        return commandLine.usageError(std::string("--tier=baseline takes no ") +
                                      (option[0] == '-' ? "" : "--") + option);
    if (request.stage != mlirtier::EmitStage::Asm)
      return commandLine.usageError("--tier=baseline shows --emit=asm only");
    request.tierAbove = !values.count("no-tier-above");
  } else if (values.count("no-tier-above")) {
    return commandLine.usageError("--no-tier-above needs --tier=baseline");
  }
  if (values.count("target"))
    options.targetTriple = values["target"].as<std::string>();
  if (values.count("-O"))
    options.optLevel = values["-O"].as<unsigned>();
  if (options.optLevel > 3)
    return commandLine.usageError("-O takes 0, 1, 2 or 3");
  if (values.count("llvm-pipeline")) {
    std::string name = values["llvm-pipeline"].as<std::string>();
    std::optional<mlirtier::LlvmPipeline> pipeline = mlirtier::parseLlvmPipeline(name);
    if (!pipeline)
      return commandLine.usageError("--llvm-pipeline must be `lean` or `clang`");
    options.pipeline = *pipeline;
  }
  options.fastInstructionSelection = values.count("fast-isel") > 0;
  if (values.count("func"))
    options.function = values["func"].as<uint32_t>();
  if (values.count("osr-loop")) {
    std::string loop = values["osr-loop"].as<std::string>();
    options.osrLoop = parseLoop(loop);
    if (!options.osrLoop)
      return commandLine.usageError("bad loop index in '--osr-loop=" + loop + "'");
    if (!options.function)
      return commandLine.usageError("--osr-loop needs --func=INDEX");
  }
  if (values.count("osr-frame")) {
    std::string frame = values["osr-frame"].as<std::string>();
    std::optional<std::vector<uint64_t>> slots = parseFrame(frame);
    if (!slots)
      return commandLine.usageError("bad frame value in '--osr-frame=" + frame + "'");
    options.osrFrame = std::move(*slots);
  }
  if (values.count("bounds-checks")) {
    std::string checks = values["bounds-checks"].as<std::string>();
    if (checks != "explicit" && checks != "guard-pages")
      return commandLine.usageError("--bounds-checks must be `explicit` or `guard-pages`");
    options.guardPages = checks == "guard-pages";
  }
  options.exactTraps = !values.count("no-exact-traps");
  options.volatileLoads = values.count("volatile-loads") > 0;
  options.wasmOptimizations = !values.count("no-wasm-opt");
  request.input = commandLine.positionals().front();
  if (values.count("-o"))
    request.output = values["-o"].as<std::string>();
  if (request.stage == mlirtier::EmitStage::Obj && request.output.empty())
    return commandLine.usageError("--emit=obj needs -o OUT");
  return std::nullopt;
}

/// The architecture of a target triple: its part before the first '-'.
std::string architecture(const std::string &triple) { return triple.substr(0, triple.find('-')); }

/// --tier=baseline --emit=asm: the baseline code, disassembled for the host.
Expected<std::string> emitBaseline(std::shared_ptr<const wasm::Module> module,
                                   const mlirtier::CompileOptions &options, bool tierAbove) {
#if defined(__x86_64__)
  const std::string host = "x86_64-linux-gnu";
#elif defined(__aarch64__)
  const std::string host = "aarch64-linux-gnu";
#endif
  if (!options.targetTriple.empty() &&
      architecture(options.targetTriple) != architecture(host))
    return Error("the baseline tier's stencils of this build are for " + architecture(host) +
                 ", not " + architecture(options.targetTriple) +
                 "; a build for that architecture shows its code");
  return baseline::listBaselineCode(module, options.function, options.guardPages, tierAbove,
                                    [&](std::span<const uint8_t> code, uint64_t address) {
                                      return mlirtier::disassemble(code, address, host);
                                    });
}

} // namespace

int runCompile(int argc, char **argv) {
  CommandLine commandLine("compile", "--emit=STAGE [OPTIONS] FILE.wasm [-o OUT]", kAbout);
  describeOptions(commandLine);
  commandLine.takePositionals(1, 1);
  if (std::optional<int> done = commandLine.parse(argc, argv))
    return *done;
  Request request;
  if (std::optional<int> bad = readRequest(commandLine, request))
    return *bad;
  const mlirtier::CompileOptions &options = request.options;
  const char *input = request.input.c_str();
  const char *output = request.output.empty() ? nullptr : request.output.c_str();
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
  auto result = request.baseline ? emitBaseline(std::move(*module), options, request.tierAbove)
                                 : mlirtier::emitStage(**module, request.stage, options);
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
