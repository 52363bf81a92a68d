/*
 * tests/support/counting.h: what the tests and the fuzzers share: a
 * counting, poisoning, optionally failing pp_allocator (every block it
 * hands out is filled with 0xAB, every block freed with 0xDD, so code that
 * expects zeroed memory or reads freed memory shows it), and a strict
 * UTF-8 check.  Header-only: static inline functions, no state of its own.
 */
#ifndef PP_TEST_COUNTING_H
#define PP_TEST_COUNTING_H

#include "planparse.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct counting {
	long live;          /* blocks not yet freed */
	long long bytes;    /* bytes not yet freed */
	long calls;         /* successful malloc + realloc calls */
	long fail_at;       /* fail the fail_at-th call (1-based); 0: never */
	long seen;          /* calls so far, failed ones included */
	bool failed;        /* the fail_at-th call came */
	bool bad_realloc;   /* realloc called with NULL or size 0 */
} counting;

typedef union counting_hdr {
	size_t size;
	max_align_t align;
} counting_hdr;

static inline bool cnt_should_fail(counting *c)
{
	if (++c->seen != c->fail_at)
		return false;
	c->failed = true;
	return true;
}

static inline void *cnt_malloc(size_t size, void *ctx)
{
	counting *c = ctx;
	if (cnt_should_fail(c))
		return NULL;
	counting_hdr *h = malloc(sizeof *h + size);
	if (!h)
		return NULL;
	h->size = size;
	memset(h + 1, 0xAB, size); /* callers must not expect zeroed memory */
	c->live++, c->bytes += (long long)size, c->calls++;
	return h + 1;
}

static inline void *cnt_realloc(void *ptr, size_t size, void *ctx)
{
	counting *c = ctx;
	if (!ptr || !size) {
		c->bad_realloc = true;
		return NULL;
	}
	if (cnt_should_fail(c))
		return NULL;
	counting_hdr *old = (counting_hdr *)ptr - 1;
	size_t old_size = old->size;
	counting_hdr *h = realloc(old, sizeof *h + size);
	if (!h)
		return NULL;
	h->size = size;
	c->bytes += (long long)size - (long long)old_size;
	c->calls++;
	return h + 1;
}

static inline void cnt_free(void *ptr, void *ctx)
{
	counting *c = ctx;
	if (!ptr)
		return;
	counting_hdr *h = (counting_hdr *)ptr - 1;
	c->live--, c->bytes -= (long long)h->size;
	memset(h + 1, 0xDD, h->size); /* use after free shows as garbage */
	free(h);
}

/* The counting allocator over c. */
static inline pp_allocator counting_allocator(counting *c)
{
	return (pp_allocator){ cnt_malloc, cnt_realloc, cnt_free, c };
}

/* Default options with the counting allocator. */
static inline pp_options counted_options(counting *c)
{
	pp_options o;
	pp_options_init(&o);
	o.allocator = counting_allocator(c);
	return o;
}

/* Whether s[0..n) is valid UTF-8 (no overlong forms, surrogates or code
 * points past U+10FFFF). */
static inline bool valid_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2
		           : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
		if (!len || i + len > n)
			return false;
		for (size_t k = 1; k < len; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
		if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0) ||
		    (c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] >= 0x90))
			return false;
		i += len;
	}
	return true;
}

#endif
