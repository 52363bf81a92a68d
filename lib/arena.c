/*
 * arena.c: the document's memory.  Nodes and strings are bump-allocated
 * from chunks; one pp_arena_free() returns them all.  Vectors grow with the
 * caller's allocator while a stage builds a list, then are sealed into the
 * arena.  Every failure sets arena->oom and returns NULL: no abort.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN ((size_t)64 << 10)

void *pp_sys_malloc(pp_arena *a, size_t size)
{
	void *p = a->al.malloc ? a->al.malloc(size, a->al.ctx) : malloc(size);
	if (!p)
		a->oom = true;
	return p;
}

void *pp_sys_realloc(pp_arena *a, void *p, size_t size)
{
	void *q = a->al.realloc ? a->al.realloc(p, size, a->al.ctx) : realloc(p, size);
	if (!q)
		a->oom = true;
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
	/* Big requests get a chunk of their own, so a chunk never wastes
	 * more than CHUNK_MIN of tail space. */
	size_t cap = size > CHUNK_MIN / 4 ? size : CHUNK_MIN;
	if (size > SIZE_MAX - sizeof(pp_chunk))
		return a->oom = true, NULL;
	pp_chunk *n = pp_sys_malloc(a, sizeof(pp_chunk) + cap);
	if (!n)
		return NULL;
	n->used = size;
	n->cap = cap;
	if (c && cap != CHUNK_MIN) {
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
