/* Exit codes and stdio flushing: output on both streams, an unterminated line flushed at exit,
 * an atexit handler, and exit() from deep in the call stack with a code above 255 (the host
 * keeps its low 8 bits). */
// wasi-test: args 300
#include "common.h"

static void goodbye(void) { printf("atexit handler ran\n"); }

static void deep(int depth, int code);
static void (*volatile next)(int, int) = deep; /* an indirect call keeps every frame */

static void deep(int depth, int code) {
  if (depth == 0) {
    printf("exiting with %d from depth 5\n", code);
    exit(code);
  }
  next(depth - 1, code);
}

int main(int argc, char **argv) {
  atexit(goodbye);
  printf("to stdout\n");
  fprintf(stderr, "to stderr\n");
  printf("a line without its newline yet");
  fprintf(stderr, "stderr is unbuffered\n");
  printf("\n");
  deep(5, argc > 1 ? atoi(argv[1]) : 1);
  return 0;
}
