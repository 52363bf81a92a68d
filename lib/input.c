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

/* Reports each invalid sequence and NUL byte (the first MAX_UTF8_DIAGS of
 * them, then one summary), so a binary file cannot flood the list. */
static void check_utf8(pp_doc *doc)
{
	const unsigned char *s = (const unsigned char *)doc->src;
	size_t n = doc->len, i = 0, bad = 0;
	while (i < n) {
		if (s[i] < 0x80 && s[i]) {
			i++;
			continue;
		}
		size_t skip, l = pp_utf8_check(s + i, n - i, &skip);
		if (l) {
			i += l;
			continue;
		}
		if (++bad > MAX_UTF8_DIAGS)
			;
		else if (skip > 1)
			pp_diag(doc, "invalid-utf8", "warning", (uint32_t)i,
				"truncated UTF-8 sequence of %zu bytes read as U+FFFD", skip);
		else if (s[i])
			pp_diag(doc, "invalid-utf8", "warning", (uint32_t)i,
				"invalid UTF-8 byte 0x%02X read as U+FFFD", s[i]);
		else
			pp_diag(doc, "invalid-utf8", "warning", (uint32_t)i,
				"NUL byte read as U+FFFD");
		i += skip;
	}
	if (bad > MAX_UTF8_DIAGS)
		pp_diag(doc, "invalid-utf8", "warning", (uint32_t)n,
			"%zu more invalid UTF-8 sequences or NUL bytes not listed",
			bad - MAX_UTF8_DIAGS);
}

static int index_lines(pp_doc *doc)
{
	pp_vec v = PP_VEC(uint32_t);
	const char *s = doc->src;
	uint32_t n = doc->len;
	uint32_t *p = pp_vec_push(&doc->arena, &v);
	if (!p)
		return PP_ENOMEM;
	*p = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (s[i] != '\n' && s[i] != '\r')
			continue;
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			i++;
		if (i + 1 == n)
			break; /* a final line ending opens no new line */
		if (!(p = pp_vec_push(&doc->arena, &v)))
			return pp_vec_free(&doc->arena, &v), PP_ENOMEM;
		*p = i + 1;
	}
	doc->line_count = n ? v.n : 0;
	doc->line_starts = pp_vec_seal(&doc->arena, &v);
	return doc->line_starts ? 0 : PP_ENOMEM;
}

/* ---- short delimiter rows ---------------------------------------------- */

static bool is_blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* Whether a line is a table delimiter row, and whether some cell has fewer
 * than three dashes (then md4c 0.4.8 needs it widened). */
static bool delim_row(const char *s, size_t n, bool *short_cell)
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
	return cells > 0 && (pipe || cells > 1);
}

/* Widens every short cell of the delimiter row [s, s+n) into out. */
static size_t widen_row(const char *s, size_t n, char *out)
{
	size_t o = 0, i = 0;
	while (i < n) {
		if (s[i] != '-') {
			out[o++] = s[i++];
			continue;
		}
		size_t d = 0;
		while (i < n && s[i] == '-')
			i++, d++;
		for (size_t k = 0; k < (d < 3 ? 3 : d); k++)
			out[o++] = '-';
	}
	return o;
}

/* Line ends at the first CR or LF at or after i. */
static size_t line_end(const char *s, size_t n, size_t i)
{
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

/* Walks the lines, tracking tables, to find the delimiter rows to widen:
 * a delimiter row with a short cell right under a non-blank line holding a
 * `|`, outside a table already open (its body rows may be all dashes). */
typedef struct rows {
	const char *s;
	size_t n, i;          /* the next line starts at i */
	size_t b, e, next;    /* the current line [b, e) and the one after */
	size_t pb, pe;        /* the line before */
	bool have_prev, in_table;
} rows;

static bool first_char_may_delim(const char *s, size_t b, size_t e)
{
	while (b < e && (s[b] == ' ' || s[b] == '\t'))
		b++;
	return b < e && (s[b] == '|' || s[b] == ':' || s[b] == '-');
}

/* Moves to the next line; true when it is a row to widen. */
static bool next_row(rows *r)
{
	if (r->i >= r->n)
		return false;
	r->pb = r->b, r->pe = r->e;
	r->have_prev = r->i > 0;
	r->b = r->i;
	r->e = line_end(r->s, r->n, r->b);
	r->next = r->i = next_line(r->s, r->n, r->e);
	const char *s = r->s;
	bool sc;
	if (is_blank_line(s + r->b, r->e - r->b)) {
		r->in_table = false;
		return false;
	}
	if (r->in_table || !r->have_prev || !first_char_may_delim(s, r->b, r->e) ||
	    !memchr(s + r->pb, '|', r->pe - r->pb) || is_blank_line(s + r->pb, r->pe - r->pb) ||
	    !delim_row(s + r->b, r->e - r->b, &sc))
		return false;
	r->in_table = true;
	return sc;
}

/* Counts the rows to widen; 0 lets md4c read the source copy itself. */
static size_t count_short_rows(const char *s, size_t n)
{
	rows r = { .s = s, .n = n };
	size_t count = 0;
	while (r.i < n)
		count += next_row(&r);
	return count;
}

static int rewrite_short_rows(pp_doc *doc, const char *s, size_t n)
{
	/* each dash grows into at most three */
	pp_vec at = PP_VEC(uint32_t), sum = PP_VEC(uint32_t);
	size_t cap = n + 1, o = 0, total = 0;
	for (size_t i = 0; i < n; i++)
		cap += s[i] == '-' ? 2 : 0;
	char *out = pp_alloc(&doc->arena, cap);
	if (!out)
		return PP_ENOMEM;
	rows r = { .s = s, .n = n };
	while (r.i < n) {
		if (!next_row(&r)) {
			memcpy(out + o, s + r.b, r.next - r.b);
			o += r.next - r.b;
			continue;
		}
		size_t w = widen_row(s + r.b, r.e - r.b, out + o);
		uint32_t *pa = pp_vec_push(&doc->arena, &at), *ps = pp_vec_push(&doc->arena, &sum);
		if (!pa || !ps) {
			pp_vec_free(&doc->arena, &at);
			pp_vec_free(&doc->arena, &sum);
			return PP_ENOMEM;
		}
		total += w - (r.e - r.b);
		*pa = (uint32_t)(o + (r.e - r.b)); /* inserted bytes sit at the row's end */
		*ps = (uint32_t)total;
		o += w;
		memcpy(out + o, s + r.e, r.next - r.e);
		o += r.next - r.e;
	}
	out[o] = 0;
	doc->nins = at.n;
	doc->ins_at = pp_vec_seal(&doc->arena, &at);
	doc->ins_sum = pp_vec_seal(&doc->arena, &sum);
	if (!doc->ins_at || !doc->ins_sum)
		return PP_ENOMEM;
	doc->md = out;
	doc->md_len = (uint32_t)o;
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
	char *copy = pp_alloc(&doc->arena, len + 1);
	if (!copy)
		return PP_ENOMEM;
	if (len)
		memcpy(copy, text, len);
	copy[len] = 0;
	doc->src = copy;
	doc->len = (uint32_t)len;
	int rc = index_lines(doc);
	if (rc)
		return rc;
	check_utf8(doc);
	if (len >= 3 && memcmp(copy, "\xEF\xBB\xBF", 3) == 0)
		doc->body = 3;
	return doc->arena.oom ? PP_ENOMEM : 0;
}

/* Called after pp_front_matter() has moved doc->body past the front matter. */
int pp_input_markdown(pp_doc *doc)
{
	const char *s = doc->src + doc->body;
	size_t n = doc->len - doc->body;
	if (!count_short_rows(s, n)) {
		doc->md = s;
		doc->md_len = (uint32_t)n;
		return 0;
	}
	return rewrite_short_rows(doc, s, n);
}
