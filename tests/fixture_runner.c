/*
 * fixture_runner.c: checks one spec-style fixture, tests/fixtures/NAME.md
 * against its expected JSON, tests/fixtures/NAME.json (the compact JSON of
 * pp_doc_to_json followed by one newline, exactly what `planparse json`
 * prints).
 *
 *   fixture_runner lib DIR NAME            through the library
 *   fixture_runner cli DIR NAME PLANPARSE  through `PLANPARSE json NAME.md`,
 *                                          run with DIR as the working directory
 *   fixture_runner pretty FILE             prints a JSON file indented
 *
 * The source path in the JSON is always "NAME.md", so the expected files do
 * not depend on where the tree is checked out.  The library run also parses
 * a second time with a counting allocator: both outputs must be identical
 * and every byte must be freed.  On a mismatch both sides are indented and
 * compared with `diff -u`, so the diff shows the fields that changed rather
 * than one long line.  Exit status: 0 pass, 1 fail, 2 usage or I/O error.
 */
#define _POSIX_C_SOURCE 200809L

#include "planparse.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct buf {
	char *data;
	size_t len;
} buf;

static int read_stream(FILE *f, buf *out)
{
	size_t cap = 4096, n = 0;
	char *p = malloc(cap);
	if (!p)
		return -1;
	for (;;) {
		if (n == cap) {
			char *q = realloc(p, cap *= 2);
			if (!q)
				return free(p), -1;
			p = q;
		}
		size_t r = fread(p + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f))
		return free(p), -1;
	out->data = p;
	out->len = n;
	return 0;
}

static int read_file(const char *path, buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "fixture_runner: cannot open %s\n", path);
		return -1;
	}
	int rc = read_stream(f, out);
	fclose(f);
	if (rc)
		fprintf(stderr, "fixture_runner: cannot read %s\n", path);
	return rc;
}

static char *join(const char *dir, const char *name, const char *ext)
{
	size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s%s", dir, name, ext);
	return p;
}

/* ---- a counting allocator ------------------------------------------------ */

typedef struct counter {
	long live;       /* blocks allocated and not yet freed */
	long calls;
} counter;

static void *c_malloc(size_t size, void *ctx)
{
	counter *c = ctx;
	void *p = malloc(size);
	if (p)
		c->live++, c->calls++;
	return p;
}

static void *c_realloc(void *ptr, size_t size, void *ctx)
{
	(void)ctx;
	return realloc(ptr, size);
}

static void c_free(void *ptr, void *ctx)
{
	counter *c = ctx;
	if (ptr)
		c->live--;
	free(ptr);
}

/* ---- indented JSON, for readable diffs ---------------------------------- */

static void indent(FILE *f, int depth)
{
	fputc('\n', f);
	for (int i = 0; i < depth; i++)
		fputs("  ", f);
}

/* Writes compact JSON with one value per line.  Only layout changes; it
 * assumes nothing about the input beyond string quoting. */
static void pretty(FILE *f, const char *s, size_t n)
{
	int depth = 0;
	bool in_str = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			fputc(c, f);
			if (c == '\\' && i + 1 < n)
				fputc(s[++i], f);
			else if (c == '"')
				in_str = false;
			continue;
		}
		switch (c) {
		case '"':
			in_str = true;
			fputc(c, f);
			break;
		case '{':
		case '[':
			fputc(c, f);
			if (i + 1 < n && (s[i + 1] == '}' || s[i + 1] == ']'))
				fputc(s[++i], f); /* {} and [] stay on one line */
			else
				indent(f, ++depth);
			break;
		case '}':
		case ']':
			indent(f, --depth);
			fputc(c, f);
			break;
		case ',':
			fputc(c, f);
			indent(f, depth);
			break;
		case ':':
			fputs(": ", f);
			break;
		case '\n':
			break; /* the final newline */
		default:
			fputc(c, f);
		}
	}
	fputc('\n', f);
}

/* Writes JSON, indented, to a new temporary file; returns its malloc'ed
 * name or NULL. */
static char *temp_file(const buf *b)
{
	const char *dir = getenv("TMPDIR");
	char *name = join(dir && *dir ? dir : "/tmp", "pp-fixture-XXXXXX", "");
	int fd = name ? mkstemp(name) : -1;
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd), unlink(name);
		free(name);
		return NULL;
	}
	pretty(f, b->data, b->len);
	if (fclose(f) != 0) {
		unlink(name);
		free(name);
		return NULL;
	}
	return name;
}

/* 'x' -> '\''x'\'' for a sh command line. */
static void sh_quote(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

/* A sh command line of the NULL-terminated args, each quoted; malloc'ed. */
static char *sh_line(const char *const *args)
{
	char *line = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&line, &len);
	if (!f)
		return NULL;
	for (int i = 0; args[i]; i++) {
		if (i)
			fputc(' ', f);
		sh_quote(f, args[i]);
	}
	if (fclose(f) != 0) {
		free(line);
		return NULL;
	}
	return line;
}

/* Compares expected and actual byte for byte; prints a diff when they differ. */
static int compare(const char *what, const char *name, const buf *expected, const buf *actual)
{
	if (expected->len == actual->len && memcmp(expected->data, actual->data, actual->len) == 0) {
		printf("ok: %s %s.md matches %s.json (%zu bytes)\n", what, name, name, actual->len);
		return 0;
	}
	printf("FAIL: %s output for %s.md differs from %s.json\n", what, name, name);
	char *e = temp_file(expected), *a = temp_file(actual);
	if (e && a) {
		char le[512], la[512];
		snprintf(le, sizeof le, "%s.json (expected, indented)", name);
		snprintf(la, sizeof la, "%s (actual, indented)", what);
		const char *args[] = { "diff", "-u", "-L", le, "-L", la, e, a, NULL };
		char *cmd = sh_line(args);
		if (cmd) {
			fflush(stdout);
			int st = system(cmd);
			if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
				printf("(the indented forms are equal: the difference is in "
				       "layout, e.g. the final newline or spacing)\n");
		}
		free(cmd);
	}
	printf("if the new output is right: tests/fixtures/regen.sh %s, then review git diff\n", name);
	if (e)
		unlink(e);
	if (a)
		unlink(a);
	free(e);
	free(a);
	return 1;
}

/* ---- the two ways through -------------------------------------------------- */

static int via_lib(const char *dir, const char *name, const buf *expected)
{
	char *md_path = join(dir, name, ".md"), *label = join("", name, ".md");
	buf src;
	if (!md_path || !label || read_file(md_path, &src)) {
		free(md_path), free(label);
		return 2;
	}
	int status = 0;
	buf out[2] = { { NULL, 0 }, { NULL, 0 } };
	counter cnt = { 0, 0 };
	for (int pass = 0; pass < 2; pass++) {
		pp_options opts;
		pp_options_init(&opts);
		opts.path = label + 1; /* "NAME.md" (join() put a '/' first) */
		if (pass == 1)
			opts.allocator = (pp_allocator){ c_malloc, c_realloc, c_free, &cnt };
		pp_doc *doc = NULL;
		int rc = pp_parse(&doc, src.data, src.len, &opts);
		char *json = NULL;
		size_t len = 0;
		if (rc == 0)
			rc = pp_doc_to_json(doc, &json, &len);
		pp_doc_free(doc); /* the JSON buffer outlives the document */
		if (rc != 0) {
			printf("FAIL: %s.md: pp_parse/pp_doc_to_json: %s\n", name, pp_strerror(rc));
			status = 1;
			break;
		}
		out[pass].data = malloc(len + 1);
		if (!out[pass].data) {
			pp_free(json);
			status = 2;
			break;
		}
		memcpy(out[pass].data, json, len);
		out[pass].data[len] = '\n';
		out[pass].len = len + 1;
		pp_free(json);
	}
	if (status == 0) {
		status = compare("library", name, expected, &out[0]);
		if (out[0].len != out[1].len || memcmp(out[0].data, out[1].data, out[0].len) != 0) {
			printf("FAIL: %s.md: the second parse (custom allocator) gave different JSON\n",
			       name);
			status = 1;
		}
		if (cnt.live != 0) {
			printf("FAIL: %s.md: %ld of %ld allocations not freed\n", name, cnt.live,
			       cnt.calls);
			status = 1;
		}
	}
	free(out[0].data);
	free(out[1].data);
	free(src.data);
	free(md_path);
	free(label);
	return status;
}

static int via_cli(const char *dir, const char *name, const char *planparse,
                   const buf *expected)
{
	if (chdir(dir) != 0) {
		fprintf(stderr, "fixture_runner: cannot enter %s\n", dir);
		return 2;
	}
	char *md = join("", name, ".md");
	const char *args[] = { planparse, "json", md ? md + 1 : "", NULL };
	char *cmd = md ? sh_line(args) : NULL;
	free(md);
	if (!cmd)
		return 2;
	printf("$ cd %s && %s\n", dir, cmd);
	fflush(stdout);
	FILE *p = popen(cmd, "r");
	free(cmd);
	if (!p) {
		perror("fixture_runner: popen");
		return 2;
	}
	buf out = { NULL, 0 };
	int rr = read_stream(p, &out);
	int st = pclose(p);
	if (rr) {
		fprintf(stderr, "fixture_runner: cannot read the output of planparse\n");
		return 2;
	}
	int status = 0;
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		printf("FAIL: planparse json %s.md exited with status %d\n", name,
		       st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		status = 1;
	}
	if (compare("planparse json", name, expected, &out))
		status = 1;
	free(out.data);
	return status;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "pretty") == 0) {
		buf b;
		if (read_file(argv[2], &b))
			return 2;
		pretty(stdout, b.data, b.len);
		free(b.data);
		return 0;
	}
	bool lib = argc == 4 && strcmp(argv[1], "lib") == 0;
	bool cli = argc == 5 && strcmp(argv[1], "cli") == 0;
	if (!lib && !cli) {
		fprintf(stderr, "usage: fixture_runner lib DIR NAME\n"
		                "       fixture_runner cli DIR NAME PLANPARSE\n"
		                "       fixture_runner pretty FILE\n");
		return 2;
	}
	const char *dir = argv[2], *name = argv[3];
	char *json_path = join(dir, name, ".json");
	buf expected;
	if (!json_path || access(json_path, F_OK) != 0 || read_file(json_path, &expected)) {
		printf("FAIL: %s/%s.json is missing: run tests/fixtures/regen.sh %s and review it\n",
		       dir, name, name);
		free(json_path);
		return 1;
	}
	free(json_path);
	int rc = lib ? via_lib(dir, name, &expected) : via_cli(dir, name, argv[4], &expected);
	free(expected.data);
	return rc;
}
