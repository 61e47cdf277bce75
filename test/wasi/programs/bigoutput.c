/* Large outputs: about 8 MiB on stdout through printf, fwrite of big blocks and direct write()
 * calls, and 200 KiB on stderr, all compared byte for byte. */
#include "common.h"

#include <unistd.h>

int main(void) {
  unsigned crc = 0;
  for (int i = 0; i < 100000; ++i) {
    char line[64];
    int length = snprintf(line, sizeof line, "%06d %08x %s\n", i, next_random(),
                          i % 3 ? "printf" : "printf, longer");
    fputs(line, stdout);
    crc = crc32_update(crc, (const unsigned char *)line, (size_t)length);
  }
  static unsigned char block[1 << 20];
  for (int round = 0; round < 4; ++round) {
    for (size_t i = 0; i < sizeof block; ++i)
      block[i] = (unsigned char)('a' + (i + round) % 26);
    block[sizeof block - 1] = '\n';
    CHECK(fwrite(block, 1, sizeof block, stdout) == sizeof block);
    crc = crc32_update(crc, block, sizeof block);
  }
  fflush(stdout);
  for (int round = 0; round < 3; ++round) {
    size_t done = 0;
    while (done < sizeof block) {
      ssize_t wrote = write(1, block + done, sizeof block - done);
      CHECK(wrote > 0);
      done += (size_t)wrote;
    }
    crc = crc32_update(crc, block, sizeof block);
  }
  for (int i = 0; i < 4000; ++i)
    fprintf(stderr, "stderr line %05d: %s\n", i, "some diagnostic text to fill the stream");
  fprintf(stderr, "stdout crc %08x\n", crc);
  return 0;
}
