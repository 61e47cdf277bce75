/* Paths inside the sandbox: symbolic links (relative, chained, dangling, looping), hard links,
 * renames of files and directories, "." and ".." that stay inside, trailing slashes, and the
 * errors of each. The tree it leaves is compared with the native run's. */
#include "common.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

static void write_file(const char *path, const char *text) {
  int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
  close(fd);
}

static void show_file(const char *path) {
  char buffer[64] = {0};
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("read %s: %s\n", path, errname(errno));
    return;
  }
  ssize_t length = read(fd, buffer, sizeof buffer - 1);
  close(fd);
  printf("read %s: \"%.*s\"\n", path, (int)(length < 0 ? 0 : length), buffer);
}

static void show_link(const char *path) {
  char target[PATH_MAX];
  ssize_t length = readlink(path, target, sizeof target);
  if (length < 0)
    printf("readlink %s: %s\n", path, errname(errno));
  else
    printf("readlink %s: \"%.*s\"\n", path, (int)length, target);
}

static void show_kind(const char *path) {
  struct stat info;
  int linked = lstat(path, &info) == 0 ? S_ISLNK(info.st_mode) : -1;
  int followed = stat(path, &info);
  printf("%s: lstat link %d, stat %s", path, linked, followed ? errname(errno) : "OK");
  if (!followed)
    printf(" (%s, %lld bytes)", S_ISDIR(info.st_mode) ? "dir" : "file", (long long)info.st_size);
  printf("\n");
}

int main(void) {
  TRY(mkdir("tree", 0755));
  TRY(mkdir("tree/a", 0755));
  TRY(mkdir("tree/a/b", 0755));
  write_file("tree/a/b/leaf.txt", "leaf");

  TRY(symlink("a/b/leaf.txt", "tree/leaflink"));
  TRY(symlink("b", "tree/a/blink"));
  TRY(symlink("../leaflink", "tree/a/chain"));
  show_link("tree/leaflink");
  show_file("tree/leaflink");
  show_file("tree/a/blink/leaf.txt");
  show_file("tree/a/chain");
  show_file("tree/a/b/../b/./leaf.txt");
  show_file("tree/a/blink/../b/leaf.txt");
  show_kind("tree/leaflink");
  show_kind("tree/a/blink");
  TRY(open("tree/leaflink", O_RDONLY | O_NOFOLLOW));

  TRY(symlink("loop2", "tree/loop1"));
  TRY(symlink("loop1", "tree/loop2"));
  TRY(open("tree/loop1", O_RDONLY));
  TRY(symlink("nowhere.txt", "tree/dangling"));
  show_kind("tree/dangling");
  int fd = open("tree/dangling", O_CREAT | O_WRONLY, 0644); /* creates the target */
  REPORT("create through a dangling link", fd < 0);
  if (fd >= 0)
    close(fd);
  show_kind("tree/nowhere.txt");
  TRY(open("tree/dangling", O_CREAT | O_EXCL | O_WRONLY, 0644));
  TRY(symlink("elsewhere", "tree/leaflink"));
  show_link("tree/a");

  TRY(link("tree/a/b/leaf.txt", "tree/hardlink"));
  struct stat info;
  CHECK(stat("tree/hardlink", &info) == 0);
  printf("hard link count: %d\n", (int)info.st_nlink);
  TRY(link("tree/a", "tree/dirlink"));
  TRY(link("tree/missing", "tree/x"));
  TRY(link("tree/hardlink", "tree/a/b/leaf.txt"));

  TRY(rename("tree/a/b/leaf.txt", "tree/moved.txt"));
  TRY(access("tree/a/b/leaf.txt", F_OK));
  show_file("tree/leaflink"); /* now dangling */
  TRY(rename("tree/a", "tree/renamed"));
  show_file("tree/renamed/blink/../chain");
  TRY(rename("tree/renamed", "tree/moved.txt"));
  TRY(rename("tree/moved.txt", "tree/renamed"));
  TRY(mkdir("tree/full", 0755));
  write_file("tree/full/x", "x");
  TRY(rename("tree/renamed", "tree/full"));
  TRY(mkdir("tree/emptydir", 0755));
  TRY(rename("tree/renamed", "tree/emptydir"));
  TRY(rename("tree/missing", "tree/other"));
  TRY(rename("tree/moved.txt", "tree/moved.txt"));

  TRY(open("tree/moved.txt/", O_RDONLY));
  TRY(mkdir("tree/slash/", 0755));
  show_kind("tree/slash/");
  TRY(rmdir("tree/slash/"));
  TRY(rmdir("tree/emptydir/."));
  TRY(unlink("tree/full/"));
  TRY(rmdir("tree/hardlink"));
  show_link("tree/moved.txt");
  TRY(unlink("tree/a/blink"));
  TRY(unlink("tree/emptydir/blink"));
  TRY(unlink("tree/dangling"));
  show_kind("tree/nowhere.txt");
  TRY(chdir("tree"));
  show_file("moved.txt");
  show_file("../tree/hardlink");
  return 0;
}
