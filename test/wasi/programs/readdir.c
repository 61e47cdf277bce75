/* Directory listings: hundreds of entries (several fd_readdir pages), their types, "." and
 * "..", telldir/seekdir, rewinddir, scandir, a recursive walk, and listings after removals. */
#include "common.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static int compare(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static char type_letter(unsigned char type) {
  switch (type) {
  case DT_REG: return 'f';
  case DT_DIR: return 'd';
  case DT_LNK: return 'l';
  default: return '?';
  }
}

/* Lists `path` sorted, as "name:type"; returns the number of entries other than . and .. */
static int list(const char *path, int show) {
  DIR *dir = opendir(path);
  CHECK(dir != NULL);
  char *names[1024];
  int count = 0, dots = 0;
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, "..")) {
      ++dots;
      continue;
    }
    CHECK(count < 1024);
    char *name = malloc(strlen(entry->d_name) + 3);
    sprintf(name, "%s:%c", entry->d_name, type_letter(entry->d_type));
    names[count++] = name;
  }
  closedir(dir);
  qsort(names, count, sizeof names[0], compare);
  printf("%s: %d entries and %d dot entries\n", path, count, dots);
  unsigned crc = 0;
  for (int i = 0; i < count; ++i) {
    if (show)
      printf("  %s\n", names[i]);
    crc = crc32_update(crc, (const unsigned char *)names[i], strlen(names[i]));
    free(names[i]);
  }
  printf("  names crc %08x\n", crc);
  return count;
}

static int walk(const char *path, int depth) {
  DIR *dir = opendir(path);
  CHECK(dir != NULL);
  int files = 0;
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
      continue;
    char child[512];
    snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
    struct stat info;
    CHECK(lstat(child, &info) == 0);
    if (S_ISDIR(info.st_mode))
      files += walk(child, depth + 1);
    else
      ++files;
  }
  closedir(dir);
  return files;
}

int main(void) {
  TRY(mkdir("dir", 0755));
  for (int i = 0; i < 600; ++i) {
    char name[64];
    snprintf(name, sizeof name, "dir/file-%03d%s", i, i % 50 == 0 ? "-with-a-longer-name" : "");
    int fd = open(name, O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, name, (size_t)(i % 7)) == i % 7);
    close(fd);
  }
  char longname[256];
  memset(longname, 'n', 200);
  strcpy(longname + 200, ".txt");
  char path[300];
  snprintf(path, sizeof path, "dir/%s", longname);
  close(open(path, O_CREAT | O_WRONLY, 0644));
  TRY(mkdir("dir/sub1", 0755));
  TRY(mkdir("dir/sub2", 0755));
  TRY(mkdir("dir/sub2/deeper", 0755));
  close(open("dir/sub2/deeper/inner.txt", O_CREAT | O_WRONLY, 0644));
  TRY(symlink("file-001", "dir/link"));
  TRY(mkdir("small", 0755));
  close(open("small/a", O_CREAT | O_WRONLY, 0644));
  close(open("small/b", O_CREAT | O_WRONLY, 0644));
  TRY(mkdir("small/c", 0755));

  list("small", 1);
  list("dir", 0);
  list("dir/sub1", 1);

  DIR *dir = opendir("dir");
  CHECK(dir != NULL);
  for (int i = 0; i < 100; ++i)
    CHECK(readdir(dir) != NULL);
  long mark = telldir(dir);
  char first[5][300];
  for (int i = 0; i < 5; ++i)
    strcpy(first[i], readdir(dir)->d_name);
  seekdir(dir, mark);
  int same = 1;
  for (int i = 0; i < 5; ++i)
    same &= !strcmp(first[i], readdir(dir)->d_name);
  printf("seekdir replays the same entries: %s\n", same ? "yes" : "no");
  rewinddir(dir);
  int again = 0;
  while (readdir(dir))
    ++again;
  printf("after rewinddir: %d entries\n", again);
  closedir(dir);

  struct dirent **entries;
  int n = scandir("small", &entries, NULL, alphasort);
  printf("scandir small: %d:", n);
  for (int i = 0; i < n; ++i) {
    printf(" %s", entries[i]->d_name);
    free(entries[i]);
  }
  printf("\n");
  free(entries);

  printf("files in the tree: %d\n", walk(".", 0));
  for (int i = 0; i < 600; i += 2) {
    char name[64];
    snprintf(name, sizeof name, "dir/file-%03d%s", i, i % 50 == 0 ? "-with-a-longer-name" : "");
    CHECK(unlink(name) == 0);
  }
  list("dir", 0);
  TRY(rmdir("dir/sub2"));
  TRY(opendir("dir/file-001") ? 0 : -1);
  TRY(opendir("missing") ? 0 : -1);
  return 0;
}
