/*
 * keys.c: the stable key of each task and checkbox (docs/edit.md).
 *
 * A target is a task, or a checkbox that is not a task (a checkbox that is
 * also a task shares its task's key).  Its base key is its task ID when
 * that ID is unique in the document and no placeholder, else
 * `phase:N/section:SLUG/TEXT-SLUG` (the parts that apply).  Base keys held
 * by more than one target get `#1`, `#2`... in document order; the bare
 * base key then names nothing (pp_doc_find() reports it ambiguous).
 *
 * Keys are for edits, and a parse that is not followed by one should not
 * pay for them (slugs fold every task's text): they are all made together
 * the first time one is asked for, in an arena of their own, and published
 * with one atomic compare-and-swap, so threads reading one document need
 * no lock (two may both make them; one copy wins, the other is freed).
 * Equal IDs and equal base keys are found with a hash table, not a sort.
 */
#include "internal.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define SLUG_MAX 60  /* bytes of each slug part */

struct pp_keyset {
	pp_arena mem;          /* everything below lives here */
	pp_str *keys;          /* tasks, then checkboxes */
};

/* What making the keys reads and writes. */
typedef struct kctx {
	const pp_doc *doc;
	pp_arena *mem;
	uint32_t nt, nc;
	const char *sec;       /* the section text last slugged, and its slug */
	size_t sec_n;
	char sec_slug[SLUG_MAX + 4];
} kctx;

/* ---- slugs ------------------------------------------------------------- */

/* The slug of folded text f into out: runs of ASCII punctuation and space
 * as one '-', non-ASCII kept, at most SLUG_MAX bytes. */
static size_t slug_folded(char *out, const char *f, size_t n)
{
	size_t o = 0;
	bool dash = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)f[i];
		if ((unsigned)(c - 'A') < 26u)
			c |= 0x20; /* only reached on the ASCII path: folding is lower-casing */
		bool keep = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!keep) {
			dash = o > 0;
			continue;
		}
		if (c < 0x80 || (c & 0xC0) != 0x80) { /* a new character: room for it? */
			size_t need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			if (o + dash + need > SLUG_MAX)
				break;
		} else if (o == 0) {
			continue;
		}
		if (dash)
			out[o++] = '-', dash = false;
		out[o++] = (char)c;
	}
	return o;
}

/* Appends the slug of s to out: "item" when nothing is left of it. */
static size_t slug(kctx *k, char *out, pp_str s)
{
	/* A slug keeps at most SLUG_MAX bytes: fold only the head of a long
	 * text (cut on a character boundary); the key stays deterministic. */
	if (s.s && s.len > 2 * SLUG_MAX + 32) {
		s.len = 2 * SLUG_MAX + 32;
		while (s.len && ((unsigned char)s.s[s.len] & 0xC0) == 0x80)
			s.len--;
	}
	size_t ascii = 0;
	while (s.s && ascii < s.len && (unsigned char)(s.s[ascii] - 1) < 0x7F)
		ascii++;
	size_t o;
	if (s.s && ascii == s.len) {
		/* ASCII folds to lower case, and the slug drops what else folding
		 * does (space runs, a trailing ':'): no need to fold first. */
		o = slug_folded(out, s.s, s.len);
	} else {
		pp_str f = s.s ? pp_fold_in(k->mem, s.s, s.len) : PP_NULLSTR;
		o = f.s ? slug_folded(out, f.s, f.len) : 0;
	}
	if (!o)
		memcpy(out, "item", 4), o = 4;
	return o;
}

static bool same(pp_str a, pp_str b)
{
	return a.s && b.s && a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
}

/* The text of the nearest heading at or before offset (sections are
 * sealed by now: doc->lists). */
static pp_str section_at(const pp_doc *doc, uint32_t offset)
{
	uint32_t k = pp_count_upto(doc->lists[PP_SECTION], doc->counts[PP_SECTION], offset);
	return k ? ((const pp_section_node *)doc->lists[PP_SECTION][k - 1])->text : PP_NULLSTR;
}

/* The section's slug: targets come in document order, so most share the
 * section before them, and its heading need not be folded again. */
static size_t section_slug(kctx *k, char *out, pp_str sec)
{
	if (k->sec != sec.s) {
		k->sec_n = slug(k, k->sec_slug, sec);
		k->sec = sec.s;
	}
	memcpy(out, k->sec_slug, k->sec_n);
	return k->sec_n;
}

/* `phase:N/section:S/text` of a target. */
static pp_str text_key(kctx *k, int32_t phase, uint32_t offset, pp_str text)
{
	char buf[3 * (SLUG_MAX + 16)];
	size_t o = 0;
	pp_str heading = PP_NULLSTR;
	if (phase >= 0) {
		const pp_phase_node *p = (const pp_phase_node *)k->doc->lists[PP_PHASE][phase];
		heading = p->heading;
		if (p->number.s && p->number.len <= SLUG_MAX) {
			memcpy(buf, "phase:", 6);
			memcpy(buf + 6, p->number.s, p->number.len);
			o = 6 + p->number.len;
		} else {
			o = (size_t)snprintf(buf, sizeof buf, "phase:@%d", (int)phase + 1);
		}
		buf[o++] = '/';
	}
	pp_str sec = section_at(k->doc, offset);
	if (sec.s && !same(sec, heading)) {
		memcpy(buf + o, "section:", 8);
		o += 8;
		o += section_slug(k, buf + o, sec);
		buf[o++] = '/';
	}
	o += slug(k, buf + o, text);
	char *c = pp_strndup(k->mem, buf, o);
	return c ? (pp_str){ c, (uint32_t)o } : PP_NULLSTR;
}

/* ---- equal strings ------------------------------------------------------ */

/* The equal strings of an array: at[i] is the first index that had
 * strs[i]'s string (through a pp_map), count[] how many have it, seen[]
 * how many were numbered so far (number_key()); both by first index. */
typedef struct equals {
	uint32_t *count, *seen;
} equals;

/* Counts each string of strs[0..n) (null ones skipped) into e, allocated
 * here (free with equals_free()). */
static int count_equal(kctx *k, equals *e, const pp_str *strs, uint32_t n, uint32_t *at)
{
	e->count = pp_sys_malloc(k->mem, ((size_t)n + 1) * sizeof *e->count);
	e->seen = pp_sys_malloc(k->mem, ((size_t)n + 1) * sizeof *e->seen);
	pp_map m = { k->mem, NULL, 0, 0 };
	if (!e->count || !e->seen || pp_map_reserve(&m, n) < 0) {
		pp_map_free(&m);
		return PP_ENOMEM;
	}
	memset(e->count, 0, (size_t)n * sizeof *e->count);
	memset(e->seen, 0, (size_t)n * sizeof *e->seen);
	for (uint32_t i = 0; i < n; i++) {
		if (!strs[i].s)
			continue;
		at[i] = pp_map_put(&m, strs[i].s, strs[i].len, NULL, 0, i);
		e->count[at[i]]++;  /* (reserved: the put cannot fail) */
	}
	pp_map_free(&m);
	return 0;
}

static void equals_free(kctx *k, equals *e)
{
	pp_sys_free(k->mem, e->count);
	pp_sys_free(k->mem, e->seen);
}

/* ---- making the keys ------------------------------------------------------ */

static const pp_task_node *task(const kctx *k, uint32_t i)
{
	return (const pp_task_node *)k->doc->lists[PP_TASK][i];
}

static const pp_checkbox_node *checkbox(const kctx *k, uint32_t i)
{
	return (const pp_checkbox_node *)k->doc->lists[PP_CHECKBOX][i];
}

/* Base keys: a task's ID when no other task has it, else (and for a
 * checkbox that is no task) its text key; a task's checkbox has none. */
static int bases(kctx *k, pp_str *base, uint32_t *at)
{
	equals ids = { NULL, NULL };
	for (uint32_t i = 0; i < k->nt; i++) {
		const pp_task_node *t = task(k, i);
		base[i] = t->id.s && t->id.len && !t->id_placeholder ? t->id : PP_NULLSTR;
	}
	if (count_equal(k, &ids, base, k->nt, at)) {
		equals_free(k, &ids);
		return PP_ENOMEM;
	}
	/* (text keys replace bases the count compared: decide first) */
	for (uint32_t i = 0; i < k->nt; i++)
		if (base[i].s && ids.count[at[i]] > 1)
			base[i] = PP_NULLSTR;
	equals_free(k, &ids);
	for (uint32_t i = 0; i < k->nt; i++) {
		const pp_task_node *t = task(k, i);
		if (!base[i].s)
			base[i] = text_key(k, t->phase, t->n.offset, t->text.s ? t->text : t->title);
	}
	for (uint32_t i = 0; i < k->nc; i++) {
		const pp_checkbox_node *c = checkbox(k, i);
		base[k->nt + i] = c->task >= 0 ? PP_NULLSTR
		                               : text_key(k, c->phase, c->n.offset, c->text);
	}
	return k->mem->oom ? PP_ENOMEM : 0;
}

/* The key of a target whose base is the string of first index f: the
 * base itself when no other target has it, else base#k, k counting in
 * document order. */
static pp_str number_key(kctx *k, equals *e, uint32_t f, pp_str base)
{
	if (e->count[f] == 1)
		return base;
	char *s = pp_alloc_raw(k->mem, base.len + 12);
	if (!s)
		return PP_NULLSTR;
	int l = snprintf(s, base.len + 12, "%s#%u", base.s, ++e->seen[f]);
	return (pp_str){ s, (uint32_t)l };
}

/* Numbers equal bases in document order: tasks and checkboxes are each in
 * document order, so the two lists are merged by offset. */
static int number(kctx *k, pp_str *keys, const pp_str *base, equals *e, const uint32_t *at)
{
	for (uint32_t t = 0, c = 0; t < k->nt || c < k->nc;) {
		bool cb = c < k->nc && (t == k->nt || checkbox(k, c)->n.offset < task(k, t)->n.offset);
		uint32_t i = cb ? k->nt + c++ : t++;
		if (base[i].s && !(keys[i] = number_key(k, e, at[i], base[i])).s)
			return PP_ENOMEM;
	}
	for (uint32_t i = 0; i < k->nc; i++) { /* a task's checkbox: the task's key */
		int32_t t = checkbox(k, i)->task;
		if (t >= 0)
			keys[k->nt + i] = keys[t];
	}
	return 0;
}

static int make_keys(kctx *k, pp_str *keys)
{
	uint32_t n = k->nt + k->nc;
	pp_str *base = pp_sys_malloc(k->mem, ((size_t)n + 1) * sizeof *base);
	uint32_t *at = pp_sys_malloc(k->mem, ((size_t)n + 1) * sizeof *at);
	equals e = { NULL, NULL };
	int rc = !base || !at ? PP_ENOMEM : bases(k, base, at);
	if (!rc)
		rc = count_equal(k, &e, base, n, at);
	if (!rc)
		rc = number(k, keys, base, &e, at);
	equals_free(k, &e);
	pp_sys_free(k->mem, at);
	pp_sys_free(k->mem, base);
	return rc;
}

static void free_keyset(pp_keyset *ks)
{
	pp_arena a = ks->mem; /* the set lives in its own arena */
	pp_arena_free(&a);
}

/* The keys, made by this call when no thread has made them yet. */
static const pp_keyset *keyset(const pp_doc *doc)
{
	_Atomic(pp_keyset *) *pub = (_Atomic(pp_keyset *) *)&doc->keys;
	pp_keyset *ks = atomic_load_explicit(pub, memory_order_acquire);
	if (ks)
		return ks;
	pp_arena mem = { doc->arena.al, NULL, false };
	kctx k = { doc, &mem, doc->counts[PP_TASK], doc->counts[PP_CHECKBOX], NULL, 0, { 0 } };
	ks = pp_alloc(&mem, sizeof *ks);
	pp_str *keys = pp_alloc(&mem, ((size_t)k.nt + k.nc + 1) * sizeof *keys);
	if (!ks || !keys || make_keys(&k, keys) || mem.oom) {
		pp_arena_free(&mem);
		return NULL;
	}
	ks->keys = keys;
	ks->mem = mem;
	pp_keyset *none = NULL;
	if (atomic_compare_exchange_strong_explicit(pub, &none, ks, memory_order_acq_rel,
	                                            memory_order_acquire))
		return ks;
	free_keyset(ks); /* another thread was first: its keys are the same */
	return none;
}

pp_str pp_key_of(const pp_doc *doc, pp_kind kind, uint32_t index)
{
	const pp_keyset *ks = doc ? keyset(doc) : NULL;
	if (!ks)
		return PP_NULLSTR;
	return ks->keys[kind == PP_TASK ? index : doc->counts[PP_TASK] + index];
}

int pp_keys_ready(const pp_doc *doc)
{
	return keyset(doc) ? 0 : PP_ENOMEM;
}

void pp_keys_free(pp_doc *doc)
{
	pp_keyset *ks = atomic_load_explicit(&doc->keys, memory_order_acquire);
	if (ks)
		free_keyset(ks);
}
