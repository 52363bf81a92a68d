/*
 * text.c: inline events to plain text, lines of a block, and the string
 * helpers the recognisers share (code points, keys, word matching).
 */
#include "internal.h"

#include <md4c.h>
#include <string.h>
#include <utf8proc.h>

/* ---- code points ------------------------------------------------------- */

int32_t pp_cp(const char *s, size_t n, size_t *adv)
{
	if (n && (unsigned char)s[0] < 0x80) { /* ASCII (NUL too) decodes as itself */
		*adv = 1;
		return (unsigned char)s[0];
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t l = n ? utf8proc_iterate((const utf8proc_uint8_t *)s,
	                                          (utf8proc_ssize_t)n, &cp) : 0;
	if (l <= 0) {
		*adv = n ? 1 : 0;
		return n ? 0xFFFD : -1;
	}
	*adv = (size_t)l;
	switch (cp) { /* full-width forms count as ASCII in every rule */
	case 0xFF3B: return '[';
	case 0xFF3D: return ']';
	case 0xFF08: return '(';
	case 0xFF09: return ')';
	case 0xFF1A: return ':';
	}
	return cp;
}

bool pp_is_space_cp(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
	       cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0xFEFF;
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Whether c is in a block of code points without case, where no other
 * code point lower-cases to c either: two different code points one of
 * which is here are different in lower case too, no utf8proc needed. */
static bool caseless(int32_t c)
{
	return (c >= 0x2000 && c < 0x2070) ||   /* general punctuation */
	       (c >= 0x2190 && c < 0x2300) ||   /* arrows, mathematical operators */
	       (c >= 0x3000 && c < 0x3100) ||   /* CJK punctuation, kana */
	       (c >= 0x4E00 && c < 0xA000) ||   /* CJK ideographs */
	       (c >= 0xAC00 && c < 0xD7A4);     /* Hangul syllables */
}

/* The rare part of pp_match_word(), out of line so that the common one
 * stays a leaf: from s[i] and word[wi] on, where a byte is not ASCII. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t match_word_cp(const char *s, size_t n, const char *word, size_t i, size_t wi)
{
	while (word[wi]) {
		unsigned char c = i < n ? (unsigned char)s[i] : 0, w = (unsigned char)word[wi];
		if (c < 0x80 && w < 0x80) { /* ASCII both sides: no decoding */
			if (!c || ascii_lower(c) != ascii_lower(w))
				return 0;
			i++, wi++;
			continue;
		}
		/* ASCII against non-ASCII: only full-width forms (pp_cp) can match */
		if ((c < 0x80) != (w < 0x80) && c != 0xEF && w != 0xEF)
			return 0;
		size_t a, b, wl = 1;
		while (wl < 4 && word[wi + wl]) /* a code point needs at most 4 bytes */
			wl++;
		int32_t wc = pp_cp(word + wi, wl, &b);
		if ((wc != 0xFFFD || b > 1) && b <= n - i && memcmp(s + i, word + wi, b) == 0) {
			i += b, wi += b; /* same bytes: same code point, no case folding */
			continue;
		}
		int32_t cc = pp_cp(s + i, n - i, &a);
		if (cc < 0 || (cc != wc && (caseless(cc) || caseless(wc) ||
		                            utf8proc_tolower(cc) != utf8proc_tolower(wc))))
			return 0;
		i += a;
		wi += b;
	}
	return i;
}

size_t pp_match_word(const char *s, size_t n, const char *word)
{
	/* ASCII both sides, nearly every call: byte against byte */
	for (size_t i = 0;; i++) {
		unsigned char w = (unsigned char)word[i], c = i < n ? (unsigned char)s[i] : 0;
		if (!w)
			return i;
		if ((c | w) >= 0x80) {
			/* ASCII against non-ASCII: only full-width forms (pp_cp) can match */
			if ((c < 0x80) != (w < 0x80) && c != 0xEF && w != 0xEF)
				return 0;
			return match_word_cp(s, n, word, i, i);
		}
		if (c != w && ascii_lower(c) != ascii_lower(w))
			return 0; /* a NUL (c) too: w is not one */
	}
}

/* ---- strings ----------------------------------------------------------- */

size_t pp_u32_dec(char *out, uint32_t v)
{
	char tmp[10];
	size_t n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = 0;
	return n;
}

pp_str pp_str_keep(pp_doc *doc, const char *s, size_t n)
{
	return s[n] ? pp_str_dup(doc, s, n) : (pp_str){ s, (uint32_t)n };
}

pp_str pp_str_dup(pp_doc *doc, const char *s, size_t n)
{
	char *p = pp_strndup(&doc->arena, s, n);
	return p ? (pp_str){ p, (uint32_t)n } : PP_NULLSTR;
}

/* Whether the code point at s (n > 0 bytes) may be one of
 * pp_is_space_cp()'s: ASCII white space, or the first two bytes of U+00A0
 * (C2 A0), U+2000-U+203F (E2 80), U+3000 (E3 80) or U+FEFF (EF BB).  Any
 * other start is another code point or an invalid sequence (U+FFFD). */
static bool may_be_space(const char *s, size_t n)
{
	unsigned char b = (unsigned char)s[0], b1 = n > 1 ? (unsigned char)s[1] : 0;
	return b == ' ' || (b >= '\t' && b <= '\r') || (b == 0xC2 && b1 == 0xA0) ||
	       ((b == 0xE2 || b == 0xE3) && b1 == 0x80) || (b == 0xEF && b1 == 0xBB);
}

/* pp_str_trim() past its first test, out of line so that the test stays
 * a leaf function. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static pp_str trim_cp(pp_str s)
{
	const char *p = s.s;
	size_t n = s.len, adv;
	while (n && may_be_space(p, n) && pp_is_space_cp(pp_cp(p, n, &adv)))
		p += adv, n -= adv;
	while (n) {
		/* step back over one code point */
		size_t k = n - 1;
		while (k && ((unsigned char)p[k] & 0xC0) == 0x80)
			k--;
		if (!may_be_space(p + k, n - k) || !pp_is_space_cp(pp_cp(p + k, n - k, &adv)))
			break;
		n = k;
	}
	return (pp_str){ p, (uint32_t)n };
}

pp_str pp_str_trim(pp_str s)
{
	const char *p = s.s;
	size_t n = s.len;
	/* ASCII other than space at both ends: nothing to trim (no space and
	 * no part of a multi-byte space) */
	if (!p || (n && (unsigned char)(p[0] - 0x21) < 0x5F && (unsigned char)(p[n - 1] - 0x21) < 0x5F))
		return s;
	return trim_cp(s);
}

/* ---- folded keys --------------------------------------------------------
 *
 * NFC + case fold into the arena, then collapse white space and drop a
 * trailing ':'.  Three paths give the same bytes: pure ASCII; text whose
 * every code point pp_fold_cp() knows (fold_known: no utf8proc); the rest
 * through utf8proc (pp_fold_utf8proc). */

/* pp_key_fold for pure ASCII with \f or \v, which count as white space
 * here (not on the other paths): lower case, white space collapsed. */
static pp_str key_fold_ascii(pp_arena *a, const char *s, size_t n)
{
	char *out = pp_alloc(a, n + 1);
	if (!out)
		return PP_NULLSTR;
	size_t o = 0;
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			space = o > 0;
			continue;
		}
		if (space)
			out[o++] = ' ', space = false;
		out[o++] = (char)ascii_lower((unsigned char)c);
	}
	while (o && (out[o - 1] == ':' || out[o - 1] == ' '))
		o--;
	out[o] = 0;
	return (pp_str){ out, (uint32_t)o };
}

/* The end of a folded key without a trailing ':' (ASCII, and one
 * full-width after them) or space: what the non-ASCII paths keep. */
static size_t fold_trim(const char *out, size_t o)
{
	while (o && (out[o - 1] == ':' || out[o - 1] == ' '))
		o--;
	if (o >= 3 && memcmp(out + o - 3, "\xEF\xBC\x9A", 3) == 0)
		o -= 3; /* full-width colon */
	return o;
}

int32_t pp_fold_cp(int32_t c)
{
	if (c < 0x80)
		return c > 0 ? ascii_lower(c) : -1;
	if (c < 0x100) /* Latin-1: ß folds to two letters, µ to Greek mu */
		return c == 0xDF ? -1 : c == 0xB5 ? 0x3BC :
		       c >= 0xC0 && c <= 0xDE && c != 0xD7 ? c + 0x20 : c;
	if (c >= 0x400 && c < 0x460) /* basic Cyrillic */
		return c < 0x410 ? c + 0x50 : c < 0x430 ? c + 0x20 : c;
	if (c >= 0x2002 && c < 0x2800) { /* punctuation, arrows, symbols, dingbats */
		if (c < 0x2028 || (c >= 0x2030 && c < 0x205F) || (c >= 0x2190 && c < 0x2460 &&
		    c != 0x2329 && c != 0x232A) || c >= 0x2500)
			return c; /* 2329/232A: NFC makes them 3008/3009 */
		return -1;
	}
	if ((c >= 0x3000 && c < 0x302A) || (c >= 0x3030 && c < 0x3040) ||
	    (c >= 0x3041 && c < 0x3097) || (c >= 0x309B && c < 0x3100) || /* kana, not 3099/309A */
	    (c >= 0x3400 && c < 0x4DC0) || (c >= 0x4E00 && c < 0xA000) || /* CJK ideographs */
	    (c >= 0xAC00 && c < 0xD7A4) || (c >= 0xFE00 && c < 0xFE10) || /* Hangul syllables */
	    (c >= 0x2B00 && c < 0x2C00) || (c >= 0x1F300 && c < 0x1FB00))  /* emoji */
		return c;
	if (c >= 0xFF01 && c < 0xFF5F) /* full-width ASCII */
		return c >= 0xFF21 && c <= 0xFF3A ? c + 0x20 : c;
	return -1;
}

/* A code point of valid UTF-8 at s (non-ASCII lead), its length in *len;
 * -1 for anything else, overlong forms included. */
static int32_t utf8_cp(const unsigned char *s, size_t n, size_t *len)
{
	static const int32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t l = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
	if (!l || l > n || s[0] >= 0xF5)
		return -1;
	int32_t c = s[0] & (0x7F >> l);
	for (size_t i = 1; i < l; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3F);
	}
	*len = l;
	return c >= min[l] ? c : -1;
}

static size_t utf8_put(char *o, int32_t c)
{
	if (c < 0x80)
		return o[0] = (char)c, 1;
	if (c < 0x800)
		return o[0] = (char)(0xC0 | c >> 6), o[1] = (char)(0x80 | (c & 0x3F)), 2;
	if (c < 0x10000)
		return o[0] = (char)(0xE0 | c >> 12), o[1] = (char)(0x80 | ((c >> 6) & 0x3F)),
		       o[2] = (char)(0x80 | (c & 0x3F)), 3;
	o[0] = (char)(0xF0 | c >> 18), o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3F)), o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* The 8 bytes at s lower-cased into out when fold_known()'s byte loop
 * would copy them but for case: ASCII without control bytes, and spaces
 * only single and inside (not first, not last); else false, nothing
 * written.  Most bytes of most keys go here. */
static inline bool lower8(char *out, const char *s)
{
	uint64_t v = pp_load8(s);
	if ((v & PP_HIGHS) | pp_has_less(v, 0x20) || s[0] == ' ' || s[7] == ' ')
		return false;
	uint64_t sp = pp_has_byte(v, ' '); /* every space flagged, maybe more */
	if (sp & (sp << 8))
		return false;
	/* the high bit of each byte from 'A' to 'Z' (bytes below 0x80 carry
	 * into no neighbour), moved down to 0x20 */
	uint64_t upper = (v + PP_ONES * (0x80 - 'A')) & ~(v + PP_ONES * (0x80 - 'Z' - 1)) & PP_HIGHS;
	v |= upper >> 2;
	memcpy(out, &v, 8);
	return true;
}

/* The fold of s when pp_fold_cp() knows every code point of it: each
 * folds on its own and no neighbour can combine with it, so no utf8proc
 * decomposition is needed.  A folded code point is never longer in UTF-8
 * than the original (tests check), so n + 1 bytes hold the result.
 * False, the arena as it was, at the first code point it does not know,
 * and at NUL, \f and \v (pp_fold_in() decides those). */
static bool fold_known(pp_arena *a, const char *s, size_t n, pp_str *res)
{
	char *out = pp_alloc_raw(a, n + 1);
	if (!out)
		return *res = PP_NULLSTR, true;
	size_t o = 0, len;
	bool space = false;
	for (size_t i = 0; i < n; i += len) {
		/* o + space <= i: the output never runs ahead of the input */
		if (n - i >= 8 && lower8(out + o + space, s + i)) {
			if (space)
				out[o++] = ' ', space = false;
			o += 8;
			len = 8;
			continue;
		}
		unsigned char b = (unsigned char)s[i];
		int32_t f;
		if (b < 0x80) {
			len = 1;
			if (b > ' ') { /* most bytes of most keys */
				if (space)
					out[o++] = ' ', space = false;
				out[o++] = (char)ascii_lower(b);
				continue;
			}
			f = b && b != '\f' && b != '\v' ? b : -1;
		} else {
			int32_t c = utf8_cp((const unsigned char *)s + i, n - i, &len);
			f = c < 0 ? -1 : pp_fold_cp(c);
		}
		if (f < 0) {
			pp_alloc_shrink(a, out, n + 1, 0);
			return false;
		}
		if (pp_is_space_cp(f)) {
			space = o > 0;
			continue;
		}
		if (space)
			out[o++] = ' ', space = false;
		o += utf8_put(out + o, f);
	}
	o = fold_trim(out, o);
	out[o] = 0;
	*res = (pp_str){ out, (uint32_t)o };
	return true;
}

#define FOLD_SMALL 256

/* NFC + case fold of s as code points in *buf: in small (FOLD_SMALL of
 * them) when they fit, so most keys are decomposed once and leave nothing
 * in the arena; else sized first and put in the arena.  Invalid UTF-8
 * folds ASCII only.  *buf is NULL on out-of-memory. */
static utf8proc_ssize_t fold_cps(pp_arena *a, const char *s, size_t n,
                                 utf8proc_int32_t *small, utf8proc_int32_t **buf)
{
	const utf8proc_option_t o = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t cps = utf8proc_decompose(u, (utf8proc_ssize_t)n, small, FOLD_SMALL, o);
	*buf = small;
	if (cps > FOLD_SMALL) {
		if (!(*buf = pp_alloc(a, ((size_t)cps + 1) * 4 + 1)))
			return 0;
		cps = utf8proc_decompose(u, (utf8proc_ssize_t)n, *buf, cps, o);
	} else if (cps < 0 && n > FOLD_SMALL && !(*buf = pp_alloc(a, (n + 1) * 4 + 1))) {
		return 0;
	}
	if (cps < 0) {
		for (size_t i = 0; i < n; i++)
			(*buf)[i] = (unsigned char)s[i] < 0x80 ? utf8proc_tolower(s[i]) : 0xFFFD;
		cps = (utf8proc_ssize_t)n;
	}
	return utf8proc_normalize_utf32(*buf, cps, o);
}

pp_str pp_fold_utf8proc(pp_arena *a, const char *s, size_t n)
{
	utf8proc_int32_t small[FOLD_SMALL], *buf;
	utf8proc_ssize_t cps = fold_cps(a, s, n, small, &buf);
	if (!buf)
		return PP_NULLSTR;
	char *out = pp_alloc(a, (size_t)(cps > 0 ? cps : 0) * 4 + 1);
	if (!out)
		return PP_NULLSTR;
	size_t o_n = 0;
	bool space = false;
	for (utf8proc_ssize_t i = 0; i < cps; i++) {
		int32_t c = buf[i];
		if (pp_is_space_cp(c)) {
			space = o_n > 0;
			continue;
		}
		if (space)
			out[o_n++] = ' ', space = false;
		o_n += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + o_n);
	}
	o_n = fold_trim(out, o_n);
	out[o_n] = 0;
	return (pp_str){ out, (uint32_t)o_n };
}

pp_str pp_key_fold(pp_doc *doc, const char *s, size_t n)
{
	return pp_fold_in(&doc->arena, s, n);
}

pp_str pp_fold_in(pp_arena *a, const char *s, size_t n)
{
	pp_str r;
	if (fold_known(a, s, n, &r))
		return r;
	size_t k = 0;
	while (k < n && (unsigned char)s[k] < 0x80 && s[k])
		k++;
	return k == n ? key_fold_ascii(a, s, n) : pp_fold_utf8proc(a, s, n);
}

pp_str pp_key_name(pp_doc *doc, const char *s, size_t n)
{
	pp_str k = pp_key_fold(doc, s, n);
	for (uint32_t i = 0; i < k.len; i++)
		if (k.s[i] == ' ' || k.s[i] == '-')
			((char *)k.s)[i] = '_';
	return k;
}

/* ---- entities ---------------------------------------------------------- */

static const struct { const char *name, *utf8; } entities[] = {
	{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
	{ "apos", "'" }, { "nbsp", "\xC2\xA0" }, { "copy", "\xC2\xA9" },
	{ "reg", "\xC2\xAE" }, { "trade", "\xE2\x84\xA2" }, { "mdash", "\xE2\x80\x94" },
	{ "ndash", "\xE2\x80\x93" }, { "hellip", "\xE2\x80\xA6" }, { "laquo", "\xC2\xAB" },
	{ "raquo", "\xC2\xBB" }, { "ldquo", "\xE2\x80\x9C" }, { "rdquo", "\xE2\x80\x9D" },
	{ "lsquo", "\xE2\x80\x98" }, { "rsquo", "\xE2\x80\x99" }, { "bull", "\xE2\x80\xA2" },
	{ "middot", "\xC2\xB7" }, { "times", "\xC3\x97" }, { "divide", "\xC3\xB7" },
	{ "deg", "\xC2\xB0" }, { "plusmn", "\xC2\xB1" }, { "sect", "\xC2\xA7" },
	{ "para", "\xC2\xB6" }, { "euro", "\xE2\x82\xAC" }, { "pound", "\xC2\xA3" },
	{ "yen", "\xC2\xA5" }, { "cent", "\xC2\xA2" }, { "larr", "\xE2\x86\x90" },
	{ "rarr", "\xE2\x86\x92" }, { "uarr", "\xE2\x86\x91" }, { "darr", "\xE2\x86\x93" },
	{ "harr", "\xE2\x86\x94" }, { "rArr", "\xE2\x87\x92" }, { "check", "\xE2\x9C\x93" },
	{ "cross", "\xE2\x9C\x97" }, { "le", "\xE2\x89\xA4" }, { "ge", "\xE2\x89\xA5" },
	{ "ne", "\xE2\x89\xA0" }, { "asymp", "\xE2\x89\x88" }, { "infin", "\xE2\x88\x9E" },
	{ "shy", "\xC2\xAD" }, { "ensp", "\xE2\x80\x82" }, { "emsp", "\xE2\x80\x83" },
	{ "thinsp", "\xE2\x80\x89" }, { "zwj", "\xE2\x80\x8D" }, { "zwnj", "\xE2\x80\x8C" },
	{ "star", "\xE2\x98\x86" }, { "starf", "\xE2\x98\x85" }, { "hearts", "\xE2\x99\xA5" },
	{ "lbrack", "[" }, { "rbrack", "]" }, { "lpar", "(" }, { "rpar", ")" },
	{ "colon", ":" }, { "vert", "|" }, { "verbar", "|" }, { "ast", "*" },
	{ "num", "#" }, { "grave", "`" }, { "lowbar", "_" }, { "Tab", "\t" },
};

/* Decodes an entity (`&amp;`, `&#35;`, `&#x1F600;`) into out (>= 5 bytes);
 * returns the bytes written, 0 to keep the entity as written. */
static size_t decode_entity(const char *s, size_t n, char *out)
{
	if (n < 3 || s[0] != '&' || s[n - 1] != ';')
		return 0;
	if (s[1] == '#') {
		bool hex = n > 3 && (s[2] == 'x' || s[2] == 'X');
		uint32_t v = 0;
		for (size_t i = hex ? 3 : 2; i < n - 1; i++) {
			int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0'
			      : hex && (s[i] | 32) >= 'a' && (s[i] | 32) <= 'f' ? (s[i] | 32) - 'a' + 10 : -1;
			if (d < 0 || v > 0x10FFFF)
				return 0;
			v = v * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (v == 0 || !utf8proc_codepoint_valid((utf8proc_int32_t)v))
			v = 0xFFFD;
		return (size_t)utf8proc_encode_char((utf8proc_int32_t)v, (utf8proc_uint8_t *)out);
	}
	for (size_t i = 0; i < sizeof entities / sizeof *entities; i++) {
		size_t l = strlen(entities[i].name);
		if (l == n - 2 && memcmp(s + 1, entities[i].name, l) == 0) {
			size_t k = strlen(entities[i].utf8);
			memcpy(out, entities[i].utf8, k);
			return k;
		}
	}
	return 0;
}

/* ---- text of events ---------------------------------------------------- */

typedef struct tbuf {
	char *p;
	size_t n;
	bool space;   /* a white space run is pending */
} tbuf;

static void put_space(tbuf *t)
{
	t->space = t->n > 0;
}

static void put_bytes(tbuf *t, const char *s, size_t n)
{
	if (t->space) {
		t->p[t->n++] = ' ';
		t->space = false;
	}
	memcpy(t->p + t->n, s, n);
	t->n += n;
}

static bool is_ws(unsigned char c)
{
	return c == ' ' || (unsigned char)(c - '\t') <= '\r' - '\t'; /* \t \n \v \f \r */
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define PP_WORD_STORES 1
#endif

/* put_text() for bytes known to be valid UTF-8 without NUL: only white
 * space and control bytes (< 0x21) need a look.  Words are short (a space
 * every 6 bytes or so), so rather than a memcpy() per word, each step
 * stores 8 source bytes as they are and keeps those before the first byte
 * < 0x21 (the lowest lane pp_has_less() flags is exact).  The bytes stored
 * beyond are overwritten or dropped: pp_text() reserves 3 bytes per source
 * byte, and the clean path writes at most one per byte, so 8 more fit. */
static void put_clean(tbuf *t, const char *s, size_t n)
{
	char *base = t->p, *o = base + t->n;
	bool space = t->space;
	size_t i = 0;
	while (i < n) {
		size_t k = 0;
#ifdef PP_WORD_STORES
		if (n - i >= 8) {
			uint64_t v = pp_load8(s + i), m = pp_has_less(v, 0x21);
			k = m ? pp_ctz(m) / 8 : 8;
			if (k && space)
				*o++ = ' ', space = false;
			memcpy(o, &v, 8);
			o += k;
			i += k;
			if (k == 8)
				continue;
		} else
#endif
		{
			while (i + k < n && (unsigned char)s[i + k] > ' ')
				k++;
			if (k) {
				if (space)
					*o++ = ' ', space = false;
				memcpy(o, s + i, k);
				o += k;
				i += k;
			}
			if (i == n)
				break;
		}
		unsigned char c = (unsigned char)s[i++];
		if (is_ws(c)) {
			space = o > base;
		} else { /* a control character */
			if (space)
				*o++ = ' ', space = false;
			*o++ = (char)c;
		}
	}
	t->n = (size_t)(o - base);
	t->space = space;
}

#ifdef PP_WORD_STORES
/* High bit of each byte of v that is a space (exact, unlike pp_has_byte()
 * above a match). */
static uint64_t space_lanes(uint64_t v)
{
	uint64_t x = v ^ (PP_ONES * ' '), low7 = PP_ONES * 0x7F;
	return ~(((x & low7) + low7) | x) & PP_HIGHS;
}
#endif

/* Whether s[0..n) needs no change as plain text: no byte below a space
 * (tabs, line ends, control characters) and no two spaces in a row.  Reads
 * up to 7 bytes past the end while below lim. */
static bool single_spaced(const char *s, size_t n, const char *lim)
{
	size_t i = 0;
#ifdef PP_WORD_STORES
	uint64_t bad = 0, carry = 0; /* carry: the previous word ended in a space */
#ifdef PP_SSE2
	/* 16 bytes a step, as bit masks of their spaces and controls; most
	 * text events are long enough for one or two steps */
	const __m128i sp16 = _mm_set1_epi8(' '), ctl16 = _mm_set1_epi8(0x1F);
	unsigned bad16 = 0, carry16 = 0;
	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, sp16));
		bad16 |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, ctl16), v)) |
		         (sp & ((sp << 1) | carry16));
		carry16 = sp >> 15;
	}
	if (bad16)
		return false;
	carry = carry16 ? 0x80 : 0;
#endif
	for (; n - i >= 8; i += 8) {
		uint64_t v = pp_load8(s + i), sp = space_lanes(v);
		bad |= pp_has_less(v, 0x20) | (sp & ((sp << 8) | carry));
		carry = sp >> 56;
	}
	if (i < n && (size_t)(lim - (s + i)) >= 8) {
		/* the lanes past the end are dropped; a byte below 0x20 there
		 * flags only lanes above it, past the end too */
		uint64_t v = pp_load8(s + i), sp = space_lanes(v);
		bad |= (pp_has_less(v, 0x20) | (sp & ((sp << 8) | carry))) &
		       (PP_HIGHS >> (8 * (8 - (n - i))));
		i = n;
	}
	if (bad || (i && i < n && s[i - 1] == ' ' && s[i] == ' '))
		return false;
#endif
	for (; i < n; i++)
		if ((unsigned char)s[i] < ' ' || (s[i] == ' ' && i + 1 < n && s[i + 1] == ' '))
			return false;
	return true;
}

#if defined(PP_WORD_STORES) && defined(PP_SSE2)
#define PP_COPY16 1
/* single_spaced() and the copy in one reading, 16 bytes a step: each step
 * stores its 16 bytes to out as they are (pp_text() reserves 16 bytes more
 * than it writes, and a failed check leaves t->n where it was, so what is
 * stored beyond is overwritten or dropped).  The last step's lanes past n
 * are dropped from the masks.  The caller makes sure whole steps can be
 * read. */
static bool copy_spaced16(char *out, const char *s, size_t n)
{
	const __m128i sp16 = _mm_set1_epi8(' '), ctl16 = _mm_set1_epi8(0x1F);
	unsigned bad = 0, carry = 0, m = 0;
	size_t i = 0;
	for (;;) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		_mm_storeu_si128((__m128i *)(void *)(out + i), v);
		unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, sp16));
		m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, ctl16), v)) |
		    (sp & ((sp << 1) | carry));
		if (n - i <= 16)
			break;
		bad |= m;
		carry = (sp >> 15) & 1;
		i += 16;
	}
	/* the last step: n - i lanes of it */
	return !(bad | (m & (0xFFFFu >> (16 - (n - i)))));
}
#endif

/* put_clean() of most text events: leading and trailing spaces become a
 * pending space, the rest is copied as it is when single_spaced().  False
 * (nothing done) when it is not. */
static bool put_plain(tbuf *t, const char *s, size_t n, const char *lim)
{
	size_t b = 0, e = n;
	while (b < e && s[b] == ' ')
		b++;
	while (e > b && s[e - 1] == ' ')
		e--;
#ifdef PP_COPY16
	if (e > b && (size_t)(lim - (s + b)) >= ((e - b + 15) & ~(size_t)15)) {
		bool space = t->space || (b && t->n > 0);  /* the space before them */
		if (!copy_spaced16(t->p + t->n + space, s + b, e - b))
			return false;
		if (space)
			t->p[t->n++] = ' ';
		t->n += e - b;
		t->space = false;
		if (e < n)
			put_space(t);
		return true;
	}
#endif
	if (!single_spaced(s + b, e - b, lim))
		return false;
	if (b)
		put_space(t);
	if (e > b)
		put_bytes(t, s + b, e - b);
	if (e < n)
		put_space(t);
	return true;
}

/* Whether [s, s + n) of the source starts and ends on character bounds. */
static bool on_bounds(const char *s, size_t n)
{
	return ((unsigned char)s[0] & 0xC0) != 0x80 && ((unsigned char)s[n] & 0xC0) != 0x80;
}

/* Appends source text: ASCII white space runs fold to one space, invalid
 * UTF-8 and NUL become U+FFFD. */
static void put_text(tbuf *t, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			put_space(t);
			i++;
			continue;
		}
		size_t run = i;
		while (run < n && (unsigned char)s[run] > ' ' && (unsigned char)s[run] < 0x80)
			run++;
		if (run > i) {
			put_bytes(t, s + i, run - i);
			i = run;
			continue;
		}
		size_t bad, l = pp_utf8_check((const unsigned char *)s + i, n - i, &bad);
		if (l) {
			put_bytes(t, s + i, l);
			i += l;
		} else {
			put_bytes(t, "\xEF\xBF\xBD", 3);
			i += bad;
		}
	}
}

/* Source text of a text event: copied as it is where it can be. */
static void put_source(const pp_doc *doc, tbuf *t, const char *s, size_t n)
{
	/* a valid input cut on character bounds is valid text */
	if (!doc->utf8_clean || !n || !on_bounds(s, n))
		put_text(t, s, n);
	else if (!put_plain(t, s, n, doc->src + doc->len + 1))
		put_clean(t, s, n);
}

/* Appends the part of event e inside [from, to). */
static inline void put_event(const pp_doc *doc, tbuf *t, const pp_event *e, uint32_t from,
                             uint32_t to)
{
	if (e->kind != EV_TEXT)
		return;
	/* clip to [from, to); an entity is all or nothing */
	uint32_t b = e->off, end = e->off + e->len;
	if (b < from)
		b = e->type == MD_TEXT_ENTITY ? end : from;
	if (end > to)
		end = to;
	if (b >= end && !(e->len == 0 && e->off >= from && e->off < to))
		return;
	const char *s = doc->src + b;
	uint32_t n = end > b ? end - b : 0;
	char ent[8];
	size_t k;
	switch (e->type) {
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		put_space(t);
		break;
	case MD_TEXT_HTML:
		break; /* inline tags render as nothing */
	case MD_TEXT_NULLCHAR:
		put_bytes(t, "\xEF\xBF\xBD", 3);
		break;
	case MD_TEXT_ENTITY:
		if ((k = decode_entity(s, n, ent)) > 0)
			put_bytes(t, ent, k);
		else
			put_text(t, s, n);
		break;
	default:
		put_source(doc, t, s, n);
	}
}

#ifdef PP_COPY16
/* pp_text() of one event of source text inside [from, to) of a valid
 * input, the most common call, when its text is its bytes as they are,
 * trimmed of spaces (put_plain() would copy them); else false, nothing kept.
 * Its own function, so that it saves no registers for the general one. */
static bool text_plain(pp_doc *doc, const pp_event *e, uint32_t from, uint32_t to, pp_str *r)
{
	if (!(e->kind == EV_TEXT && (e->type == MD_TEXT_NORMAL || e->type == MD_TEXT_CODE) &&
	      e->len && e->off >= from && e->off + e->len <= to && doc->utf8_clean))
		return false;
	const char *s = doc->src + e->off;
	size_t b = 0, n = e->len;
	if (!on_bounds(s, n))
		return false;
	while (b < n && s[b] == ' ')
		b++;
	while (n > b && s[n - 1] == ' ')
		n--;
	size_t k = n - b, cap = k + 1 + 16;  /* 16: what copy_spaced16() may store beyond */
	if (!k || (size_t)(doc->src + doc->len + 1 - (s + b)) < ((k + 15) & ~(size_t)15))
		return false;
	char *p = pp_alloc_raw(&doc->arena, cap);
	if (!p || !copy_spaced16(p, s + b, k)) {
		if (p)
			pp_alloc_shrink(&doc->arena, p, cap, 0);
		return false;
	}
	p[k] = 0;
	pp_alloc_shrink(&doc->arena, p, cap, k + 1);
	*r = (pp_str){ p, (uint32_t)k };
	return true;
}
#endif

pp_str pp_text(pp_doc *doc, uint32_t eb, uint32_t ee, uint32_t from, uint32_t to)
{
	const pp_event *ev = doc->events;
#ifdef PP_COPY16
	pp_str r;
	if (ee - eb == 1 && text_plain(doc, &ev[eb], from, to, &r))
		return r;
#endif
	size_t cap = 1 + 16;  /* 16: what put_plain() may store beyond its bytes */
	for (uint32_t i = eb; i < ee; i++)
		cap += ev[i].len * 3 + 4; /* U+FFFD may triple a byte */
	tbuf t = { pp_alloc_raw(&doc->arena, cap), 0, false };
	if (!t.p)
		return PP_NULLSTR;
	for (uint32_t i = eb; i < ee; i++)
		put_event(doc, &t, &ev[i], from, to);
	t.p[t.n] = 0;
	pp_alloc_shrink(&doc->arena, t.p, cap, t.n + 1); /* cap is the worst case */
	return (pp_str){ t.p, (uint32_t)t.n };
}

pp_inl pp_own_inl(const pp_doc *doc, const pp_block *b)
{
	uint32_t ee = b->first_child == PP_NO ? b->ev_end : doc->blocks[b->first_child].ev_begin;
	return (pp_inl){ b->ev_begin, ee };
}

pp_str pp_inl_text(pp_doc *doc, pp_inl r)
{
	return pp_text(doc, r.eb, r.ee, 0, UINT32_MAX);
}

bool pp_item_first(const pp_doc *doc, const pp_block *li, pp_inl *r, const pp_block **para)
{
	*r = pp_own_inl(doc, li);
	*para = NULL;
	if (r->ee > r->eb)
		return true;
	if (li->first_child == PP_NO)
		return false;
	const pp_block *c = &doc->blocks[li->first_child];
	if (c->type != MD_BLOCK_P && c->type != MD_BLOCK_H)
		return false;
	*r = pp_own_inl(doc, c);
	*para = c;
	return true;
}
