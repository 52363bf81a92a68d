/*
 * input.c: the first stage.  Copies the input (md4c 0.4.8 may read one byte
 * past the end, so the copy ends in a NUL), indexes its lines (LF, CRLF and
 * CR), reports invalid UTF-8, skips a BOM, and rewrites GitHub's short table
 * delimiter rows (`|-|:-:|`), which md4c 0.4.8 does not accept, into a
 * private buffer whose insertions are mapped back to source offsets.
 */
#include "internal.h"

#include <string.h>

#define MAX_UTF8_DIAGS 100

/* Whether the 8 bytes at p hold a line break (CR or LF). */
static bool has_break8(const char *p)
{
	uint64_t v = pp_load8(p);
	return pp_has_byte(v, '\n') || pp_has_byte(v, '\r');
}

/* Checks the UTF-8 sequence at s (n > 0 bytes left).  Returns its length
 * when valid; else sets *bad to the length of its maximal invalid subpart
 * (the bytes that one U+FFFD stands for, as Unicode recommends) and
 * returns 0. */
size_t pp_utf8_check(const unsigned char *s, size_t n, size_t *bad)
{
	unsigned c = s[0];
	*bad = 1;
	if (c < 0x80)
		return c ? 1 : 0;
	size_t len = c >= 0xF5 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
	if (!len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		unsigned lo = 0x80, hi = 0xBF;
		if (i == 1) { /* overlongs, surrogates and > U+10FFFF fail here */
			if (c == 0xE0) lo = 0xA0;
			if (c == 0xED) hi = 0x9F;
			if (c == 0xF0) lo = 0x90;
			if (c == 0xF4) hi = 0x8F;
		}
		if (i >= n || s[i] < lo || s[i] > hi) {
			*bad = i;
			return 0;
		}
	}
	return len;
}

/* Indexes the lines of an input with CRs (CR and CRLF line ends). */
static int index_cr_lines(pp_doc *doc, pp_vec *v)
{
	const char *s = doc->src;
	uint32_t n = doc->len;
	v->n = 1;  /* line 1 starts at 0 */
	for (uint32_t i = 0; i < n; i++) {
		while (n - i >= 8 && !has_break8(s + i))
			i += 8;
		if (i >= n)
			break;
		if (s[i] != '\n' && s[i] != '\r')
			continue;
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			i++;
		if (i + 1 == n)
			break; /* a final line ending opens no new line */
		uint32_t *p = pp_vec_push(&doc->arena, v);
		if (!p)
			return PP_ENOMEM;
		*p = i + 1;
	}
	return 0;
}

/* ---- the first pass ----------------------------------------------------
 *
 * One pass over the input copies it, indexes its lines and checks its
 * UTF-8, 32 bytes a step: each step marks the LFs and the bytes that need
 * a UTF-8 look (>= 0x80, NUL); only marked bytes cost more.  An input with
 * a CR is indexed again by index_cr_lines(). */

#define STEP 32

typedef struct marks {
	uint32_t lf, odd;      /* bit k: byte k of the step */
} marks;

static marks mark16(const char *p)
{
	marks m;
#ifdef PP_SSE2
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	m.lf = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
	/* the high bit of each byte, and of 0xFF where a byte is NUL */
	m.odd = (uint32_t)_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_setzero_si128())));
#else
	m.lf = m.odd = 0;
	for (unsigned k = 0; k < 16; k++) {
		unsigned char c = (unsigned char)p[k];
		m.lf |= (uint32_t)(c == '\n') << k;
		m.odd |= (uint32_t)(c >= 0x80 || !c) << k;
	}
#endif
	return m;
}

/* The marks of the STEP bytes at p. */
static marks mark_step(const char *p)
{
	marks lo = mark16(p), hi = mark16(p + 16);
	return (marks){ lo.lf | hi.lf << 16, lo.odd | hi.odd << 16 };
}

/* An invalid sequence or NUL, kept until the line index is complete (a
 * diagnostic needs it for its line). */
typedef struct bad_seq {
	uint32_t at;
	uint8_t skip;          /* the bytes one U+FFFD stands for */
	unsigned char byte;    /* the first of them */
} bad_seq;

typedef struct first_pass {
	const unsigned char *s;
	size_t n;
	pp_vec starts;         /* line starts after LFs */
	bool cr;
	size_t checked;        /* bytes before it are checked UTF-8 */
	size_t nbad;
	bad_seq bad[MAX_UTF8_DIAGS];
} first_pass;

/* The marks of odd at or after byte k of a step (none when k >= STEP). */
static uint32_t marks_from(uint32_t odd, size_t k)
{
	return k >= STEP ? 0 : odd & (~(uint32_t)0 << k);
}

/* Checks the UTF-8 sequences at the marked bytes odd of the step at i: one
 * check a sequence (its other bytes are marked too). */
static void check_step(first_pass *f, size_t i, uint32_t odd)
{
	while (odd) {
		size_t p = i + pp_ctz(odd);
		size_t skip = 1, l = pp_utf8_valid(f->s + p, f->n - p, &skip);
		f->checked = p + (l ? l : skip);
		if (!l && f->nbad++ < MAX_UTF8_DIAGS)
			f->bad[f->nbad - 1] = (bad_seq){ (uint32_t)p, (uint8_t)skip, f->s[p] };
		odd = marks_from(odd, f->checked - i);
	}
}

#ifdef PP_SSE2
/* The marks of odd (those of the STEP bytes at p from byte k on: before k,
 * a sequence from the step before) that check_step() still has to look at
 * when the bytes are ASCII and sequences that pp_utf8_valid() takes inline: 2 bytes
 * with a lead C2-DF, 3 with a lead E1-EF but ED, each lead followed by its
 * continuation bytes (80-BF) and every one of those by a lead.  Then only
 * a last sequence that runs past the step is left; for anything else, all
 * of odd.  One test a step instead of one a sequence. */
static uint32_t step_common(const char *p, uint32_t odd, size_t k)
{
	uint32_t high = 0, cont = 0, lead2 = 0, lead3 = 0, from = ~(uint32_t)0 << k;
	for (unsigned h = 0; h < STEP; h += 16) { /* signed: 80-BF is -128..-65, C2-DF -62..-33 */
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + h));
		__m128i l3 = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-32)),
		                           _mm_cmplt_epi8(v, _mm_set1_epi8(-16)));
		high |= (uint32_t)_mm_movemask_epi8(v) << h;
		cont |= (uint32_t)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64))) << h;
		lead2 |= (uint32_t)_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-63)),
		                                                   _mm_cmplt_epi8(v, _mm_set1_epi8(-32)))) << h;
		lead3 |= (uint32_t)_mm_movemask_epi8(_mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(-19)),
		                                                      l3)) << h;
	}
	high &= from, cont &= from, lead2 &= from, lead3 &= from;
	if (odd != high ||                          /* a NUL */
	    high != (cont | lead2 | lead3) ||       /* another lead */
	    cont != (lead2 << 1 | lead3 << 1 | lead3 << 2))
		return odd;
	/* the lead of a last sequence that runs past the step */
	return (lead2 & (uint32_t)1 << (STEP - 1)) | (lead3 & (uint32_t)3 << (STEP - 2));
}
#endif

/* The marks of the last n - i < STEP bytes, read through a zeroed buffer
 * (bytes past n unmarked), copied to out. */
static marks tail_step(const char *text, size_t i, size_t n, char *out)
{
	char tail[STEP] = { 0 };
	uint32_t keep = ((uint32_t)1 << (n - i)) - 1;
	memcpy(tail, text + i, n - i);
	memcpy(out + i, tail, n - i);
	marks m = mark_step(tail);
	m.lf &= keep, m.odd &= keep;
	return m;
}

/* Copies text to out, indexes the lines of LF input and records invalid
 * UTF-8 in *f. */
static int first_pass_run(pp_doc *doc, first_pass *f, const char *text, char *out)
{
	size_t n = f->n;
	pp_vec *v = &f->starts;
	uint32_t *p = pp_vec_push(&doc->arena, v);
	if (!p)
		return PP_ENOMEM;
	*p = 0;
	for (size_t i = 0; i < n; i += STEP) {
		marks m;
		if (n - i >= STEP) {
			m = mark_step(text + i);
			memcpy(out + i, text + i, STEP);
		} else {
			m = tail_step(text, i, n, out);
		}
		if (m.lf) { /* room for a start after each LF, then no test each */
			if (v->cap - v->n < STEP && !pp_vec_reserve(&doc->arena, v, STEP))
				return PP_ENOMEM;
			uint32_t *at = &PP_AT(*v, uint32_t, v->n);
			for (uint32_t lf = m.lf; lf; lf &= lf - 1)
				*at++ = (uint32_t)(i + pp_ctz(lf) + 1);
			v->n = (uint32_t)(at - (uint32_t *)v->data);
		}
		/* a sequence checked from an earlier step may hold the first bytes */
		uint32_t odd = f->checked <= i ? m.odd : marks_from(m.odd, f->checked - i);
#ifdef PP_SSE2
		if (odd && n - i >= STEP)
			odd = step_common(text + i, odd, f->checked > i ? f->checked - i : 0);
#endif
		if (odd)
			check_step(f, i, odd);
	}
	/* a final line ending opens no new line */
	if (v->n > 1 && PP_AT(*v, uint32_t, v->n - 1) == n)
		v->n--;
	return 0;
}

/* Reports each invalid sequence and NUL byte (the first MAX_UTF8_DIAGS of
 * them, then one summary), so a binary file cannot flood the list. */
static void report_utf8(pp_doc *doc, const first_pass *f)
{
	for (size_t k = 0; k < f->nbad && k < MAX_UTF8_DIAGS; k++) {
		const bad_seq *b = &f->bad[k];
		if (b->skip > 1)
			pp_diag(doc, "invalid-utf8", "warning", b->at,
				"truncated UTF-8 sequence of %zu bytes read as U+FFFD", (size_t)b->skip);
		else if (b->byte)
			pp_diag(doc, "invalid-utf8", "warning", b->at,
				"invalid UTF-8 byte 0x%02X read as U+FFFD", b->byte);
		else
			pp_diag(doc, "invalid-utf8", "warning", b->at, "NUL byte read as U+FFFD");
	}
	doc->utf8_clean = f->nbad == 0;
	if (f->nbad > MAX_UTF8_DIAGS)
		pp_diag(doc, "invalid-utf8", "warning", doc->len,
			"%zu more invalid UTF-8 sequences or NUL bytes not listed",
			f->nbad - MAX_UTF8_DIAGS);
}

/* ---- short delimiter rows ---------------------------------------------- */

/* Whether a line is a table delimiter row; *cells gets its cell count and
 * *short_cell whether some cell has fewer than three dashes (then md4c
 * 0.4.8 needs it widened). */
static bool delim_row_cells(const char *s, size_t n, bool *short_cell, size_t *ncells)
{
	size_t i = 0, cells = 0;
	bool pipe = false;
	*short_cell = false;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < n && s[i] == '|') {
			pipe = true;
			i++;
			continue;
		}
		if (i == n)
			break;
		if (s[i] == ':')
			i++;
		size_t d = 0;
		while (i < n && s[i] == '-')
			i++, d++;
		if (!d)
			return false;
		if (i < n && s[i] == ':')
			i++;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < n && s[i] != '|')
			return false;
		cells++;
		if (d < 3)
			*short_cell = true;
	}
	*ncells = cells;
	return cells > 0 && (pipe || cells > 1);
}

/* Widens every short cell of the delimiter row [s, s+n) into out (NULL:
 * only counts); returns the new length. */
static size_t widen_row(const char *s, size_t n, char *out)
{
	size_t o = 0, i = 0;
	while (i < n) {
		if (s[i] != '-') {
			if (out)
				out[o] = s[i];
			o++, i++;
			continue;
		}
		size_t d = 0;
		while (i < n && s[i] == '-')
			i++, d++;
		for (size_t k = 0; k < (d < 3 ? 3 : d); k++, o++)
			if (out)
				out[o] = '-';
	}
	return o;
}

/* Line ends at the first CR or LF at or after i. */
static size_t line_end(const char *s, size_t n, size_t i)
{
	while (n - i >= 8 && !has_break8(s + i))
		i += 8;
	while (i < n && s[i] != '\n' && s[i] != '\r')
		i++;
	return i;
}

static size_t next_line(const char *s, size_t n, size_t e)
{
	if (e < n && s[e] == '\r' && e + 1 < n && s[e + 1] == '\n')
		return e + 2;
	return e < n ? e + 1 : n;
}

/* ---- the private copy md4c reads --------------------------------------
 *
 * md4c reads the source itself unless a line needs changing.  Changes keep
 * every text byte where it was, or insert bytes the offset map hides, so
 * text (read from doc->src at mapped offsets) never changes:
 *
 *   - short delimiter rows are widened (`|-|` -> `|---|`);
 *   - a table row past max_table_cells gets a blank line inserted before it,
 *     which ends the table (md4c pads every row to the header's width, so
 *     cells, not bytes, are what a table costs); a table that cannot afford
 *     its header gets its delimiter row broken (first `-` read as `x`);
 *   - bytes of a line past max_line are replaced by `a` (spaces kept);
 *   - link brackets md4c 0.4.8 would spend quadratic time on are replaced by
 *     `%`: those nested deeper than PP_MAX_BRACKETS (md4c #172), and, once a
 *     document has spent its budget, those on lines far down one paragraph
 *     (md4c looks each bracket's line up from the paragraph's first line).
 *
 * The same walk runs twice: dry (counting what it would change, so an input
 * that needs nothing is not copied) and for real.  Both take the same
 * decisions, because they depend only on the source bytes. */

#define PP_MAX_BRACKETS 32     /* link bracket nesting md4c is given */
#define LINK_FAR_LINE 64       /* lines down a paragraph where brackets may go */

enum { LIM_CELLS, LIM_LINE, LIM_NEST, LIM_LINKS, LIM_COUNT };

typedef struct walk {
	pp_doc *doc;
	const char *s;
	size_t n;
	char *out;             /* NULL: dry run */
	size_t o, changes;
	pp_vec at, sum;        /* insertions: md offsets and running totals */
	size_t total;
	bool oom;
	/* the line being read and the one before: span, first byte that is
	 * not a space or tab (e when blank) */
	size_t b, e, next, first, pb, pe;
	bool have_prev, blank, pblank;
	uint32_t li;           /* doc->line_starts index of the next line's start */
	/* tables */
	bool in_table;
	size_t cols, cells;
	/* inline links */
	bool in_fence, in_list, prev_blank;
	char fence_ch;
	size_t fence_len;
	uint32_t para_line, depth;
	uint64_t cost, budget;
	/* limits reached: first source offset of each, or SIZE_MAX */
	size_t hit[LIM_COUNT];
} walk;

static void hit(walk *w, int kind, size_t at)
{
	if (w->hit[kind] == SIZE_MAX)
		w->hit[kind] = at;
}

static void emit(walk *w, const char *p, size_t k)
{
	if (w->out && k)
		memcpy(w->out + w->o, p, k);
	w->o += k;
}

/* Records that k bytes were inserted at the current output position. */
static void inserted(walk *w, size_t k)
{
	w->changes++;
	if (!w->out)
		return;
	uint32_t *pa = pp_vec_push(&w->doc->arena, &w->at);
	uint32_t *ps = pp_vec_push(&w->doc->arena, &w->sum);
	if (!pa || !ps) {
		w->oom = true;
		return;
	}
	w->total += k;
	*pa = (uint32_t)(w->o - k);
	*ps = (uint32_t)w->total;
}

/* Same-length replacement of the output byte for source byte i. */
static void subst(walk *w, size_t line_out, size_t i, char c)
{
	w->changes++;
	if (w->out)
		w->out[line_out + (i - w->b)] = c;
}

static size_t skip_blanks(const char *s, size_t i, size_t e)
{
	while (i < e && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Length of a list marker and its space at s[i..e), or 0; *one is set when
 * it is a bullet or the ordered number 1 (which may interrupt a paragraph). */
static size_t list_marker_len(const char *s, size_t i, size_t e, bool *one)
{
	size_t j = i;
	*one = true;
	if (j < e && (s[j] == '-' || s[j] == '*' || s[j] == '+')) {
		j++;
	} else {
		while (j < e && j - i < 9 && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j == i || j >= e || (s[j] != '.' && s[j] != ')'))
			return 0;
		*one = j - i == 1 && s[i] == '1';
		j++;
	}
	if (j < e && s[j] != ' ' && s[j] != '\t')
		return 0;
	return j - i;
}

/* Whether s[i..e) opens or closes a code fence (3+ backticks or tildes). */
static size_t fence_at(const char *s, size_t i, size_t e, char *ch)
{
	size_t j = i;
	if (i >= e || (s[i] != '`' && s[i] != '~'))
		return 0;
	while (j < e && s[j] == s[i])
		j++;
	*ch = s[i];
	return j - i >= 3 ? j - i : 0;
}

/* The first `[`, `]` or `\\` of s[i..to), or to (or more); n bytes are
 * readable at s.  Most lines are read here, so 16 bytes a step while whole
 * steps fit in the buffer (a byte found past `to` means none before it). */
static size_t next_bracket(const char *s, size_t i, size_t to, size_t n)
{
#ifdef PP_SSE2
	/* `[`, `]`, `\\` are 0x5B..0x5D: shifted to -128..-126, the three
	 * bytes are the only ones below -125 (signed) */
	const __m128i shift = _mm_set1_epi8((char)(0x80 - 0x5B)), top = _mm_set1_epi8(-125);
	size_t stop = n >= 16 ? n - 15 : 0;  /* a step from i < stop stays in the buffer */
	if (stop > to)
		stop = to;
	for (; i < stop; i += 16) {
		__m128i v = _mm_add_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), shift);
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, top));
		if (m) {
			i += pp_ctz(m);
			return i < to ? i : to;
		}
	}
#else
	(void)n;
#endif
	while (i < to && s[i] != '[' && s[i] != ']' && s[i] != '\\')
		i++;
	return i;
}

/* The brackets of one line, down a paragraph at line L. */
static void scan_brackets(walk *w, size_t line_out, size_t from, size_t to, uint32_t L)
{
	const char *s = w->s;
	bool far = L >= LINK_FAR_LINE && w->cost > w->budget;
	for (size_t i = next_bracket(s, from, to, w->n); i < to;
	     i = next_bracket(s, i + 1, to, w->n)) {
		if (s[i] == '\\') {
			i++;  /* the escaped byte is skipped */
			continue;
		}
		if (far) {
			hit(w, LIM_LINKS, i);
			subst(w, line_out, i, '%');
		} else if (s[i] == '[' && w->depth >= PP_MAX_BRACKETS) {
			hit(w, LIM_NEST, i);
			subst(w, line_out, i, '%');
		} else if (s[i] == '[') {
			w->depth++;
		} else {
			if (w->depth)
				w->depth--;
			w->cost += L;
		}
	}
}

static void para_reset(walk *w)
{
	w->para_line = 0;
	w->depth = 0;
}

/* Inline structure of a line that is not a table line: where paragraphs
 * start, so each line's place down its paragraph is known. */
static void line_inlines(walk *w, size_t line_out, size_t to)
{
	const char *s = w->s;
	size_t i = w->b, e = to;
	bool blank = w->blank;
	/* block quote markers; j: the first byte after blanks from i */
	size_t j = w->first < e ? w->first : e;
	while (j - i <= 3 && j < e && s[j] == '>') {
		i = j + 1;
		j = skip_blanks(s, i, e);
	}
	size_t indent = j - i;
	i = j;
	char ch = 0;
	size_t fl;
	if (w->in_fence) {
		if (indent <= 3 && (fl = fence_at(s, i, e, &ch)) >= w->fence_len &&
		    ch == w->fence_ch && skip_blanks(s, i + fl, e) == e)
			w->in_fence = false;
		return;
	}
	if (blank || i >= e) {
		para_reset(w);
		w->prev_blank = true;
		return;
	}
	bool one, was_blank = w->prev_blank;
	w->prev_blank = false;
	if (indent <= 3 && (fl = fence_at(s, i, e, &ch)) > 0) {
		w->in_fence = true;
		w->fence_ch = ch;
		w->fence_len = fl;
		para_reset(w);
		return;
	}
	size_t ml = list_marker_len(s, i, e, &one);
	if (ml && (one || was_blank || w->in_list || w->para_line == 0)) {
		w->in_list = true;
		para_reset(w);
		i += ml;
	} else if (indent == 0 && was_blank) {
		w->in_list = false;
	}
	if (indent <= 3 && i < e && s[i] == '#') {
		para_reset(w);
		scan_brackets(w, line_out, i, e, 0);
		para_reset(w);
		return;
	}
	scan_brackets(w, line_out, i, e, w->para_line);
	w->para_line++;
}

/* Moves to the line at w->next: its end and the next line's start come
 * from the line index, which breaks lines where line_end() and next_line()
 * do (LF, CRLF, CR); only the last line, which has no next start, is
 * looked for. */
static void line_bounds(walk *w)
{
	const pp_doc *doc = w->doc;
	const char *s = w->s;
	w->b = w->next;
	if (w->li < doc->line_count) {
		size_t next = doc->line_starts[w->li++] - doc->body, e = next - 1;
		if (e > w->b && s[e] == '\n' && s[e - 1] == '\r')
			e--;
		w->e = e;
		w->next = next;
	} else {
		w->e = line_end(s, w->n, w->b);
		w->next = next_line(s, w->n, w->e);
	}
}

/* Moves to the next line: its span, and whether it is a delimiter row
 * under a non-blank line holding a `|`, outside a table already open (its
 * body rows may be all dashes). */
static bool next_line_delim(walk *w, bool *short_cell, size_t *cells)
{
	const char *s = w->s;
	w->pb = w->b, w->pe = w->e;
	w->pblank = w->blank;
	w->have_prev = w->next > 0;
	line_bounds(w);
	w->first = skip_blanks(s, w->b, w->e);
	w->blank = w->first == w->e;
	if (w->blank) {
		w->in_table = false;
		return false;
	}
	char c = s[w->first];
	if (w->in_table || !w->have_prev || w->pblank || (c != '|' && c != ':' && c != '-'))
		return false;
	/* the row test first: it rejects a list item (`- a`) in a few bytes */
	return delim_row_cells(s + w->b, w->e - w->b, short_cell, cells) &&
	       memchr(s + w->pb, '|', w->pe - w->pb);
}

/* Cells of a table header line as GFM counts them: split at pipes that are
 * not backslash-escaped, without a leading and a trailing pipe. */
static size_t header_cells(const char *s, size_t b, size_t e)
{
	b = skip_blanks(s, b, e);
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (b < e && s[b] == '|')
		b++;
	if (e > b && s[e - 1] == '|' && !(e - 1 > b && s[e - 2] == '\\'))
		e--;
	size_t cells = 1;
	for (size_t i = b; i < e; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '|')
			cells++;
	}
	return cells;
}

static void walk_line(walk *w)
{
	const pp_options *opts = &w->doc->opts;
	bool short_cell;
	size_t cells;
	bool delim = next_line_delim(w, &short_cell, &cells);
	bool table_line = w->in_table;
	size_t line_out;

	if (delim) {
		/* GitHub makes no table when the header and the delimiter row
		 * differ in cells; md4c 0.4.8 does: break the delimiter row */
		bool mismatch = header_cells(w->s, w->pb, w->pe) != cells;
		if (mismatch || w->cells + cells > opts->max_table_cells) {
			if (!mismatch)
				hit(w, LIM_CELLS, w->b);  /* no room for the header: no table */
			line_out = w->o;
			emit(w, w->s + w->b, w->e - w->b);
			size_t d = w->b;
			while (w->s[d] != '-')
				d++;
			subst(w, line_out, d, 'x');
		} else {
			w->cells += cells;
			w->cols = cells;
			w->in_table = true;
			table_line = true;
			if (short_cell) {
				size_t grown = widen_row(w->s + w->b, w->e - w->b, w->out ? w->out + w->o : NULL);
				w->o += grown;
				inserted(w, grown - (w->e - w->b));
			} else {
				emit(w, w->s + w->b, w->e - w->b);
			}
		}
		para_reset(w);
		emit(w, w->s + w->e, w->next - w->e);
		return;
	}
	if (table_line) {
		if (w->cells + w->cols > opts->max_table_cells) {
			hit(w, LIM_CELLS, w->b);  /* end the table before this row */
			emit(w, "\n", 1);
			inserted(w, 1);
			w->in_table = table_line = false;
			para_reset(w);
		} else {
			w->cells += w->cols;
		}
	}
	line_out = w->o;
	emit(w, w->s + w->b, w->e - w->b);
	size_t to = w->e;
	if (w->e - w->b > opts->max_line) {
		hit(w, LIM_LINE, w->b + opts->max_line);
		to = w->b + opts->max_line;
		for (size_t i = to; i < w->e; i++)
			if (w->s[i] != ' ' && w->s[i] != '\t')
				subst(w, line_out, i, 'a');
	}
	if (table_line) {  /* each row is its own run of inlines */
		para_reset(w);
		scan_brackets(w, line_out, w->b, to, 0);
		para_reset(w);
	} else {
		line_inlines(w, line_out, to);
	}
	emit(w, w->s + w->e, w->next - w->e);
}

static void walk_all(walk *w)
{
	w->next = 0;
	w->b = w->e = 0;
	w->blank = false;
	/* the first line start after the body's first byte */
	w->li = pp_line_of(w->doc, w->doc->body);
	w->in_table = w->in_fence = w->in_list = false;
	w->prev_blank = true;
	w->cells = w->cols = 0;
	w->cost = 0;
	para_reset(w);
	for (int k = 0; k < LIM_COUNT; k++)
		w->hit[k] = SIZE_MAX;
	while (w->next < w->n && !w->oom)
		walk_line(w);
}

/* ---- proving the walk needless -----------------------------------------
 *
 * Most documents need no change, and quiet() proves it without the walk,
 * from bounds on what the walk would compute; when a bound does not hold,
 * the walk decides.  With no change and no limit reached there is nothing
 * to copy or report, so the walk has nothing to add.  The bounds:
 *
 *   - a line, break included, no longer than max_line;
 *   - link bracket depth: the walk's depth rises at a `[` and falls at a
 *     `]` (not below 0), and restarts from 0 at each paragraph; a counter
 *     over every bracket of the body that never restarts, and skips the
 *     fall at a `]` after a `\` (which may be escaped), is never below it:
 *     the brackets the walk skips are escaped ones, or sit in code fences,
 *     where its depth is 0;
 *   - link cost: each `]` adds its line's place down its paragraph, which
 *     is below the longest run of non-empty lines;
 *   - tables: a delimiter row holds a `|` and so does the line above it,
 *     so only the lines after a line with a `|` need the walk's look, and
 *     a table runs to the next blank line. */

/* The longest line of the body (its break included) and a bound on the
 * longest run of non-empty lines: a line other than the last is empty when
 * its break is all of it, and the last one is taken as non-empty. */
static void line_stats(const pp_doc *doc, size_t *longest, size_t *run)
{
	const uint32_t *ls = doc->line_starts;
	uint32_t n = doc->line_count, b = doc->body, most = 0, most_r = 0;
	uint32_t j = pp_line_of(doc, b) - 1, start = j;  /* start: the current run's first line */
	for (; j + 1 < n; b = ls[++j]) {
		uint32_t gap = ls[j + 1] - b;
		most = gap > most ? gap : most;
		if (gap <= 2 && (gap == 1 || doc->src[b] == '\r')) { /* empty: a run ends */
			most_r = j - start > most_r ? j - start : most_r;
			start = j + 1;
		}
	}
	most = doc->len - b > most ? doc->len - b : most;  /* the last line */
	*longest = most;
	*run = n - start > most_r ? n - start : most_r;
}

/* Counts a bracket at s[i] for quiet_brackets(). */
static inline void count_bracket(const char *s, size_t i, uint32_t *depth, uint32_t *deepest,
                                 uint64_t *closes)
{
	if (s[i] == '[') {
		if (++*depth > *deepest)
			*deepest = *depth;
	} else if (s[i] == ']') {
		++*closes;
		if (*depth && !(i && s[i - 1] == '\\'))
			--*depth;
	}
}

/* Whether the link brackets of the body stay within the walk's limits. */
static bool quiet_brackets(const char *s, size_t n, size_t run, uint64_t budget)
{
	uint32_t depth = 0, deepest = 0;
	uint64_t closes = 0;
	size_t i = 0;
#ifdef PP_SSE2
	/* as next_bracket(): `[`, `\\`, `]` are the bytes below -125 once
	 * shifted; 32 bytes a step */
	const __m128i shift = _mm_set1_epi8((char)(0x80 - 0x5B)), top = _mm_set1_epi8(-125);
	for (; n - i >= 32; i += 32) {
		__m128i lo = _mm_add_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), shift);
		__m128i hi = _mm_add_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i + 16)), shift);
		uint32_t m = (uint32_t)_mm_movemask_epi8(_mm_cmplt_epi8(lo, top)) |
		             (uint32_t)_mm_movemask_epi8(_mm_cmplt_epi8(hi, top)) << 16;
		for (; m; m &= m - 1)
			count_bracket(s, i + pp_ctz(m), &depth, &deepest, &closes);
	}
#endif
	for (; i < n; i++)
		count_bracket(s, i, &depth, &deepest, &closes);
	/* a far line is LINK_FAR_LINE down its paragraph, and the walk's
	 * cost at most closes times the deepest place */
	return deepest <= PP_MAX_BRACKETS &&
	       (run <= LINK_FAR_LINE || closes * (uint64_t)(run - 1) <= budget);
}

/* Whether the walk would find every table fine: header and delimiter row
 * alike in cells, no short cell, the cells within max_table_cells.  w is
 * used only for its lines. */
static bool quiet_tables(walk *w)
{
	const pp_doc *doc = w->doc;
	const char *s = w->s, *p;
	size_t n = w->n, pos = 0, cells = 0, max = doc->opts.max_table_cells;
	while ((p = memchr(s + pos, '|', n - pos)) != NULL) {
		/* k: the index of the next line's start */
		uint32_t k = pp_line_of(doc, doc->body + (uint32_t)(p - s));
		if (k >= doc->line_count)
			break;  /* the last line: none below it */
		/* the line with the `|`, then the one below: a delimiter row? */
		w->next = doc->line_starts[k - 1] > doc->body ? doc->line_starts[k - 1] - doc->body : 0;
		w->li = k;
		line_bounds(w);
		size_t hb = w->b, he = w->e;
		line_bounds(w);
		size_t first = skip_blanks(s, w->b, w->e), ncells;
		bool short_cell;
		char c = first < w->e ? s[first] : 0;
		if ((c != '|' && c != ':' && c != '-') ||
		    !delim_row_cells(s + w->b, w->e - w->b, &short_cell, &ncells)) {
			pos = w->b;
			continue;
		}
		if (short_cell || header_cells(s, hb, he) != ncells || cells + ncells > max)
			return false;
		cells += ncells;
		/* the table's rows, to the next blank line */
		while (w->next < n) {
			line_bounds(w);
			if (skip_blanks(s, w->b, w->e) == w->e)
				break;
			if (cells + ncells > max)
				return false;
			cells += ncells;
		}
		pos = w->next;
	}
	return true;
}

/* Whether the walk would change nothing and reach no limit. */
static bool quiet(walk *w)
{
	const pp_doc *doc = w->doc;
	size_t longest, run;
	if (!w->n)
		return true;
	line_stats(doc, &longest, &run);
	return longest <= doc->opts.max_line &&
	       quiet_brackets(w->s, w->n, run, w->budget) &&
	       quiet_tables(w);
}

static const char *const limit_what[LIM_COUNT] = {
	"table cells exceed the limit of %zu: the rows from here on are read as a paragraph",
	"line longer than %zu bytes: the rest of it is read as plain text",
	"link brackets nested deeper than %zu: the inner ones are read as text",
	"too many links down one long paragraph (%zu lines in): brackets from here on are read as text",
};

/* One `limit` diagnostic per kind reached, or PP_ELIMIT. */
static int report_limits(walk *w)
{
	const pp_options *o = &w->doc->opts;
	const size_t value[LIM_COUNT] = { o->max_table_cells, o->max_line, PP_MAX_BRACKETS,
	                                  LINK_FAR_LINE };
	for (int k = 0; k < LIM_COUNT; k++) {
		if (w->hit[k] == SIZE_MAX)
			continue;
		int rc = pp_limit(w->doc, (uint32_t)(w->doc->body + w->hit[k]), limit_what[k], value[k]);
		if (rc)
			return rc;
	}
	return 0;
}

uint32_t pp_md_offset(const pp_doc *doc, const char *p)
{
	uint32_t off = (uint32_t)(p - doc->md);
	if (doc->nins) {
		/* the last insertion point at or before off */
		uint32_t lo = 0, hi = doc->nins;
		while (lo < hi) {
			uint32_t mid = (lo + hi) / 2;
			if (doc->ins_at[mid] <= off)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo) {
			uint32_t shift = doc->ins_sum[lo - 1];
			uint32_t prev = lo > 1 ? doc->ins_sum[lo - 2] : 0;
			/* inside the inserted bytes themselves: clamp to the row end */
			if (off < doc->ins_at[lo - 1] + (shift - prev))
				off = doc->ins_at[lo - 1] + (shift - prev);
			off -= shift;
		}
	}
	return doc->body + off;
}

int pp_input_prepare(pp_doc *doc, const char *text, size_t len)
{
	char *copy = pp_alloc_raw(&doc->arena, len + 1);
	if (!copy)
		return PP_ENOMEM;
	first_pass f;
	f.s = (const unsigned char *)text;
	f.n = len;
	f.starts = (pp_vec)PP_VEC(uint32_t);
	f.cr = memchr(text, '\r', len) != NULL;  /* then the lines are indexed again */
	f.checked = f.nbad = 0;
	int rc = first_pass_run(doc, &f, text, copy);
	copy[len] = 0;
	doc->src = copy;
	doc->len = (uint32_t)len;
	if (!rc && f.cr)
		rc = index_cr_lines(doc, &f.starts);
	if (rc) {
		pp_vec_free(&doc->arena, &f.starts);
		return rc;
	}
	doc->line_count = len ? f.starts.n : 0;
	doc->line_starts = pp_vec_seal(&doc->arena, &f.starts);
	if (!doc->line_starts)
		return PP_ENOMEM;
	report_utf8(doc, &f);
	if (len >= 3 && memcmp(copy, "\xEF\xBB\xBF", 3) == 0)
		doc->body = 3;
	return doc->arena.oom ? PP_ENOMEM : 0;
}

/* Called after pp_front_matter() has moved doc->body past the front matter. */
int pp_input_markdown(pp_doc *doc)
{
	walk w;
	memset(&w, 0, sizeof w);
	w.doc = doc;
	w.s = doc->src + doc->body;
	w.n = doc->len - doc->body;
	w.budget = ((uint64_t)1 << 22) + 8 * (uint64_t)w.n;
	w.at = (pp_vec)PP_VEC(uint32_t);
	w.sum = (pp_vec)PP_VEC(uint32_t);
	if (quiet(&w)) {
		doc->md = w.s;
		doc->md_len = (uint32_t)w.n;
		return 0;
	}
	walk_all(&w);  /* dry */
	int rc = report_limits(&w);
	if (rc)
		return rc;
	if (!w.changes) {
		doc->md = w.s;
		doc->md_len = (uint32_t)w.n;
		return 0;
	}
	size_t cap = w.o + 1;
	if (cap > UINT32_MAX)
		return PP_ELIMIT;
	char *out = pp_alloc(&doc->arena, cap);
	if (!out)
		return PP_ENOMEM;
	w.out = out;
	w.o = w.changes = 0;
	walk_all(&w);
	doc->nins = w.at.n;
	doc->ins_at = pp_vec_seal(&doc->arena, &w.at);
	doc->ins_sum = pp_vec_seal(&doc->arena, &w.sum);
	if (w.oom || (doc->nins && (!doc->ins_at || !doc->ins_sum)))
		return PP_ENOMEM;
	out[w.o] = 0;
	doc->md = out;
	doc->md_len = (uint32_t)w.o;
	return 0;
}
