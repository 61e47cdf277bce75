/* File I/O in directories: stdio and POSIX calls, seeks from every origin, holes, positioned
 * reads and writes, truncation, append mode, timestamps, and the errors of the usual mistakes.
 * The files it leaves behind are compared with the native run's. */
#include "common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static void hexdump(const char *what, const unsigned char *bytes, ssize_t length) {
  printf("%s (%zd bytes):", what, length);
  for (ssize_t i = 0; i < length; ++i)
    printf(" %02x", bytes[i]);
  printf("\n");
}

static void stdio_files(void) {
  FILE *f = fopen("data/notes.txt", "w");
  CHECK(f != NULL);
  for (int i = 0; i < 200; ++i)
    fprintf(f, "line %03d: %08x\n", i, next_random());
  CHECK(fclose(f) == 0);

  f = fopen("data/notes.txt", "r");
  CHECK(f != NULL);
  char line[128];
  unsigned crc = 0;
  int lines = 0;
  while (fgets(line, sizeof line, f)) {
    crc = crc32_update(crc, (const unsigned char *)line, strlen(line));
    ++lines;
  }
  printf("notes.txt: %d lines, crc %08x\n", lines, crc);
  CHECK(fseek(f, -19, SEEK_END) == 0);
  CHECK(fgets(line, sizeof line, f) != NULL);
  printf("last line: %s", line);
  CHECK(fseek(f, 19 * 10, SEEK_SET) == 0);
  printf("ftell after fseek: %ld\n", ftell(f));
  CHECK(fgets(line, sizeof line, f) != NULL);
  printf("line at offset 190: %s", line);
  fclose(f);
}

static void posix_files(void) {
  int fd = open("data/nested/blob.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  unsigned char block[10000];
  for (size_t i = 0; i < sizeof block; ++i)
    block[i] = (unsigned char)(i * 7 + 3);
  CHECK(write(fd, block, sizeof block) == (ssize_t)sizeof block);
  printf("position after write: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  printf("seek set 100: %lld\n", (long long)lseek(fd, 100, SEEK_SET));
  unsigned char buffer[32];
  hexdump("read at 100", buffer, read(fd, buffer, 16));
  printf("seek cur +84: %lld\n", (long long)lseek(fd, 84, SEEK_CUR));
  printf("seek end -10: %lld\n", (long long)lseek(fd, -10, SEEK_END));
  hexdump("read at end-10", buffer, read(fd, buffer, 32));
  printf("read at end: %zd\n", read(fd, buffer, 32));
  errno = 0;
  long long bad = (long long)lseek(fd, -1, SEEK_SET);
  printf("seek to -1: %lld %s\n", bad, errname(errno));

  printf("seek past end: %lld\n", (long long)lseek(fd, 20000, SEEK_SET));
  CHECK(write(fd, "end", 3) == 3);
  struct stat info;
  CHECK(fstat(fd, &info) == 0);
  printf("size with a hole: %lld\n", (long long)info.st_size);
  CHECK(pread(fd, buffer, 8, 15000) == 8);
  hexdump("inside the hole", buffer, 8);

  off_t before = lseek(fd, 0, SEEK_CUR);
  CHECK(pwrite(fd, "PW", 2, 5) == 2);
  CHECK(pread(fd, buffer, 6, 3) == 6);
  hexdump("pread after pwrite", buffer, 6);
  printf("position kept by pread/pwrite: %s\n", lseek(fd, 0, SEEK_CUR) == before ? "yes" : "no");

  CHECK(ftruncate(fd, 50) == 0);
  CHECK(fstat(fd, &info) == 0);
  printf("size after ftruncate: %lld, seek end: %lld\n", (long long)info.st_size,
         (long long)lseek(fd, 0, SEEK_END));
  TRY(close(fd));
  TRY(close(fd));

  FILE *f = fopen("data/nested/blob.bin", "r+");
  CHECK(f != NULL);
  CHECK(fseek(f, 10, SEEK_SET) == 0);
  fputs("stdio", f);
  CHECK(fseek(f, 0, SEEK_END) == 0);
  printf("ftell at end: %ld\n", ftell(f));
  fclose(f);
}

static void append_and_times(void) {
  int fd = open("data/log.txt", O_CREAT | O_WRONLY | O_APPEND, 0644);
  CHECK(fd >= 0);
  CHECK(write(fd, "first\n", 6) == 6);
  lseek(fd, 0, SEEK_SET);
  CHECK(write(fd, "second\n", 7) == 7);
  close(fd);
  FILE *f = fopen("data/log.txt", "a");
  fputs("third\n", f);
  fclose(f);

  struct timespec times[2] = {{1000000000, 0}, {1234567890, 250}};
  TRY(utimensat(AT_FDCWD, "data/log.txt", times, 0));
  struct stat info;
  CHECK(stat("data/log.txt", &info) == 0);
  printf("mtime: %lld.%09ld, atime: %lld\n", (long long)info.st_mtim.tv_sec,
         (long)info.st_mtim.tv_nsec, (long long)info.st_atim.tv_sec);
  fd = open("data/log.txt", O_RDONLY);
  struct timespec only_mtime[2] = {{0, UTIME_OMIT}, {1500000000, 0}};
  TRY(futimens(fd, only_mtime));
  CHECK(fstat(fd, &info) == 0);
  printf("mtime: %lld, atime kept: %lld\n", (long long)info.st_mtim.tv_sec,
         (long long)info.st_atim.tv_sec);
  close(fd);
}

static void mistakes(void) {
  TRY(mkdir("data", 0755));
  TRY(open("data/missing.txt", O_RDONLY));
  TRY(open("data/notes.txt/inside", O_RDONLY));
  TRY(open("missing-dir/file", O_CREAT | O_WRONLY, 0644));
  TRY(open("data", O_WRONLY));
  TRY(open("data/notes.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
  TRY(rmdir("data"));
  TRY(rmdir("data/notes.txt"));
  TRY(unlink("data/nested"));
  TRY(unlink("data/missing.txt"));
  int fd = open("data/notes.txt", O_RDONLY);
  char byte = 'x';
  TRY(write(fd, &byte, 1));
  close(fd);
  fd = open("data/log.txt", O_WRONLY);
  TRY(read(fd, &byte, 1));
  close(fd);
  struct stat info;
  CHECK(stat("data/notes.txt", &info) == 0);
  printf("notes.txt: regular %d, size %lld, links %d\n", S_ISREG(info.st_mode),
         (long long)info.st_size, (int)info.st_nlink);
  CHECK(stat("data/nested", &info) == 0);
  printf("nested: directory %d\n", S_ISDIR(info.st_mode));
}

int main(void) {
  TRY(mkdir("data", 0755));
  TRY(mkdir("data/nested", 0755));
  TRY(mkdir("data/empty", 0755));
  TRY(mkdir("data/removed", 0755));
  TRY(rmdir("data/removed"));
  stdio_files();
  posix_files();
  append_and_times();
  mistakes();
  int fd = open("data/removed.txt", O_CREAT | O_WRONLY, 0644);
  close(fd);
  TRY(unlink("data/removed.txt"));
  return 0;
}
