/* Standard input: a megabyte of lines read with fgets, then end of file seen by read(), and a
 * summary and the first lines transformed on stdout. */
// wasi-test: stdin lines 20000
#include "common.h"

#include <ctype.h>
#include <unistd.h>

int main(void) {
  char line[256];
  unsigned crc = 0;
  long lines = 0, bytes = 0, longest = 0;
  while (fgets(line, sizeof line, stdin)) {
    size_t length = strlen(line);
    crc = crc32_update(crc, (const unsigned char *)line, length);
    bytes += (long)length;
    if ((long)length > longest)
      longest = (long)length;
    if (lines < 3) {
      for (size_t i = 0; i < length; ++i)
        line[i] = (char)toupper((unsigned char)line[i]);
      printf("line %ld upper: %s", lines, line);
    }
    ++lines;
  }
  printf("eof: %d, error: %d\n", feof(stdin) != 0, ferror(stdin) != 0);
  printf("%ld lines, %ld bytes, longest %ld, crc %08x\n", lines, bytes, longest, crc);
  char byte;
  printf("read after eof: %zd\n", read(0, &byte, 1));
  return 0;
}
