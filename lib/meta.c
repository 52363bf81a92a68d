/*
 * meta.c: status headers written in the Markdown itself (front matter is
 * read by frontmatter.c): emphasised key lines (`**Status:** Draft`,
 * `**Branch**: x | **Date**: y`), key headings (`## Status: Done`),
 * metadata tables and plain known-key lines (`Status: In Progress`).
 * The value side (names, templates, placeholders, status words) lives in
 * vocab.c with the word tables it depends on.
 */
#include "internal.h"

#include <md4c.h>
#include <string.h>

#define PLAIN_WORDS_MAX 6 /* PP_KL_PLAIN_ANY: a key of a few words only */

/* ---- reading a key ----------------------------------------------------- */

static bool is_emph_enter(const pp_event *e)
{
	return e->kind == EV_ENTER && (e->type == MD_SPAN_EM || e->type == MD_SPAN_STRONG);
}

/* Bytes of a colon (`:` or full-width `：`) at s, else 0. */
static size_t colon_at(const char *s, size_t n)
{
	if (n && s[0] == ':')
		return 1;
	if (n >= 3 && memcmp(s, "\xEF\xBC\x9A", 3) == 0)
		return 3;
	return 0;
}

/* Index of the first colon (`:` or `：`) in s, or n; *len gets its bytes
 * (0 when none).  Skips 8 bytes at a time while none is `:` or 0xEF (the
 * full-width colon's lead byte): prose lines are long, colons rare. */
static size_t find_colon(const char *s, size_t n, size_t *len)
{
	size_t k = 0;
	for (;;) {
		while (k + 8 <= n) {
			uint64_t v = pp_load8(s + k);
			if (pp_has_byte(v, ':') | pp_has_byte(v, 0xEF))
				break;
			k += 8;
		}
		size_t stop = k + 8 < n ? k + 8 : n;
		for (; k < stop; k++)
			if ((*len = colon_at(s + k, n - k)) != 0)
				return k;
		if (k >= n)
			return n;
	}
}

static bool ascii_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r'); /* what put_text folds to a space */
}

static bool ascii_letter(unsigned char c)
{
	return (unsigned char)((c | 0x20) - 'a') < 26;
}

/* Whether a plain key before a colon in s can be a known key, read on ASCII
 * alone: its first word must start a known key and be followed by a space,
 * `-`, `_` or the colon.  False only when the folded key (pp_key_fold:
 * lower case, white space collapsed) cannot be known, so most prose lines
 * are dropped before the colon scan and the text and fold of their key.
 * A non-ASCII or control byte leaves it to the full test (non-ASCII may
 * fold or compose to ASCII: U+212A KELVIN SIGN is `k`). */
static bool may_be_known(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && ascii_space((unsigned char)s[k]))
		k++;
	size_t w = k;
	while (k < n && ascii_letter((unsigned char)s[k]))
		k++;
	if (k == n)
		return false; /* no colon in this text: no plain key */
	unsigned char c = (unsigned char)s[k];
	if (c >= 0x80 || (c < 0x20 && !ascii_space(c)))
		return true;
	if (k == w || (!ascii_space(c) && c != '-' && c != '_' && c != ':'))
		return false; /* starts with punctuation, or `Word(`, `Word.` ... */
	if (!pp_known_key_word(s + w, k - w))
		return false;
	/* the rest of the key: an ASCII digit or punctuation before the colon
	 * stays in the fold, and no known key has one (`Phase 2: Build`,
	 * `Sprint 3: ...`); no colon in this text, no plain key */
	for (; k < n; k++) {
		c = (unsigned char)s[k];
		if (c == ':' || c >= 0x80 || (c < 0x20 && !ascii_space(c)))
			return true;
		if (!ascii_letter(c) && !ascii_space(c) && c != '-' && c != '_')
			return false;
	}
	return false;
}

/* Bytes of a colon that ends s, else 0. */
static size_t trailing_colon(pp_str s)
{
	if (s.len && s.s[s.len - 1] == ':')
		return 1;
	if (s.len >= 3 && memcmp(s.s + s.len - 3, "\xEF\xBC\x9A", 3) == 0)
		return 3;
	return 0;
}

/* The LEAVE that closes the ENTER at event i, or ee. */
static uint32_t span_close(const pp_doc *doc, uint32_t i, uint32_t ee)
{
	int depth = 0;
	for (uint32_t j = i; j < ee; j++) {
		const pp_event *e = &doc->events[j];
		depth += e->kind == EV_ENTER ? 1 : e->kind == EV_LEAVE ? -1 : 0;
		if (depth == 0)
			return j;
	}
	return ee;
}

/* A key as written: trimmed, NUL-terminated, 1..max_key bytes (longer
 * "keys" are sentences). */
static bool key_ok(const pp_doc *doc, pp_str *k)
{
	*k = pp_str_trim(*k);
	if (!k->s || !k->len || k->len > doc->opts.max_key)
		return false;
	((char *)k->s)[k->len] = 0; /* our own pp_text copy: safe to cut */
	return true;
}

/* Source offset just after a colon that starts text event i (after spaces),
 * or 0 when the event does not start with one: `**Status**: x`. */
static uint32_t colon_after(const pp_doc *doc, uint32_t i, uint32_t ee)
{
	if (i >= ee)
		return 0;
	const pp_event *e = &doc->events[i];
	if (e->kind != EV_TEXT || e->type != MD_TEXT_NORMAL)
		return 0;
	const char *s = doc->src + e->off;
	uint32_t k = 0;
	while (k < e->len && (s[k] == ' ' || s[k] == '\t'))
		k++;
	size_t c = colon_at(s + k, e->len - k);
	return c ? e->off + k + (uint32_t)c : 0;
}

/* Whether the plain text of events [b, e) may end with a colon, read on
 * the events: pp_text drops trailing white space and copies ASCII and
 * valid UTF-8 as written, so its last byte is the last other byte of the
 * last text event that renders (`:`, or 0x9A of `：`).  An entity or NUL
 * may render as anything.  Spares the text of `**Bold** prose`. */
static bool may_end_in_colon(const pp_doc *doc, uint32_t b, uint32_t e)
{
	for (uint32_t x = e; x-- > b;) {
		const pp_event *ev = &doc->events[x];
		if (ev->kind != EV_TEXT || ev->type == MD_TEXT_HTML)
			continue; /* pp_text renders neither */
		if (ev->type == MD_TEXT_ENTITY || ev->type == MD_TEXT_NULLCHAR)
			return true;
		const unsigned char *s = (const unsigned char *)doc->src + ev->off;
		uint32_t n = ev->len;
		while (n && ascii_space(s[n - 1]))
			n--;
		if (n)
			return s[n - 1] == ':' || s[n - 1] == 0x9A;
	}
	return false;
}

/* ---- keys seen before ------------------------------------------------- */

/* A document repeats its few keys (`**Status**:`, `**Purpose**:`) on every
 * phase and task: the walk keeps the text and name of the keys it has read
 * (pp_memo), so a key seen before costs one comparison.  Emphasised keys
 * are kept by their source bytes: the text of a span of one text event is
 * a function of its bytes. */
typedef struct span_memo {
	const char *src[PP_MEMO_SLOTS];
	uint32_t len[PP_MEMO_SLOTS];
	pp_str key[PP_MEMO_SLOTS];  /* key_ok() of its text without the colon */
	bool colon[PP_MEMO_SLOTS];  /* whether its text ended with a colon */
} span_memo;

/* The memo slot of the span [b, e) when it is one plain text event (whose
 * text is a function of its bytes), else -1. */
static int memo_slot(const pp_doc *doc, uint32_t b, uint32_t e, const span_memo *m)
{
	const pp_event *ev = &doc->events[b];
	if (!m || e != b + 1 || ev->kind != EV_TEXT || ev->type != MD_TEXT_NORMAL)
		return -1;
	return (int)pp_memo_slot(doc->src + ev->off, ev->len);
}

/* Whether slot x of the memo holds the key of the one-event span at b. */
static bool memo_hit(const pp_doc *doc, uint32_t b, const span_memo *m, int x)
{
	const pp_event *ev = &doc->events[b];
	return x >= 0 && m->src[x] && m->len[x] == ev->len &&
	       memcmp(m->src[x], doc->src + ev->off, ev->len) == 0;
}

/* The key in events [b, e) (an emphasis span's inside), not in the memo
 * (slot x, -1 for none): its text without a trailing colon (*colon tells
 * whether it had one), key_ok(); kept in slot x.  False when it is no key
 * (or out of memory). */
static bool span_key(pp_doc *doc, uint32_t b, uint32_t e, span_memo *m, int x, pp_str *key,
                     bool *colon)
{
	pp_str k = pp_text(doc, b, e, 0, UINT32_MAX);
	if (!k.s)
		return false;
	size_t c = trailing_colon(k);
	k.len -= (uint32_t)c;
	*colon = c != 0;
	*key = k;
	if (!key_ok(doc, key))
		return false;
	if (x >= 0) {
		const pp_event *ev = &doc->events[b];
		m->src[x] = doc->src + ev->off;
		m->len[x] = ev->len;
		m->key[x] = *key;
		m->colon[x] = *colon;
	}
	return true;
}

/* emph_key() at an emphasis span.  A key seen before is taken from the
 * memo before anything else is read: whether its text ends with a colon
 * is kept with it. */
static bool emph_key_at(pp_doc *doc, uint32_t i, uint32_t ee, span_memo *m, pp_str *key,
                        uint32_t *vfrom, uint32_t *vbyte)
{
	uint32_t j = span_close(doc, i, ee), after = 0;
	if (j >= ee)
		return false;
	int x = memo_slot(doc, i + 1, j, m);
	bool colon;
	if (memo_hit(doc, i + 1, m, x)) {
		*key = m->key[x];
		colon = m->colon[x];
	} else if ((!may_end_in_colon(doc, i + 1, j) && !(after = colon_after(doc, j + 1, ee))) ||
	           !span_key(doc, i + 1, j, m, x, key, &colon)) {
		return false;
	}
	*vfrom = j + 1;
	*vbyte = 0;
	return colon || (*vbyte = after ? after : colon_after(doc, j + 1, ee)) != 0;
}

/* An emphasised key at event i: a strong/emphasis span whose text ends
 * with a colon or that a colon directly follows.  *vfrom gets the event
 * and *vbyte the source byte where the value starts.  (Most lines start
 * with no span: that test stays with the caller.) */
static inline bool emph_key(pp_doc *doc, uint32_t i, uint32_t ee, span_memo *m, pp_str *key,
                            uint32_t *vfrom, uint32_t *vbyte)
{
	return i < ee && is_emph_enter(&doc->events[i]) &&
	       emph_key_at(doc, i, ee, m, key, vfrom, vbyte);
}

/* Whether a plain key passes the mode: a known key, or any short key. */
static bool plain_key_ok(pp_doc *doc, pp_str k, unsigned mode)
{
	if (mode & PP_KL_PLAIN_ANY) {
		unsigned spaces = 0;
		for (uint32_t i = 0; i < k.len; i++)
			spaces += k.s[i] == ' ';
		if (spaces < PLAIN_WORDS_MAX)
			return true;
	}
	if (!(mode & PP_KL_PLAIN_KNOWN))
		return false;
	pp_str f = pp_key_fold(doc, k.s, k.len);
	return f.s && pp_is_known_key(f.s, f.len);
}

/* A plain `Key: value` at event b: the first text of the line (emphasis
 * may wrap the whole line, `_Requirements: 1.1_`) holds a colon that ends
 * a word (`http://` and `10:30` are no keys; a full-width colon needs no
 * space).  *vbyte gets the byte after the colon. */
static bool plain_key(pp_doc *doc, uint32_t b, uint32_t ee, unsigned mode, pp_str *key,
                      uint32_t *vbyte)
{
	uint32_t i = b;
	while (i < ee && is_emph_enter(&doc->events[i]))
		i++;
	if (i >= ee || doc->events[i].kind != EV_TEXT || doc->events[i].type != MD_TEXT_NORMAL)
		return false;
	const pp_event *e = &doc->events[i];
	const char *s = doc->src + e->off;
	if (!(mode & PP_KL_PLAIN_ANY) && !may_be_known(s, e->len))
		return false;
	size_t c;
	uint32_t k = (uint32_t)find_colon(s, e->len, &c);
	if (!c || (c == 1 && k + 1 < e->len && s[k + 1] != ' ' && s[k + 1] != '\t'))
		return false;
	*key = pp_text(doc, i, i + 1, 0, e->off + k);
	*vbyte = e->off + k + (uint32_t)c;
	return key_ok(doc, key) && plain_key_ok(doc, *key, mode);
}

/* Where the segment that starts at event b ends: at a text ending in ` |`
 * that an emphasised key follows (*bar gets the `|` byte), else at ee. */
static uint32_t segment_end(pp_doc *doc, uint32_t b, uint32_t ee, span_memo *m, uint32_t *bar)
{
	for (uint32_t i = b + 1; i + 1 < ee; i++) {
		const pp_event *e = &doc->events[i];
		if (e->kind != EV_TEXT || e->type != MD_TEXT_NORMAL || !e->len)
			continue;
		const char *s = doc->src + e->off;
		uint32_t n = e->len;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (!n || s[n - 1] != '|' || (n >= 2 && s[n - 2] != ' ' && s[n - 2] != '\t'))
			continue;
		pp_str k;
		uint32_t vf, vb;
		if (!emph_key(doc, i + 1, ee, m, &k, &vf, &vb))
			continue;
		*bar = e->off + n - 1;
		return i + 1;
	}
	*bar = UINT32_MAX;
	return ee;
}

/* Source span of a key line over events [b, e): from its first text,
 * back over emphasis markers, to the `|` or the end of its source line. */
static void line_span(const pp_doc *doc, uint32_t b, uint32_t e, uint32_t bar,
                      pp_keyline *kl)
{
	uint32_t first = UINT32_MAX, last = 0;
	for (uint32_t i = b; i < e; i++) {
		const pp_event *ev = &doc->events[i];
		if (ev->kind != EV_TEXT || !ev->len)
			continue;
		if (first == UINT32_MAX)
			first = ev->off;
		last = ev->off + ev->len;
	}
	if (first == UINT32_MAX)
		first = last = doc->events[b].off;
	for (int k = 0; k < 3 && first > doc->body &&
	     (doc->src[first - 1] == '*' || doc->src[first - 1] == '_'); k++)
		first--;
	uint32_t end = bar != UINT32_MAX ? bar : pp_line_end(doc, last);
	while (end > first && (doc->src[end - 1] == ' ' || doc->src[end - 1] == '\t'))
		end--;
	kl->offset = first;
	kl->end = end;
}

/* Reads the key line segment at event b of a line ending at ee; *next
 * gets where the next segment starts.  False when b holds no key. */
static bool read_keyline(pp_doc *doc, uint32_t b, uint32_t ee, unsigned mode, span_memo *m,
                         pp_keyline *kl, uint32_t *next)
{
	uint32_t vfrom = b, vbyte = 0, bar;
	kl->emphasised = (mode & PP_KL_EMPH) && emph_key(doc, b, ee, m, &kl->key, &vfrom, &vbyte);
	if (!kl->emphasised) {
		vfrom = b; /* a plain key's value is the line after its colon */
		if (!(mode & (PP_KL_PLAIN_KNOWN | PP_KL_PLAIN_ANY)) ||
		    !plain_key(doc, b, ee, mode, &kl->key, &vbyte))
			return false;
	}
	*next = segment_end(doc, b, ee, m, &bar);
	kl->value = pp_text(doc, vfrom, *next, vbyte, bar);
	if (!kl->value.s)
		return false;
	line_span(doc, b, *next, bar, kl);
	return true;
}

/* pp_keylines() with emphasised keys kept in m (NULL: none kept). */
static int keylines(pp_doc *doc, pp_inl run, unsigned mode, span_memo *m, pp_keyline_fn fn,
                    void *ud)
{
	pp_inl line;
	for (uint32_t pos = run.eb; pp_next_line(doc, run, &pos, &line);) {
		uint32_t b = line.eb, next;
		pp_keyline kl;
		/* a line that does not start with a key has no pairs at all */
		while (b < line.ee && read_keyline(doc, b, line.ee, mode, m, &kl, &next)) {
			int rc = fn(doc, &kl, ud);
			if (rc)
				return rc;
			b = next;
		}
		if (doc->arena.oom)
			return PP_ENOMEM;
	}
	return doc->arena.oom ? PP_ENOMEM : 0;
}

int pp_keylines(pp_doc *doc, pp_inl run, unsigned mode, pp_keyline_fn fn, void *ud)
{
	return keylines(doc, run, mode, NULL, fn, ud);
}

/* ---- the document's status headers ------------------------------------- */

/* Key names by key text (the memo of the keys seen before, above). */
static pp_str key_name(pp_doc *doc, pp_memo *m, pp_str key)
{
	return pp_memo_str(doc, m, key, pp_key_name);
}

typedef struct meta_ctx {
	bool known_only;       /* key headings: known vocabulary only */
	pp_at_cursor *at;      /* phase lookups down the document */
	pp_memo *names;
} meta_ctx;

/* What the walk keeps from block to block. */
typedef struct meta_walk {
	pp_at_cursor at;       /* phase lookups down the document */
	pp_memo names;
	span_memo spans;
} meta_walk;

static int add_entry(pp_doc *doc, const pp_keyline *kl, void *ud)
{
	const meta_ctx *c = ud;
	if (!kl->value.len)
		return 0; /* a label introduces the next block; it is no entry */
	if (kl->key.len >= 2 && kl->key.s[0] == '[' && kl->key.s[kl->key.len - 1] == ']')
		return 0; /* `- **[P]**: parallel`: a legend of task markers */
	if (c->known_only) {
		pp_str f = pp_key_fold(doc, kl->key.s, kl->key.len);
		if (!f.s)
			return PP_ENOMEM;
		if (!pp_is_known_key(f.s, f.len))
			return 0;
	}
	pp_str name = key_name(doc, c->names, kl->key);
	pp_meta_node *m = name.s ? pp_meta_add_named(doc, kl->key, name, kl->value,
	                                             pp_phase_next(doc, c->at, kl->offset),
	                                             kl->offset, kl->end) : NULL;
	return m ? 0 : PP_ENOMEM;
}

/* Whether no key line of a block nor of the blocks inside it can be a
 * status header: it is taken by another recogniser, a task or checkbox
 * item or inside one, or a table (its cells hold no key lines). */
static bool meta_closed(const pp_block *b)
{
	return (b->flags & (BF_IN_TASK | BF_TAKEN)) || b->type == MD_BLOCK_TABLE ||
	       (b->type == MD_BLOCK_LI && ((b->flags & BF_TASKMARK) || b->node >= 0));
}

/* Whether a list holds block i (plain key lines count only outside lists). */
static bool in_list(const pp_doc *doc, uint32_t i)
{
	for (uint32_t k = i; k != PP_NO && k != 0; k = doc->blocks[k].parent)
		if (doc->blocks[k].type == MD_BLOCK_LI)
			return true;
	return false;
}

/* The status headers of block i, which no closed block holds. */
static int block_meta(pp_doc *doc, uint32_t i, meta_walk *w)
{
	const pp_block *b = &doc->blocks[i];
	if (b->type != MD_BLOCK_P && b->type != MD_BLOCK_LI && b->type != MD_BLOCK_H)
		return 0;
	pp_inl run = pp_own_inl(doc, b);
	if (run.ee <= run.eb)
		return 0;
	if (b->type == MD_BLOCK_H) { /* a key heading is the whole heading: one line */
		for (uint32_t e = run.eb; e < run.ee; e++)
			if (doc->events[e].kind == EV_TEXT && (doc->events[e].type == MD_TEXT_SOFTBR ||
			                                        doc->events[e].type == MD_TEXT_BR))
				return 0;
	}
	meta_ctx c = { b->type == MD_BLOCK_H, &w->at, &w->names };
	unsigned mode = PP_KL_EMPH;
	if (b->type == MD_BLOCK_H || (b->type == MD_BLOCK_P && !in_list(doc, i)))
		mode |= PP_KL_PLAIN_KNOWN;
	return keylines(doc, run, mode, &w->spans, add_entry, &c);
}

/* Each body row of a metadata table: key = first cell, value = second. */
static int table_meta(pp_doc *doc, pp_memo *names)
{
	for (uint32_t t = 0; t < pp_built_count(doc, PP_TABLE); t++) {
		const pp_table_node *tb = (const pp_table_node *)pp_built(doc, PP_TABLE, t);
		if (!tb->role.s || strcmp(tb->role.s, "meta") != 0)
			continue;
		for (uint32_t r = 0; r < tb->rows.n; r++) {
			const pp_row_node *row = ((pp_row_node *const *)tb->rows.items)[r];
			if (row->cells.n < 2)
				continue;
			const pp_str *cell = row->cells.items;
			if (!cell[0].len || !cell[1].len)
				continue;
			pp_str name = key_name(doc, names, cell[0]);
			if (!name.s || !pp_meta_add_named(doc, cell[0], name, cell[1],
			                                  pp_phase_at(doc, row->n.offset),
			                                  row->n.offset, row->n.end))
				return PP_ENOMEM;
		}
	}
	return 0;
}

int pp_meta_find(pp_doc *doc)
{
	/* blocks are stored in document pre-order: one pass over the array,
	 * past the blocks inside a closed one */
	meta_walk w;
	memset(&w, 0, sizeof w);
	for (uint32_t i = 1; i < doc->nblocks; i++) {
		if (meta_closed(&doc->blocks[i])) {
			i = pp_subtree_last(doc, i);
			continue;
		}
		int rc = block_meta(doc, i, &w);
		if (rc)
			return rc;
	}
	return table_meta(doc, &w.names);
}
