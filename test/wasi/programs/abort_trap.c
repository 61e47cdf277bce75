/* abort() ends the wasm build with a trap (exit code 134, a message and a stack trace on
 * stderr) and the native build with SIGABRT, which a shell also reports as 134. */
// wasi-test: expect-trap
#include "common.h"

static void fail(int depth);
static void (*volatile next)(int) = fail; /* an indirect call keeps every frame */

static void fail(int depth) {
  if (depth == 0) {
    printf("about to abort\n");
    fflush(stdout);
    abort();
  }
  next(depth - 1);
}

int main(void) {
  fail(3);
  return 0;
}
