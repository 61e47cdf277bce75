/* random_get through getentropy and arc4random: draws differ, bits are balanced, the size
 * limit is enforced. Properties only: the bytes themselves differ between runs. */
#include "common.h"

#include <unistd.h>

int main(void) {
  unsigned char a[256], b[256];
  CHECK(getentropy(a, sizeof a) == 0);
  CHECK(getentropy(b, sizeof b) == 0);
  printf("two draws differ: %s\n", memcmp(a, b, sizeof a) ? "yes" : "no");
  static unsigned char large[300];
  TRY(getentropy(large, 257));
  TRY(getentropy(large, 0));

  long ones = 0, total = 0;
  int counts[256] = {0};
  for (int round = 0; round < 256; ++round) {
    CHECK(getentropy(a, sizeof a) == 0);
    for (int i = 0; i < 256; ++i) {
      ones += __builtin_popcount(a[i]);
      counts[a[i]]++;
    }
    total += 256 * 8;
  }
  double share = (double)ones / (double)total;
  printf("share of one bits within 0.49..0.51: %s\n", share > 0.49 && share < 0.51 ? "yes" : "no");
  int every = 1;
  for (int i = 0; i < 256; ++i)
    every &= counts[i] > 0;
  printf("every byte value seen: %s\n", every ? "yes" : "no");

  unsigned below = 0;
  for (int i = 0; i < 1000; ++i)
    below += arc4random_uniform(10) < 10;
  printf("arc4random_uniform stays in range: %s\n", below == 1000 ? "yes" : "no");
  static unsigned char big[100000];
  memset(big, 0, sizeof big);
  arc4random_buf(big, sizeof big);
  size_t zeros = 0;
  for (size_t i = 0; i < sizeof big; ++i)
    zeros += big[i] == 0;
  printf("arc4random_buf fills 100000 bytes: %s\n", zeros < 1000 ? "yes" : "no");
  return 0;
}
