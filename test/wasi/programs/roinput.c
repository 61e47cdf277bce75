/* Reading from a read-only preopened directory (input/, filled by the test driver) and writing
 * what was read into the writable one. */
// wasi-test: ro-dir input
#include "common.h"

#include <dirent.h>
#include <sys/stat.h>

static int compare(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
  DIR *dir = opendir("input");
  CHECK(dir != NULL);
  char *names[64];
  int count = 0;
  struct dirent *entry;
  while ((entry = readdir(dir)) && count < 64)
    if (entry->d_name[0] != '.')
      names[count++] = strdup(entry->d_name);
  closedir(dir);
  qsort(names, count, sizeof names[0], compare);
  FILE *out = fopen("copy.txt", "w");
  CHECK(out != NULL);
  for (int i = 0; i < count; ++i) {
    char path[256];
    snprintf(path, sizeof path, "input/%s", names[i]);
    struct stat info;
    CHECK(stat(path, &info) == 0);
    printf("%s: %s, %lld bytes\n", names[i], S_ISDIR(info.st_mode) ? "directory" : "file",
           (long long)info.st_size);
    if (S_ISDIR(info.st_mode))
      continue;
    FILE *in = fopen(path, "r");
    CHECK(in != NULL);
    char buffer[512];
    size_t length;
    while ((length = fread(buffer, 1, sizeof buffer, in)) > 0)
      fwrite(buffer, 1, length, out);
    fclose(in);
  }
  fclose(out);
  FILE *nested = fopen("input/sub/nested.txt", "r");
  REPORT("open input/sub/nested.txt", nested == NULL);
  if (nested)
    fclose(nested);
  return 0;
}
