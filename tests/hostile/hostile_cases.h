/*
 * hostile_cases.h: generators of inputs that make Markdown parsers slow or
 * deep (md4c issues #172, #220, #236, #238; GFM table padding; deep
 * nesting).  Shared by tests/hostile/hostile_run.c (the bench and the
 * ctest checks) and tests/unit/test_limits.c.  Header-only: each user
 * includes it once.
 *
 * hostile_gen(case, n, &len) returns a malloc'ed buffer (free() it) whose
 * size grows linearly with n, or NULL for an unknown case or out of memory.
 */
#ifndef PP_HOSTILE_CASES_H
#define PP_HOSTILE_CASES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct hostile_buf {
	char *p;
	size_t n, cap;
	int oom;
} hostile_buf;

static void hb_put(hostile_buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *q = realloc(b->p, cap);
		if (!q) {
			b->oom = 1;
			return;
		}
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

static void hb_str(hostile_buf *b, const char *s)
{
	hb_put(b, s, strlen(s));
}

static void hb_rep(hostile_buf *b, const char *s, size_t times)
{
	for (size_t i = 0; i < times; i++)
		hb_str(b, s);
}

/* One case: its name, what it is, and a default size for the checks. */
typedef struct hostile_case {
	const char *name;
	const char *what;
	size_t n;           /* size used by the ctest checks and the bench's N */
} hostile_case;

static const hostile_case hostile_cases[] = {
	{ "brackets", "`[` x N then `]` x N after a link reference definition (md4c #172)", 20000 },
	{ "bracket-paren-nl", "`]([` + newline, N times", 20000 },
	{ "refdefs", "N link reference definitions, each used N/100 times", 4000 },
	{ "link-run", "`[a](b` + `[` runs: `[ (](` x N (md4c #60)", 20000 },
	{ "www", "`www._` x N", 20000 },
	{ "table-wide", "a table of N columns, 8 rows", 5000 },
	{ "table-header-tall", "a header of N columns over N one-cell rows (padding: N^2 cells)", 2000 },
	{ "stars", "`*` x N", 50000 },
	{ "unders", "`_` x N", 50000 },
	{ "backticks", "`` ` `` x N", 50000 },
	{ "star-words", "`*a ` x N then `a* ` x N", 20000 },
	{ "escaped-ticks", "`\\``` x N (md4c #59)", 20000 },
	{ "angle", "`<>` x N (md4c #57)", 20000 },
	{ "cdata", "`a <![CDATA[` x N (md4c #73)", 10000 },
	{ "list-stars", "`* ` x N then `a` (md4c #66)", 20000 },
	{ "nested-lists", "N nested list items, one per line, each indented 2 more (N^2 bytes)", 2000 },
	{ "nested-lists-inline", "`- ` x N then text: N nested lists on one line", 100000 },
	{ "nested-quotes", "`>` x N then text: N nested block quotes", 100000 },
	{ "nested-quotes-lines", "N lines `>` x 64 then text", 20000 },
	{ "emph-nest", "`*a **b ` x N then closers", 20000 },
};

#define HOSTILE_NCASES (sizeof hostile_cases / sizeof hostile_cases[0])

static char *hostile_gen(const char *name, size_t n, size_t *len)
{
	hostile_buf b = { 0 };
	char tmp[64];
	hb_put(&b, "", 0);
	if (!strcmp(name, "brackets")) {
		hb_str(&b, "[x]: /foo\n\n");
		hb_rep(&b, "[", n);
		hb_rep(&b, "]", n);
		hb_str(&b, "\n");
	} else if (!strcmp(name, "bracket-paren-nl")) {
		hb_rep(&b, "]([\n", n);
	} else if (!strcmp(name, "refdefs")) {
		for (size_t i = 0; i < n; i++) {
			snprintf(tmp, sizeof tmp, "[r%zu]: /u%zu\n", i, i);
			hb_str(&b, tmp);
		}
		hb_str(&b, "\n");
		for (size_t i = 0; i < n; i++) {
			snprintf(tmp, sizeof tmp, "[r%zu] [r%zu][] ", (i * 7919) % n, i);
			hb_str(&b, tmp);
		}
		hb_str(&b, "\n");
	} else if (!strcmp(name, "link-run")) {
		hb_rep(&b, "[ (](", n);
		hb_str(&b, "\n");
	} else if (!strcmp(name, "www")) {
		hb_rep(&b, "www._", n);
		hb_str(&b, "\n");
	} else if (!strcmp(name, "table-wide")) {
		hb_rep(&b, "| h ", n);
		hb_str(&b, "|\n");
		hb_rep(&b, "|---", n);
		hb_str(&b, "|\n");
		for (int r = 0; r < 8; r++) {
			hb_rep(&b, "| c ", n);
			hb_str(&b, "|\n");
		}
	} else if (!strcmp(name, "table-header-tall")) {
		hb_rep(&b, "x|", n);
		hb_str(&b, "\n");
		hb_rep(&b, "-|", n);
		hb_str(&b, "\n");
		hb_rep(&b, "x|\n", n);
	} else if (!strcmp(name, "stars")) {
		hb_rep(&b, "*", n);
		hb_str(&b, "\n");
	} else if (!strcmp(name, "unders")) {
		hb_rep(&b, "_", n);
		hb_str(&b, "\n");
	} else if (!strcmp(name, "backticks")) {
		hb_rep(&b, "`", n);
		hb_str(&b, "\n");
	} else if (!strcmp(name, "star-words")) {
		hb_rep(&b, "*a ", n);
		hb_rep(&b, "a* ", n);
		hb_str(&b, "\n");
	} else if (!strcmp(name, "escaped-ticks")) {
		hb_rep(&b, "\\``", n);
		hb_str(&b, "\n");
	} else if (!strcmp(name, "angle")) {
		hb_rep(&b, "<>", n);
		hb_str(&b, "\n");
	} else if (!strcmp(name, "cdata")) {
		hb_rep(&b, "a <![CDATA[", n);
		hb_str(&b, "\n");
	} else if (!strcmp(name, "list-stars")) {
		hb_rep(&b, "* ", n);
		hb_str(&b, "a\n");
	} else if (!strcmp(name, "nested-lists")) {
		/* one item per line, each indented under the previous: the input
		 * grows as N^2 spaces, so N stays moderate */
		for (size_t i = 0; i < n; i++) {
			hb_rep(&b, "  ", i);
			snprintf(tmp, sizeof tmp, "- [ ] T%zu item\n", i);
			hb_str(&b, tmp);
		}
	} else if (!strcmp(name, "nested-lists-inline")) {
		hb_rep(&b, "- ", n);
		hb_str(&b, "[ ] deep task\n");
	} else if (!strcmp(name, "nested-quotes")) {
		hb_rep(&b, ">", n);
		hb_str(&b, " deep text\n");
	} else if (!strcmp(name, "nested-quotes-lines")) {
		for (size_t i = 0; i < n; i++) {
			hb_rep(&b, ">", 64);
			hb_str(&b, " line\n");
		}
	} else if (!strcmp(name, "emph-nest")) {
		hb_rep(&b, "*a **b ", n);
		hb_rep(&b, "c** d* ", n);
		hb_str(&b, "\n");
	} else {
		free(b.p);
		return NULL;
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	*len = b.n;
	return b.p;
}

#endif /* PP_HOSTILE_CASES_H */
