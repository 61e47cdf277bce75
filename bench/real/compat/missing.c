/* Library functions WASI has no way to provide, failing as POSIX allows: no shell, no
   anonymous temporary files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int system(const char *command) {
  if (!command)
    return 0;
  errno = ENOSYS;
  return -1;
}

FILE *tmpfile(void) {
  errno = ENOSYS;
  return NULL;
}
