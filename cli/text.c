/*
 * text.c: display widths with utf8proc, truncation on code point
 * boundaries, and a small growable buffer.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#define REPLACEMENT 0xFFFD

void cli_buf_add(cli_buf *b, const char *s, size_t n)
{
	if (b->oom || n == 0)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void cli_buf_addz(cli_buf *b, const char *s)
{
	if (s)
		cli_buf_add(b, s, strlen(s));
}

void cli_buf_free(cli_buf *b)
{
	free(b->s);
	memset(b, 0, sizeof *b);
}

/* Decodes the code point at s[0..n), as drawn: invalid bytes and control
 * characters become U+FFFD, tab and newline a space.  Returns its length. */
static size_t next_cp(const char *s, size_t n, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s,
	                                      (utf8proc_ssize_t)n, &c);
	if (k <= 0) {
		*cp = REPLACEMENT;
		return 1;
	}
	if (c == '\t' || c == '\n' || c == '\r')
		c = ' ';
	else if (c < 0x20 || (c >= 0x7F && c < 0xA0))
		c = REPLACEMENT;
	*cp = c;
	return (size_t)k;
}

static size_t cp_width(int32_t cp)
{
	int w = utf8proc_charwidth(cp);
	return w > 0 ? (size_t)w : 0;
}

size_t cli_width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		i += next_cp(s + i, n - i, &cp);
		w += cp_width(cp);
	}
	return w;
}

static void put_cp(FILE *out, int32_t cp)
{
	utf8proc_uint8_t b[4];
	utf8proc_ssize_t k = utf8proc_encode_char(cp, b);
	fwrite(b, 1, (size_t)k, out);
}

static void pad_to(FILE *out, size_t w, size_t maxw)
{
	for (; w < maxw; w++)
		putc(' ', out);
}

size_t cli_put(FILE *out, const char *s, size_t n, size_t maxw, bool pad)
{
	size_t total = cli_width(s, n);
	size_t limit = total <= maxw ? maxw : (maxw ? maxw - 1 : 0); /* room for … */
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t k = next_cp(s + i, n - i, &cp);
		size_t cw = cp_width(cp);
		if (w + cw > limit)
			break;
		put_cp(out, cp);
		w += cw;
		i += k;
	}
	if (total > maxw && maxw) {
		fputs("\xE2\x80\xA6", out);
		w++;
	}
	if (pad)
		pad_to(out, w, maxw);
	return pad && w < maxw ? maxw : w;
}
