/*
 * standalone.c: replays fuzz inputs without libFuzzer (libgit2's
 * fuzzers/standalone_driver.c does the same).  Each argument is a file or
 * a directory of files; a missing argument is skipped, so fuzz/crashes/
 * may be absent.  Every input goes through LLVMFuzzerTestOneInput() once;
 * a failed check aborts, which fails the ctest test.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "standalone: cannot open %s\n", path);
		return 1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (!buf)
			break;
		if (n == cap) {
			uint8_t *q = realloc(buf, cap *= 2);
			if (!q) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = q;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		if (!r)
			break;
		n += r;
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "standalone: out of memory reading %s\n", path);
		return 1;
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int fails = 0, count = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0)
			continue;
		if (!S_ISDIR(st.st_mode)) {
			fails += run_file(argv[i]);
			count++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		if (!d)
			continue;
		char **names = NULL;
		size_t nn = 0;
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			char **q = realloc(names, (nn + 1) * sizeof *names);
			if (!q)
				break;
			names = q;
			size_t l = strlen(argv[i]) + strlen(e->d_name) + 2;
			if (!(names[nn] = malloc(l)))
				break;
			snprintf(names[nn++], l, "%s/%s", argv[i], e->d_name);
		}
		closedir(d);
		qsort(names, nn, sizeof *names, cmp);  /* the same order everywhere */
		for (size_t k = 0; k < nn; k++) {
			fails += run_file(names[k]);
			count++;
			free(names[k]);
		}
		free(names);
	}
	printf("standalone: %d inputs replayed, %d unreadable\n", count, fails);
	return fails ? 1 : 0;
}
