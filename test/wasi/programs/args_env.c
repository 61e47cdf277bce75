/* Arguments and the environment: exactly what the runner passes, nothing of the host's. */
// wasi-test: args one "two words" "" --flag=x ünïcødé
// wasi-test: env ALPHA=1
// wasi-test: env BETA=hello world
// wasi-test: env EMPTY=
// wasi-test: env WITH_EQUALS=a=b=c
#include "common.h"

extern char **environ;

static int compare(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void show(const char *name) {
  const char *value = getenv(name);
  printf("getenv(%s) = %s%s%s\n", name, value ? "\"" : "", value ? value : "(null)",
         value ? "\"" : "");
}

int main(int argc, char **argv) {
  printf("argc = %d\n", argc);
  const char *slash = strrchr(argv[0], '/');
  printf("argv[0] = %s\n", slash ? slash + 1 : argv[0]);
  for (int i = 1; i < argc; ++i)
    printf("argv[%d] = \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  CHECK(argv[argc] == NULL);

  size_t count = 0;
  while (environ[count])
    ++count;
  const char **sorted = malloc((count + 1) * sizeof *sorted);
  for (size_t i = 0; i < count; ++i)
    sorted[i] = environ[i];
  qsort(sorted, count, sizeof *sorted, compare);
  printf("%zu environment entries\n", count);
  for (size_t i = 0; i < count; ++i)
    printf("  %s\n", sorted[i]);

  show("ALPHA");
  show("EMPTY");
  show("WITH_EQUALS");
  show("HOME");
  show("PATH");
  CHECK(setenv("GAMMA", "3", 1) == 0);
  CHECK(unsetenv("ALPHA") == 0);
  show("GAMMA");
  show("ALPHA");
  return 0;
}
