// Embedding Strata: compile a module, bind a host function, instantiate, call exports, read
// memory and globals. Usage: strata-embed-example MODULE.wasm [ENGINE]
#include "strata/api/Runtime.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

using namespace strata;
using namespace strata::api;

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s MODULE.wasm [ENGINE]\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), {});

  RuntimeConfig config;
  if (argc > 2)
    config.engine = argv[2];
  auto runtime = Runtime::create(config);
  if (!runtime) {
    std::fprintf(stderr, "error: %s\n", runtime.error().message().c_str());
    return 1;
  }

  auto compiled = (*runtime)->compile(bytes);
  if (!compiled) {
    std::fprintf(stderr, "error: %s\n", compiled.error().message().c_str());
    return 1;
  }

  // A host function reading a string out of the caller's memory.
  Function print = (*runtime)->hostFunction(
      "print", [](Caller &caller, uint32_t pointer, uint32_t length) -> Status {
        std::string text(length, '\0');
        Status read = caller.memory().read(
            pointer, std::span(reinterpret_cast<uint8_t *>(text.data()), length));
        if (!read)
          return read.takeError(); // becomes a trap in the calling WebAssembly code
        std::printf("guest says: %s\n", text.c_str());
        return Status::ok();
      });
  Imports imports;
  imports.add("env", "print", print);

  auto instance = (*runtime)->instantiate(*compiled, imports, "greet");
  if (!instance) {
    std::fprintf(stderr, "error: %s\n", instance.error().message().c_str());
    return 1;
  }

  auto greet = instance->function("greet");
  auto fib = instance->function("fib");
  if (!greet || !fib) {
    std::fprintf(stderr, "error: the module lacks greet or fib\n");
    return 1;
  }
  for (int i = 0; i < 2; ++i)
    if (CallResult result = greet->call({}); !result) {
      std::fprintf(stderr, "trap: %s\n", result.message().c_str());
      return 1;
    }
  CallResult result = fib->call({Value::i32(25)});
  if (!result) {
    std::fprintf(stderr, "trap: %s\n", result.message().c_str());
    return 1;
  }
  std::printf("fib(25) = %lld\n", static_cast<long long>(result.values()[0].i64()));
  std::printf("greet was called %d times\n", instance->global("calls")->get().i32());
  return 0;
}
