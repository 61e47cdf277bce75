/* Allocating until memory runs out: malloc must fail (memory.grow refused at the module's
 * 32 MiB maximum in the wasm build, an address-space limit natively), the program must see
 * the failure rather than crash, and memory freed afterwards must be usable again, including
 * by WASI calls that read it. */
// wasi-test: wasm-flags -Wl,--max-memory=33554432
#include "common.h"

#ifndef __wasi__
#include <sys/resource.h>
#endif

#define CHUNK (1 << 20)

int main(void) {
#ifndef __wasi__
  /* Natively, the same failure comes from a limit on the address space. */
  FILE *statm = fopen("/proc/self/statm", "r");
  unsigned long pages = 0;
  CHECK(statm && fscanf(statm, "%lu", &pages) == 1);
  fclose(statm);
  struct rlimit limit;
  limit.rlim_cur = limit.rlim_max = pages * 4096 + 48 * CHUNK;
  CHECK(setrlimit(RLIMIT_AS, &limit) == 0);
  /* qemu-user accepts the limit but ignores it (it would cap the emulator itself): there a
   * budget of the same size stands in for it. */
  struct rlimit now;
  int budget = getrlimit(RLIMIT_AS, &now) == 0 && now.rlim_cur == limit.rlim_cur ? 4096 : 48;
#else
  int budget = 4096;
#endif
  static void *chunks[4096];
  int count = 0;
  while (count < budget) {
    void *chunk = malloc(CHUNK);
    if (!chunk)
      break;
    memset(chunk, count & 0xff, CHUNK);
    chunks[count++] = chunk;
  }
  printf("malloc eventually failed: %s\n", count < 4096 ? "yes" : "no");
  printf("more than 8 MiB before it did: %s\n", count > 8 ? "yes" : "no");
  int intact = 1;
  for (int i = 0; i < count; ++i)
    intact &= ((unsigned char *)chunks[i])[CHUNK - 1] == (unsigned char)(i & 0xff);
  printf("every chunk kept its contents: %s\n", intact ? "yes" : "no");
#ifdef __wasi__
  /* Past the declared maximum, memory.grow answers -1. */
  printf("memory.grow past the maximum: %ld\n", (long)__builtin_wasm_memory_grow(0, 65536));
#else
  printf("memory.grow past the maximum: -1\n");
#endif
  void *last = chunks[count - 1];
  for (int i = 0; i < count - 1; ++i)
    free(chunks[i]);
  /* The last chunk lies in memory grown during the run: print it through fd_write. */
  memcpy(last, "written from the last chunk\n", 28);
  fwrite(last, 1, 28, stdout);
  free(last);
  char *again = malloc(4 * CHUNK);
  printf("allocation after freeing: %s\n", again ? "ok" : "failed");
  free(again);
  return 0;
}
