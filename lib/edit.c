/*
 * edit.c: the edit planner (docs/edit.md).  A planner reads a parsed
 * document and returns byte patches, never a rewritten document: a
 * checkbox's mark byte, a table task's status cell, a status header's
 * value, or one inserted header line.  Each planner applies its patches to
 * a copy, parses the copy with the document's options and checks that the
 * target reads as asked before it returns them; pp_apply_edits() checks
 * each patch's expected bytes before it writes anything.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define PLAN_MAX 4       /* edits one change needs at most */
#define LINE_MAX_EDIT 4096

/* ---- edit lists -------------------------------------------------------- */

struct pp_edits {
	pp_allocator al;
	size_t n;
	pp_edit e[];         /* strings in the same block, after the edits */
};

void pp_edits_free(pp_edits *edits)
{
	if (!edits)
		return;
	pp_arena mem = { edits->al, NULL, false };
	pp_sys_free(&mem, edits);
}

size_t pp_edits_count(const pp_edits *edits)
{
	return edits ? edits->n : 0;
}

const pp_edit *pp_edits_get(const pp_edits *edits, size_t i)
{
	return edits && i < edits->n ? &edits->e[i] : NULL;
}

/* A plan being built: up to PLAN_MAX edits whose strings are copies owned
 * by the plan (the document's allocator). */
typedef struct plan {
	const pp_doc *doc;
	pp_arena mem;
	pp_edit e[PLAN_MAX];
	size_t n;
} plan;

static void plan_reset(plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		pp_sys_free(&p->mem, (void *)p->e[i].replacement);
		pp_sys_free(&p->mem, (void *)p->e[i].expected);
	}
	p->n = 0;
}

static char *copy_bytes(pp_arena *mem, const char *s, size_t n)
{
	char *c = pp_sys_malloc(mem, n + 1);
	if (c) {
		if (n)
			memcpy(c, s, n);
		c[n] = 0;
	}
	return c;
}

/* Adds "replace [off, off+len) by rep", trimmed to the bytes that differ. */
static int plan_add(plan *p, size_t off, size_t len, const char *rep, size_t rlen)
{
	const char *old = p->doc->src + off;
	while (len && rlen && old[0] == rep[0])
		off++, old++, rep++, len--, rlen--;
	while (len && rlen && old[len - 1] == rep[rlen - 1])
		len--, rlen--;
	if (!len && !rlen)
		return 0;
	if (p->n == PLAN_MAX)
		return PP_EINVAL;
	pp_edit *e = &p->e[p->n];
	e->offset = off;
	e->length = e->expected_len = len;
	e->replacement_len = rlen;
	e->replacement = copy_bytes(&p->mem, rep, rlen);
	e->expected = copy_bytes(&p->mem, old, len);
	p->n++;
	return p->mem.oom ? PP_ENOMEM : 0;
}

static int cmp_edit(const void *a, const void *b)
{
	const pp_edit *x = a, *y = b;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->length < y->length ? -1 : x->length > y->length;
}

/* Moves the plan into a new pp_edits (one block). */
static int plan_finish(plan *p, pp_edits **out)
{
	size_t bytes = sizeof(pp_edits) + p->n * sizeof(pp_edit);
	for (size_t i = 0; i < p->n; i++)
		bytes += p->e[i].replacement_len + p->e[i].expected_len + 2;
	pp_edits *l = pp_sys_malloc(&p->mem, bytes);
	if (!l) {
		plan_reset(p);
		return PP_ENOMEM;
	}
	l->al = p->mem.al;
	l->n = p->n;
	qsort(p->e, p->n, sizeof *p->e, cmp_edit);
	char *s = (char *)&l->e[p->n];
	for (size_t i = 0; i < p->n; i++) {
		l->e[i] = p->e[i];
		memcpy(s, p->e[i].replacement, p->e[i].replacement_len + 1);
		l->e[i].replacement = s;
		s += p->e[i].replacement_len + 1;
		memcpy(s, p->e[i].expected, p->e[i].expected_len + 1);
		l->e[i].expected = s;
		s += p->e[i].expected_len + 1;
	}
	plan_reset(p);
	*out = l;
	return 0;
}

/* ---- applying ---------------------------------------------------------- */

/* pp_free() finds the allocator in front of the buffer: the layout of
 * json.c's out_header. */
typedef struct out_header {
	pp_allocator al;
	max_align_t align[];
} out_header;

static int check_edits(const char *text, size_t len, const pp_edit *e, size_t n,
                       size_t *order, size_t *total)
{
	size_t grow = 0, shrink = 0;
	for (size_t i = 0; i < n; i++) {
		if ((!e[i].replacement && e[i].replacement_len) ||
		    (e[i].expected && e[i].expected_len != e[i].length))
			return PP_EINVAL;
		if (e[i].offset > len || e[i].length > len - e[i].offset)
			return PP_ECONFLICT;
		if (e[i].expected && e[i].length &&
		    memcmp(text + e[i].offset, e[i].expected, e[i].length) != 0)
			return PP_ECONFLICT;
		grow += e[i].replacement_len;
		shrink += e[i].length;
		order[i] = i;
	}
	/* insertion sort by (offset, length): edit lists are short */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && cmp_edit(&e[order[j - 1]], &e[order[j]]) > 0; j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t i = 1; i < n; i++) {
		const pp_edit *a = &e[order[i - 1]], *b = &e[order[i]];
		if (a->offset + a->length > b->offset || (a->offset == b->offset && !a->length &&
		                                          !b->length))
			return PP_EOVERLAP;
	}
	*total = len - shrink + grow;
	return 0;
}

int pp_apply_edits(const char *text, size_t len, const pp_edit *edits, size_t n, char **out,
                   size_t *out_len)
{
	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!out || (!text && len) || (!edits && n))
		return PP_EINVAL;
	pp_arena mem = { { NULL, NULL, NULL, NULL }, NULL, false };
	size_t *order = pp_sys_malloc(&mem, (n ? n : 1) * sizeof *order), total = 0;
	if (!order)
		return PP_ENOMEM;
	int rc = check_edits(text, len, edits, n, order, &total);
	out_header *h = rc ? NULL : pp_sys_malloc(&mem, sizeof *h + total + 1);
	if (!rc && !h)
		rc = PP_ENOMEM;
	if (rc) {
		pp_sys_free(&mem, order);
		return rc;
	}
	h->al = mem.al;
	char *o = (char *)(h + 1), *w = o;
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		const pp_edit *e = &edits[order[i]];
		memcpy(w, text + at, e->offset - at);
		w += e->offset - at;
		if (e->replacement_len)
			memcpy(w, e->replacement, e->replacement_len);
		w += e->replacement_len;
		at = e->offset + e->length;
	}
	if (len > at)
		memcpy(w, text + at, len - at);
	w += len - at;
	*w = 0;
	pp_sys_free(&mem, order);
	*out = o;
	if (out_len)
		*out_len = (size_t)(w - o);
	return 0;
}

/* Parses the document with the plan applied.  1 when *out holds it, 0
 * when the copy does not parse (a limit), or PP_ENOMEM. */
static int reparse(plan *p, pp_doc **out)
{
	char *t;
	size_t n;
	*out = NULL;
	int rc = pp_apply_edits(p->doc->src, p->doc->len, p->e, p->n, &t, &n);
	if (rc)
		return rc == PP_ENOMEM ? rc : 0;
	rc = pp_parse(out, t, n, &p->doc->opts);
	pp_free(t);
	if (rc)
		return rc == PP_ENOMEM ? rc : 0;
	return 1;
}

/* ---- keys and targets -------------------------------------------------- */

const char *pp_node_key(const pp_node *node, size_t *len)
{
	return pp_node_str(node, PP_F_KEY, len);
}

static bool str_is(const char *s, size_t n, const char *want, size_t wn)
{
	return s && n == wn && memcmp(s, want, n) == 0;
}

/* `line:N`: the task (else the checkbox) whose item starts on line N. */
static int find_line(const pp_node **out, const pp_doc *doc, const char *t, size_t len)
{
	uint64_t line = 0;
	for (size_t i = 5; i < len; i++) {
		if (t[i] < '0' || t[i] > '9' || line > UINT32_MAX)
			return PP_ENOTFOUND;
		line = line * 10 + (uint64_t)(t[i] - '0');
	}
	static const pp_kind kinds[] = { PP_TASK, PP_CHECKBOX };
	for (int k = 0; k < 2; k++) {
		const pp_node *hit = NULL;
		for (size_t i = 0; i < pp_doc_count(doc, kinds[k]); i++) {
			const pp_node *n = pp_doc_get(doc, kinds[k], i);
			if ((uint64_t)n->line != line)
				continue;
			if (hit)
				return PP_EAMBIGUOUS;
			hit = n;
		}
		if (hit) {
			*out = hit;
			return 0;
		}
	}
	return PP_ENOTFOUND;
}

int pp_doc_find(const pp_node **out, const pp_doc *doc, const char *target, size_t len)
{
	if (!out)
		return PP_EINVAL;
	*out = NULL;
	if (!doc || (!target && len))
		return PP_EINVAL;
	if (len > 5 && memcmp(target, "line:", 5) == 0)
		return find_line(out, doc, target, len);
	if (pp_keys_ready(doc))
		return PP_ENOMEM;
	static const pp_kind kinds[] = { PP_TASK, PP_CHECKBOX };
	size_t base = 0, ids = 0;
	const pp_node *by_id = NULL;
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < pp_doc_count(doc, kinds[k]); i++) {
			const pp_node *n = pp_doc_get(doc, kinds[k], i);
			size_t kl, il;
			const char *key = pp_node_key(n, &kl), *id = pp_node_str(n, PP_F_ID, &il);
			if (str_is(key, kl, target, len)) {
				/* a checkbox of a task shares its key: the task comes first */
				*out = n;
				return 0;
			}
			if (key && kl > len + 1 && memcmp(key, target, len) == 0 && key[len] == '#' &&
			    (k == 0 || pp_node_int(n, PP_F_TASK) == PP_NULL))
				base++;
			if (str_is(id, il, target, len))
				ids++, by_id = n;
		}
	if (base > 1 || ids > 1)
		return PP_EAMBIGUOUS;
	if (ids == 1) {
		*out = by_id;
		return 0;
	}
	return PP_ENOTFOUND;
}

/* ---- source lines ------------------------------------------------------ */

static bool is_eol(char c)
{
	return c == '\n' || c == '\r';
}

static size_t line_start(const pp_doc *d, size_t off)
{
	while (off > 0 && !is_eol(d->src[off - 1]))
		off--;
	return off;
}

static size_t line_end(const pp_doc *d, size_t off)
{
	while (off < d->len && !is_eol(d->src[off]))
		off++;
	return off;
}

/* Start of the line after the one holding off (d->len at the end). */
static size_t next_line(const pp_doc *d, size_t off)
{
	off = line_end(d, off);
	if (off < d->len && d->src[off] == '\r')
		off++;
	if (off < d->len && d->src[off] == '\n' && (off == 0 || d->src[off - 1] != '\n'))
		off++;
	return off;
}

static bool blank_line(const pp_doc *d, size_t off)
{
	for (; off < d->len && !is_eol(d->src[off]); off++)
		if (d->src[off] != ' ' && d->src[off] != '\t')
			return false;
	return true;
}

/* The document's own line ending: its first one, else "\n". */
static const char *doc_eol(const pp_doc *d)
{
	for (size_t i = 0; i < d->len; i++) {
		if (d->src[i] == '\n')
			return "\n";
		if (d->src[i] == '\r')
			return i + 1 < d->len && d->src[i + 1] == '\n' ? "\r\n" : "\r";
	}
	return "\n";
}

/* A small growable string for building lines (never more than
 * LINE_MAX_EDIT bytes: longer is PP_EINVAL). */
typedef struct sbuf {
	char s[LINE_MAX_EDIT];
	size_t n;
	bool over;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
	if (b->over || n > sizeof b->s - b->n) {
		b->over = true;
		return;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
}

static void sb_addz(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_spaces(sbuf *b, size_t n)
{
	while (n-- && !b->over)
		sb_add(b, " ", 1);
}

/* ---- table cells ------------------------------------------------------- */

/* The bytes of cell col of the table row starting at off: [*b, *e) between
 * its pipes (padding included); *closed when a pipe follows it. */
static bool row_cell(const pp_doc *d, size_t off, int col, size_t *b, size_t *e, bool *closed)
{
	size_t end = line_end(d, off), i = off;
	while (i < end && (d->src[i] == ' ' || d->src[i] == '\t'))
		i++;
	bool lead = i < end && d->src[i] == '|';
	size_t start = lead ? i + 1 : i;
	int c = 0;
	for (size_t k = start; k <= end; k++) {
		if (k < end && d->src[k] == '\\') {
			k++;
			continue;
		}
		if (k < end && d->src[k] != '|')
			continue;
		if (c == col) {
			*b = start, *e = k, *closed = k < end;
			return k < end || k > start;
		}
		c++;
		start = k + 1;
	}
	return false;
}

static size_t width_of(const char *s, size_t n)
{
	size_t w = 0, i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(n - i), &cp);
		if (l <= 0)
			l = 1, cp = 0xFFFD;
		int cw = utf8proc_charwidth(cp);
		w += cw > 0 ? (size_t)cw : 0;
		i += (size_t)l;
	}
	return w;
}

/* A cell's bytes with new content, padded to keep its width where it was
 * padded (right-aligned content stays right-aligned). */
static void realign(sbuf *out, const char *seg, size_t n, const char *text, size_t tn, bool closed)
{
	size_t lead = 0, trail = 0;
	while (lead < n && seg[lead] == ' ')
		lead++;
	while (trail < n - lead && seg[n - 1 - trail] == ' ')
		trail++;
	size_t w = width_of(seg, n), tw = width_of(text, tn);
	if (lead > 1 && trail <= 1 && closed) {
		size_t want = w > trail + tw ? w - trail - tw : 0;
		sb_spaces(out, want ? want : lead ? 1 : 0);
		sb_add(out, text, tn);
		sb_spaces(out, trail);
		return;
	}
	sb_spaces(out, lead);
	sb_add(out, text, tn);
	if (!closed)
		return;
	size_t want = w > lead + tw ? w - lead - tw : 0;
	sb_spaces(out, want ? want : trail ? 1 : 0);
}

/* The table holding a node's offset, and the row starting there. */
static const pp_node *table_row(const pp_doc *d, const pp_node *n, const pp_node **table)
{
	for (size_t i = 0; i < pp_doc_count(d, PP_TABLE); i++) {
		const pp_node *t = pp_doc_get(d, PP_TABLE, i);
		if (n->offset < t->offset || n->offset >= t->end)
			continue;
		for (size_t r = 0; r < pp_node_list_count(t, PP_F_ROWS); r++) {
			const pp_node *row = pp_node_list_node(t, PP_F_ROWS, r);
			if (row->offset == n->offset) {
				*table = t;
				return row;
			}
		}
	}
	return NULL;
}

/* ---- state ------------------------------------------------------------- */

static const char all_marks[] = " xX/-~><!?@";


static const struct state_word {
	const char *state, *mark, *word, *table_state;
} state_words[] = {
	{ "done", "x", "Done", "done" },
	{ "todo", " ", "Todo", "todo" },
	{ "in_progress", "/", "In Progress", "in_progress" },
	{ "cancelled", "-", "Cancelled", "cancelled" },
	{ "deferred", ">", "Deferred", "paused" },
	{ "blocked", NULL, "Blocked", "blocked" },
	{ "paused", NULL, "Paused", "paused" },
	{ "in_review", NULL, "In Review", "in_review" },
	{ "draft", NULL, "Draft", "draft" },
	{ "approved", NULL, "Approved", "approved" },
};

static const struct state_word *find_state(const char *s)
{
	for (size_t i = 0; i < sizeof state_words / sizeof *state_words; i++)
		if (strcmp(state_words[i].state, s) == 0)
			return &state_words[i];
	return NULL;
}

static bool node_str_is(const pp_node *n, pp_field f, const char *want)
{
	size_t l;
	const char *s = pp_node_str(n, f, &l);
	return str_is(s, l, want, strlen(want));
}

/* The mark the document uses most for a state (first seen wins ties). */
static char favourite_mark(const pp_doc *d, const char *state, char fallback)
{
	size_t count[sizeof all_marks] = { 0 }, best = 0;
	char fav = fallback;
	for (size_t i = 0; i < pp_doc_count(d, PP_CHECKBOX); i++) {
		const pp_node *c = pp_doc_get(d, PP_CHECKBOX, i);
		const char *m = pp_node_str(c, PP_F_MARK, NULL);
		const char *at = m && m[0] ? strchr(all_marks, m[0]) : NULL;
		if (!at || strcmp(pp_mark_state(m[0]), state) != 0)
			continue;
		size_t k = (size_t)(at - all_marks);
		if (++count[k] > best)
			best = count[k], fav = m[0];
	}
	return fav;
}

/* The same counts of the structural kinds in two documents. */
static bool same_shape(const pp_doc *a, const pp_doc *b, int meta_delta)
{
	static const pp_kind kinds[] = { PP_SECTION, PP_PHASE, PP_TASK, PP_CHECKBOX,
		PP_RISK, PP_TABLE };
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (pp_doc_count(a, kinds[i]) != pp_doc_count(b, kinds[i]))
			return false;
	return pp_doc_count(a, PP_META) + (size_t)meta_delta == pp_doc_count(b, PP_META);
}

/* The same item before and after a mark change: span and text (a mark
 * that md4c reads differently must not move or change anything else). */
static bool same_item(const pp_node *a, const pp_node *b)
{
	static const pp_field f[] = { PP_F_TEXT, PP_F_TITLE, PP_F_ID, PP_F_ROLE, PP_F_SECTION,
		PP_F_OWNER, PP_F_PRIORITY };
	if (!a || !b || a->offset != b->offset || a->end != b->end || a->line != b->line ||
	    a->column != b->column)
		return false;
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		size_t la, lb;
		const char *x = pp_node_str(a, f[i], &la), *y = pp_node_str(b, f[i], &lb);
		if ((x == NULL) != (y == NULL) || (x && (la != lb || memcmp(x, y, la) != 0)))
			return false;
	}
	static const pp_field lists[] = { PP_F_ATTRS, PP_F_TAGS, PP_F_DEPENDS_ON };
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
		if (pp_node_list_count(a, lists[i]) != pp_node_list_count(b, lists[i]))
			return false;
	return pp_node_int(a, PP_F_TASK) == pp_node_int(b, PP_F_TASK) &&
	       pp_node_int(a, PP_F_PARENT) == pp_node_int(b, PP_F_PARENT) &&
	       (pp_node_child(a, PP_F_ESTIMATE) == NULL) == (pp_node_child(b, PP_F_ESTIMATE) == NULL);
}

/* After the plan: the checkbox (and task) at mark offset mo read state
 * with mark m. */
static int verify_mark(plan *p, int64_t mo, char m, const char *state)
{
	pp_doc *nd;
	int rc = reparse(p, &nd);
	if (rc <= 0)
		return rc;
	bool ok = same_shape(p->doc, nd, 0), seen = false;
	for (size_t k = 0; k < 2 && ok; k++) {
		pp_kind kind = k ? PP_TASK : PP_CHECKBOX;
		for (size_t i = 0; ok && i < pp_doc_count(nd, kind); i++) {
			const pp_node *c = pp_doc_get(nd, kind, i);
			if (pp_node_int(c, PP_F_MARK_OFFSET) != mo)
				continue;
			seen = true;
			ok = node_str_is(c, PP_F_STATE, state) &&
			     (kind == PP_TASK || node_str_is(c, PP_F_MARK, (char[]){ m, 0 })) &&
			     same_item(pp_doc_get(p->doc, kind, c->index), c);
		}
	}
	pp_doc_free(nd);
	return ok && seen;
}

static int plan_mark(plan *p, const pp_node *target, const char *state)
{
	int64_t mo = pp_node_int(target, PP_F_MARK_OFFSET);
	if (mo == PP_NULL || mo < 0 || (size_t)mo >= p->doc->len)
		return PP_EUNSUPPORTED;
	char cur = p->doc->src[mo], cand[2];
	const char *want;
	size_t nc;
	if (strlen(state) == 1 && strchr(all_marks, state[0])) {
		cand[0] = state[0], nc = 1;
		want = pp_mark_state(state[0]);
	} else {
		const struct state_word *w = find_state(state);
		if (!w || !w->mark)
			return PP_EINVAL;
		want = w->state;
		if (strcmp(pp_mark_state(cur), want) == 0)
			return 0;
		cand[0] = favourite_mark(p->doc, want, w->mark[0]);
		cand[1] = w->mark[0];
		nc = cand[0] == cand[1] ? 1 : 2;
	}
	for (size_t i = 0; i < nc; i++) {
		if (cand[i] == cur)
			return 0;
		int rc = plan_add(p, (size_t)mo, 1, &cand[i], 1);
		if (!rc)
			rc = verify_mark(p, mo, cand[i], want);
		if (rc == 1)
			return 0;
		plan_reset(p);
		if (rc < 0)
			return rc;
	}
	return PP_EUNSUPPORTED;
}

/* After the plan: the task at offset off reads state. */
static int verify_task_state(plan *p, const pp_node *t, const char *state)
{
	pp_doc *nd;
	int rc = reparse(p, &nd);
	if (rc <= 0)
		return rc;
	const pp_node *n = pp_doc_get(nd, PP_TASK, t->index);
	bool ok = same_shape(p->doc, nd, 0) && n && n->offset == t->offset &&
	          node_str_is(n, PP_F_STATE, state);
	pp_doc_free(nd);
	return ok;
}

/* A status word in the case the cell already uses (`DONE`, `done`). */
static void cased_word(sbuf *b, const char *word, const char *cur, size_t n)
{
	bool up = n > 1, low = n > 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)cur[i];
		up = up && !(c >= 'a' && c <= 'z');
		low = low && !(c >= 'A' && c <= 'Z');
	}
	for (const char *w = word; *w; w++) {
		char c = *w;
		if (up && c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		else if (low && c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		sb_add(b, &c, 1);
	}
}

/* The trimmed bytes of a table cell. */
static void trimmed(const pp_doc *d, size_t *b, size_t *e)
{
	while (*b < *e && (d->src[*b] == ' ' || d->src[*b] == '\t'))
		(*b)++;
	while (*e > *b && (d->src[*e - 1] == ' ' || d->src[*e - 1] == '\t'))
		(*e)--;
}

/* Words for a state in a table column: a cell of another task of the same
 * table that already reads that state, then the default word. */
static size_t table_words(const pp_doc *d, const pp_node *table, int col,
                          const struct state_word *w, const char *cur, size_t curn,
                          sbuf *words)
{
	size_t n = 0;
	for (size_t i = 0; i < pp_doc_count(d, PP_TASK) && !n; i++) {
		const pp_node *t = pp_doc_get(d, PP_TASK, i), *tb;
		size_t b, e;
		bool closed;
		if (t->offset < table->offset || t->offset >= table->end ||
		    !node_str_is(t, PP_F_STATE, w->table_state) || !table_row(d, t, &tb) ||
		    !row_cell(d, t->offset, col, &b, &e, &closed))
			continue;
		trimmed(d, &b, &e);
		if (e > b)
			sb_add(&words[n++], d->src + b, e - b);
	}
	cased_word(&words[n++], w->word, cur, curn);
	return n;
}

static int plan_table_state(plan *p, const pp_node *task, const char *state)
{
	const pp_doc *d = p->doc;
	const pp_node *table = NULL, *row = table_row(d, task, &table);
	const struct state_word *w = find_state(state);
	if (!w)
		return PP_EINVAL; /* unknown, or a mark: a table has no marks */
	int col = row ? pp_table_status_col((const pp_table_node *)table) : -1;
	size_t b, e;
	bool closed;
	if (col < 0 || !row_cell(d, task->offset, col, &b, &e, &closed))
		return PP_EUNSUPPORTED;
	if (node_str_is(task, PP_F_STATE, w->table_state))
		return 0;
	size_t cb = b, ce = e;
	trimmed(d, &cb, &ce);
	sbuf words[2];
	words[0].n = words[1].n = 0;
	words[0].over = words[1].over = false;
	size_t nw = table_words(d, table, col, w, d->src + cb, ce - cb, words);
	for (size_t i = 0; i < nw; i++) {
		sbuf seg = { .n = 0 };
		realign(&seg, d->src + b, e - b, words[i].s, words[i].n, closed);
		if (seg.over || words[i].over)
			continue;
		int rc = plan_add(p, b, e - b, seg.s, seg.n);
		if (!rc)
			rc = verify_task_state(p, task, w->table_state);
		if (rc == 1)
			return 0;
		plan_reset(p);
		if (rc < 0)
			return rc;
	}
	return PP_EUNSUPPORTED;
}

int pp_plan_state(pp_edits **out, const pp_doc *doc, const pp_node *target, const char *state)
{
	if (out)
		*out = NULL;
	pp_kind k = pp_node_kind(target);
	if (!out || !doc || !state || (k != PP_TASK && k != PP_CHECKBOX))
		return PP_EINVAL;
	plan p = { doc, { doc->opts.allocator, NULL, false }, { { 0 } }, 0 };
	int rc;
	if (pp_node_int(target, PP_F_MARK_OFFSET) != PP_NULL)
		rc = plan_mark(&p, target, state);
	else if (k == PP_TASK && node_str_is(target, PP_F_SOURCE, "table"))
		rc = plan_table_state(&p, target, state);
	else
		rc = PP_EUNSUPPORTED;
	if (rc) {
		plan_reset(&p);
		return rc;
	}
	return plan_finish(&p, out);
}

/* ---- status headers ---------------------------------------------------- */

enum { MV_LINE, MV_FRONT, MV_TABLE };

/* Where a meta entry's value bytes are: [*vb, *ve). */
static int value_span(const pp_doc *d, const pp_node *m, size_t *vb, size_t *ve)
{
	const char *s = d->src;
	size_t off = m->offset, end = m->end;
	const pp_node *table = NULL;
	if (off >= d->body && table_row(d, m, &table)) {
		bool closed;
		return row_cell(d, off, 1, vb, ve, &closed) ? MV_TABLE : -1;
	}
	size_t c = off, cl = 0;
	while (c < end && !(cl = s[c] == ':' ? 1 : (c + 3 <= end &&
	                    memcmp(s + c, "\xEF\xBC\x9A", 3) == 0) ? 3 : 0))
		c++;
	if (!cl)
		return -1;
	size_t v = c + cl, close = 0, lead = 0, pre = 0;
	if (off < d->body) { /* front matter: `key: value`, maybe quoted */
		while (v < end && (s[v] == ' ' || s[v] == '\t'))
			v++;
		if (end - v >= 2 && (s[v] == '"' || s[v] == '\'') && s[end - 1] == s[v])
			v++, end--;
		*vb = v, *ve = end;
		return v <= end ? MV_FRONT : -1;
	}
	while (lead < 3 && off + lead < c && (s[off + lead] == '*' || s[off + lead] == '_'))
		lead++;
	while (pre < c - off && (s[c - 1 - pre] == '*' || s[c - 1 - pre] == '_'))
		pre++;
	while (v < end && (s[v] == '*' || s[v] == '_'))
		v++, close++;
	while (v < end && (s[v] == ' ' || s[v] == '\t'))
		v++;
	while (end > v && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	size_t ls = line_start(d, off), k = ls;
	while (k < off && s[k] == ' ')
		k++;
	if (s[k] == '#') { /* a key heading: drop a closing `##` sequence */
		size_t e2 = end;
		while (e2 > v && s[e2 - 1] == '#')
			e2--;
		if (e2 < end && e2 > v && (s[e2 - 1] == ' ' || s[e2 - 1] == '\t')) {
			end = e2;
			while (end > v && (s[end - 1] == ' ' || s[end - 1] == '\t'))
				end--;
		}
	}
	for (size_t open = lead > pre + close ? lead - pre - close : 0;
	     open && end > v && (s[end - 1] == '*' || s[end - 1] == '_'); open--)
		end--;
	*vb = v, *ve = end;
	return end > v ? MV_LINE : -1;
}

/* What a header line reads as: its name and value text, learnt by parsing
 * `**key:** value` on its own. */
typedef struct probe {
	pp_doc *doc;
	const pp_node *meta;
} probe;

static int make_probe(const pp_doc *d, const char *key, const char *value, probe *pr)
{
	sbuf b = { .n = 0 };
	sb_addz(&b, "**");
	sb_addz(&b, key);
	sb_addz(&b, ":** ");
	sb_addz(&b, value);
	sb_addz(&b, "\n");
	if (b.over)
		return PP_EINVAL;
	pp_options o = d->opts;
	o.path = NULL;
	pr->doc = NULL;
	int rc = pp_parse(&pr->doc, b.s, b.n, &o);
	if (rc)
		return rc == PP_ENOMEM ? rc : PP_EINVAL;
	pr->meta = pp_doc_get(pr->doc, PP_META, 0);
	if (pp_doc_count(pr->doc, PP_META) != 1 || !pp_node_str(pr->meta, PP_F_VALUE, NULL)) {
		pp_doc_free(pr->doc);
		return PP_EINVAL;
	}
	return 0;
}

static bool same_field(const pp_node *a, const pp_node *b, pp_field f)
{
	size_t la, lb;
	const char *x = pp_node_str(a, f, &la), *y = pp_node_str(b, f, &lb);
	return x && y && la == lb && memcmp(x, y, la) == 0;
}

/* After the plan: a header of the scope reads as the probe (at offset
 * at, or anywhere in the scope when at is SIZE_MAX). */
static int verify_meta(plan *p, const probe *pr, int64_t scope, size_t at, int delta)
{
	pp_doc *nd;
	int rc = reparse(p, &nd);
	if (rc <= 0)
		return rc;
	bool ok = false;
	if (same_shape(p->doc, nd, delta))
		for (size_t i = 0; !ok && i < pp_doc_count(nd, PP_META); i++) {
			const pp_node *m = pp_doc_get(nd, PP_META, i);
			ok = pp_node_int(m, PP_F_SCOPE) == scope && same_field(m, pr->meta, PP_F_NAME) &&
			     same_field(m, pr->meta, PP_F_VALUE) && (at == SIZE_MAX || m->offset == at);
		}
	pp_doc_free(nd);
	return ok;
}

/* Tries one candidate plan; 1 when it verified (kept), 0 (reset), or < 0. */
static int try_plan(plan *p, const probe *pr, int64_t scope, size_t at, int delta)
{
	int rc = verify_meta(p, pr, scope, at, delta);
	if (rc != 1)
		plan_reset(p);
	return rc;
}

static int replace_value(plan *p, const pp_node *m, const char *value, const probe *pr)
{
	const pp_doc *d = p->doc;
	size_t vb, ve;
	int kind = value_span(d, m, &vb, &ve);
	if (kind < 0)
		return PP_EUNSUPPORTED;
	sbuf seg = { .n = 0 };
	if (kind == MV_TABLE) {
		bool closed = vb < d->len && ve < d->len && d->src[ve] == '|';
		realign(&seg, d->src + vb, ve - vb, value, strlen(value), closed);
	} else {
		sb_addz(&seg, value);
	}
	if (seg.over)
		return PP_EINVAL;
	int rc = plan_add(p, vb, ve - vb, seg.s, seg.n);
	if (!rc)
		rc = try_plan(p, pr, pp_node_int(m, PP_F_SCOPE), m->offset, 0);
	return rc == 1 ? 0 : rc < 0 ? rc : PP_EUNSUPPORTED;
}

/* A new header line in the style of meta r (without its line ending). */
static int line_like(const pp_doc *d, const pp_node *r, const char *key, const char *value,
                     sbuf *b)
{
	size_t vb, ve;
	int kind = value_span(d, r, &vb, &ve);
	if (kind < 0)
		return -1;
	size_t ls = line_start(d, r->offset), le = line_end(d, r->offset);
	if (kind == MV_FRONT) {
		sb_add(b, d->src + ls, r->offset - ls);
		sb_addz(b, key);
		sb_addz(b, ": ");
		sb_addz(b, value);
		return 0;
	}
	if (kind == MV_TABLE) {
		size_t kb, ke;
		bool closed;
		if (!row_cell(d, r->offset, 0, &kb, &ke, &closed))
			return -1;
		sb_add(b, d->src + ls, kb - ls);
		realign(b, d->src + kb, ke - kb, key, strlen(key), true);
		sb_add(b, d->src + ke, vb - ke);
		realign(b, d->src + vb, ve - vb, value, strlen(value), ve < le);
		sb_add(b, d->src + ve, le - ve);
		return 0;
	}
	size_t kl;
	const char *rk = pp_node_str(r, PP_F_KEY, &kl);
	const char *head = d->src + r->offset, *at = NULL;
	size_t hn = vb - r->offset;
	for (size_t i = 0; rk && kl && i + kl <= hn && !at; i++)
		if (memcmp(head + i, rk, kl) == 0)
			at = head + i;
	sb_add(b, d->src + ls, r->offset - ls);
	if (at) {
		sb_add(b, head, (size_t)(at - head));
		sb_addz(b, key);
		sb_add(b, at + kl, hn - (size_t)(at - head) - kl);
	} else {
		sb_addz(b, "**");
		sb_addz(b, key);
		sb_addz(b, ":** ");
	}
	sb_addz(b, value);
	bool more = false; /* `**A**: x | **B**: y`: the new line takes no tail */
	for (size_t i = ve; i < le; i++)
		more = more || d->src[i] == '|';
	if (!more)
		sb_add(b, d->src + ve, le - ve);
	return 0;
}

/* Inserts line (+ the line ending) at the start of the line after the one
 * holding off. */
static int insert_after_line(plan *p, size_t off, const sbuf *line)
{
	const pp_doc *d = p->doc;
	const char *eol = doc_eol(d);
	size_t at = next_line(d, off);
	sbuf b = { .n = 0 };
	if (at == d->len && at > 0 && !is_eol(d->src[at - 1]))
		sb_addz(&b, eol);
	sb_add(&b, line->s, line->n);
	sb_addz(&b, eol);
	return b.over ? PP_EINVAL : plan_add(p, at, 0, b.s, b.n);
}

/* Inserts line as a paragraph of its own after the heading at off (or at
 * the start of the body when off is SIZE_MAX). */
static int insert_block(plan *p, size_t off, const sbuf *line)
{
	const pp_doc *d = p->doc;
	const char *eol = doc_eol(d);
	size_t at = d->body;
	sbuf b = { .n = 0 };
	if (off != SIZE_MAX) {
		at = next_line(d, off);
		/* a setext heading: its underline belongs to it */
		size_t k = line_start(d, off);
		while (k < off && d->src[k] == ' ')
			k++;
		if (d->src[k] != '#' && at < d->len)
			at = next_line(d, at);
		if (at == d->len && at > 0 && !is_eol(d->src[at - 1]))
			sb_addz(&b, eol);
		sb_addz(&b, eol);
	}
	sb_add(&b, line->s, line->n);
	sb_addz(&b, eol);
	if (at < d->len && !blank_line(d, at))
		sb_addz(&b, eol);
	return b.over ? PP_EINVAL : plan_add(p, at, 0, b.s, b.n);
}

/* Where a scope's headers go when it has none: after the phase heading or
 * the document's level-1 title, else at the start of the body. */
static size_t default_place(const pp_doc *d, const pp_node *scope)
{
	if (pp_node_kind(scope) == PP_PHASE)
		return scope->offset;
	for (size_t i = 0; i < pp_doc_count(d, PP_SECTION); i++) {
		const pp_node *s = pp_doc_get(d, PP_SECTION, i);
		if (pp_node_int(s, PP_F_LEVEL) == 1)
			return s->offset;
		if (pp_doc_count(d, PP_PHASE) && s->offset >= pp_doc_get(d, PP_PHASE, 0)->offset)
			break;
	}
	return SIZE_MAX;
}

static int insert_meta(plan *p, const pp_node *scope, int64_t sc, const char *key,
                       const char *value, const probe *pr)
{
	const pp_doc *d = p->doc;
	const pp_node *first = NULL, *last = NULL, *any = NULL;
	bool ended = false;
	for (size_t i = 0; i < pp_doc_count(d, PP_META); i++) {
		const pp_node *m = pp_doc_get(d, PP_META, i);
		size_t vb, ve;
		if (!any && m->offset >= d->body && value_span(d, m, &vb, &ve) == MV_LINE)
			any = m;
		if (pp_node_int(m, PP_F_SCOPE) != sc || ended)
			continue;
		if (!first)
			first = last = m;
		else if (m->line <= last->line + 1)
			last = m;
		else
			ended = true; /* the scope's first group of headers ends */
	}
	int rc;
	sbuf line = { .n = 0 };
	if (last && line_like(d, last, key, value, &line) == 0 && !line.over &&
	    !(rc = insert_after_line(p, last->end, &line)) &&
	    (rc = try_plan(p, pr, sc, SIZE_MAX, 1)) != 0)
		return rc < 0 ? rc : 0;
	size_t place = default_place(d, scope);
	line.n = 0, line.over = false;
	if (any && line_like(d, any, key, value, &line) == 0 && !line.over &&
	    !(rc = insert_block(p, place, &line)) && (rc = try_plan(p, pr, sc, SIZE_MAX, 1)) != 0)
		return rc < 0 ? rc : 0;
	line.n = 0, line.over = false;
	sb_addz(&line, "**");
	sb_addz(&line, key);
	sb_addz(&line, ":** ");
	sb_addz(&line, value);
	if (!line.over && !(rc = insert_block(p, place, &line)) &&
	    (rc = try_plan(p, pr, sc, SIZE_MAX, 1)) != 0)
		return rc < 0 ? rc : 0;
	plan_reset(p);
	return PP_EUNSUPPORTED;
}

static bool one_line(const char *s, bool key)
{
	if (!s || !*s || strlen(s) >= LINE_MAX_EDIT / 4)
		return false;
	for (; *s; s++)
		if (is_eol(*s) || (key && (*s == '*' || *s == '|' || *s == ':')))
			return false;
	return true;
}

/* The scope of a scope node as PP_F_SCOPE reads: PP_NULL for the document. */
static bool scope_index(const pp_node *scope, int64_t *sc)
{
	pp_kind k = pp_node_kind(scope);
	*sc = k == PP_PHASE ? (int64_t)scope->index : PP_NULL;
	return k == PP_NONE || k == PP_DOCUMENT || k == PP_PHASE;
}

/* The first header of a scope whose name is name (or a status name). */
static const pp_node *scope_meta(const pp_doc *d, int64_t sc, const pp_node *name, bool status)
{
	for (size_t i = 0; i < pp_doc_count(d, PP_META); i++) {
		const pp_node *m = pp_doc_get(d, PP_META, i);
		size_t nl;
		const char *n = pp_node_str(m, PP_F_NAME, &nl);
		if (pp_node_int(m, PP_F_SCOPE) != sc || !n)
			continue;
		if (status ? pp_is_status_key(n, nl) : same_field(m, name, PP_F_NAME))
			return m;
	}
	return NULL;
}

static int plan_meta(pp_edits **out, const pp_doc *doc, const pp_node *scope, const char *key,
                     const char *value, bool status)
{
	int64_t sc;
	if (out)
		*out = NULL;
	if (!out || !doc || !scope_index(scope, &sc) || !one_line(value, false) ||
	    (key && !one_line(key, true)))
		return PP_EINVAL;
	if (pp_node_kind(scope) == PP_PHASE && pp_doc_get(doc, PP_PHASE, scope->index) != scope)
		return PP_EINVAL;
	probe pr;
	const pp_node *m = NULL;
	if (status) {
		m = scope_meta(doc, sc, NULL, true);
		key = m ? pp_node_str(m, PP_F_KEY, NULL) : "Status";
		if (!one_line(key, true))
			key = "Status";
	}
	int rc = make_probe(doc, key, value, &pr);
	if (rc)
		return rc;
	if (!status)
		m = scope_meta(doc, sc, pr.meta, false);
	plan p = { doc, { doc->opts.allocator, NULL, false }, { { 0 } }, 0 };
	rc = m ? replace_value(&p, m, value, &pr) : insert_meta(&p, scope, sc, key, value, &pr);
	pp_doc_free(pr.doc);
	if (rc) {
		plan_reset(&p);
		return rc;
	}
	return plan_finish(&p, out);
}

int pp_plan_meta(pp_edits **out, const pp_doc *doc, const pp_node *scope, const char *key,
                 const char *value)
{
	if (!key) {
		if (out)
			*out = NULL;
		return PP_EINVAL;
	}
	return plan_meta(out, doc, scope, key, value, false);
}

int pp_plan_status(pp_edits **out, const pp_doc *doc, const pp_node *scope, const char *value)
{
	return plan_meta(out, doc, scope, NULL, value, true);
}
