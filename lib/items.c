/*
 * items.c: list items become checkboxes and tasks.  One pass over the
 * blocks in document order: a list item with a task mark is a checkbox; it
 * or any item is a task when its role is task, its list is introduced by a
 * tasks label or heading, or its text starts with a task ID.  Key lines
 * nested under a task are its attrs.  Table tasks are made at the table's
 * place in the pass, so the task list stays in document order.
 */
#include "internal.h"

#include <assert.h>
#include <md4c.h>
#include <string.h>
#include <utf8proc.h>

/* With their lengths: every list's introducer is compared with them. */
static const pp_str criteria_words[] = {
	PP_S("success criteria"), PP_S("acceptance criteria"), PP_S("acceptance"),
	PP_S("definition of done"), PP_S("done when"), PP_S("exit criteria"),
	PP_S("verification"), PP_S("automated verification"), PP_S("manual verification"),
	PP_S("review checklist"), PP_S("compliance check"), PP_S("quality gates"),
	PP_S("success metrics"), PP_NULLSTR,
};

static const pp_str task_words[] = {
	PP_S("tasks"), PP_S("task list"), PP_S("todo"), PP_S("to-do"), PP_S("to do"),
	PP_S("action items"), PP_S("work items"), PP_S("subtasks"), PP_S("sub-tasks"),
	PP_S("steps"), PP_S("implementation steps"), PP_NULLSTR,
};

/* The extended marks, `[/]` and the like, which md4c leaves in the text. */
static bool ext_mark(char c)
{
	switch (c) {
	case '/': case '-': case '~': case '>': case '<': case '!': case '?': case '@':
		return true;
	default:
		return false;
	}
}

/* ---- marks ------------------------------------------------------------- */

typedef struct item {
	pp_inl r;              /* first paragraph */
	char mark;             /* 0: no task mark */
	uint32_t mark_off;     /* offset of the mark character */
	uint32_t text_from;    /* text starts here (after an extended mark) */
	uint32_t end;          /* end of its last text (item_end(): of the paragraph) */
	uint32_t min_end;      /* the paragraph ends here at least (after a mark) */
	uint32_t cut;          /* text ends here: continuation key lines are attrs */
	uint32_t first;        /* offset of the first text (UINT32_MAX: none) */
	uint32_t second;       /* where its second line starts (UINT32_MAX: none) */
	uint32_t strong;       /* event of its first strong span (r.ee: none) */
	bool bare_mark;        /* md4c saw `[ ]` with nothing after it */
} item;

static uint32_t first_text_off(const pp_doc *doc, pp_inl r)
{
	for (uint32_t i = r.eb; i < r.ee; i++)
		if (doc->events[i].kind == EV_TEXT && doc->events[i].len)
			return doc->events[i].off;
	return UINT32_MAX;
}

/* What the recognisers of an item ask of its first paragraph's events,
 * in one walk over them: where its text starts and ends, where its first
 * line break is and its first strong span. */
static void walk_first(const pp_doc *doc, item *it)
{
	uint32_t last = 0, brk = UINT32_MAX;
	it->first = UINT32_MAX;
	it->strong = it->r.ee;
	for (uint32_t i = it->r.eb; i < it->r.ee; i++) {
		const pp_event *e = &doc->events[i];
		if (e->kind == EV_TEXT) {
			if (e->len) {
				if (it->first == UINT32_MAX)
					it->first = e->off;
				last = e->off + e->len; /* in source order: the last ends furthest */
			}
			if (brk == UINT32_MAX && (e->type == MD_TEXT_BR || e->type == MD_TEXT_SOFTBR))
				brk = i;
		} else if (e->kind == EV_ENTER && e->type == MD_SPAN_STRONG && it->strong == it->r.ee) {
			it->strong = i;
		}
	}
	it->end = last;
	it->second = brk == UINT32_MAX ? UINT32_MAX : doc->events[brk].off + 1;
}

/* Reads the item's first paragraph and its mark: md4c's GFM mark, or an
 * extended `[/]`-style mark, which md4c leaves in the text. */
static bool read_item(pp_doc *doc, const pp_block *li, item *it)
{
	const pp_block *para;
	memset(it, 0, sizeof *it);
	it->cut = UINT32_MAX;
	if (!pp_item_first(doc, li, &it->r, &para))
		it->r.eb = it->r.ee = li->ev_begin;
	walk_first(doc, it);
	/* GitHub wants a space or tab after the mark on the same line: `- [ ]`
	 * alone, or followed by a line break, is a plain item. */
	uint32_t after = li->mark_offset + 2;
	if ((li->flags & BF_TASKMARK) && after < doc->len &&
	    (doc->src[after] == ' ' || doc->src[after] == '\t')) {
		it->mark = li->mark;
		it->mark_off = li->mark_offset;
		it->min_end = after;
		return true;
	}
	uint32_t off = it->first;
	if (li->flags & BF_TASKMARK) {
		it->bare_mark = true;
		return true;
	}
	const char *s = doc->src + (off == UINT32_MAX ? 0 : off);
	if (off == UINT32_MAX || off + 3 > doc->len || s[0] != '[' || s[2] != ']' ||
	    !ext_mark(s[1]))
		return true;
	if (off + 3 >= doc->len || (s[3] != ' ' && s[3] != '\t'))
		return true;
	it->mark = s[1];
	it->mark_off = off + 1;
	it->text_from = off + 3;
	return true;
}

/* The end of an item's first paragraph: the end of the line of its last
 * text, or of its mark.  Asked only of the items that become nodes (a
 * plain item needs no end). */
static uint32_t item_end(const pp_doc *doc, const item *it)
{
	uint32_t end = pp_line_end(doc, it->end);
	return end < it->min_end ? it->min_end : end;
}

/* `[]`, `[ x]`, `[xx]` at the start of an item (its first text at off):
 * a checkbox gone wrong. */
static void check_malformed(pp_doc *doc, uint32_t off, bool line_start_dash)
{
	if (off == UINT32_MAX)
		return;
	const char *s = doc->src + off;
	size_t n = doc->len - off, i = 0;
	if (line_start_dash) { /* `-[ ]` in a paragraph: no space after the bullet */
		if (n < 2 || (s[0] != '-' && s[0] != '*' && s[0] != '+') || s[1] != '[')
			return;
		i = 1;
	}
	if (i >= n || s[i] != '[')
		return;
	size_t k = i + 1;
	while (k < n && k - i <= 4 && (s[k] == ' ' || s[k] == 'x' || s[k] == 'X'))
		k++;
	if (k >= n || s[k] != ']')
		return;
	size_t inner = k - i - 1;
	if (!line_start_dash && inner == 1)
		return; /* a well-formed mark that md4c did not take: not ours */
	pp_diag(doc, "malformed-checkbox", "warning", off,
		"'%.*s' is not a task mark: write '[ ]' or '[x]' after '- '",
		(int)(k + 1), s);
}

pp_mark_class pp_mark_class_of(char m)
{
	switch (m) {
	case 'x': case 'X': return PP_MARK_DONE;
	case '/': case '@': return PP_MARK_IN_PROGRESS;
	case '-': case '~': return PP_MARK_CANCELLED;
	case '>': return PP_MARK_DEFERRED;
	default: return PP_MARK_TODO;
	}
}

const char *pp_mark_state(char m)
{
	static const char *const names[] = { "todo", "done", "in_progress", "cancelled", "deferred" };
	return names[pp_mark_class_of(m)];
}

/* ---- what introduces a list -------------------------------------------- */

/* Drops leading numbering, emoji and punctuation: `📋 2. Tasks` -> `tasks`. */
static pp_str strip_lead(pp_str s)
{
	size_t i = 0, adv;
	while (i < s.len) {
		int32_t cp = pp_cp(s.s + i, s.len - i, &adv);
		utf8proc_category_t c = utf8proc_category(cp);
		if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO)
			break;
		i += adv;
	}
	return (pp_str){ s.s + i, s.len - (uint32_t)i };
}

static bool in_words(pp_str s, const pp_str *words, bool suffix_ok)
{
	for (int i = 0; s.len && words[i].s; i++) {
		size_t l = words[i].len;
		assert(strchr("aeknost", words[i].s[l - 1]));  /* introducer()'s first test */
		if (s.s[s.len - 1] != words[i].s[l - 1])
			continue; /* both tests below compare the last bytes */
		if (s.len == l && memcmp(s.s, words[i].s, l) == 0)
			return true;
		if (suffix_ok && s.len > l && s.s[s.len - l - 1] == ' ' &&
		    memcmp(s.s + s.len - l, words[i].s, l) == 0)
			return true;
	}
	return false;
}

/* The previous sibling of block i, or PP_NO.  Blocks are in pre-order, so
 * it is the ancestor of block i-1 that shares i's parent. */
static uint32_t prev_sibling(const pp_doc *doc, uint32_t i)
{
	uint32_t p = doc->blocks[i].parent, j = i - 1;
	if (i == 0 || j == p)
		return PP_NO;
	while (j != PP_NO && doc->blocks[j].parent != p)
		j = doc->blocks[j].parent;
	return j;
}

/* A label: a paragraph whose last line ends with ':' or is all emphasis. */
/* Whether the last text of a run ends with `:` (ASCII or full-width),
 * read from the source: a cheap test before any text is built. */
static bool ends_with_colon(const pp_doc *doc, pp_inl r)
{
	for (uint32_t i = r.ee; i-- > r.eb;) {
		const pp_event *e = &doc->events[i];
		if (e->kind != EV_TEXT || !e->len)
			continue;
		uint32_t end = e->off + e->len;
		while (end > e->off && (doc->src[end - 1] == ' ' || doc->src[end - 1] == '\t'))
			end--;
		return (end > e->off && doc->src[end - 1] == ':') ||
		       (end >= e->off + 3 && memcmp(doc->src + end - 3, "\xEF\xBC\x9A", 3) == 0);
	}
	return false;
}

static pp_str label_of(pp_doc *doc, const pp_block *p)
{
	pp_inl r = pp_own_inl(doc, p), line = r, cur;
	if (r.ee <= r.eb)
		return PP_NULLSTR;
	const pp_event *last = &doc->events[r.ee - 1];
	if (last->kind != EV_LEAVE && !ends_with_colon(doc, r))
		return PP_NULLSTR; /* most paragraphs: neither emphasis nor a colon at the end */
	uint32_t pos = r.eb;
	while (pp_next_line(doc, r, &pos, &cur))
		line = cur;
	pp_str t = pp_inl_text(doc, line);
	if (!t.len)
		return PP_NULLSTR;
	bool colon = t.s[t.len - 1] == ':' ||
		(t.len >= 3 && memcmp(t.s + t.len - 3, "\xEF\xBC\x9A", 3) == 0);
	const pp_event *f = &doc->events[line.eb], *l = &doc->events[line.ee - 1];
	bool emph = f->kind == EV_ENTER && l->kind == EV_LEAVE &&
		(f->type == MD_SPAN_STRONG || f->type == MD_SPAN_EM);
	return colon || emph ? t : PP_NULLSTR;
}

/* at: a walk's cursor for the section lookup, or NULL. */
static pp_str list_introducer(pp_doc *doc, uint32_t list, pp_at_cursor *at)
{
	uint32_t prev = prev_sibling(doc, list);
	pp_str t = PP_NULLSTR;
	if (prev != PP_NO && doc->blocks[prev].type == MD_BLOCK_P)
		t = label_of(doc, &doc->blocks[prev]);
	if (t.s)
		return strip_lead(pp_key_fold(doc, t.s, t.len));
	uint32_t off = doc->blocks[list].offset;
	t = at ? pp_section_next(doc, at, off) : pp_section_at(doc, off);
	if (!t.s)
		return t;
	/* Lists come in document order and most are introduced by the heading
	 * above them, as the lists before them were: fold it once. */
	if (t.s != doc->intro_sec) {
		doc->intro_sec = t.s;
		doc->intro_fold = strip_lead(pp_key_fold(doc, t.s, t.len));
	}
	return doc->intro_fold;
}

/* items.c and risk.c both ask for every list, and the answer (blocks and
 * sections are final by then) does not change: each list's is kept, as
 * folding a heading is the costly part.  A list block's aux (unused by
 * lists) holds 1 + its index in doc->intros. */
static pp_str introducer_kept(pp_doc *doc, uint32_t list, pp_at_cursor *at)
{
	pp_block *b = &doc->blocks[list];
	if (b->aux)
		return PP_AT(doc->intros, pp_str, b->aux - 1);
	pp_str t = list_introducer(doc, list, at), *slot = pp_vec_push(&doc->arena, &doc->intros);
	if (!slot)
		return PP_NULLSTR;
	*slot = t;
	b->aux = doc->intros.n;
	return t;
}

pp_str pp_list_introducer(pp_doc *doc, uint32_t list)
{
	return introducer_kept(doc, list, NULL);
}

/* ---- the walk ---------------------------------------------------------- */

typedef struct attr_ref {
	int32_t task;
	pp_meta_node *m;
} attr_ref;

typedef struct walk {
	pp_doc *doc;
	int32_t *enc;          /* per block: the task that encloses it, or -1 */
	pp_vec attrs;          /* attr_ref, grouped per task at the end */
	uint32_t list;         /* the list whose introducer is cached */
	pp_str intro;          /* that introducer */
	pp_at_cursor at;       /* phase and section lookups down the walk */
	bool criteria, tasks;  /* that introducer's kind */
} walk;

static void introducer(walk *w, uint32_t list)
{
	if (w->list == list)
		return;
	w->list = list;
	pp_str t = introducer_kept(w->doc, list, &w->at); /* the walk asks first, in order */
	if (t.s && t.s == w->intro.s)
		return; /* the same heading's text as the list before: same kind */
	w->intro = t;
	/* every word of both lists ends with one of these (in_words() checks) */
	bool may = t.len && strchr("aeknost", t.s[t.len - 1]);
	w->criteria = may && in_words(t, criteria_words, true);
	w->tasks = may && !w->criteria && (in_words(t, task_words, false) ||
		(t.len >= 5 && memcmp(t.s + t.len - 5, "tasks", 5) == 0));
}

typedef struct attr_ctx {
	walk *w;
	int32_t task;
	uint32_t skip_before;  /* key lines starting before this are not attrs */
	int found;
} attr_ctx;

static int add_attr(pp_doc *doc, const pp_keyline *kl, void *ud)
{
	attr_ctx *c = ud;
	if (kl->offset < c->skip_before || !kl->value.len)
		return 0;
	pp_meta_node *m = pp_alloc(&doc->arena, sizeof *m);
	attr_ref *ref = pp_vec_push(&doc->arena, &c->w->attrs);
	if (!m || !ref)
		return PP_ENOMEM;
	m->n.kind = PP_META;
	pp_node_place(doc, &m->n, kl->offset, kl->end);
	m->key = kl->key;
	m->name = pp_key_name(doc, kl->key.s, kl->key.len);
	m->value = kl->value;
	m->scope = pp_phase_next(doc, &c->w->at, kl->offset);
	ref->task = c->task;
	ref->m = m;
	c->found++;
	return 0;
}

/* Whether a run may hold a key line.  Each has a colon (`:`, or `：`,
 * whose last byte is 0x9A) in the source of a text event, or an entity
 * that renders one: most items under a task are prose, with neither. */
static bool may_hold_keyline(const pp_doc *doc, pp_inl r)
{
	for (uint32_t i = r.eb; i < r.ee; i++) {
		const pp_event *e = &doc->events[i];
		if (e->kind != EV_TEXT || !e->len)
			continue;
		const char *s = doc->src + e->off;
		if (e->type == MD_TEXT_ENTITY || memchr(s, ':', e->len) || memchr(s, 0x9A, e->len))
			return true;
	}
	return false;
}

/* Key lines of a run as attrs of a task; returns how many, or PP_ENOMEM. */
static int attrs_from(walk *w, int32_t task, pp_inl r, uint32_t skip_before)
{
	if (!may_hold_keyline(w->doc, r))
		return 0;
	attr_ctx c = { w, task, skip_before, 0 };
	int rc = pp_keylines(w->doc, r, PP_KL_EMPH | PP_KL_PLAIN_ANY, add_attr, &c);
	return rc < 0 ? rc : c.found;
}

/* Sorts the collected attrs into each task's list (counting sort: stable). */
static int seal_attrs(walk *w)
{
	pp_doc *doc = w->doc;
	uint32_t n = w->attrs.n;
	attr_ref *refs = w->attrs.data;
	for (uint32_t i = 0; i < n; i++) {
		pp_task_node *t = (pp_task_node *)pp_built(doc, PP_TASK, (uint32_t)refs[i].task);
		t->attrs.n++;
	}
	for (uint32_t i = 0; i < n; i++) {
		pp_task_node *t = (pp_task_node *)pp_built(doc, PP_TASK, (uint32_t)refs[i].task);
		if (!t->attrs.items) {
			t->attrs.items = pp_alloc(&doc->arena, t->attrs.n * sizeof(pp_node *));
			if (!t->attrs.items)
				return PP_ENOMEM;
			t->attrs.n = 0;
		}
		refs[i].m->n.index = t->attrs.n;
		((pp_node **)t->attrs.items)[t->attrs.n++] = &refs[i].m->n;
	}
	return 0;
}

/* ---- a task's fields from its text ------------------------------------- */

typedef struct head {
	pp_str id;
	bool id_ph, parallel;
	pp_str prio;
	pp_str *tags;          /* the markers but [P], as arena copies; NULL: none */
	uint32_t ntags, cap;
	size_t rest;           /* where the text after ID and markers starts */
} head;

/* `3. Add metrics` after a task mark (Kiro): the number is the ID. */
static size_t numbered_id(pp_str t)
{
	size_t i = 0;
	while (i < t.len && t.s[i] >= '0' && t.s[i] <= '9')
		i++;
	return i && i + 1 < t.len && t.s[i] == '.' && t.s[i + 1] == ' ' ? i : 0;
}

/* Room for one more tag: an arena array of 4, doubled when full (the
 * old one stays behind in the arena: tasks have few tags). */
static bool tag_room(pp_doc *doc, head *h)
{
	if (h->ntags < h->cap)
		return true;
	uint32_t cap = h->cap ? 2 * h->cap : 4;
	pp_str *t = pp_alloc_raw(&doc->arena, cap * sizeof *t);
	if (!t)
		return false;
	if (h->ntags)
		memcpy(t, h->tags, h->ntags * sizeof *t);
	h->tags = t;
	h->cap = cap;
	return true;
}

/* Reads `T001 [P] [US1]` / `[T001] ...` / `1.1 ...` at the start of t;
 * with `numbered`, a plain `3.` too; with `tags`, the tags as well. */
static int read_head(pp_doc *doc, pp_str t, bool numbered, bool tags, head *h)
{
	size_t i = 0, k;
	pp_str inner;
	if ((k = pp_id_token(t.s, t.len, &h->id_ph)) > 0) {
		h->id = (pp_str){ t.s, (uint32_t)k };
		i = k;
	} else if (numbered && (k = numbered_id(t)) > 0) {
		h->id = (pp_str){ t.s, (uint32_t)k };
		i = k + 1;
	} else if ((k = pp_marker(t.s, t.len, &inner)) > 0 &&
	           pp_id_token(inner.s, inner.len, &h->id_ph) == inner.len) {
		h->id = inner;
		i = k;
	}
	while (i < t.len) {
		size_t j = i;
		while (j < t.len && (t.s[j] == ' ' || t.s[j] == ':' || (t.s[j] == '.' && h->id.s)))
			j++;
		/* a marker opens with `[` or the first byte of `［` */
		if (j >= t.len || (t.s[j] != '[' && (unsigned char)t.s[j] != 0xEF) ||
		    !(k = pp_marker(t.s + j, t.len - j, &inner))) {
			i = j;
			break;
		}
		i = j + k;
		if (inner.len == 1 && inner.s[0] == 'P') {
			h->parallel = true;
		} else {
			if (inner.len == 2 && inner.s[0] == 'P' && inner.s[1] >= '0' && inner.s[1] <= '3')
				h->prio = inner; /* a priority, and still a tag */
			if (tags && !tag_room(doc, h))
				return PP_ENOMEM;
			if (tags)
				h->tags[h->ntags++] = pp_str_dup(doc, inner.s, inner.len);
		}
	}
	while (i < t.len && (t.s[i] == ' ' || t.s[i] == ':' || t.s[i] == '-'))
		i++;
	h->rest = i;
	return 0;
}

/* The leading bold phrase of a task, when only an ID and markers stand
 * before it: `- [ ] **Step 1: Write tests** (2h)`. */
static pp_str bold_title(pp_doc *doc, const item *it, uint32_t from)
{
	pp_inl r = it->r;
	uint32_t sb = UINT32_MAX, se = 0, depth = 0;
	for (uint32_t k = it->strong; k < r.ee; k++) {
		const pp_event *e = &doc->events[k];
		depth += e->kind == EV_ENTER ? 1 : 0;
		if (e->kind == EV_LEAVE && --depth == 0)
			break;
		if (e->kind == EV_TEXT && e->len) {
			sb = sb < e->off ? sb : e->off;
			se = e->off + e->len;
		}
	}
	if (sb == UINT32_MAX)
		return PP_NULLSTR;
	pp_str before = pp_text(doc, r.eb, r.ee, from, sb);
	head h = { 0 };
	if (read_head(doc, before, false, false, &h) < 0)
		return PP_NULLSTR;
	if (h.rest < before.len)
		return PP_NULLSTR;
	pp_str bold = pp_text(doc, r.eb, r.ee, sb, se);
	head hb = { 0 };
	if (read_head(doc, bold, false, false, &hb) < 0)
		return PP_NULLSTR;
	/* `**Step 3:** Implement it`: a bold label, not a title */
	if (bold.len && (bold.s[bold.len - 1] == ':' || (bold.len >= 3 &&
	    memcmp(bold.s + bold.len - 3, "\xEF\xBC\x9A", 3) == 0)))
		return PP_NULLSTR;
	return (pp_str){ bold.s + hb.rest, bold.len - (uint32_t)hb.rest };
}

static pp_str trim_title(pp_doc *doc, pp_str t)
{
	t = pp_str_trim(t);
	while (t.len && (t.s[t.len - 1] == ':' || t.s[t.len - 1] == ' ' || t.s[t.len - 1] == '-'))
		t.len--;
	return t.len ? pp_str_keep(doc, t.s, t.len) : PP_NULLSTR;
}

/* Fills a task's ID, markers, title, estimate, priority and owner. */
/* The title without an ID written inside it: `Fix login (DEV-124)` and
 * `Upload avatars 🆔 abc123` lose the ID and its brackets or marker. */
static pp_str strip_inside_id(pp_doc *doc, pp_str t, pp_str id)
{
	size_t b = 0;
	while (b + id.len <= t.len && memcmp(t.s + b, id.s, id.len) != 0)
		b++;
	if (!id.len || b + id.len > t.len)
		return t;
	size_t e = b + id.len;
	if (b && e < t.len && (t.s[b - 1] == '(' || t.s[b - 1] == '[') &&
	    (t.s[e] == ')' || t.s[e] == ']'))
		b--, e++;
	else if (b >= 5 && memcmp(t.s + b - 5, "\xF0\x9F\x86\x94 ", 5) == 0)
		b -= 5;
	else if (b >= 4 && memcmp(t.s + b - 4, "\xF0\x9F\x86\x94", 4) == 0)
		b -= 4;
	else
		return t;
	char *o = pp_alloc(&doc->arena, t.len + 1);
	if (!o)
		return PP_NULLSTR;
	memcpy(o, t.s, b);
	memcpy(o + b, t.s + e, t.len - e);
	pp_str r = pp_str_trim((pp_str){ o, (uint32_t)(t.len - (e - b)) });
	return r;
}

static int task_fields(pp_doc *doc, pp_task_node *t, const item *it, uint32_t from)
{
	head h = { 0 };
	if (read_head(doc, t->text, it->mark != 0, true, &h) < 0)
		return PP_ENOMEM;
	t->tags = (pp_list){ h.tags, h.ntags };
	t->parallel = h.parallel;
	pp_str rest = { t->text.s + h.rest, t->text.len - (uint32_t)h.rest };
	pp_task_marks tm;  /* the priority, owner, ID inside and dashes in one scan */
	pp_task_scan(t->text.s, t->text.len, PP_SCAN_OWNER | PP_SCAN_DASH |
	             (h.prio.s ? 0 : PP_SCAN_PRIO) | (h.id.s ? 0 : PP_SCAN_INSIDE), h.rest, &tm);
	if (!h.id.s && tm.inside < t->text.len) {
		h.id = (pp_str){ t->text.s + tm.inside, (uint32_t)tm.inside_len };
		h.id_ph = tm.inside_ph;
	}
	if (h.id.s) {
		t->id = pp_str_dup(doc, h.id.s, h.id.len);
		t->id_placeholder = h.id_ph;
		if (h.id_ph)
			pp_diag(doc, "placeholder", "info", t->n.offset,
				"task ID '%s' is a template placeholder", t->id.s);
	}
	size_t k = pp_estimate_tail_in(doc, rest.s, rest.len, tm.dash - h.rest, t->n.offset,
	                               t->n.end, &t->estimate);
	pp_str bold = bold_title(doc, it, from);
	pp_str title = bold.s ? bold : (pp_str){ rest.s, rest.len - (uint32_t)k };
	bool inside = h.id.s && h.id.s >= rest.s; /* an ID inside */
	t->title = trim_title(doc, inside ? strip_inside_id(doc, title, h.id) : title);
	if (t->title.s && pp_is_placeholder(t->title.s, t->title.len))
		pp_diag(doc, "placeholder", "info", t->n.offset,
			"task title '%s' is a template placeholder", t->title.s);
	pp_str prio = h.prio.s ? h.prio : tm.prio, owner = tm.owner;
	t->priority = prio.s ? pp_str_dup(doc, prio.s, prio.len) : prio;
	t->owner = owner.s ? pp_str_dup(doc, owner.s, owner.len) : owner;
	return doc->arena.oom ? PP_ENOMEM : 0;
}

/* ---- items ------------------------------------------------------------- */

pp_str pp_mark_string(char m)
{
	static const char marks[][2] = { " ", "x", "X", "/", "-", "~", ">", "<", "!", "?", "@" };
	for (size_t i = 0; m && i < sizeof marks / sizeof *marks; i++)
		if (marks[i][0] == m)
			return (pp_str){ marks[i], 1 };
	return PP_NULLSTR;
}

static pp_task_node *make_task(walk *w, uint32_t bi, const item *it, pp_str text, int32_t parent)
{
	pp_doc *doc = w->doc;
	pp_block *b = &doc->blocks[bi];
	pp_task_node *t = pp_node_new(doc, PP_TASK, sizeof *t, b->offset, it->end);
	if (!t)
		return NULL;
	t->text = text;
	t->state = it->mark ? pp_mark_state(it->mark) : "none";
	t->mark_offset = it->mark ? it->mark_off : PP_NULL;
	t->parent = parent;
	t->phase = pp_phase_next(doc, &w->at, b->offset);
	b->node = (int32_t)t->n.index;
	if (task_fields(doc, t, it, it->text_from) < 0)
		return NULL;
	return t;
}

/* phase: the task's when the item is one (the same lookup), else -2. */
static int make_checkbox(walk *w, uint32_t bi, const item *it, pp_str text, int32_t task,
                         int32_t phase)
{
	pp_doc *doc = w->doc;
	const pp_block *b = &doc->blocks[bi];
	pp_checkbox_node *c = pp_node_new(doc, PP_CHECKBOX, sizeof *c, b->offset, it->end);
	if (!c)
		return PP_ENOMEM;
	c->mark = it->mark;
	c->mark_offset = it->mark_off;
	c->text = text;
	c->criteria = w->criteria;
	c->section = pp_section_next(doc, &w->at, b->offset);
	c->phase = phase != -2 ? phase : pp_phase_next(doc, &w->at, b->offset);
	c->task = task;
	return doc->arena.oom ? PP_ENOMEM : 0;
}

/* The item's text without its mark; a bare `[ ]` that md4c took but GitHub
 * does not stays in the text. */
static pp_str item_text(pp_doc *doc, const pp_block *li, const item *it)
{
	pp_str t = pp_text(doc, it->r.eb, it->r.ee, it->text_from, it->cut);
	if (!it->bare_mark || !t.s)
		return t;
	char *p = pp_alloc(&doc->arena, t.len + 5);
	if (!p)
		return PP_NULLSTR;
	memcpy(p, doc->src + li->mark_offset - 1, 3);
	size_t n = 3;
	if (t.len)
		p[n++] = ' ', memcpy(p + n, t.s, t.len), n += t.len;
	p[n] = 0;
	return (pp_str){ p, (uint32_t)n };
}

static int stop_at_first(pp_doc *doc, const pp_keyline *kl, void *ud)
{
	(void)doc;
	uint32_t *at = ud;
	if (kl->value.len && kl->offset >= at[1]) {
		at[0] = kl->offset;
		return 1;
	}
	return 0;
}

/* Where the first key line after the item's first line (which ends
 * before second, UINT32_MAX when it is the only one) starts, or
 * UINT32_MAX: `**Owner**: ana` continuing a task's paragraph is an attr,
 * not text. */
static uint32_t first_keyline(pp_doc *doc, pp_inl r, uint32_t second)
{
	uint32_t at[2] = { UINT32_MAX, second };
	if (at[1] == UINT32_MAX || !may_hold_keyline(doc, r))
		return UINT32_MAX;
	int rc = pp_keylines(doc, r, PP_KL_EMPH | PP_KL_PLAIN_ANY, stop_at_first, at);
	return rc < 0 ? UINT32_MAX : at[0];
}

static bool text_space(char c)
{
	return c == ' ' || (unsigned char)(c - '\t') <= '\r' - '\t'; /* \t \n \v \f \r */
}

/* Whether the plain text of a run up to source offset `to` may start with
 * a task ID, read from the source without building the text.  False only
 * when pp_id_token() would say no from what the first text event shows:
 * a first byte that cannot start an ID (any byte but `#`, a digit or a
 * capital stays itself or becomes non-ASCII); `#` and no digit, or a digit
 * or capital and a small letter, as its first two; or a first word of
 * printable ASCII that white space follows in the same event (the text
 * then starts with that word and a space) and is no ID. */
static bool may_start_with_id(const pp_doc *doc, pp_inl r, uint32_t to)
{
	const char *s = doc->src;
	for (uint32_t i = r.eb; i < r.ee; i++) {
		const pp_event *e = &doc->events[i];
		if (e->kind != EV_TEXT || !e->len || e->type == MD_TEXT_BR ||
		    e->type == MD_TEXT_SOFTBR || e->type == MD_TEXT_HTML)
			continue; /* nothing, or white space the text trims */
		if (e->type != MD_TEXT_NORMAL || e->off >= to)
			return true;
		uint32_t b = e->off, end = e->off + e->len < to ? e->off + e->len : to;
		while (b < end && text_space(s[b]))
			b++;
		if (b == end)
			continue;
		char c = s[b], c1 = b + 1 < end ? s[b + 1] : 0;
		if (c != '#' && !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z'))
			return false;
		if (c1 && (c == '#' ? !(c1 >= '0' && c1 <= '9') : c1 >= 'a' && c1 <= 'z'))
			return false;
		uint32_t k = b;
		while (k < end && s[k] > ' ' && s[k] < 0x7F)
			k++;
		bool ph;
		return k == end || !text_space(s[k]) || pp_id_token(s + b, k - b, &ph) > 0;
	}
	return false; /* no text */
}

bool pp_item_task_like(pp_doc *doc, const pp_block *li)
{
	item it;
	read_item(doc, li, &it);
	if (it.mark)
		return true;
	if (!may_start_with_id(doc, it.r, UINT32_MAX))
		return false; /* most items: no text is built */
	pp_str t = pp_text(doc, it.r.eb, it.r.ee, 0, UINT32_MAX);
	bool ph;
	return t.s && pp_id_token(t.s, t.len, &ph) > 0;
}

static int visit_item(walk *w, uint32_t bi)
{
	pp_doc *doc = w->doc;
	const pp_block *b = &doc->blocks[bi];
	int32_t enc = w->enc[bi];
	item it;
	read_item(doc, b, &it);
	if (!it.mark)
		check_malformed(doc, it.first, false);
	introducer(w, b->parent);
	if (enc >= 0 && !it.mark) { /* `- Description: ...` under a task */
		int n = attrs_from(w, enc, it.r, 0);
		if (n != 0)
			return n < 0 ? n : 0;
	}
	uint32_t second = it.second;
	/* a plain item whose first line shows it starts with no task ID: its
	 * text is not needed, nor where key lines cut it (the first line, before
	 * any cut, is all may_start_with_id() reads then) */
	if (!it.mark && !w->tasks && !may_start_with_id(doc, it.r, second))
		return 0;
	it.cut = first_keyline(doc, it.r, second); /* UINT32_MAX when second is */
	if (!it.mark && !w->tasks && it.cut != second && !may_start_with_id(doc, it.r, it.cut))
		return 0;
	pp_str text = item_text(doc, b, &it);
	if (!text.s)
		return PP_ENOMEM;
	bool ph, is_task = (it.mark && !w->criteria) || w->tasks ||
		pp_id_token(text.s, text.len, &ph) > 0;
	if (is_task || it.mark)
		it.end = item_end(doc, &it);
	int32_t task = -1, phase = -2;
	if (is_task) {
		pp_task_node *t = make_task(w, bi, &it, text, enc);
		if (!t)
			return PP_ENOMEM;
		task = (int32_t)t->n.index;
		phase = t->phase;
		/* attrs are the key lines first_keyline() looked for: none when it
		 * found none (one line, or no key line after the first) */
		int n = it.cut == UINT32_MAX ? 0 : attrs_from(w, task, it.r, second);
		if (n < 0)
			return n;
	}
	return it.mark ? make_checkbox(w, bi, &it, text, task, phase) : 0;
}

/* A paragraph: `-[ ]` lines, and attrs when it sits in a task item. */
static int visit_para(walk *w, uint32_t bi)
{
	pp_doc *doc = w->doc;
	const pp_block *b = &doc->blocks[bi];
	pp_inl r = pp_own_inl(doc, b), line;
	uint32_t pos = r.eb;
	while (pp_next_line(doc, r, &pos, &line))
		check_malformed(doc, first_text_off(doc, line), true);
	const pp_block *p = b->parent != PP_NO ? &doc->blocks[b->parent] : NULL;
	bool first_para = p && p->type == MD_BLOCK_LI && p->first_child == bi;
	if (w->enc[bi] >= 0 && !first_para) {
		int n = attrs_from(w, w->enc[bi], r, 0);
		return n < 0 ? n : 0;
	}
	return 0;
}

static int visit(walk *w, uint32_t i)
{
	pp_doc *doc = w->doc;
	pp_block *b = &doc->blocks[i];
	if (b->parent != PP_NO) {
		const pp_block *p = &doc->blocks[b->parent];
		w->enc[i] = p->type == MD_BLOCK_LI && p->node >= 0 ? p->node : w->enc[b->parent];
	}
	if (w->enc[i] >= 0)
		b->flags |= BF_IN_TASK;
	switch (b->type) {
	case MD_BLOCK_LI:
		return visit_item(w, i);
	case MD_BLOCK_P:
		return visit_para(w, i);
	case MD_BLOCK_TABLE:
		if (b->node >= 0) {
			pp_table_node *t = (pp_table_node *)pp_built(doc, PP_TABLE, (uint32_t)b->node);
			if (t->role.s && strcmp(t->role.s, "tasks") == 0)
				return pp_table_tasks(doc, t, pp_phase_next(doc, &w->at, b->offset));
		}
		return 0;
	default:
		return 0;
	}
}

static bool name_is(pp_str name, const pp_str *names)
{
	for (int i = 0; name.s && names[i].s; i++)
		if (names[i].len == name.len && memcmp(names[i].s, name.s, name.len) == 0)
			return true;
	return false;
}

/* Owner, priority and estimate from attrs (`- Owner: @eve`,
 * `**Estimate**: 2d`) when the text did not give them. */
static void fields_from_attrs(pp_doc *doc, pp_task_node *t)
{
	static const pp_str owners[] = { PP_S("owner"), PP_S("assignee"), PP_S("assigned_to"),
		PP_S("assigned"), PP_NULLSTR };
	static const pp_str prios[] = { PP_S("priority"), PP_NULLSTR };
	static const pp_str ests[] = { PP_S("estimate"), PP_S("effort"), PP_S("estimated_time"),
		PP_S("time_estimate"), PP_S("estimated_effort"), PP_S("duration"), PP_NULLSTR };
	for (uint32_t i = 0; i < t->attrs.n; i++) {
		const pp_meta_node *m = ((pp_meta_node *const *)t->attrs.items)[i];
		pp_str v = m->value;
		if (!t->owner.s && name_is(m->name, owners) && v.len) {
			if (v.s[0] == '@' && v.len > 1)
				v.s++, v.len--;
			t->owner = pp_str_dup(doc, v.s, v.len);
		} else if (!t->priority.s && name_is(m->name, prios) && v.len) {
			t->priority = v;
		} else if (!t->estimate && name_is(m->name, ests) && v.len) {
			t->estimate = pp_estimate_parse(doc, v.s, v.len, m->n.offset, m->n.end);
		}
	}
}

int pp_items_find(pp_doc *doc)
{
	walk w = { doc, NULL, PP_VEC(attr_ref), PP_NO, PP_NULLSTR, { 0, 0, 0, 0 }, false, false };
	w.enc = pp_sys_malloc(&doc->arena, (size_t)doc->nblocks * sizeof *w.enc);
	if (!w.enc)
		return PP_ENOMEM;
	int rc = 0;
	w.enc[0] = -1;
	for (uint32_t i = 0; i < doc->nblocks && !rc; i++) {
		rc = visit(&w, i);
		if (doc->blocks[i].type == MD_BLOCK_TABLE) /* its rows and cells hold no items */
			i = pp_subtree_last(doc, i);
	}
	if (!rc)
		rc = seal_attrs(&w);
	for (uint32_t i = 0; !rc && w.attrs.n && i < pp_built_count(doc, PP_TASK); i++)
		fields_from_attrs(doc, (pp_task_node *)pp_built(doc, PP_TASK, i));
	pp_vec_free(&doc->arena, &w.attrs);
	pp_sys_free(&doc->arena, w.enc);
	return rc;
}
