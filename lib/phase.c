/*
 * phase.c: headings become sections, and the headings that read
 * `KEYWORD ORDINAL [SEP TITLE]` (or numbered sibling headings over tasks)
 * become phases, with their extent, parent, heading status and estimate.
 */
#include "internal.h"

#include <md4c.h>
#include <string.h>
#include <utf8proc.h>

/* keyword as written (folded match) -> kind; a keyword that does not start
 * with ASCII has its first code point in lower case too (utf8proc_tolower) */
static const struct { const char *word, *kind; int32_t first; } keywords[] = {
	{ "milestone", "milestone", 0 }, { "iteration", "iteration", 0 },
	{ "release", "release", 0 }, { "sprint", "sprint", 0 }, { "phase", "phase", 0 },
	{ "stage", "stage", 0 }, { "step", "step", 0 }, { "wave", "wave", 0 },
	{ "part", "part", 0 }, { "week", "week", 0 }, { "fase", "phase", 0 },
	{ "etapa", "phase", 0 }, { "étape", "phase", 0xE9 }, { "этап", "phase", 0x44D },
	{ "фаза", "phase", 0x444 }, { "阶段", "phase", 0x9636 }, { "フェーズ", "phase", 0x30D5 },
	{ "단계", "phase", 0xB2E8 },
};

/* The ASCII letters a keyword above starts with, a bit each (bit 0: `a`). */
#define LETTER(c) (1u << ((c) - 'a'))
#define KEYWORD_LETTERS (LETTER('m') | LETTER('i') | LETTER('r') | LETTER('s') | \
                         LETTER('p') | LETTER('w') | LETTER('f') | LETTER('e'))

typedef struct cursor {
	const char *s;
	size_t n, i;
} cursor;

static int32_t peek(const cursor *c, size_t *adv)
{
	return pp_cp(c->s + c->i, c->n - c->i, adv);
}

static bool is_letter(int32_t cp)
{
	if (cp < 0)
		return false;
	if (cp < 0x80) /* ASCII: the letters are the only L* */
		return (unsigned)((cp | 0x20) - 'a') < 26;
	utf8proc_category_t cat = utf8proc_category(cp);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

static bool is_alnum(int32_t cp)
{
	if (cp >= 0 && cp < 0x80) /* ASCII: the digits are the only Nd */
		return is_letter(cp) || (cp >= '0' && cp <= '9');
	return is_letter(cp) || (cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ND);
}

static void skip_space(cursor *c)
{
	size_t adv;
	while (c->i < c->n) {
		unsigned char b = (unsigned char)c->s[c->i];
		if (b < 0x80) { /* ASCII: pp_is_space_cp's own four */
			if (b != ' ' && b != '\t' && b != '\n' && b != '\r')
				break;
			c->i++;
		} else if (pp_is_space_cp(peek(c, &adv))) {
			c->i += adv;
		} else {
			break;
		}
	}
}

/* Skips leading emoji, status marks and punctuation before a keyword. */
static void skip_marks(cursor *c)
{
	size_t adv;
	while (c->i < c->n) {
		unsigned char b = (unsigned char)c->s[c->i];
		if (b < 0x80 && (is_alnum(b) || b == '[' || b == '{'))
			break; /* (most headings start so) */
		int32_t cp = peek(c, &adv);
		if (is_alnum(cp) || cp == '[' || cp == '{')
			break;
		c->i += adv;
	}
}

/* The keyword at the cursor, its kind in *kind; false when none.  Latin
 * keywords must end at a word boundary (`Phases` is no phase). */
static bool match_keyword(cursor *c, const char **kind, bool *cjk)
{
	unsigned char c0 = c->i < c->n ? (unsigned char)c->s[c->i] : 0;
	/* ASCII: a keyword starts with the lower-case letter itself (every
	 * keyword is written in lower case; none starts with 0xEF) */
	unsigned char l0 = c0 >= 'A' && c0 <= 'Z' ? (unsigned char)(c0 + 32) : c0 ? c0 : 0xFF;
	/* an ASCII byte that starts no keyword (most headings: `Overview`,
	 * `1. Setup`) skips the table */
	bool none = c0 < 0x80 && !((unsigned)(l0 - 'a') < 26 && (KEYWORD_LETTERS >> (l0 - 'a') & 1));
	/* not ASCII: pp_match_word matches an ASCII keyword only from a
	 * full-width form (0xEF), another one only when the first code points
	 * are the same in lower case */
	int32_t lower = -1;
	if (c0 >= 0x80) {
		size_t adv;
		lower = utf8proc_tolower(pp_cp(c->s + c->i, c->n - c->i, &adv));
	}
	for (size_t k = 0; !none && k < sizeof keywords / sizeof *keywords; k++) {
		unsigned char w0 = (unsigned char)keywords[k].word[0];
		if (c0 < 0x80 ? w0 != l0 : w0 < 0x80 ? c0 != 0xEF : lower != keywords[k].first)
			continue;
		size_t m = pp_match_word(c->s + c->i, c->n - c->i, keywords[k].word);
		if (!m)
			continue;
		size_t adv;
		int32_t next = pp_cp(c->s + c->i + m, c->n - c->i - m, &adv);
		*cjk = (unsigned char)keywords[k].word[0] >= 0xE0;
		if (!*cjk && is_letter(next))
			continue;
		c->i += m;
		*kind = keywords[k].kind;
		return true;
	}
	/* M1, M2: milestones */
	if (c->i + 1 < c->n && (c->s[c->i] == 'M' || c->s[c->i] == 'm') &&
	    c->s[c->i + 1] >= '0' && c->s[c->i + 1] <= '9') {
		c->i += 1;
		*kind = "milestone";
		*cjk = true; /* the digits follow directly */
		return true;
	}
	return false;
}

static bool is_sep(int32_t cp)
{
	return cp == ':' || cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == '.' ||
	       cp == ')' || cp == '(';
}

/* Whether the cursor is at the end or at a separator (after spaces). */
static bool at_sep(const cursor *c)
{
	cursor t = *c;
	skip_space(&t);
	size_t adv;
	return t.i >= t.n || is_sep(peek(&t, &adv));
}

static int roman_value(char ch)
{
	switch (ch) {
	case 'I': return 1; case 'V': return 5; case 'X': return 10;
	case 'L': return 50; case 'C': return 100; case 'D': return 500;
	case 'M': return 1000;
	}
	return 0;
}

/* A roman numeral of two letters or more, or a lone I or V: a lone L, C,
 * D or M reads better as a letter (Phase A, B, C, D). */
static int64_t roman(const char *s, size_t n)
{
	if (n == 1 && s[0] != 'I' && s[0] != 'V')
		return 0;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		int a = roman_value(s[i]), b = i + 1 < n ? roman_value(s[i + 1]) : 0;
		if (!a)
			return 0;
		v += a < b ? -a : a;
	}
	return v > 0 ? v : 0;
}

typedef struct ordinal {
	size_t b, e;      /* the ordinal as written */
	int64_t value;    /* PP_NULL for placeholders */
} ordinal;

/* Reads ORDINAL at the cursor: a placeholder first, then digits with dots,
 * then a roman numeral, then one letter.  False when there is none. */
static bool read_ordinal(cursor *c, bool after_space, ordinal *o)
{
	const char *s = c->s;
	size_t i = c->i, n = c->n;
	o->b = i;
	o->value = PP_NULL;
	if (i < n && (s[i] == '[' || s[i] == '{')) { /* [X], {N} */
		char close = s[i] == '[' ? ']' : '}';
		const char *e = memchr(s + i, close, n - i);
		if (!e || e - (s + i) > 12)
			return false;
		c->i = o->e = (size_t)(e - s) + 1;
		return true;
	}
	size_t j = i;
	while (j < n && (s[j] == 'X' || s[j] == 'N' || s[j] == '+' || (j > i && s[j] >= '0' && s[j] <= '9')))
		j++;
	if (j > i && (s[i] == 'X' || s[i] == 'N') && after_space) {
		cursor t = { s, n, j };
		if ((j == i + 1 || s[i + 1] == '+') && at_sep(&t) && (j == i + 1 || j > i + 2)) {
			c->i = o->e = j;
			return true;
		}
	}
	if (i < n && s[i] >= '0' && s[i] <= '9') {
		int64_t v = 0;
		bool dotted = false;
		for (j = i; j < n && s[j] >= '0' && s[j] <= '9'; j++)
			v = v < 100000000 ? v * 10 + (s[j] - '0') : v;
		while (j + 1 < n && s[j] == '.' && s[j + 1] >= '0' && s[j + 1] <= '9') {
			dotted = true;
			for (j++; j < n && s[j] >= '0' && s[j] <= '9'; j++)
				;
		}
		o->value = dotted ? PP_NULL : v;
		if (dotted) { /* 2.1: the ordinal is the leading number */
			o->value = 0;
			for (size_t k = i; s[k] != '.'; k++)
				o->value = o->value * 10 + (s[k] - '0');
		}
		/* a range `4-8` is one ordinal: its number is the range as written */
		if (j + 1 < n && (s[j] == '-') && s[j + 1] >= '0' && s[j + 1] <= '9')
			for (j++; j < n && s[j] >= '0' && s[j] <= '9'; j++)
				;
		c->i = o->e = j;
		return true;
	}
	if (!after_space)
		return false;
	for (j = i; j < n && roman_value(s[j]); j++)
		;
	cursor t = { s, n, j };
	if (j > i && at_sep(&t) && (o->value = roman(s + i, j - i)) > 0) {
		c->i = o->e = j;
		return true;
	}
	if (i < n && ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z')) {
		t.i = i + 1;
		if (at_sep(&t)) {
			o->value = (s[i] | 32) - 'a' + 1;
			c->i = o->e = i + 1;
			return true;
		}
	}
	return false;
}

/* ---- heading text -> phase parts --------------------------------------- */

typedef struct parsed {
	const char *kind;         /* NULL: not a phase by keyword */
	ordinal ord;
	size_t title_b;           /* where TITLE starts in the text */
	size_t lead_e;            /* end of leading marks */
	bool numbered;            /* `1. Setup`: a numbered-section candidate */
} parsed;

static bool parse_keyword_phase(const char *s, size_t n, parsed *p)
{
	cursor c = { s, n, 0 };
	skip_marks(&c);
	p->lead_e = c.i;
	bool cjk;
	if (!match_keyword(&c, &p->kind, &cjk)) {
		p->kind = NULL;
		return false;
	}
	size_t before = c.i;
	skip_space(&c);
	bool spaced = c.i > before;
	if (!read_ordinal(&c, spaced || cjk, &p->ord) ||
	    (!spaced && !cjk && (s[p->ord.b] < '0' || s[p->ord.b] > '9'))) {
		p->kind = NULL;
		return false;
	}
	skip_space(&c);
	size_t adv;
	int32_t cp = c.i < n ? peek(&c, &adv) : -1;
	if (cp >= 0 && is_sep(cp) && cp != '(') {
		c.i += adv;
	} else if (cp >= 0 && cp != '(') {
		p->kind = NULL; /* `Phase 1 Verification`: no separator, a section */
		return false;
	}
	skip_space(&c);
	p->title_b = c.i;
	return true;
}

/* `1. Setup`, `2) Build`, `3.1 Tests`: digits, a dot or parenthesis. */
static bool parse_numbered(const char *s, size_t n, parsed *p)
{
	cursor c = { s, n, p->lead_e }; /* past the leading marks (parse_keyword_phase) */
	size_t b = c.i, j = b;
	while (j < n && ((s[j] >= '0' && s[j] <= '9') || (s[j] == '.' && j > b && j + 1 < n && s[j + 1] >= '0' && s[j + 1] <= '9')))
		j++;
	if (j == b || j >= n)
		return false;
	bool dotted = memchr(s + b, '.', j - b) != NULL;
	if (s[j] == '.' || s[j] == ')' || s[j] == ':')
		c.i = j + 1;
	else if (dotted && s[j] == ' ')
		c.i = j;
	else
		return false;
	if (c.i < n && s[c.i] != ' ')
		return false;
	p->ord.b = b;
	p->ord.e = j;
	p->ord.value = 0;
	for (size_t k = b; k < j && s[k] != '.'; k++)
		p->ord.value = p->ord.value < 100000000 ? p->ord.value * 10 + (s[k] - '0') : p->ord.value;
	skip_space(&c);
	p->title_b = c.i;
	p->lead_e = b;
	p->numbered = true;
	return true;
}

/* ---- title marks ------------------------------------------------------- */

static size_t trim_end(const char *s, size_t n)
{
	pp_str t = pp_str_trim((pp_str){ s, (uint32_t)n });
	return t.s ? (size_t)(t.s - s) + t.len : 0;
}

static size_t count_words(const char *s, size_t n)
{
	size_t w = 0;
	bool in = false;
	for (size_t i = 0; i < n; i++) {
		bool sp = s[i] == ' ';
		w += !sp && !in;
		in = !sp;
	}
	return w;
}

/* The length of s without a trailing parenthesised note: the status phrase
 * `SHIPPED (engine-only, PR #44)` has one word before its note. */
static size_t words_before_note(const char *s, size_t n)
{
	if (n && s[n - 1] == ')') {
		const char *open = memchr(s, '(', n);
		if (open)
			return (size_t)(open - s);
	}
	return n;
}

/* A status phrase of a title and its status word (pp_status_word). */
typedef struct status_mark {
	pp_str raw;
	const char *word;
} status_mark;

/* A trailing `(In Progress)` or `[DONE]`: the length to strip, 0 if none. */
static size_t bracket_status(pp_doc *doc, const char *s, size_t n, status_mark *st)
{
	if (n < 3 || (s[n - 1] != ')' && s[n - 1] != ']'))
		return 0;
	char open = s[n - 1] == ')' ? '(' : '[';
	size_t i = n - 1;
	while (i > 0 && s[i - 1] != open)
		i--;
	const char *w;
	if (i == 0 || !(w = pp_status_word(doc, s + i, n - 1 - i)) ||
	    count_words(s + i, n - 1 - i) > 3)
		return 0;
	*st = (status_mark){ { s + i, (uint32_t)(n - 1 - i) }, w };
	return n - (i - 1);
}

/* The first byte from s[i] on that may start a status tail: a `-` or a
 * byte that is not ASCII; n when none.  8 bytes a step while none. */
static size_t next_tail_byte(const char *s, size_t i, size_t n)
{
	for (; i + 8 <= n; i += 8) {
		uint64_t v = pp_load8(s + i);
		uint64_t m = (v & PP_HIGHS) | pp_has_byte(v, '-'); /* exact up to the first */
		if (m)
			return i + pp_ctz(m) / 8;
	}
	while (i < n && (unsigned char)s[i] < 0x80 && s[i] != '-')
		i++;
	return i;
}

/* A trailing status phrase after a dash or an emoji mark (`— SHIPPED`,
 * `✅ COMPLETE`, a lone `🚧`): the length to strip, 0 if none. */
static size_t tail_status(pp_doc *doc, const char *s, size_t n, status_mark *st)
{
	for (size_t i = 0; (i = next_tail_byte(s, i, n)) < n; i++) {
		size_t adv;
		int32_t cp = pp_cp(s + i, n - i, &adv);
		bool dash = cp == '-' || cp == 0x2013 || cp == 0x2014;
		if (!dash && (is_alnum(cp) || ((unsigned char)s[i] & 0xC0) == 0x80))
			continue;
		if (dash && (i == 0 || s[i - 1] != ' '))
			continue;
		size_t b = dash ? i + adv : i;
		pp_str tail = pp_str_trim((pp_str){ s + b, (uint32_t)(n - b) });
		const char *w;
		if (tail.len && count_words(tail.s, words_before_note(tail.s, tail.len)) <= 3 &&
		    (w = pp_status_word(doc, tail.s, tail.len))) {
			*st = (status_mark){ tail, w };
			return n - i;
		}
		i += adv - 1;
	}
	return 0;
}

/* Moves trailing status marks and estimates out of the title, repeatedly
 * and in either order: `Build (40-50h) ✅ COMPLETE`.  The last mark and the
 * last estimate are the ones kept; marks and estimates before them are
 * stripped too (`Setup ✅ (4h) — SHIPPED` has the title `Setup`). */
static size_t strip_title(pp_doc *doc, const char *s, size_t n, status_mark *st, pp_str *est)
{
	for (int round = 0; round < 8; round++) {
		n = trim_end(s, n);
		const char *inner;
		size_t il, k;
		status_mark more = { 0 };
		if ((k = pp_estimate_suffix(s, n, &inner, &il)) > 0) {
			if (!est->s)
				*est = (pp_str){ inner, (uint32_t)il };
			n -= k;
		} else if ((k = bracket_status(doc, s, n, st->raw.s ? &more : st)) > 0 ||
		           (k = tail_status(doc, s, n, st->raw.s ? &more : st)) > 0) {
			n -= k;
		} else {
			break;
		}
	}
	n = trim_end(s, n);
	while (n && (s[n - 1] == ':' || s[n - 1] == '-' || s[n - 1] == ' '))
		n--;
	return n;
}

/* ---- headings -> sections and phases ----------------------------------- */

typedef struct heading {
	uint32_t block, end;      /* extent end */
	int32_t parent_h;         /* enclosing heading, -1 */
	uint8_t level;
	bool numbered, numbered_sibling;
	parsed p;
	pp_str text;
} heading;

static bool section_has_tasks(pp_doc *doc, const heading *h)
{
	for (uint32_t i = h->block + 1; i < doc->nblocks && doc->blocks[i].offset < h->end; i++)
		if (doc->blocks[i].type == MD_BLOCK_LI && pp_item_task_like(doc, &doc->blocks[i]))
			return true;
	return false;
}

/* Extents, enclosing headings and numbered siblings, with one stack. */
static void link_headings(pp_doc *doc, heading *hs, uint32_t n)
{
	int32_t stack[8];
	int top = 0;
	for (uint32_t i = 0; i < n; i++) {
		while (top && hs[stack[top - 1]].level >= hs[i].level)
			hs[stack[--top]].end = doc->blocks[hs[i].block].offset;
		hs[i].parent_h = top ? stack[top - 1] : -1;
		hs[i].end = doc->len;
		stack[top++] = (int32_t)i;
	}
	/* numbered siblings: same level under the same enclosing heading */
	for (uint32_t i = 0; i < n; i++) {
		if (!hs[i].numbered)
			continue;
		for (uint32_t j = i + 1; j < n && hs[j].level >= hs[i].level; j++) {
			if (hs[j].numbered && hs[j].level == hs[i].level && hs[j].parent_h == hs[i].parent_h) {
				hs[i].numbered_sibling = hs[j].numbered_sibling = true;
				break;
			}
		}
	}
}

static int make_phase(pp_doc *doc, heading *hs, uint32_t i, int32_t *phase_of)
{
	heading *h = &hs[i];
	const pp_block *b = &doc->blocks[h->block];
	pp_phase_node *p = pp_node_new(doc, PP_PHASE, sizeof *p, b->offset, b->end);
	if (!p)
		return PP_ENOMEM;
	phase_of[i] = (int32_t)p->n.index;
	p->block = h->block;
	p->level = h->level;
	p->extent_end = h->end;
	p->heading = h->text;
	p->kind = h->p.kind ? (pp_str){ h->p.kind, (uint32_t)strlen(h->p.kind) } : PP_S("section");
	p->number = pp_str_dup(doc, h->text.s + h->p.ord.b, h->p.ord.e - h->p.ord.b);
	p->ordinal = h->p.ord.value;
	p->parent = -1;
	for (int32_t a = h->parent_h; a >= 0 && p->parent < 0; a = hs[a].parent_h)
		p->parent = phase_of[a];
	status_mark st = { PP_NULLSTR, NULL };
	pp_str est = PP_NULLSTR;
	const char *t = h->text.s + h->p.title_b;
	size_t tn = strip_title(doc, t, h->text.len - h->p.title_b, &st, &est);
	p->title = tn ? pp_str_dup(doc, t, tn) : PP_NULLSTR;
	if (p->title.s && pp_is_placeholder(p->title.s, p->title.len))
		pp_diag(doc, "placeholder", "info", b->offset,
			"phase title '%s' is a template placeholder", p->title.s);
	if (p->ordinal == PP_NULL && p->number.len && !(p->number.s[0] >= '0' && p->number.s[0] <= '9'))
		pp_diag(doc, "placeholder", "info", b->offset,
			"phase number '%s' is a template placeholder", p->number.s);
	if (!st.raw.s && h->p.lead_e) { /* a leading mark: `✅ Phase 1: Setup` */
		pp_str lead = pp_str_trim((pp_str){ h->text.s, (uint32_t)h->p.lead_e });
		if (lead.len && (st.word = pp_status_word(doc, lead.s, lead.len)) != NULL)
			st.raw = lead;
	}
	if (st.raw.s && !(p->status = pp_status_make_as(doc, pp_str_dup(doc, st.raw.s, st.raw.len),
	                                                st.word, b->offset, b->end)))
		return PP_ENOMEM;
	if (est.s)
		p->estimate = pp_estimate_parse(doc, est.s, est.len, b->offset, b->end);
	return doc->arena.oom ? PP_ENOMEM : 0;
}

static int collect_headings(pp_doc *doc, pp_vec *v)
{
	for (uint32_t i = 0; i < doc->nblocks; i++) {
		const pp_block *b = &doc->blocks[i];
		if (b->type != MD_BLOCK_H) {
			if (b->type == MD_BLOCK_TABLE)
				i = pp_subtree_last(doc, i); /* no heading in a table */
			continue;
		}
		heading *h = pp_vec_push(&doc->arena, v);
		if (!h)
			return PP_ENOMEM;
		h->block = i;
		h->level = b->level;
		h->text = pp_inl_text(doc, pp_own_inl(doc, b));
		pp_section_node *s = pp_node_new(doc, PP_SECTION, sizeof *s, b->offset, b->end);
		if (!s || !h->text.s)
			return PP_ENOMEM;
		s->level = b->level;
		s->text = h->text;
		if (!parse_keyword_phase(h->text.s, h->text.len, &h->p))
			h->numbered = parse_numbered(h->text.s, h->text.len, &h->p);
	}
	return 0;
}

int pp_phases_find(pp_doc *doc)
{
	pp_vec v = PP_VEC(heading);
	int rc = collect_headings(doc, &v);
	uint32_t n = v.n;
	heading *hs = v.data;
	int32_t *phase_of = n ? pp_sys_malloc(&doc->arena, n * sizeof *phase_of) : NULL;
	if (!rc && n && !phase_of)
		rc = PP_ENOMEM;
	if (!rc) {
		link_headings(doc, hs, n);
		for (uint32_t i = 0; i < n && !rc; i++) {
			phase_of[i] = -1;
			bool phase = hs[i].p.kind ||
				(hs[i].numbered_sibling && section_has_tasks(doc, &hs[i]));
			if (phase)
				rc = make_phase(doc, hs, i, phase_of);
		}
	}
	pp_sys_free(&doc->arena, phase_of);
	pp_vec_free(&doc->arena, &v);
	return rc;
}

/* ---- lookups ----------------------------------------------------------- */

uint32_t pp_count_upto(pp_node *const *ns, uint32_t n, uint32_t offset)
{
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (ns[mid]->offset <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The innermost phase, among the first k, whose extent holds offset. */
static int32_t phase_in(const pp_doc *doc, uint32_t k, uint32_t offset)
{
	pp_phase_node *const *ps = doc->build[PP_PHASE].data;
	for (int32_t i = (int32_t)k - 1; i >= 0; i = ps[i]->parent)
		if (offset < ps[i]->extent_end)
			return i;
	return -1;
}

int32_t pp_phase_at(const pp_doc *doc, uint32_t offset)
{
	const pp_vec *v = &doc->build[PP_PHASE];
	return phase_in(doc, pp_count_upto(v->data, v->n, offset), offset);
}

pp_str pp_section_at(const pp_doc *doc, uint32_t offset)
{
	const pp_vec *v = &doc->build[PP_SECTION];
	uint32_t k = pp_count_upto(v->data, v->n, offset);
	return k ? ((pp_section_node *)PP_AT(doc->build[PP_SECTION], pp_node *, k - 1))->text
	         : PP_NULLSTR;
}

/* pp_count_upto() from the cursor's last answer: a step forward while the
 * offsets grow, a search when one goes back. */
static uint32_t count_from(const pp_vec *v, uint32_t *k, uint32_t *last, uint32_t offset)
{
	pp_node *const *ns = v->data;
	if (offset < *last)
		*k = pp_count_upto(v->data, v->n, offset);
	else
		while (*k < v->n && ns[*k]->offset <= offset)
			++*k;
	*last = offset;
	return *k;
}

int32_t pp_phase_next(const pp_doc *doc, pp_at_cursor *c, uint32_t offset)
{
	return phase_in(doc, count_from(&doc->build[PP_PHASE], &c->phases, &c->phase_off, offset),
	                offset);
}

pp_str pp_section_next(const pp_doc *doc, pp_at_cursor *c, uint32_t offset)
{
	uint32_t k = count_from(&doc->build[PP_SECTION], &c->sections, &c->section_off, offset);
	return k ? ((pp_section_node *)PP_AT(doc->build[PP_SECTION], pp_node *, k - 1))->text
	         : PP_NULLSTR;
}
