/*
 * arena.c: the document's memory.  Nodes and strings are bump-allocated
 * from chunks; one pp_arena_free() returns them all.  Vectors grow with the
 * caller's allocator while a stage builds a list, then are sealed into the
 * arena.  Every failure sets arena->oom and returns NULL: no abort.
 */
#define _DEFAULT_SOURCE /* madvise() */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

/* Chunks grow with the arena, each as large as all before it (or the first
 * as large as pp_arena_expect() said), from CHUNK_MIN to CHUNK_MAX: a small
 * document takes a few small chunks, a big one few mallocs, and its big
 * chunks can live on huge pages.  A big first chunk also keeps glibc from
 * handing the heap back to the system after each parse: freeing a block it
 * had to mmap() raises its thresholds, and a process that parses again
 * and again (an editor, the benchmark) stops faulting its memory back in
 * (100 KB plan: 126 page faults a parse before, 2 after).  Both are
 * glibc's: a caller's allocator gets CHUNK_MIN chunks, so what it is asked
 * for stays within 64 KiB of what is used. */
#define CHUNK_MIN ((size_t)64 << 10)
#define CHUNK_MAX ((size_t)8 << 20)
#define HUGE_PAGE ((size_t)2 << 20)

/* Asks Linux to back the whole 2 MiB pages inside [p, p + n) with huge
 * pages (transparent huge pages, where the system leaves it to madvise()).
 * The tree of a 16 MB plan takes about 40,000 small pages: faulting them
 * in, and missing the TLB on walks over all tasks, cost a tenth of the
 * parse.  Every block of 8 MiB or more the library mallocs is advised
 * (chunks, vectors, maps, the private copy of the text; a smaller one
 * would back its partly used 2 MiB pages whole), but only from our
 * own malloc(): the caller's allocator may hand out memory that is not to
 * be touched this way.  A refusal changes nothing but the speed. */
static void advise_huge(const pp_arena *a, void *p, size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	if (a->al.malloc || n < 4 * HUGE_PAGE)
		return;
	uintptr_t lo = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	uintptr_t hi = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE_PAGE - 1);
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
	(void)a, (void)p, (void)n;
#endif
}

void *pp_sys_malloc(pp_arena *a, size_t size)
{
	void *p = a->al.malloc ? a->al.malloc(size, a->al.ctx) : malloc(size);
	if (!p)
		a->oom = true;
	else
		advise_huge(a, p, size);
	return p;
}

void *pp_sys_realloc(pp_arena *a, void *p, size_t size)
{
	void *q = a->al.realloc ? a->al.realloc(p, size, a->al.ctx) : realloc(p, size);
	if (!q)
		a->oom = true;
	else
		advise_huge(a, q, size);
	return q;
}

void pp_sys_free(pp_arena *a, void *p)
{
	if (!p)
		return;
	if (a->al.free)
		a->al.free(p, a->al.ctx);
	else
		free(p);
}

/* Out of line in this file too: pp_strndup()'s common path then saves no
 * registers for it. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
void *pp_alloc_chunk(pp_arena *a, size_t size)
{
	/* size is rounded already (pp_alloc_raw()) */
	pp_chunk *c = a->head;
	size_t grow = a->grow < CHUNK_MIN || a->al.malloc ? CHUNK_MIN
	            : a->grow < CHUNK_MAX ? a->grow : CHUNK_MAX;
	/* Big requests get a chunk of their own, so a chunk never wastes
	 * more than CHUNK_MIN / 4 of tail space. */
	bool own = size > CHUNK_MIN / 4;
	size_t cap = own ? size : grow;
	if (size > SIZE_MAX - sizeof(pp_chunk))
		return a->oom = true, NULL;
	pp_chunk *n = pp_sys_malloc(a, sizeof(pp_chunk) + cap);
	if (!n)
		return NULL;
	a->grow += cap;
	n->used = size;
	n->cap = cap;
	if (c && own) {
		/* keep filling the current chunk; hang the big one behind it */
		n->next = c->next;
		c->next = n;
	} else {
		n->next = c;
		a->head = n;
	}
	return n->data;
}

char *pp_strndup(pp_arena *a, const char *s, size_t n)
{
	char *p = pp_alloc_raw(a, n + 1);
	if (p) {
		if (n)
			memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

void pp_arena_free(pp_arena *a)
{
	pp_chunk *c = a->head;
	while (c) {
		pp_chunk *next = c->next;
		pp_sys_free(a, c);
		c = next;
	}
	a->head = NULL;
	a->grow = 0;
}

void pp_arena_expect(pp_arena *a, size_t bytes)
{
	a->grow = bytes;
}

void *pp_vec_grow(pp_arena *a, pp_vec *v)
{
	uint32_t cap = v->cap ? v->cap * 2 : 16;
	if (cap < v->cap || (size_t)cap * v->size / v->size != cap)
		return a->oom = true, NULL;
	void *d = v->data ? pp_sys_realloc(a, v->data, (size_t)cap * v->size)
	                  : pp_sys_malloc(a, (size_t)cap * v->size);
	if (!d)
		return NULL;
	v->data = d;
	v->cap = cap;
	void *p = (char *)v->data + (size_t)v->n++ * v->size;
	memset(p, 0, v->size);
	return p;
}

bool pp_vec_reserve(pp_arena *a, pp_vec *v, uint32_t k)
{
	while (v->cap - v->n < k) {
		if (!pp_vec_grow(a, v))
			return false;
		v->n--;  /* pp_vec_grow() pushed one: room is all that is wanted */
	}
	return true;
}

void *pp_vec_seal(pp_arena *a, pp_vec *v)
{
	void *p = NULL;
	if (v->n) {
		p = pp_alloc_raw(a, (size_t)v->n * v->size);  /* all of it copied over */
		if (p)
			memcpy(p, v->data, (size_t)v->n * v->size);
	}
	pp_vec_free(a, v);
	return p;
}

void pp_vec_free(pp_arena *a, pp_vec *v)
{
	pp_sys_free(a, v->data);
	v->data = NULL;
	v->cap = 0;
}
