/*
 * io.c: reads a whole file (or stdin) into memory with fread, binary-safe:
 * NUL bytes and invalid UTF-8 are passed to the library unchanged.
 */
#include "io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Grows *buf so that it holds at least need bytes. */
static int grow(char **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 64 * 1024;
	while (c < need)
		c = c > SIZE_MAX / 2 ? need : c * 2;
	char *p = realloc(*buf, c);
	if (!p)
		return ENOMEM;
	*buf = p;
	*cap = c;
	return 0;
}

/* Reads f to the end, or until more than limit bytes were read (enough for
 * the library to report its own limit without holding a huge input). */
static int read_stream(FILE *f, size_t limit, char **out, size_t *len)
{
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int err = 0;
	while (n <= limit) {
		if ((err = grow(&buf, &cap, n + 64 * 1024)))
			break;
		size_t k = fread(buf + n, 1, cap - n, f);
		n += k;
		if (k == 0 || feof(f) || ferror(f))
			break;
	}
	if (!err && ferror(f))
		err = errno ? errno : EIO;
	if (err) {
		free(buf);
		return err;
	}
	*out = buf;
	*len = n;
	return 0;
}

int cli_read_file(const char *path, size_t limit, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	if (strcmp(path, "-") == 0) {
		errno = 0;
		return read_stream(stdin, limit, out, len);
	}
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno ? errno : EIO;
	errno = 0;
	int err = read_stream(f, limit, out, len);
	fclose(f);
	return err;
}
