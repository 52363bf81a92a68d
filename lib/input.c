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

/* Length of a valid UTF-8 sequence at s (n > 0 bytes left), 0 if invalid. */
static size_t utf8_valid(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
	if (!len || len > 4 || c > 0xF4 || n < len)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if (c == 0xE0 && s[1] < 0xA0)
		return 0; /* overlong */
	if (c == 0xED && s[1] >= 0xA0)
		return 0; /* surrogate */
	if (c == 0xF0 && s[1] < 0x90)
		return 0; /* overlong */
	if (c == 0xF4 && s[1] >= 0x90)
		return 0; /* beyond U+10FFFF */
	return len;
}

/* Reports each invalid sequence and NUL byte (the first MAX_UTF8_DIAGS of
 * them, then one summary), so a binary file cannot flood the list. */
static void check_utf8(pp_doc *doc)
{
	const unsigned char *s = (const unsigned char *)doc->src;
	size_t n = doc->len, i = 0, bad = 0;
	while (i < n) {
		if (s[i] >= 0x80 || s[i] == 0) {
			size_t l = s[i] ? utf8_valid(s + i, n - i) : 0;
			if (l) {
				i += l;
				continue;
			}
			if (++bad > MAX_UTF8_DIAGS)
				;
			else if (s[i])
				pp_diag(doc, "invalid-utf8", "warning", (uint32_t)i,
					"invalid UTF-8 byte 0x%02X read as U+FFFD", s[i]);
			else
				pp_diag(doc, "invalid-utf8", "warning", (uint32_t)i,
					"NUL byte read as U+FFFD");
			i++;
			continue;
		}
		i++;
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

/* Counts the rows to widen; 0 lets md4c read the source copy itself. */
static size_t count_short_rows(const char *s, size_t n)
{
	size_t count = 0, i = 0, prev_b = 0, prev_e = 0;
	bool have_prev = false;
	while (i < n) {
		size_t e = line_end(s, n, i);
		bool sc;
		if (have_prev && memchr(s + prev_b, '|', prev_e - prev_b) &&
		    !is_blank_line(s + prev_b, prev_e - prev_b) &&
		    delim_row(s + i, e - i, &sc) && sc)
			count++;
		prev_b = i, prev_e = e, have_prev = true;
		i = next_line(s, n, e);
	}
	return count;
}

static int rewrite_short_rows(pp_doc *doc, const char *s, size_t n)
{
	/* a row of k cells grows by at most 2 bytes a cell; bound by its length */
	pp_vec at = PP_VEC(uint32_t), sum = PP_VEC(uint32_t);
	size_t cap = n + 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '-')
			cap += 2;
	char *out = pp_alloc(&doc->arena, cap);
	if (!out)
		return PP_ENOMEM;
	size_t o = 0, i = 0, prev_b = 0, prev_e = 0, total = 0;
	bool have_prev = false;
	while (i < n) {
		size_t e = line_end(s, n, i), nx = next_line(s, n, e);
		bool sc;
		if (have_prev && memchr(s + prev_b, '|', prev_e - prev_b) &&
		    !is_blank_line(s + prev_b, prev_e - prev_b) &&
		    delim_row(s + i, e - i, &sc) && sc) {
			size_t w = widen_row(s + i, e - i, out + o);
			uint32_t *pa = pp_vec_push(&doc->arena, &at);
			uint32_t *ps = pp_vec_push(&doc->arena, &sum);
			if (!pa || !ps)
				goto oom;
			total += w - (e - i);
			*pa = (uint32_t)(o + (e - i)); /* inserted bytes sit at the row's end */
			*ps = (uint32_t)total;
			o += w;
			memcpy(out + o, s + e, nx - e);
			o += nx - e;
		} else {
			memcpy(out + o, s + i, nx - i);
			o += nx - i;
		}
		prev_b = i, prev_e = e, have_prev = true;
		i = nx;
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
oom:
	pp_vec_free(&doc->arena, &at);
	pp_vec_free(&doc->arena, &sum);
	return PP_ENOMEM;
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
