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
 *
 * Equal IDs and equal base keys are found with a hash table, not a sort:
 * this runs on every parse, and a plan has a target every 80 bytes or so.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define SLUG_MAX 60  /* bytes of each slug part */

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
static size_t slug(pp_doc *doc, char *out, pp_str s)
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
		pp_str f = s.s ? pp_key_fold(doc, s.s, s.len) : PP_NULLSTR;
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
		if (p->number.s && p->number.len <= SLUG_MAX) {
			memcpy(buf, "phase:", 6);
			memcpy(buf + 6, p->number.s, p->number.len);
			o = 6 + p->number.len;
		} else {
			o = (size_t)snprintf(buf, sizeof buf, "phase:@%d", (int)phase + 1);
		}
		buf[o++] = '/';
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

/* ---- equal strings ------------------------------------------------------ */

/* Open addressing over the distinct strings of an array: each slot stands
 * for one string (the first index that had it), counts the indices equal
 * to it and numbers them as they are met again. */
typedef struct slot {
	uint32_t hash, first, count, seen;
} slot;

typedef struct strset {
	const pp_str *strs;
	slot *slots;
	uint32_t mask;
} strset;

static uint32_t hash_str(pp_str s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (uint32_t i = 0; i < s.len; i++)
		h = (h ^ (unsigned char)s.s[i]) * 16777619u;
	return h;
}

static int set_init(pp_doc *doc, strset *set, const pp_str *strs, uint32_t n)
{
	uint32_t cap = 16;
	while (cap < 2 * (uint64_t)n)
		cap *= 2;
	set->strs = strs;
	set->mask = cap - 1;
	set->slots = pp_sys_malloc(&doc->arena, (size_t)cap * sizeof *set->slots);
	if (!set->slots)
		return PP_ENOMEM;
	memset(set->slots, 0, (size_t)cap * sizeof *set->slots);
	return 0;
}

/* The slot of strs[i]'s string, a new one when it was not met before. */
static slot *set_find(strset *set, uint32_t i)
{
	pp_str s = set->strs[i];
	uint32_t h = hash_str(s);
	for (uint32_t k = h & set->mask;; k = (k + 1) & set->mask) {
		slot *e = &set->slots[k];
		if (!e->count) {
			*e = (slot){ h, i, 0, 0 };
			return e;
		}
		if (e->hash == h && same(set->strs[e->first], s))
			return e;
	}
}

/* ---- assigning ----------------------------------------------------------- */

/* Base keys of the tasks: the ID when it is unique, else a text key. */
static int task_bases(pp_doc *doc, sec_cache *cache, pp_str *base, uint32_t nt)
{
	strset ids;
	uint32_t *at = pp_sys_malloc(&doc->arena, ((size_t)nt + 1) * sizeof *at);
	if (!at || set_init(doc, &ids, base, nt))
		return pp_sys_free(&doc->arena, at), PP_ENOMEM;
	for (uint32_t i = 0; i < nt; i++) {
		const pp_task_node *t = (const pp_task_node *)pp_built(doc, PP_TASK, i);
		base[i] = t->id.s && t->id.len && !t->id_placeholder ? t->id : PP_NULLSTR;
		if (!base[i].s)
			continue;
		slot *e = set_find(&ids, i);
		e->count++;
		at[i] = (uint32_t)(e - ids.slots);
	}
	/* (text keys replace bases the set compares with: decide first) */
	for (uint32_t i = 0; i < nt; i++)
		if (base[i].s && ids.slots[at[i]].count > 1)
			base[i] = PP_NULLSTR;
	for (uint32_t i = 0; i < nt; i++) {
		const pp_task_node *t = (const pp_task_node *)pp_built(doc, PP_TASK, i);
		if (!base[i].s)
			base[i] = text_key(doc, cache, t->phase, t->n.offset,
			                   t->text.s ? t->text : t->title);
	}
	pp_sys_free(&doc->arena, at);
	pp_sys_free(&doc->arena, ids.slots);
	return doc->arena.oom ? PP_ENOMEM : 0;
}

/* The key of a target whose base is in e: the base itself when no other
 * target has it, else base#k, k counting in document order. */
static pp_str number_key(pp_doc *doc, slot *e, pp_str base)
{
	if (e->count == 1)
		return base;
	char *s = pp_alloc_raw(&doc->arena, base.len + 12);
	if (!s)
		return PP_NULLSTR;
	int l = snprintf(s, base.len + 12, "%s#%u", base.s, ++e->seen);
	return (pp_str){ s, (uint32_t)l };
}

int pp_keys_assign(pp_doc *doc)
{
	uint32_t nt = pp_built_count(doc, PP_TASK), nc = pp_built_count(doc, PP_CHECKBOX);
	pp_str *base = pp_sys_malloc(&doc->arena, ((size_t)nt + nc + 1) * sizeof *base);
	strset bases = { NULL, NULL, 0 };
	sec_cache cache = { NULL, 0, { 0 } };
	int rc = base ? task_bases(doc, &cache, base, nt) : PP_ENOMEM;
	for (uint32_t i = 0; !rc && i < nc; i++) {
		const pp_checkbox_node *c = (const pp_checkbox_node *)pp_built(doc, PP_CHECKBOX, i);
		base[nt + i] = c->task >= 0 ? PP_NULLSTR
		                            : text_key(doc, &cache, c->phase, c->n.offset, c->text);
	}
	if (!rc)
		rc = doc->arena.oom ? PP_ENOMEM : set_init(doc, &bases, base, nt + nc);
	/* each target's slot, so that numbering need not hash its key again */
	uint32_t *at = rc ? NULL : pp_sys_malloc(&doc->arena, ((size_t)nt + nc + 1) * sizeof *at);
	if (!rc && !at)
		rc = PP_ENOMEM;
	for (uint32_t i = 0; !rc && i < nt + nc; i++) {
		if (!base[i].s)
			continue;
		slot *e = set_find(&bases, i);
		e->count++;
		at[i] = (uint32_t)(e - bases.slots);
	}
	/* Number in document order: tasks and checkboxes are each in document
	 * order, so merge the two lists by offset. */
	for (uint32_t t = 0, c = 0; !rc && (t < nt || c < nc);) {
		pp_task_node *tn = t < nt ? (pp_task_node *)pp_built(doc, PP_TASK, t) : NULL;
		pp_checkbox_node *cn = c < nc ? (pp_checkbox_node *)pp_built(doc, PP_CHECKBOX, c) : NULL;
		if (cn && (!tn || cn->n.offset < tn->n.offset)) {
			if (base[nt + c].s && !(cn->key = number_key(doc, &bases.slots[at[nt + c]], base[nt + c])).s)
				rc = PP_ENOMEM;
			c++;
		} else if (!(tn->key = number_key(doc, &bases.slots[at[t]], base[t])).s) {
			rc = PP_ENOMEM;
		} else {
			t++;
		}
	}
	for (uint32_t i = 0; !rc && i < nc; i++) { /* a task's checkbox: the task's key */
		pp_checkbox_node *c = (pp_checkbox_node *)pp_built(doc, PP_CHECKBOX, i);
		if (c->task >= 0)
			c->key = ((pp_task_node *)pp_built(doc, PP_TASK, (uint32_t)c->task))->key;
	}
	pp_sys_free(&doc->arena, at);
	pp_sys_free(&doc->arena, bases.slots);
	pp_sys_free(&doc->arena, base);
	return rc;
}
