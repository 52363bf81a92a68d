/*
 * deps.c: dependency edges (docs/format.md section 7).  Every source makes
 * edges "from depends on to" with the position of the text that says so:
 * table depends-on cells (read by table.c), inline text of tasks
 * (`depends on T001, T002`, `(after T003)`, `blocked by #12`, `⛔ x`),
 * `Depends on:` attrs, front matter lists, ```mermaid fences (flowchart
 * edges and gantt `after` clauses) and phase prerequisites in prose
 * (`Depends on Phase 1`, `Phase 1 must be complete`).  Each (from, to) pair
 * is kept once, the first time it is seen; a task's depends_on lists the
 * targets of its edges.
 */
#include <assert.h>
#include "internal.h"

#include <md4c.h>
#include <utf8proc.h>
#include <string.h>

typedef struct pair {
	int32_t task;
	pp_str to;
} pair;

/* Which words of a list (bit w for word w) a text may match with
 * pp_match_word, by the text's first MASK_BYTES bytes: a scan calls
 * pp_match_word only for the words left, not for every word at every
 * word start. */
#define MASK_BYTES 4

typedef struct word_masks {
	uint32_t at[MASK_BYTES][256];  /* bit w set: byte b at position p may match word w */
} word_masks;

typedef struct ctx {
	pp_doc *doc;
	pp_map ids;            /* task ID -> first task */
	pp_map nums;           /* phase number as written -> first phase */
	pp_map canon;          /* phase number without leading zeros -> first phase */
	pp_map seen;           /* (from, to) of the edges made */
	pp_vec pairs;          /* pair: the targets of each task's edges, in order */
	pp_str *task_name;     /* per task: its ID or "task:I", made when needed */
	pp_str *phase_name;    /* per phase: "phase:N", made when needed */
	pp_map titles;         /* folded titles (by_title), made when needed */
	bool titled;
	size_t title_walked;   /* titles by_title() went through without the map */
	word_masks kw;         /* task_kws */
	word_masks phase;      /* phase_words */
	pp_at_cursor at;       /* phase_prose()'s walk */
} ctx;

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* The words of a list that the text at s[i] may match. */
static uint32_t may_match(const word_masks *m, const char *s, size_t n, size_t i)
{
	uint32_t r = i < n ? m->at[0][(unsigned char)s[i]] : 0;
	for (size_t p = 1; r && p < MASK_BYTES && i + p < n; p++)
		r &= m->at[p][(unsigned char)s[i + p]];
	return r;
}

/* The first letters of the words word_starts() looks for. */
#define KW_FIRST "abdhnprw"
#define PHASE_FIRST "efimprsw"
/* A text the scans read 16 bytes a step: the text itself, or when it is
 * shorter a copy with zeros after it (texts are not padded), made once. */
typedef struct text16 {
	const char *s, *at;    /* the text, and where the steps read it */
	size_t n;
	char buf[16];
} text16;

static inline void text16_init(text16 *t, const char *s, size_t n)
{
	t->s = s;
	t->n = n;
	t->at = s;
	if (n < 16) { /* zeros start no word */
		memset(t->buf, 0, sizeof t->buf);
		t->at = memcpy(t->buf, s, n);
	}
}

#ifdef PP_SSE2
/* The 16 bytes from s[*q] with *q <= p: s[p] on when 16 are left, else the
 * text's last 16, else the whole (short) text. */
static inline __m128i block_at(const text16 *t, size_t p, size_t *q)
{
	*q = t->n - p >= 16 ? p : t->n >= 16 ? t->n - 16 : 0;
	return _mm_loadu_si128((const __m128i *)(const void *)(t->at + *q));
}
#endif

#ifdef PP_SSE2
/* Of 16 bytes: *start gets those that may start a word of `first` (see
 * word_starts()), *alnum the ASCII letters and digits. */
static inline void block_masks(__m128i x, const char *first, uint32_t *start, uint32_t *alnum)
{
	__m128i lo = _mm_or_si128(x, _mm_set1_epi8(0x20));
	__m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)),
	                               _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), lo));
	__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
	                              _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), x));
	__m128i lead = _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8((char)0xC0)), x);
	__m128i want = lead;
	for (int k = 0; k < 8; k++)
		want = _mm_or_si128(want, _mm_cmpeq_epi8(lo, _mm_set1_epi8(first[k])));
	*alnum = (uint32_t)_mm_movemask_epi8(_mm_or_si128(letter, digit));
	*start = (uint32_t)_mm_movemask_epi8(want);
}
#endif

/* The positions p + k (bit k, k < 16, p + k < n) where a word of a list
 * may start: one of the ASCII letters of `first` (8 lower-case letters,
 * either case) or a UTF-8 lead byte (0xC0 and up), with no ASCII letter
 * or digit before it.  Every word of task_kws starts with one of
 * KW_FIRST, every word of phase_words and `M1` with one of PHASE_FIRST
 * (init_first() checks both); the scans test each position as before, so
 * a superset does no harm (without SSE2: every position).  Most bytes of
 * a text are inside words or white space and are not looked at.  The
 * last block is read as the text's last 16 bytes (texts are not padded;
 * shorter texts are copied). */
static inline uint32_t word_starts(const text16 *t, size_t p, const char *first)
{
#ifdef PP_SSE2
	const char *s = t->s;
	size_t q;
	uint32_t start, alnum;
	block_masks(block_at(t, p, &q), first, &start, &alnum);
	uint32_t before = alnum << 1 | (q > 0 && is_alnum(s[q - 1]));
	return (start & ~before) >> (p - q);
#else
	size_t len = t->n - p < 16 ? t->n - p : 16;
	(void)first;
	return len < 16 ? ((uint32_t)1 << len) - 1 : 0xFFFF;
#endif
}

/* The positions p + k (bit k, k < 16, p + k < n) that hold one of the 4
 * ASCII letters of `four` in either case, anywhere in a word (without
 * SSE2: every position). */
static inline uint32_t letters_at(const text16 *t, size_t p, const char *four)
{
#ifdef PP_SSE2
	size_t q;
	__m128i lo = _mm_or_si128(block_at(t, p, &q), _mm_set1_epi8(0x20));
	__m128i want = _mm_cmpeq_epi8(lo, _mm_set1_epi8(four[0]));
	for (int k = 1; k < 4; k++)
		want = _mm_or_si128(want, _mm_cmpeq_epi8(lo, _mm_set1_epi8(four[k])));
	return (uint32_t)_mm_movemask_epi8(want) >> (p - q);
#else
	size_t len = t->n - p < 16 ? t->n - p : 16;
	(void)four;
	return len < 16 ? ((uint32_t)1 << len) - 1 : 0xFFFF;
#endif
}

/* A keyword at s[i] that starts and ends on word boundaries; its length. */
static size_t keyword_at(const char *s, size_t n, size_t i, const char *kw)
{
	if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '_'))
		return 0;
	size_t k = pp_match_word(s + i, n - i, kw);
	if (!k || ((unsigned char)kw[0] < 0x80 && i + k < n && (is_alnum(s[i + k]) || s[i + k] == '_')))
		return 0;
	return k;
}

/* ---- names ------------------------------------------------------------- */

static pp_str task_name(ctx *c, uint32_t i)
{
	if (c->task_name[i].s)
		return c->task_name[i];
	const pp_task_node *t = (const pp_task_node *)pp_built(c->doc, PP_TASK, i);
	char buf[32];
	if (t->id.s && t->id.len && !t->id_placeholder)
		return c->task_name[i] = t->id;
	memcpy(buf, "task:", 5);
	size_t n = 5 + pp_u32_dec(buf + 5, i);  /* "task:%u" */
	return c->task_name[i] = pp_str_dup(c->doc, buf, n);
}

/* "phase:" and num (at most 80 bytes, up to a NUL): snprintf("phase:%.*s")
 * without its cost. */
static pp_str phase_str(ctx *c, const char *num, uint32_t len)
{
	char buf[96];
	size_t n = num ? (len > 80 ? 80 : len) : 0;
	const char *nul = n ? memchr(num, 0, n) : NULL;
	if (nul)
		n = (size_t)(nul - num);
	memcpy(buf, "phase:", 6);
	if (n)
		memcpy(buf + 6, num, n);
	return pp_str_dup(c->doc, buf, 6 + n);
}

static pp_str phase_name(ctx *c, uint32_t p)
{
	if (c->phase_name[p].s)
		return c->phase_name[p];
	const pp_phase_node *ph = (const pp_phase_node *)pp_built(c->doc, PP_PHASE, p);
	return c->phase_name[p] = phase_str(c, ph->number.s, ph->number.len);
}

static pp_str canon_num(const char *s, uint32_t n)
{
	while (n > 1 && s[0] == '0' && is_digit(s[1]))
		s++, n--;
	return (pp_str){ s, n };
}

/* The target string of a phase reference: "phase:N" with N as the phase
 * writes it when a phase has that number (`01` for `1`), else as given. */
static pp_str phase_target(ctx *c, const char *num, uint32_t len)
{
	uint32_t p = pp_map_get(&c->nums, num, len, NULL, 0);
	pp_str k = canon_num(num, len);
	if (p == PP_NO)
		p = pp_map_get(&c->canon, k.s, k.len, NULL, 0);
	if (p != PP_NO)
		return phase_name(c, p);
	return phase_str(c, num, len);
}

static bool resolved(const ctx *c, pp_str to)
{
	if (pp_map_get(&c->ids, to.s, to.len, NULL, 0) != PP_NO)
		return true;
	return to.len > 6 && memcmp(to.s, "phase:", 6) == 0 &&
	       pp_map_get(&c->nums, to.s + 6, to.len - 6, NULL, 0) != PP_NO;
}

/* ---- edges ------------------------------------------------------------- */

/* Adds the edge from -> to (to is copied unless it is already the
 * document's); task is the task whose depends_on lists it, or -1. */
static int add_edge(ctx *c, pp_str from, pp_str to, const char *source, uint32_t off,
                    uint32_t end, int32_t task)
{
	pp_doc *doc = c->doc;
	to = pp_str_trim(to);
	if (!from.s || !to.s || !to.len || to.len > 200)
		return doc->arena.oom ? PP_ENOMEM : 0;
	if (pp_map_get(&c->seen, from.s, from.len, to.s, to.len) != PP_NO)
		return 0;
	to = pp_str_dup(doc, to.s, to.len);
	pp_dep_node *d = pp_node_new(doc, PP_DEPENDENCY, sizeof *d, off, end);
	if (!d || !to.s || pp_map_put(&c->seen, from.s, from.len, to.s, to.len, 0) == PP_NO)
		return PP_ENOMEM;
	d->from = from;
	d->to = to;
	d->source = (pp_str){ source, (uint32_t)strlen(source) };
	d->resolved = resolved(c, to);
	if (task >= 0) {
		pair *p = pp_vec_push(&doc->arena, &c->pairs);
		if (!p)
			return PP_ENOMEM;
		*p = (pair){ task, to };
	}
	return 0;
}

/* Where a token stands in the source span [from, to), searching from *at;
 * the span's start when it cannot be found (markup inside it). */
static uint32_t locate(const ctx *c, uint32_t *at, uint32_t to, pp_str tok)
{
	const char *src = c->doc->src;
	for (uint32_t i = *at; tok.len && i + tok.len <= to; i++) {
		const char *f = memchr(src + i, tok.s[0], to - tok.len + 1 - i);
		if (!f)
			break; /* no start of it left: memchr skips the rest at once */
		i = (uint32_t)(f - src);
		if (memcmp(src + i, tok.s, tok.len) == 0) {
			*at = i + tok.len;
			return i;
		}
	}
	return *at;
}

/* ---- references: task IDs and phases ----------------------------------- */

static const char *const phase_words[] = {
	"phases", "phase", "stages", "stage", "steps", "step", "milestones", "milestone",
	"sprints", "sprint", "iteration", "wave", "part", "release", "week", "fase", "etapa",
	"étape", "этап", "этапа", "фаза", "фазы", "阶段", "フェーズ", "단계", NULL,
};

/* A phase number at s: digits with inner dots, a roman numeral or one
 * capital letter, ending the word.  Returns its length. */
static size_t phase_number(const char *s, size_t n)
{
	size_t i = 0;
	if (n && is_digit(s[0])) {
		while (i < n && (is_digit(s[i]) || (s[i] == '.' && i + 1 < n && is_digit(s[i + 1]))))
			i++;
	} else {
		while (i < n && strchr("IVXLC", s[i]) && s[i])
			i++;
		if (!i && n && s[0] >= 'A' && s[0] <= 'Z')
			i = 1;
	}
	return i && (i >= n || !is_alnum(s[i])) ? i : 0;
}

/* `Phase 2`, `Sprint 3`, `M1`, `阶段2`: a reference to a phase at s[i].
 * Returns its length; *num gets the number. */
static size_t phase_ref(const ctx *c, const char *s, size_t n, size_t i, pp_str *num)
{
	if (i + 1 < n && s[i] == 'M' && is_digit(s[i + 1]) && (i == 0 || !is_alnum(s[i - 1]))) {
		size_t k = phase_number(s + i + 1, n - i - 1);
		if (k) {
			*num = (pp_str){ s + i + 1, (uint32_t)k };
			return 1 + k;
		}
	}
	uint32_t m = may_match(&c->phase, s, n, i);
	for (; m; m &= m - 1) { /* the words left, in list order */
		unsigned w = pp_ctz(m);
		size_t k = pp_match_word(s + i, n - i, phase_words[w]);
		if (!k || (i > 0 && is_alnum(s[i - 1])))
			continue;
		size_t j = skip_ws(s, n, i + k), l = phase_number(s + j, n - j);
		if (l) {
			*num = (pp_str){ s + j, (uint32_t)l };
			return j + l - i;
		}
	}
	return 0;
}

enum { REF_STRONG, REF_GENERIC };

/* One reference at s[i]: a task ID (a dotted number only when a task has
 * that ID), a phase (a bare number too right after a phase reference), or
 * with REF_GENERIC any word (Obsidian IDs).  Returns where it ends (0 when
 * there is none); *to gets the target, *tok the text to find in the source,
 * *phase whether it was a phase. */
static size_t read_ref(ctx *c, const char *s, size_t n, size_t i, int mode, bool after_phase,
                       pp_str *to, pp_str *tok, bool *phase)
{
	pp_str num;
	bool ph;
	size_t k = 0;
	if (i < n && (s[i] | 0x20) == 't' && !(k = pp_match_word(s + i, n - i, "tasks ")))
		k = pp_match_word(s + i, n - i, "task ");
	i += k;
	*phase = false;
	if ((k = phase_ref(c, s, n, i, &num)) == 0 && after_phase && i < n && is_digit(s[i]) &&
	    (k = phase_number(s + i, n - i)) > 0)
		num = (pp_str){ s + i, (uint32_t)k };
	if (k) {
		*to = phase_target(c, num.s, num.len);
		*tok = num;
		*phase = true;
		return to->s ? i + k : 0;
	}
	if ((k = pp_id_token(s + i, n - i, &ph)) > 0 && !ph) {
		*to = *tok = (pp_str){ s + i, (uint32_t)k };
		if (is_digit(s[i]) && pp_map_get(&c->ids, s + i, (uint32_t)k, NULL, 0) == PP_NO)
			return 0;
		return i + k;
	}
	if (mode != REF_GENERIC)
		return 0;
	/* any word, but only when it names a task: `⛔ unknown` in prose is not one */
	for (k = 0; i + k < n && (is_alnum(s[i + k]) || s[i + k] == '_' || s[i + k] == '-'); k++)
		;
	*to = *tok = (pp_str){ s + i, (uint32_t)k };
	return k && pp_map_get(&c->ids, s + i, (uint32_t)k, NULL, 0) != PP_NO ? i + k : 0;
}

/* Whether b may start a separator of list_sep(): `,` `;` `&`, the first
 * letter of a word (either case, `и` too) or the lead byte of `、` `，` `和`. */
static bool may_sep(unsigned char b)
{
	switch (b | 0x20) {
	case ',': case ';': case '&': case 'a': case 'o': case 'y': case 'u': case 'e':
	case 0xD0 | 0x20: case 0xE3: case 0xEF: case 0xE5:
		return true;
	default:
		return false;
	}
}

/* A separator between two references: `,` `;` `、` `，` `&` `and`. */
static size_t list_sep(const char *s, size_t n, size_t i)
{
	static const char *const seps[] = { ",", ";", "\xE3\x80\x81", "\xEF\xBC\x8C", "&", "and ",
		"or ", "y ", "und ", "et ", "и ", "和", NULL };
	size_t j = skip_ws(s, n, i);
	if (j >= n || !may_sep((unsigned char)s[j]))
		return 0; /* most lists end with the text or with a word */
	for (int k = 0; seps[k]; k++) {
		size_t l = pp_match_word(s + j, n - j, seps[k]);
		if (l && (j > i || seps[k][0] == ',' || seps[k][0] == ';' ||
		          (unsigned char)seps[k][0] >= 0x80 || seps[k][0] == '&')) {
			size_t e = skip_ws(s, n, j + l);
			size_t e2 = pp_match_word(s + e, n - e, "and ");  /* `, and` */
			return e2 ? skip_ws(s, n, e + e2) : e;
		}
	}
	return 0;
}

/* Where a reference list reads from and what it makes edges for. */
typedef struct site {
	pp_str from;           /* null: the name of task, else of self_phase, made when needed */
	int32_t task;          /* depends_on of this task, or -1 */
	const char *source;
	uint32_t span_from, span_to, at;
	bool phases_only;      /* phase prerequisites: phase references only */
	int32_t self_phase;    /* a phase may not depend on itself */
} site;

/* Reads `T001, T002 and T003` at s[i] and adds an edge per reference.
 * Returns where the list ends (i when it holds none), or PP_ENOMEM via *rc. */
static size_t read_list(ctx *c, site *st, const char *s, size_t n, size_t i, int mode, int *rc)
{
	bool after_phase = false;
	size_t end = i;
	for (;;) {
		pp_str to, tok;
		bool phase;
		size_t e = read_ref(c, s, n, i, mode, after_phase, &to, &tok, &phase);
		if (!e || (st->phases_only && !phase))
			break;
		after_phase = phase;
		end = e;
		pp_str me = st->self_phase >= 0 ? phase_name(c, (uint32_t)st->self_phase) : PP_NULLSTR;
		bool self = phase && me.s && me.len == to.len && memcmp(me.s, to.s, to.len) == 0;
		if (!self && !st->from.s) /* most sites make no edge: named on the first */
			st->from = st->task >= 0 ? task_name(c, (uint32_t)st->task)
			                         : phase_name(c, (uint32_t)st->self_phase);
		if (!self) {
			uint32_t off = locate(c, &st->at, st->span_to, tok);
			if ((*rc = add_edge(c, st->from, to, st->source, off, off + tok.len, st->task)) < 0)
				return end;
		}
		size_t j = list_sep(s, n, e);
		if (!j)
			break;
		i = j;
	}
	return end;
}

/* ---- inline text of tasks ---------------------------------------------- */

static const struct { const char *word; int mode; } task_kws[] = {
	{ "depends on", REF_STRONG }, { "depends upon", REF_STRONG }, { "dependent on", REF_STRONG },
	{ "depend on", REF_STRONG }, { "dependencies", REF_STRONG }, { "dependency", REF_STRONG },
	{ "deps", REF_STRONG }, { "blocked by", REF_STRONG }, { "requires", REF_STRONG },
	{ "after", REF_STRONG }, { "waiting on", REF_STRONG }, { "waits on", REF_STRONG },
	{ "waiting for", REF_STRONG }, { "needs", REF_STRONG }, { "prerequisites", REF_STRONG },
	{ "prerequisite", REF_STRONG }, { "blocked_by", REF_GENERIC }, { "depends_on", REF_GENERIC },
	{ "\xE2\x9B\x94", REF_GENERIC }, /* ⛔ */
	{ "depende de", REF_STRONG }, { "hängt ab von", REF_STRONG }, { "abhängig von", REF_STRONG },
	{ "dépend de", REF_STRONG }, { "après", REF_STRONG }, { "зависит от", REF_STRONG },
	{ "после", REF_STRONG }, { "依赖", REF_STRONG }, { "依存", REF_STRONG }, { "前置", REF_STRONG },
};

/* After a keyword: white space, an optional `:` (or `：`) and `=`. */
static size_t after_keyword(const char *s, size_t n, size_t i)
{
	size_t adv;
	i = skip_ws(s, n, i);
	if (i < n && (s[i] == ':' || s[i] == '=' || (pp_cp(s + i, n - i, &adv) == ':' && adv > 1)))
		i += s[i] == ':' || s[i] == '=' ? 1 : adv;
	return skip_ws(s, n, i);
}

/* Marks the bytes a text matching a word (pp_match_word) may start with:
 * both cases for ASCII and Cyrillic; other non-ASCII first letters of the
 * lists have their case pair under the same lead byte (`É`/`é`) or no
 * case.  An ASCII letter never matches a non-ASCII byte. */
static void mark_first(uint32_t first[256], unsigned char b, uint32_t bit)
{
	first[b] |= bit;
	if (b >= 'a' && b <= 'z')
		first[b - 32] |= bit;
	if (b == 0xD0 || b == 0xD1)
		first[0xD0] |= bit, first[0xD1] |= bit;
}

static bool has_fullwidth(unsigned char b)
{
	return b == '[' || b == ']' || b == '(' || b == ')' || b == ':';
}

/* Whether s starts with a lower-case Cyrillic letter а-я (U+0430-U+044F):
 * its upper-case form (U+0410-U+042F, also two bytes) is the only other
 * code point that folds to it. */
static bool basic_cyrillic(const unsigned char *s)
{
	return (s[0] == 0xD0 && s[1] >= 0xB0 && s[1] <= 0xBF) ||
	       (s[0] == 0xD1 && s[1] >= 0x80 && s[1] <= 0x8F);
}

/* Marks the bytes at p and p+1 of a basic Cyrillic letter in both cases. */
static void mark_cyrillic(word_masks *m, size_t p, const unsigned char *s, uint32_t bit)
{
	unsigned cp = (unsigned)((s[0] & 0x1F) << 6 | (s[1] & 0x3F)), up = cp - 0x20;
	m->at[p][s[0]] |= bit;
	m->at[p][0xC0 | up >> 6] |= bit;
	if (p + 1 < MASK_BYTES)
		m->at[p + 1][s[1]] |= bit, m->at[p + 1][0x80 | (up & 0x3F)] |= bit;
}

/* Whether s starts with a Latin-1 lower-case letter à-þ (U+00E0-U+00FE
 * but ÷ and å, which U+212B also folds to): its upper-case form
 * (U+00C0-U+00DE) is the only other code point that folds to it, both
 * two bytes under 0xC3. */
static bool latin1_lower(const unsigned char *s)
{
	return s[0] == 0xC3 && s[1] >= 0xA0 && s[1] <= 0xBE && s[1] != 0xB7 && s[1] != 0xA5;
}

/* The length of a code point at s from U+2000 up (symbols, CJK, kana,
 * Hangul) without case, or 0: only its own bytes match it, as no other
 * code point folds to one without case there. */
static size_t caseless(const unsigned char *s)
{
	size_t adv;
	int32_t c = pp_cp((const char *)s, strlen((const char *)s), &adv);
	return c >= 0x2000 && c != 0xFFFD && (int32_t)utf8proc_tolower(c) == c &&
	       (int32_t)utf8proc_toupper(c) == c ? adv : 0;
}

/* Byte p of a matching text is known while the word's characters before
 * it have the same length in every case: ASCII (but `[]():`, which have
 * full-width forms), basic Cyrillic, Latin-1 letters and code points
 * without case.  Then an ASCII letter needs that letter in either case,
 * other ASCII itself, a letter with case its bytes in either case, a code
 * point without case its bytes; elsewhere any byte may do. */
static void mark_word(word_masks *m, const char *word, size_t w)
{
	const unsigned char *s = (const unsigned char *)word;
	uint32_t bit = (uint32_t)1 << w;
	size_t p = 0, l;
	mark_first(m->at[0], s[0], bit);
	while (p < MASK_BYTES && s[p]) {
		if (s[p] < 0x80 && !has_fullwidth(s[p])) {
			m->at[p][s[p]] |= bit;
			if ((s[p] | 0x20) >= 'a' && (s[p] | 0x20) <= 'z')
				m->at[p][s[p] ^ 0x20] |= bit; /* the other case */
			p++;
		} else if (basic_cyrillic(s + p)) {
			mark_cyrillic(m, p, s + p, bit);
			p += 2;
		} else if (latin1_lower(s + p)) {
			m->at[p][0xC3] |= bit;
			if (p + 1 < MASK_BYTES)
				m->at[p + 1][s[p + 1]] |= bit, m->at[p + 1][s[p + 1] - 0x20] |= bit;
			p += 2;
		} else if ((l = caseless(s + p)) > 0) {
			for (size_t e = p + l; p < e && p < MASK_BYTES; p++)
				m->at[p][s[p]] |= bit;
		} else {
			break;
		}
	}
	for (p = p ? p : 1; p < MASK_BYTES; p++) /* not known: any byte */
		for (unsigned x = 0; x < 256; x++)
			m->at[p][x] |= bit;
}

static void init_first(ctx *c)
{
	_Static_assert(sizeof task_kws / sizeof *task_kws <= 32, "masks hold 32 bits");
	_Static_assert(sizeof phase_words / sizeof *phase_words <= 33, "masks hold 32 bits");
	for (size_t w = 0; w < sizeof task_kws / sizeof *task_kws; w++)
		mark_word(&c->kw, task_kws[w].word, w);
	for (size_t w = 0; phase_words[w]; w++)
		mark_word(&c->phase, phase_words[w], w);
#ifndef NDEBUG
	/* word_starts() looks at no other first bytes below 0xC0 */
	for (unsigned b = 1; b < 0xC0; b++) {
		bool lt = (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
		assert(!c->kw.at[0][b] || (lt && strchr(KW_FIRST, (int)(b | 0x20))));
		assert((!c->phase.at[0][b] && b != 'M') ||
		       (lt && strchr(PHASE_FIRST, (int)(b | 0x20))));
	}
#endif
}

/* The keyword and reference list at s[i], if any, among the keywords m
 * (may_match() there); where the scan goes on. */
static size_t keyword_list(ctx *c, site *st, const char *s, size_t n, size_t i, uint32_t m,
                           bool phases, int *rc)
{
	if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '_'))
		return i + 1; /* keywords start words */
	for (; m; m &= m - 1) { /* the keywords left, in list order */
		unsigned w = pp_ctz(m);
		size_t k = keyword_at(s, n, i, task_kws[w].word);
		if (!k)
			continue;
		size_t b = after_keyword(s, n, i + k);
		size_t e = read_list(c, st, s, n, b, phases ? REF_STRONG : task_kws[w].mode, rc);
		return e > b ? e : i + 1;
	}
	return i + 1;
}

/* The word starts of KW_FIRST at s[p], s[p + 1], ... (bit k for p + k,
 * k < 64): the whole 16-byte blocks in a loop without calls, so that
 * their constants stay in registers, then the text's last 16 bytes when
 * some are left; the blocks' letter and digit masks join, so that only
 * the byte before s[p] is looked at on its own. */
static uint64_t kw_starts(const text16 *t, size_t p)
{
#ifdef PP_SSE2
	uint64_t start = 0, alnum = 0;
	uint32_t st, al;
	size_t k = 0;
	for (; k < 64 && t->n - p - k >= 16; k += 16) {
		block_masks(_mm_loadu_si128((const __m128i *)(const void *)(t->s + p + k)), KW_FIRST,
		            &st, &al);
		start |= (uint64_t)st << k, alnum |= (uint64_t)al << k;
	}
	if (k < 64 && p + k < t->n) { /* the last 16 bytes hold the rest */
		size_t q;
		block_masks(block_at(t, p + k, &q), KW_FIRST, &st, &al);
		start |= (uint64_t)(st >> (p + k - q)) << k, alnum |= (uint64_t)(al >> (p + k - q)) << k;
	}
	return start & ~(alnum << 1 | (p > 0 && is_alnum(t->s[p - 1])));
#else
	uint64_t m = 0;
	for (size_t k = 0; k < 64 && p + k < t->n; k += 16)
		m |= (uint64_t)word_starts(t, p + k, KW_FIRST) << k;
	return m;
#endif
}

/* Scans plain text for keyword + reference list, at the word starts.  A
 * start whose first bytes begin no keyword (may_match(): `Refactor`,
 * `report`, a Cyrillic letter) is passed over here. */
static int scan_text(ctx *c, site *st, pp_str t, bool phases)
{
	int rc = 0;
	const char *s = t.s;
	size_t n = t.len, from = 0;
	text16 x;
	text16_init(&x, s, n);
	for (size_t p = 0; p < n && !rc; p = p + 64 > from ? p + 64 : from)
		for (uint64_t m = kw_starts(&x, p); m && !rc; m &= m - 1) {
			size_t i = p + pp_ctz(m);
			uint32_t w = may_match(&c->kw, s, n, i);
			if (w && i >= from)
				from = keyword_list(c, st, s, n, i, w, phases, &rc);
		}
	return rc;
}

static const char *const dep_names[] = {
	"depends_on", "depends", "dependencies", "dependency", "deps", "blocked_by", "blockers",
	"prerequisites", "prerequisite", "requires", "after", "needs", "waiting_on", NULL,
};

static bool is_dep_name(pp_str name)
{
	for (int i = 0; name.s && name.len && dep_names[i]; i++) /* first bytes first: most differ */
		if (dep_names[i][0] == name.s[0] && strlen(dep_names[i]) == name.len &&
		    memcmp(dep_names[i], name.s, name.len) == 0)
			return true;
	return false;
}

/* A `Depends on: T001, T002` attr of a task. */
static int scan_attr(ctx *c, uint32_t i, const pp_meta_node *m)
{
	site st = { task_name(c, i), (int32_t)i, "inline", m->n.offset, m->n.end, m->n.offset,
		false, -1 };
	int rc = 0;
	if (m->value.s)
		read_list(c, &st, m->value.s, m->value.len, skip_ws(m->value.s, m->value.len, 0),
		          REF_STRONG, &rc);
	return rc;
}

/* A title's part before ` (` or `:`, folded (`Foundational (Blocking
 * Prerequisites)` -> `foundational`). */
static pp_str title_key(ctx *c, pp_str title)
{
	const char *paren = memchr(title.s, '(', title.len);
	uint32_t e = paren ? (uint32_t)(paren - title.s) : title.len;
	const char *colon = memchr(title.s, ':', e);
	pp_str t = pp_str_trim((pp_str){ title.s, colon ? (uint32_t)(colon - title.s) : e });
	return t.len ? pp_key_fold(c->doc, t.s, t.len) : PP_NULLSTR;
}

/* The title that entry v of the titles stands for (v < np: phase v, else
 * task v - np), or null when it takes no part. */
static pp_str title_of(ctx *c, uint32_t v, uint32_t np)
{
	if (v < np) {
		const pp_phase_node *ph = (const pp_phase_node *)pp_built(c->doc, PP_PHASE, v);
		return ph->number.s ? ph->title : PP_NULLSTR;
	}
	const pp_task_node *tk = (const pp_task_node *)pp_built(c->doc, PP_TASK, v - np);
	return tk->id.s && !tk->id_placeholder ? tk->title : PP_NULLSTR;
}

/* The phases and tasks by folded title, made on first use: value p for
 * phase p, np + t for task t. */
static int index_titles(ctx *c)
{
	uint32_t np = pp_built_count(c->doc, PP_PHASE), nt = pp_built_count(c->doc, PP_TASK);
	c->titled = true;
	for (uint32_t v = 0; v < np + nt; v++) {
		pp_str t = title_of(c, v, np), k = t.s ? title_key(c, t) : PP_NULLSTR;
		if (k.len && pp_map_put(&c->titles, k.s, k.len, NULL, 0, v) == PP_NO)
			return PP_ENOMEM;
	}
	return 0;
}

/* Whether title_key(title) may be the folded key k, by its first byte: an
 * ASCII letter or digit there folds to itself in lower case, or (a
 * combining mark after it) to a code point that is not ASCII. */
static bool title_may_be(pp_str title, pp_str k)
{
	size_t i = 0;
	while (i < title.len && (title.s[i] == ' ' || title.s[i] == '\t'))
		i++;
	if (i >= title.len || !is_alnum(title.s[i]) || (unsigned char)k.s[0] >= 0x80)
		return true; /* the fold decides */
	char c = title.s[i];
	return (is_digit(c) ? c : (char)(c | 0x20)) == k.s[0];
}

static bool key_is(pp_str a, pp_str k)
{
	return a.len == k.len && memcmp(a.s, k.s, k.len) == 0;
}

/* What the map of index_titles() holds for k (the first phase, else the
 * first task with that title), found by going through the titles: most
 * documents look up few titles or none, and folding every title costs
 * more than folding the few whose first byte may match. */
static uint32_t title_scan(ctx *c, pp_str k)
{
	uint32_t np = pp_built_count(c->doc, PP_PHASE), nt = pp_built_count(c->doc, PP_TASK);
	for (uint32_t v = 0; v < np + nt; v++) {
		pp_str t = title_of(c, v, np);
		if (t.s && title_may_be(t, k) && key_is(title_key(c, t), k)) {
			c->title_walked += v + 1;
			return v;
		}
	}
	c->title_walked += np + nt;
	return PP_NO;
}

/* A dependency written as a title (`Foundational`, `Set up CI`): the phase
 * or task with that title, else the text itself. */
static pp_str by_title(ctx *c, pp_str s)
{
	pp_str k = pp_key_fold(c->doc, s.s, s.len);
	uint32_t v = PP_NO;
	if (!k.s || !k.len)
		return s; /* titles index only non-empty keys */
	/* Scans until they have walked twice as many titles as the index
	 * would fold (a scan folds only titles whose first byte may match, a
	 * fifth of the cost), then indexes: linear however many lookups miss. */
	uint32_t titles = pp_built_count(c->doc, PP_PHASE) + pp_built_count(c->doc, PP_TASK);
	if (!c->titled && c->title_walked < 2 * (size_t)titles)
		v = title_scan(c, k);
	else if (c->titled || index_titles(c) == 0)
		v = pp_map_get(&c->titles, k.s, k.len, NULL, 0);
	uint32_t np = pp_built_count(c->doc, PP_PHASE);
	if (v == PP_NO)
		return s;
	return v < np ? phase_name(c, v)
	              : ((const pp_task_node *)pp_built(c->doc, PP_TASK, v - np))->id;
}

/* A table task's depends-on cell, split by table.c: each part is a list
 * of references, else kept as written. */
static int table_deps(ctx *c, uint32_t i, const pp_task_node *t)
{
	const pp_str *d = t->depends_on.items;
	site st = { task_name(c, i), (int32_t)i, "table", t->n.offset, t->n.end, t->n.offset,
		false, -1 };
	for (uint32_t k = 0; k < t->depends_on.n; k++) {
		int rc = 0;
		size_t e = read_list(c, &st, d[k].s, d[k].len, 0, REF_STRONG, &rc);
		if (rc < 0)
			return rc;
		if (e == 0) {
			uint32_t off = locate(c, &st.at, st.span_to, d[k]);
			pp_str to = by_title(c, d[k]);
			if ((rc = add_edge(c, st.from, to, "table", off, off + d[k].len, (int32_t)i)) < 0)
				return rc;
		}
	}
	return 0;
}

static int task_deps(ctx *c)
{
	uint32_t nt = pp_built_count(c->doc, PP_TASK);
	for (uint32_t i = 0; i < nt; i++) {
		const pp_task_node *t = (const pp_task_node *)pp_built(c->doc, PP_TASK, i);
		int rc = 0;
		if (t->from_table) {
			rc = table_deps(c, i, t);
		} else if (t->text.s) {
			site st = { PP_NULLSTR, (int32_t)i, "inline", t->n.offset, t->n.end,
				t->n.offset, false, -1 };
			rc = scan_text(c, &st, t->text, false);
		}
		for (uint32_t k = 0; !rc && k < t->attrs.n; k++) {
			const pp_meta_node *m = ((pp_meta_node *const *)t->attrs.items)[k];
			if (is_dep_name(m->name))
				rc = scan_attr(c, i, m);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- front matter ------------------------------------------------------ */

static int front_matter(ctx *c)
{
	pp_doc *doc = c->doc;
	pp_str from = PP_S("document");
	uint32_t nm = pp_built_count(doc, PP_META);
	for (uint32_t i = 0; i < nm; i++) {
		const pp_meta_node *m = (const pp_meta_node *)pp_built(doc, PP_META, i);
		if (m->n.offset < doc->body && m->name.s && strcmp(m->name.s, "id") == 0 &&
		    m->value.s && m->value.len)
			from = m->value;
	}
	for (uint32_t i = 0; i < nm; i++) {
		const pp_meta_node *m = (const pp_meta_node *)pp_built(doc, PP_META, i);
		if (m->n.offset >= doc->body || !is_dep_name(m->name) || !m->value.s)
			continue;
		uint32_t at = m->n.offset;
		const char *v = m->value.s;
		for (uint32_t b = 0, e = 0; b < m->value.len; b = e + 1) {
			for (e = b; e < m->value.len && v[e] != ','; e++)
				;
			pp_str part = pp_str_trim((pp_str){ v + b, e - b });
			while (part.len && strchr("[]\"'", part.s[0]))
				part.s++, part.len--;
			while (part.len && strchr("[]\"'", part.s[part.len - 1]))
				part.len--;
			pp_str num, to = part;
			if (!part.len || pp_match_word(part.s, part.len, "none") == part.len)
				continue;
			if (phase_ref(c, part.s, part.len, 0, &num) == part.len)
				to = phase_target(c, num.s, num.len);
			uint32_t off = locate(c, &at, m->n.end, part);
			int rc = add_edge(c, from, to, "frontmatter", off, off + part.len, -1);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---- phase prerequisites in prose -------------------------------------- */

static const char *const done_words[] = {
	"complete", "completed", "done", "finished", "merged", "shipped", "deployed", "approved",
	"in place", NULL,
};

/* `Phase 1 must be complete`: the reference list at the start of such a
 * clause, read at s[i]. */
static int must_be_done(ctx *c, site *st, const char *s, size_t n, size_t i)
{
	static const char *const musts[] = { "must be ", "must have been ", "has to be ",
		"needs to be ", "should be ", "must first be ", NULL };
	pp_str num;
	size_t k = phase_ref(c, s, n, i, &num);
	if (!k)
		return 0;
	size_t j = skip_ws(s, n, i + k);
	if (j + 2 < n && (s[j] == '\'' || s[j] == 's') && s[j + 1] == 's')
		j = skip_ws(s, n, j + 2);
	for (int m = 0; musts[m]; m++) {
		size_t l = pp_match_word(s + j, n - j, musts[m]);
		if (!l)
			continue;
		for (int d = 0; done_words[d]; d++)
			if (keyword_at(s, n, j + l, done_words[d])) {
				int rc = 0;
				read_list(c, st, s, n, i, REF_STRONG, &rc);
				return rc;
			}
	}
	return 0;
}

#define RAW_MAX 1024

/* Whether the text may hold a phase word (the words that may_match()
 * leaves, without matching them) or `M1` at a word start. */
static bool phase_word_in(const ctx *c, const text16 *t)
{
	const char *s = t->s;
	size_t n = t->n;
	for (size_t p = 0; p < n; p += 16)
		for (uint32_t m = word_starts(t, p, PHASE_FIRST); m; m &= m - 1) {
			size_t i = p + pp_ctz(m);
			if (s[i] == 'M' && i + 1 < n && is_digit(s[i + 1]))
				return true;
			if (may_match(&c->phase, s, n, i))
				return true;
		}
	return false;
}

/* Whether the text may hold a keyword of task_kws at a word start: one
 * that may_match() leaves.  No keyword holds white space in its first
 * MASK_BYTES bytes, so white space runs do not matter. */
static bool keyword_in(const ctx *c, const text16 *t)
{
	for (size_t p = 0; p < t->n; p += 16)
		for (uint32_t m = word_starts(t, p, KW_FIRST); m; m &= m - 1)
			if (may_match(&c->kw, t->s, t->n, p + pp_ctz(m)))
				return true;
	return false;
}

/* Whether the text may hold the clause of must_be_done(): `must`, `has`,
 * `needs` or `should` (either case, anywhere, as `1'smust be` counts too)
 * before a byte that is not an ASCII letter. */
static bool must_in(const text16 *t)
{
	static const char *const firsts[] = { "must", "has", "needs", "should" };
	const char *s = t->s;
	size_t n = t->n;
	for (size_t p = 0; p < n; p += 16)
		for (uint32_t m = letters_at(t, p, "mhns"); m; m &= m - 1) {
			size_t i = p + pp_ctz(m);
			int w = (s[i] | 0x20) == 'm' ? 0 : (s[i] | 0x20) == 'h' ? 1 : (s[i] | 0x20) == 'n' ? 2 : 3;
			if (i + 1 >= n || (s[i + 1] | 0x20) != firsts[w][1])
				continue;
			size_t k = pp_match_word(s + i, n - i, firsts[w]);
			if (k && (i + k >= n || !(((s[i + k] | 0x20) >= 'a' && (s[i + k] | 0x20) <= 'z'))))
				return true;
		}
	return false;
}

/* Whether the plain text of a line may make an edge in phase_line(): it
 * needs a phase reference, and a keyword before it or a `must be` clause
 * after it (most lines with a phase word are phase headings with
 * neither).  Tested on the line's text events joined without building
 * its text: where the plain text has a word at a word start, so do these
 * bytes (they differ only in white space runs, U+FFFD for bad bytes,
 * markup and HTML dropped, none of which a word holds or is
 * alphanumeric).  True when unsure: entities, long lines. */
static bool may_refer(const ctx *c, pp_inl line)
{
	char raw[RAW_MAX];
	size_t n = 0;
	for (uint32_t i = line.eb; i < line.ee; i++) {
		const pp_event *e = &c->doc->events[i];
		if (e->kind != EV_TEXT || e->type == MD_TEXT_HTML)
			continue;
		if (e->type == MD_TEXT_ENTITY || n + e->len + 1 > sizeof raw)
			return true;
		if (e->type == MD_TEXT_NULLCHAR || e->type == MD_TEXT_BR || e->type == MD_TEXT_SOFTBR) {
			raw[n++] = ' '; /* neither alphanumeric nor in a word */
			continue;
		}
		memcpy(raw + n, c->doc->src + e->off, e->len);
		n += e->len;
	}
	text16 t;
	text16_init(&t, raw, n);
	return phase_word_in(c, &t) && (keyword_in(c, &t) || must_in(&t));
}

/* One line of prose inside a phase. */
static int phase_line(ctx *c, pp_inl line, uint32_t lo, uint32_t hi)
{
	int32_t p = pp_phase_next(c->doc, &c->at, lo);
	if (p < 0 || !may_refer(c, line))
		return 0; /* before any text is built: most prose is outside phases */
	pp_str t = pp_inl_text(c->doc, line);
	if (!t.s)
		return 0;
	site st = { PP_NULLSTR, -1, "inline", lo, hi, lo, true, p };
	int rc = scan_text(c, &st, t, true);
	text16 x;
	text16_init(&x, t.s, t.len);
	for (size_t q = 0; !rc && q < t.len; q += 16)
		for (uint32_t m = word_starts(&x, q, PHASE_FIRST); !rc && m; m &= m - 1) {
			size_t i = q + pp_ctz(m);
			if ((c->phase.at[0][(unsigned char)t.s[i]] || t.s[i] == 'M') &&
			    (i == 0 || !is_alnum(t.s[i - 1])))
				rc = must_be_done(c, &st, t.s, t.len, i);
		}
	return rc;
}

/* pp_next_line() and the source span [*lo, *hi) of the line's text
 * (*lo UINT32_MAX: none) in one walk over its events. */
static bool next_line_span(const pp_doc *doc, pp_inl r, uint32_t *pos, pp_inl *line,
                           uint32_t *lo, uint32_t *hi)
{
	uint32_t i = *pos;
	if (i >= r.ee)
		return false;
	*lo = UINT32_MAX;
	*hi = 0;
	for (line->eb = i; i < r.ee; i++) {
		const pp_event *e = &doc->events[i];
		if (e->kind != EV_TEXT)
			continue;
		if (e->type == MD_TEXT_BR || e->type == MD_TEXT_SOFTBR)
			break;
		if (e->len && e->off < *lo)
			*lo = e->off;
		if (e->len && e->off + e->len > *hi)
			*hi = e->off + e->len;
	}
	line->ee = i;
	*pos = i < r.ee ? i + 1 : i;
	return true;
}

static int phase_prose(ctx *c)
{
	pp_doc *doc = c->doc;
	if (!pp_built_count(doc, PP_PHASE))
		return 0;
	for (uint32_t i = 1; i < doc->nblocks; i++) {
		const pp_block *b = &doc->blocks[i];
		if ((b->type != MD_BLOCK_P && b->type != MD_BLOCK_H && b->type != MD_BLOCK_LI) ||
		    (b->flags & BF_IN_TASK) || (b->type == MD_BLOCK_LI && b->node >= 0))
			continue;
		pp_inl r = pp_own_inl(doc, b), line;
		uint32_t pos = r.eb, lo, hi;
		while (next_line_span(doc, r, &pos, &line, &lo, &hi)) {
			if (lo == UINT32_MAX)
				continue;
			int rc = phase_line(c, line, lo, hi);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---- mermaid ----------------------------------------------------------- */

typedef struct mline {
	const char *s;
	uint32_t len, off;
} mline;

typedef struct mermaid {
	ctx *c;
	pp_map nodes;          /* mermaid node or gantt ID -> index in targets */
	pp_vec targets;        /* pp_str: what each stands for (s NULL: nothing) */
} mermaid;

/* What a label or a mermaid ID stands for: a task ID at its start (a
 * dotted number only when known), an ID in brackets, a phase at its start. */
static pp_str target_of(ctx *c, const char *s, size_t n)
{
	pp_str t = pp_str_trim((pp_str){ s, (uint32_t)n }), num;
	bool ph;
	size_t k = t.len ? pp_id_token(t.s, t.len, &ph) : 0, len = 0;
	if (k && !ph && (!is_digit(t.s[0]) || pp_map_get(&c->ids, t.s, (uint32_t)k, NULL, 0) != PP_NO))
		return (pp_str){ t.s, (uint32_t)k };
	if (t.len && pp_map_get(&c->ids, t.s, t.len, NULL, 0) != PP_NO)
		return t;
	if (t.len && (k = phase_ref(c, t.s, t.len, 0, &num)) > 0)
		return phase_target(c, num.s, num.len);
	k = t.len ? pp_id_inside(t.s, t.len, &len, &ph) : 0;
	if (t.len && k < t.len && !ph)
		return (pp_str){ t.s + k, (uint32_t)len };
	return PP_NULLSTR;
}

/* Records what a mermaid name stands for (the first definition wins). */
static int define(mermaid *m, const char *id, size_t idn, pp_str target)
{
	pp_str *slot;
	uint32_t at = pp_map_put(&m->nodes, id, (uint32_t)idn, NULL, 0, m->targets.n);
	if (at == PP_NO)
		return PP_ENOMEM;
	if (at != m->targets.n) {
		slot = &PP_AT(m->targets, pp_str, at);
		if (!slot->s)
			*slot = target;
		return 0;
	}
	if (!(slot = pp_vec_push(&m->c->doc->arena, &m->targets)))
		return PP_ENOMEM;
	*slot = target;
	return 0;
}

static pp_str lookup(const mermaid *m, const char *id, size_t idn)
{
	uint32_t at = pp_map_get(&m->nodes, id, (uint32_t)idn, NULL, 0);
	return at == PP_NO ? PP_NULLSTR : PP_AT(m->targets, pp_str, at);
}

/* A flowchart node at s[i]: `A`, `A[label]`, `A((label))`, `A:::cls`.
 * Returns where it ends (0 when none); *id and *label get its parts. */
static size_t flow_node(const char *s, size_t n, size_t i, pp_str *id, pp_str *label)
{
	size_t b = i;
	while (i < n && (is_alnum(s[i]) || s[i] == '_' || (unsigned char)s[i] >= 0x80 ||
	                 ((s[i] == '-' || s[i] == '.') && i + 1 < n && is_alnum(s[i + 1]) && i > b)))
		i++;
	if (i == b)
		return 0;
	*id = (pp_str){ s + b, (uint32_t)(i - b) };
	*label = PP_NULLSTR;
	if (i < n && strchr("[({>", s[i])) {
		char open = s[i] == '>' ? '[' : s[i];
		char close = open == '[' ? ']' : open == '(' ? ')' : '}';
		int depth = 0;
		bool quote = false;
		size_t lb = i, e = i;
		for (; e < n; e++) {
			if (s[e] == '"')
				quote = !quote;
			else if (!quote && s[e] == open)
				depth++;
			else if (!quote && s[e] == close && --depth <= 0)
				break;
		}
		if (e >= n)
			return 0;
		size_t ls = lb, le = e + 1;
		while (ls < le && strchr("[({>/\\\"", s[ls]))
			ls++;
		while (le > ls && strchr("])}/\\\"", s[le - 1]))
			le--;
		*label = (pp_str){ s + ls, (uint32_t)(le - ls) };
		i = e + 1;
	}
	if (i + 3 <= n && memcmp(s + i, ":::", 3) == 0)
		for (i += 3; i < n && (is_alnum(s[i]) || s[i] == '_' || s[i] == '-'); i++)
			;
	return i;
}

/* A link at s[i]: `-->`, `---`, `-.->`, `==>`, `--text-->`, `<-->`, `--o`,
 * then an optional `|text|`.  Returns where it ends (0 when none); *dir is
 * 1 for a head on the right, -1 on the left, 0 for both or none. */
static size_t flow_link(const char *s, size_t n, size_t i, int *dir)
{
	size_t b = i;
	bool left = i < n && s[i] == '<';
	while (i < n && strchr("-=.<>~", s[i]) && s[i])
		i++;
	if (i - b < 2)
		return 0;
	if (i - b == 2 && (s[b] == '-' || s[b] == '=') && i < n && s[i] == ' ') {
		/* `-- text -->`: the text runs to the next arrow */
		const char *ends[] = { "-->", "---", "==>", "===", "-.->", "-.-", "--o", "--x" };
		size_t best = n, bl = 0;
		for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
			size_t l = strlen(ends[k]);
			for (size_t j = i; j + l <= n; j++)
				if (memcmp(s + j, ends[k], l) == 0) {
					if (j < best)
						best = j, bl = l;
					break;
				}
		}
		if (best == n)
			return 0;
		i = best + bl;
		while (i < n && strchr("->=.", s[i]) && s[i])
			i++;
	}
	bool right = s[i - 1] == '>';
	if (!right && i < n && (s[i] == 'o' || s[i] == 'x') && (i + 1 >= n || !is_alnum(s[i + 1])))
		right = true, i++;
	*dir = right && !left ? 1 : left && !right ? -1 : 0;
	i = skip_ws(s, n, i);
	if (i < n && s[i] == '|') {
		const char *e = memchr(s + i + 1, '|', n - i - 1);
		if (e)
			i = (size_t)(e - s) + 1;
	}
	return i;
}

#define GROUP_MAX 16

/* One flowchart statement; define_only: the first pass, labels only. */
static int flow_statement(mermaid *m, const char *s, size_t n, uint32_t off, bool define_only)
{
	pp_str prev[GROUP_MAX], cur[GROUP_MAX];
	size_t np = 0, nc, i = skip_ws(s, n, 0);
	int dir = 0;
	for (bool first = true;; first = false) {
		nc = 0;
		for (;;) {
			pp_str id, label;
			size_t e = flow_node(s, n, i, &id, &label);
			if (!e)
				return 0;
			if (label.s && define_only && define(m, id.s, id.len, target_of(m->c, label.s, label.len)) < 0)
				return PP_ENOMEM;
			if (!label.s && define_only && define(m, id.s, id.len, target_of(m->c, id.s, id.len)) < 0)
				return PP_ENOMEM;
			if (nc < GROUP_MAX)
				cur[nc++] = lookup(m, id.s, id.len);
			i = skip_ws(s, n, e);
			if (i >= n || s[i] != '&')
				break;
			i = skip_ws(s, n, i + 1);
		}
		for (size_t a = 0; !first && !define_only && dir && a < np; a++)
			for (size_t b = 0; b < nc; b++) {
				pp_str from = dir > 0 ? cur[b] : prev[a], to = dir > 0 ? prev[a] : cur[b];
				if (!from.s || !to.s)
					continue;
				int rc = add_edge(m->c, pp_str_dup(m->c->doc, from.s, from.len), to,
				                  "mermaid", off, off + (uint32_t)n, -1);
				if (rc)
					return rc;
			}
		memcpy(prev, cur, nc * sizeof *cur);
		np = nc;
		size_t e = flow_link(s, n, i, &dir);
		if (!e)
			return 0;
		i = skip_ws(s, n, e);
	}
}

static bool starts_word(const char *s, size_t n, const char *const *words)
{
	for (int i = 0; words[i]; i++) {
		size_t l = strlen(words[i]);
		if (n >= l && memcmp(s, words[i], l) == 0 && (n == l || !is_alnum(s[l])))
			return true;
	}
	return false;
}

static int flowchart(mermaid *m, const mline *lines, uint32_t nl, bool define_only)
{
	static const char *const skip[] = { "graph", "flowchart", "subgraph", "end", "style",
		"classDef", "class", "click", "linkStyle", "direction", "%%", NULL };
	for (uint32_t k = 0; k < nl; k++) {
		const char *s = lines[k].s;
		size_t n = lines[k].len, b = skip_ws(s, n, 0);
		if (starts_word(s + b, n - b, skip))
			continue;
		for (size_t e = b; b < n; b = e + 1) {  /* statements split at `;` */
			bool quote = false;
			for (e = b; e < n && (quote || s[e] != ';'); e++)
				quote ^= s[e] == '"';
			int rc = flow_statement(m, s + b, e - b, lines[k].off + (uint32_t)b, define_only);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static bool gantt_tag(pp_str t)
{
	static const char *const tags[] = { "active", "done", "crit", "milestone", NULL };
	for (int i = 0; tags[i]; i++)
		if (strlen(tags[i]) == t.len && memcmp(tags[i], t.s, t.len) == 0)
			return true;
	return false;
}

/* A gantt task line `Name :[tags,] [id,] start, end`: its ID and start. */
static bool gantt_task(const char *s, size_t n, pp_str *name, pp_str *gid, pp_str *start)
{
	const char *colon = memchr(s, ':', n);
	if (!colon)
		return false;
	*name = pp_str_trim((pp_str){ s, (uint32_t)(colon - s) });
	pp_str items[8];
	size_t ni = 0, b = (size_t)(colon - s) + 1;
	while (b <= n && ni < 8) {
		const char *e = memchr(s + b, ',', n - b);
		size_t el = e ? (size_t)(e - s) : n;
		pp_str it = pp_str_trim((pp_str){ s + b, (uint32_t)(el - b) });
		if (!gantt_tag(it))
			items[ni++] = it;
		b = el + 1;
	}
	*gid = ni >= 3 ? items[0] : PP_NULLSTR;
	*start = ni >= 2 ? items[ni - 2] : PP_NULLSTR;
	return name->len > 0;
}

static int gantt(mermaid *m, const mline *lines, uint32_t nl, bool define_only)
{
	static const char *const skip[] = { "gantt", "title", "dateFormat", "axisFormat",
		"tickInterval", "excludes", "includes", "todayMarker", "weekday", "section",
		"inclusiveEndDates", "topAxis", "displayMode", "click", "%%", NULL };
	for (uint32_t k = 0; k < nl; k++) {
		const char *s = lines[k].s;
		size_t n = lines[k].len, b = skip_ws(s, n, 0);
		pp_str name, gid, start;
		if (starts_word(s + b, n - b, skip) || !gantt_task(s + b, n - b, &name, &gid, &start))
			continue;
		pp_str self = target_of(m->c, name.s, name.len);
		if (!self.s && gid.s)
			self = target_of(m->c, gid.s, gid.len);
		if (define_only) {
			if (gid.len && define(m, gid.s, gid.len, self) < 0)
				return PP_ENOMEM;
			continue;
		}
		size_t a = start.len ? pp_match_word(start.s, start.len, "after ") : 0;
		for (size_t i = a; a && self.s && i < start.len;) {
			i = skip_ws(start.s, start.len, i);
			size_t e = i;
			while (e < start.len && start.s[e] != ' ')
				e++;
			pp_str to = lookup(m, start.s + i, e - i);
			if (!to.s)
				to = target_of(m->c, start.s + i, e - i);
			int rc = to.s ? add_edge(m->c, pp_str_dup(m->c->doc, self.s, self.len), to, "mermaid",
			                         lines[k].off, lines[k].off + (uint32_t)n, -1) : 0;
			if (rc)
				return rc;
			i = e;
		}
	}
	return 0;
}

/* The lines of a code block, from its text events (one per line). */
static int code_lines(pp_doc *doc, const pp_block *b, pp_vec *out)
{
	for (uint32_t i = b->ev_begin; i < b->ev_end; i++) {
		const pp_event *e = &doc->events[i];
		if (e->kind != EV_TEXT || !e->len)
			continue;
		const char *s = doc->src + e->off;
		for (uint32_t k = 0, ls = 0; k <= e->len; k++) {
			if (k < e->len && s[k] != '\n' && s[k] != '\r')
				continue;
			if (k > ls) {
				mline *l = pp_vec_push(&doc->arena, out);
				if (!l)
					return PP_ENOMEM;
				*l = (mline){ s + ls, k - ls, e->off + ls };
			}
			ls = k + 1;
		}
	}
	return 0;
}

static int mermaid_block(ctx *c, const pp_block *b)
{
	pp_doc *doc = c->doc;
	pp_vec lines = PP_VEC(mline);
	mermaid m = { c, { &doc->arena, NULL, 0, 0 }, PP_VEC(pp_str) };
	int rc = code_lines(doc, b, &lines);
	const mline *l = lines.data;
	uint32_t first = 0;
	while (!rc && first < lines.n) { /* the diagram type: the first line that says it */
		size_t k = skip_ws(l[first].s, l[first].len, 0);
		if (k < l[first].len && !(l[first].len - k >= 2 && memcmp(l[first].s + k, "%%", 2) == 0) &&
		    !(l[first].len - k >= 3 && memcmp(l[first].s + k, "---", 3) == 0))
			break;
		first++;
	}
	if (!rc && first < lines.n) {
		const char *s = l[first].s + skip_ws(l[first].s, l[first].len, 0);
		size_t n = l[first].len - (size_t)(s - l[first].s);
		bool flow = starts_word(s, n, (const char *const[]){ "graph", "flowchart", NULL });
		bool gt = starts_word(s, n, (const char *const[]){ "gantt", NULL });
		for (int pass = 0; !rc && (flow || gt) && pass < 2; pass++)
			rc = flow ? flowchart(&m, l + first, lines.n - first, pass == 0)
			          : gantt(&m, l + first, lines.n - first, pass == 0);
	}
	pp_map_free(&m.nodes);
	pp_vec_free(&doc->arena, &m.targets);
	pp_vec_free(&doc->arena, &lines);
	return rc ? rc : doc->arena.oom ? PP_ENOMEM : 0;
}

static int mermaid_fences(ctx *c)
{
	pp_doc *doc = c->doc;
	for (uint32_t i = 0; i < doc->nblocks; i++) {
		const pp_block *b = &doc->blocks[i];
		if (b->type != MD_BLOCK_CODE || b->aux_len < 7 || b->aux + 7 > doc->len ||
		    pp_match_word(doc->src + b->aux, b->aux_len, "mermaid") != 7 ||
		    (b->aux_len > 7 && is_alnum(doc->src[b->aux + 7])))
			continue;
		int rc = mermaid_block(c, b);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- the stage --------------------------------------------------------- */

/* depends_on of each task: the targets of its edges, in the order found
 * (a counting sort of the pairs by task keeps that order). */
static int fill_depends_on(ctx *c)
{
	pp_doc *doc = c->doc;
	uint32_t nt = pp_built_count(doc, PP_TASK), np = c->pairs.n;
	const pair *ps = c->pairs.data;
	for (uint32_t i = 0; i < nt; i++) {
		pp_task_node *t = (pp_task_node *)pp_built(doc, PP_TASK, i);
		t->depends_on = (pp_list){ NULL, 0 };
	}
	for (uint32_t k = 0; k < np; k++)
		((pp_task_node *)pp_built(doc, PP_TASK, (uint32_t)ps[k].task))->depends_on.n++;
	for (uint32_t k = 0; k < np; k++) {
		pp_task_node *t = (pp_task_node *)pp_built(doc, PP_TASK, (uint32_t)ps[k].task);
		if (!t->depends_on.items) {
			if (!(t->depends_on.items = pp_alloc(&doc->arena, t->depends_on.n * sizeof(pp_str))))
				return PP_ENOMEM;
			t->depends_on.n = 0;
		}
		((pp_str *)t->depends_on.items)[t->depends_on.n++] = ps[k].to;
	}
	return 0;
}

/* Edges from mermaid and front matter name a task by ID: its depends_on
 * lists them too (the first task with that ID). */
static void own_edges(ctx *c, uint32_t first_dep)
{
	pp_doc *doc = c->doc;
	for (uint32_t k = first_dep; k < pp_built_count(doc, PP_DEPENDENCY); k++) {
		const pp_dep_node *d = (const pp_dep_node *)pp_built(doc, PP_DEPENDENCY, k);
		uint32_t t = pp_map_get(&c->ids, d->from.s, d->from.len, NULL, 0);
		pair *p = t == PP_NO ? NULL : pp_vec_push(&doc->arena, &c->pairs);
		if (p)
			*p = (pair){ (int32_t)t, d->to };
	}
}

static int index_names(ctx *c)
{
	pp_doc *doc = c->doc;
	uint32_t nt = pp_built_count(doc, PP_TASK), np = pp_built_count(doc, PP_PHASE);
	if (pp_map_reserve(&c->ids, nt) < 0 || pp_map_reserve(&c->nums, np) < 0 ||
	    pp_map_reserve(&c->canon, np) < 0)
		return PP_ENOMEM;
	uint32_t *first = pp_alloc_raw(&doc->arena, ((size_t)nt + 1) * sizeof *first);
	if (!first)
		return PP_ENOMEM;
	for (uint32_t i = 0; i < nt; i++) { /* a put answers the first task with the ID */
		const pp_task_node *t = (const pp_task_node *)pp_built(doc, PP_TASK, i);
		first[i] = PP_NO;
		if (t->id.s && t->id.len && !t->id_placeholder &&
		    (first[i] = pp_map_put(&c->ids, t->id.s, t->id.len, NULL, 0, i)) == PP_NO)
			return PP_ENOMEM;
	}
	doc->id_first = first; /* lint.c's duplicate-id reads it */
	for (uint32_t i = 0; i < np; i++) {
		const pp_phase_node *p = (const pp_phase_node *)pp_built(doc, PP_PHASE, i);
		if (!p->number.s)
			continue;
		pp_str k = canon_num(p->number.s, p->number.len);
		if (pp_map_put(&c->nums, p->number.s, p->number.len, NULL, 0, i) == PP_NO ||
		    pp_map_put(&c->canon, k.s, k.len, NULL, 0, i) == PP_NO)
			return PP_ENOMEM;
	}
	c->task_name = pp_alloc(&doc->arena, (nt + 1) * sizeof(pp_str));
	c->phase_name = pp_alloc(&doc->arena, (np + 1) * sizeof(pp_str));
	return c->task_name && c->phase_name ? 0 : PP_ENOMEM;
}

int pp_deps_find(pp_doc *doc)
{
	pp_arena *a = &doc->arena;
	ctx c = { doc, { a, NULL, 0, 0 }, { a, NULL, 0, 0 }, { a, NULL, 0, 0 }, { a, NULL, 0, 0 },
		PP_VEC(pair), NULL, NULL, { a, NULL, 0, 0 }, false };
	init_first(&c);
	int rc = index_names(&c);
	uint32_t first = 0;
	if (!rc)
		rc = task_deps(&c);
	if (!rc)
		first = pp_built_count(doc, PP_DEPENDENCY), rc = front_matter(&c);
	if (!rc)
		rc = mermaid_fences(&c);
	if (!rc)
		own_edges(&c, first), rc = phase_prose(&c);
	if (!rc)
		rc = fill_depends_on(&c);
	if (!rc)
		rc = pp_sort_built(doc, PP_DEPENDENCY);
	pp_map_free(&c.ids);
	pp_map_free(&c.nums);
	pp_map_free(&c.canon);
	pp_map_free(&c.seen);
	pp_map_free(&c.titles);
	pp_vec_free(a, &c.pairs);
	return rc ? rc : a->oom ? PP_ENOMEM : 0;
}
