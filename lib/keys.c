/*
 * keys.c: the stable key of each task and checkbox (docs/edit.md), made
 * once at the end of the parse so that a document stays read-only.
 *
 * A target is a task, or a checkbox that is not a task (a checkbox that is
 * also a task shares its task's key).  Its base key is its task ID when
 * that ID is unique in the document and no placeholder, else
 * `phase:N/section:SLUG/TEXT-SLUG` (the parts that apply).  Base keys held
 * by more than one target get `#1`, `#2`... in document order; the bare
 * base key then names nothing (pp_doc_find() reports it ambiguous).
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLUG_MAX 60  /* bytes of each slug part */

typedef struct target {
	pp_str base;
	uint32_t offset;
	pp_str *slot;          /* where the key goes */
} target;

/* Appends the slug of s to out (at most SLUG_MAX bytes): folded, runs of
 * ASCII punctuation and space as one '-', non-ASCII kept. */
static size_t slug(pp_doc *doc, char *out, pp_str s)
{
	/* A slug keeps at most SLUG_MAX bytes: fold only the head of a long
	 * text (cut on a character boundary); the key stays deterministic. */
	if (s.s && s.len > 2 * SLUG_MAX + 32) {
		s.len = 2 * SLUG_MAX + 32;
		while (s.len && ((unsigned char)s.s[s.len] & 0xC0) == 0x80)
			s.len--;
	}
	pp_str f = s.s ? pp_key_fold(doc, s.s, s.len) : PP_NULLSTR;
	size_t o = 0;
	bool dash = false;
	for (uint32_t i = 0; f.s && i < f.len; i++) {
		unsigned char c = (unsigned char)f.s[i];
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
	if (!o)
		memcpy(out, "item", 4), o = 4;
	return o;
}

static bool same(pp_str a, pp_str b)
{
	return a.s && b.s && a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
}

/* The last section's slug: targets come in document order, so most share
 * the section before them, and its heading need not be folded again. */
typedef struct sec_cache {
	const char *sec;       /* the section text the slug is of */
	size_t n;
	char slug[SLUG_MAX + 4];
} sec_cache;

static size_t section_slug(pp_doc *doc, sec_cache *c, char *out, pp_str sec)
{
	if (c->sec != sec.s) {
		c->n = slug(doc, c->slug, sec);
		c->sec = sec.s;
	}
	memcpy(out, c->slug, c->n);
	return c->n;
}

/* `phase:N/section:S/text` of a target. */
static pp_str text_key(pp_doc *doc, sec_cache *cache, int32_t phase, uint32_t offset, pp_str text)
{
	char buf[3 * (SLUG_MAX + 16)];
	size_t o = 0;
	pp_str heading = PP_NULLSTR;
	if (phase >= 0) {
		const pp_phase_node *p = (const pp_phase_node *)pp_built(doc, PP_PHASE, (uint32_t)phase);
		heading = p->heading;
		if (p->number.s && p->number.len <= SLUG_MAX)
			o += (size_t)snprintf(buf, sizeof buf, "phase:%s/", p->number.s);
		else
			o += (size_t)snprintf(buf, sizeof buf, "phase:@%d/", (int)phase + 1);
	}
	pp_str sec = pp_section_at(doc, offset);
	if (sec.s && !same(sec, heading)) {
		memcpy(buf + o, "section:", 8);
		o += 8;
		o += section_slug(doc, cache, buf + o, sec);
		buf[o++] = '/';
	}
	o += slug(doc, buf + o, text);
	return pp_str_dup(doc, buf, o);
}

static int cmp_target(const void *a, const void *b)
{
	const target *x = a, *y = b;
	uint32_t n = x->base.len < y->base.len ? x->base.len : y->base.len;
	int c = memcmp(x->base.s, y->base.s, n);
	if (c || x->base.len != y->base.len)
		return c ? c : x->base.len < y->base.len ? -1 : 1;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Whether a task's ID is its key: set, no placeholder, unique. */
static bool id_is_key(const pp_task_node *t, const target *byid, uint32_t n, uint32_t at)
{
	(void)t;
	return (at == 0 || !same(byid[at - 1].base, byid[at].base)) &&
	       (at + 1 >= n || !same(byid[at + 1].base, byid[at].base));
}

/* Base keys of the tasks: IDs first (sorted, to find the unique ones). */
static int task_bases(pp_doc *doc, sec_cache *cache, target *tg, uint32_t nt)
{
	target *byid = pp_sys_malloc(&doc->arena, (nt ? nt : 1) * sizeof *byid);
	if (!byid)
		return PP_ENOMEM;
	uint32_t n = 0;
	for (uint32_t i = 0; i < nt; i++) {
		pp_task_node *t = (pp_task_node *)pp_built(doc, PP_TASK, i);
		if (t->id.s && t->id.len && !t->id_placeholder)
			byid[n++] = (target){ t->id, i, &t->key };
	}
	qsort(byid, n, sizeof *byid, cmp_target);
	for (uint32_t k = 0; k < n; k++)
		if (id_is_key(NULL, byid, n, k))
			tg[byid[k].offset].base = byid[k].base;
	pp_sys_free(&doc->arena, byid);
	for (uint32_t i = 0; i < nt; i++) {
		pp_task_node *t = (pp_task_node *)pp_built(doc, PP_TASK, i);
		if (!tg[i].base.s)
			tg[i].base = text_key(doc, cache, t->phase, t->n.offset,
			                      t->text.s ? t->text : t->title);
		tg[i].offset = t->n.offset;
		tg[i].slot = &t->key;
	}
	return doc->arena.oom ? PP_ENOMEM : 0;
}

/* Gives each key of a run of equal bases its `#k`. */
static int number_run(pp_doc *doc, target *run, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++) {
		if (n == 1) {
			*run[k].slot = run[k].base;
			continue;
		}
		char *s = pp_alloc(&doc->arena, run[k].base.len + 12);
		if (!s)
			return PP_ENOMEM;
		int l = snprintf(s, run[k].base.len + 12, "%s#%u", run[k].base.s, k + 1);
		*run[k].slot = (pp_str){ s, (uint32_t)l };
	}
	return 0;
}

int pp_keys_assign(pp_doc *doc)
{
	uint32_t nt = pp_built_count(doc, PP_TASK), nc = pp_built_count(doc, PP_CHECKBOX);
	target *tg = pp_sys_malloc(&doc->arena, (nt + nc + 1) * sizeof *tg);
	if (!tg)
		return PP_ENOMEM;
	memset(tg, 0, (nt + nc + 1) * sizeof *tg);
	sec_cache cache = { NULL, 0, { 0 } };
	int rc = task_bases(doc, &cache, tg, nt);
	uint32_t n = nt;
	for (uint32_t i = 0; !rc && i < nc; i++) {
		pp_checkbox_node *c = (pp_checkbox_node *)pp_built(doc, PP_CHECKBOX, i);
		if (c->task >= 0)
			continue;
		tg[n++] = (target){ text_key(doc, &cache, c->phase, c->n.offset, c->text), c->n.offset,
		                    &c->key };
	}
	if (!rc && doc->arena.oom)
		rc = PP_ENOMEM;
	if (!rc)
		qsort(tg, n, sizeof *tg, cmp_target);
	for (uint32_t i = 0, j; !rc && i < n; i = j) {
		for (j = i + 1; j < n && same(tg[j].base, tg[i].base); j++)
			;
		rc = number_run(doc, tg + i, j - i);
	}
	for (uint32_t i = 0; !rc && i < nc; i++) { /* a task's checkbox: the task's key */
		pp_checkbox_node *c = (pp_checkbox_node *)pp_built(doc, PP_CHECKBOX, i);
		if (c->task >= 0)
			c->key = ((pp_task_node *)pp_built(doc, PP_TASK, (uint32_t)c->task))->key;
	}
	pp_sys_free(&doc->arena, tg);
	return rc;
}
