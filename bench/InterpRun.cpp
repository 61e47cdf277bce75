// strata-bench-interp-run FILE.wasm [EXPORT] [--repeat=N]: decodes, validates and instantiates
// a module on the interpreter alone and calls EXPORT (default `run`, no arguments) N times
// (default 1), printing the result. It links only the interpreter and what it depends on, not
// the MLIR tier: a quick build in a second configuration (STRATA_INTERP_TIER_CHECKS=OFF) and
// a lean process for callgrind, whose instruction counts then are the interpreter's.
#include "strata/engine/Engine.h"
#include "strata/engine/Instantiate.h"
#include "strata/interp/InterpEngine.h"
#include "strata/runtime/Store.h"
#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

using namespace strata;

int main(int argc, char **argv) {
  std::vector<std::string_view> positional;
  unsigned long repeat = 1;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.substr(0, 9) == "--repeat=")
      repeat = std::strtoul(argv[i] + 9, nullptr, 10);
    else
      positional.push_back(arg);
  }
  if (positional.empty() || positional.size() > 2 || repeat == 0) {
    std::fputs("usage: strata-bench-interp-run FILE.wasm [EXPORT] [--repeat=N]\n", stderr);
    return 2;
  }
  std::string path(positional[0]);
  std::string name(positional.size() > 1 ? positional[1] : "run");
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  auto fail = [](const std::string &message) {
    std::fprintf(stderr, "strata-bench-interp-run: %s\n", message.c_str());
    return 1;
  };
  if (bytes.empty())
    return fail("cannot read " + path);
  auto decoded = wasm::decodeModule(bytes);
  if (!decoded)
    return fail(decoded.error().message());
  if (Status status = wasm::validateModule(**decoded); !status)
    return fail(status.error().message());
  std::shared_ptr<const wasm::Module> module(std::move(*decoded));
  runtime::Store store;
  std::unique_ptr<engine::Engine> engine = interp::createInterpEngine();
  auto instance = engine::instantiate(store, *engine, module, {}, {.name = "main"});
  if (!instance)
    return fail(instance.error().message());
  runtime::FunctionInstance *function = (*instance)->exportedFunction(name);
  if (!function)
    return fail("no exported function `" + name + "`");
  auto callEngine = engine::newCallEngine(*function);
  if (!callEngine)
    return fail(callEngine.error().message());
  runtime::CallContext context(store);
  for (unsigned long i = 0; i < repeat; ++i) {
    auto results = (*callEngine)->callValues(context, {});
    if (!results)
      return fail(results.error().message());
    if (i + 1 == repeat)
      for (const runtime::Value &value : *results)
        std::printf("%lld\n", value.type() == wasm::ValType::I32 ? (long long)value.i32()
                                                                  : (long long)value.i64());
  }
  return 0;
}
