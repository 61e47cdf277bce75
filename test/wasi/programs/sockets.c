/* The socket calls on descriptors that are not sockets (stdin is a file, stdout a pipe) and on
 * closed ones: the errors are the host's. */
#include "common.h"

#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  char buffer[8];
  TRY(recv(0, buffer, sizeof buffer, 0));
  TRY(send(1, "x", 1, 0));
  TRY(shutdown(1, SHUT_WR));
  TRY(shutdown(0, SHUT_RDWR));
  TRY(accept(0, NULL, NULL));
  TRY(recv(999, buffer, sizeof buffer, 0));
  TRY(send(999, "x", 1, 0));
  TRY(shutdown(999, SHUT_RD));
  printf("stdout still works\n");
  return 0;
}
