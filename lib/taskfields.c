/*
 * taskfields.c: what a task's text says about it: its ID, the bracketed
 * markers after it ([P], [US1], [P1]), priority, owner and title.  Works on
 * the plain text of the item (markup already removed).
 */
#include "internal.h"

#include <string.h>

static bool upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool digit(char c) { return c >= '0' && c <= '9'; }
static bool alnum(char c) { return upper(c) || digit(c) || (c >= 'a' && c <= 'z'); }

/* Whether an ID may end here: end of text, space or punctuation. */
static bool id_end(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return true;
	char c = s[i];
	return c == ' ' || c == ':' || c == ')' || c == ']' || c == ',' || c == '\t' ||
	       ((c == '.' || c == ';') && (i + 1 >= n || s[i + 1] == ' ')) ||
	       (unsigned char)c >= 0x80;
}

/* Length of an ID token at s (0 if none); *ph set for DEV-XXX templates.
 * Forms: PREFIX-N / PREFIX_N (DEV-123, TASK_001, T-014), T + 2-4 digits
 * (and its subtasks T003.1),
 * dotted numbers (1.1, 2.3.4), #N. */
size_t pp_id_token(const char *s, size_t n, bool *ph)
{
	size_t i = 0;
	*ph = false;
	if (n >= 2 && s[0] == '#' && digit(s[1])) {
		for (i = 1; i < n && digit(s[i]); i++)
			;
		return id_end(s, n, i) ? i : 0;
	}
	if (n && digit(s[0])) { /* dotted number: needs an inner dot */
		bool dot = false;
		for (i = 0; i < n && (digit(s[i]) || (s[i] == '.' && i + 1 < n && digit(s[i + 1]))); i++)
			dot |= s[i] == '.';
		return dot && id_end(s, n, i) ? i : 0;
	}
	if (!n || !upper(s[0]))
		return 0;
	for (i = 1; i < n && (upper(s[i]) || digit(s[i])); i++)
		;
	if (i < n && (s[i] == '-' || s[i] == '_')) {
		size_t j = i + 1, k;
		for (k = j; k < n && (digit(s[k]) || s[k] == 'X'); k++)
			;
		if (k > j && id_end(s, n, k)) {
			*ph = memchr(s + j, 'X', k - j) != NULL;
			return k;
		}
		return 0;
	}
	if (s[0] == 'T' && i >= 3 && i <= 5) {
		for (size_t k = 1; k < i; k++)
			if (!digit(s[k]))
				return 0;
		/* subtasks: T003.1, T003.1.2 */
		while (i + 1 < n && s[i] == '.' && digit(s[i + 1]))
			for (i++; i < n && digit(s[i]); i++)
				;
		return id_end(s, n, i) ? i : 0;
	}
	return 0;
}

/* An ID written in parentheses or brackets in the text, `(DEV-123)`, or
 * after Obsidian's 🆔, starting at s[i] (a `(`, `[` or the first byte of
 * 🆔): its start, or n when none. */
static size_t inside_at(const char *s, size_t n, size_t i, size_t *len, bool *ph)
{
	if (i + 1 >= n)
		return n;
	if (s[i] == '(' || s[i] == '[') {
		size_t k = pp_id_token(s + i + 1, n - i - 1, ph);
		char close = s[i] == '(' ? ')' : ']';
		if (k && i + 1 + k < n && s[i + 1 + k] == close && s[i + 1] != '#') {
			*len = k;
			return i + 1;
		}
	} else if (i + 4 < n && memcmp(s + i, "\xF0\x9F\x86\x94", 4) == 0) { /* 🆔 */
		size_t b = i + 4;
		while (b < n && s[b] == ' ')
			b++;
		size_t e = b;
		while (e < n && s[e] != ' ')
			e++;
		if (e > b) {
			*len = e - b;
			*ph = false;
			return b;
		}
	}
	return n;
}

/* The first such ID in the text; its start, or n when none. */
size_t pp_id_inside(const char *s, size_t n, size_t *len, bool *ph)
{
	for (size_t at = 0; at < n; at += 16)
	for (unsigned m = pp_byte_lanes(s, n, at, '(', '[', true); m; m &= m - 1) {
		size_t i = at + pp_ctz(m), b = inside_at(s, n, i, len, ph);
		if (b < n)
			return b;
	}
	return n;
}

/* A bracketed marker at s: `[P]`, `[US1]`, `[P1]`, `［P］`; returns its
 * length with brackets, 0 if none.  Markers are short and have no spaces. */
size_t pp_marker(const char *s, size_t n, pp_str *inner)
{
	/* `[` or its full-width form `［` (EF BC BB), closed by `]` or `］` */
	size_t open = n >= 1 && s[0] == '[' ? 1 : n >= 3 && memcmp(s, "\xEF\xBC\xBB", 3) == 0 ? 3 : 0;
	if (!open || n < open + 2)
		return 0;
	size_t i = open;
	while (i < n && i - open < 24 && s[i] != ']' && s[i] != ' ' && s[i] != '[' &&
	       !((unsigned char)s[i] == 0xEF && n - i >= 3 && memcmp(s + i, "\xEF\xBC\xBD", 3) == 0))
		i++;
	size_t close = i < n && s[i] == ']' ? 1 : n - i >= 3 && memcmp(s + i, "\xEF\xBC\xBD", 3) == 0 ? 3 : 0;
	if (!close || i == open)
		return 0;
	*inner = (pp_str){ s + open, (uint32_t)(i - open) };
	return i + close;
}

static const struct { const char *mark; size_t len; pp_str level; } prio_marks[] = {
	{ "\xF0\x9F\x94\xBA", 4, PP_S("highest") }, /* 🔺 */
	{ "\xE2\x8F\xAB", 3, PP_S("high") },        /* ⏫ */
	{ "\xF0\x9F\x94\xBC", 4, PP_S("medium") },  /* 🔼 */
	{ "\xF0\x9F\x94\xBD", 4, PP_S("low") },     /* 🔽 */
	{ "\xE2\x8F\xAC", 3, PP_S("lowest") },      /* ⏬ */
};

static bool word_at(const char *s, size_t n, size_t i, size_t len)
{
	return (i == 0 || !alnum(s[i - 1])) && (i + len >= n || !alnum(s[i + len]));
}

/* Priority at s[i] (a `P`, `!` or the first byte of a mark): P0-P3 as a
 * word, Obsidian's emoji, or a lone !, !! or !!!; null when none. */
static pp_str priority_at(const char *s, size_t n, size_t i)
{
	if (s[i] == 'P' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '3' && word_at(s, n, i, 2))
		return (pp_str){ s + i, 2 };
	if (s[i] == '!' && (i == 0 || s[i - 1] == ' ')) {
		size_t k = i;
		while (k < n && s[k] == '!')
			k++;
		if (k - i <= 3 && (k == n || s[k] == ' '))
			return k - i == 3 ? PP_S("high") : k - i == 2 ? PP_S("medium") : PP_S("low");
	}
	if ((unsigned char)s[i] != 0xE2 && (unsigned char)s[i] != 0xF0)
		return PP_NULLSTR; /* every mark starts with one of these */
	for (size_t k = 0; k < sizeof prio_marks / sizeof *prio_marks; k++) {
		size_t l = prio_marks[k].len;
		if (n - i >= l && memcmp(s + i, prio_marks[k].mark, l) == 0)
			return prio_marks[k].level;
	}
	return PP_NULLSTR;
}

/* The first priority of the text, or null. */
pp_str pp_priority(const char *s, size_t n)
{
	for (size_t at = 0; at < n; at += 16)
	for (unsigned m = pp_byte_lanes(s, n, at, 'P', '!', true); m; m &= m - 1) {
		pp_str p = priority_at(s, n, at + pp_ctz(m));
		if (p.s)
			return p;
	}
	return PP_NULLSTR;
}

/* An owner at s[i] (a `@`): `@name` starting a word (not an e-mail
 * address, and not a key such as @blocked_by); null when none. */
static pp_str owner_at(const char *s, size_t n, size_t i)
{
	if (i + 1 >= n || (i && s[i - 1] != ' ' && s[i - 1] != '('))
		return PP_NULLSTR;
	size_t k = i + 1;
	while (k < n && (alnum(s[k]) || s[k] == '_' || s[k] == '-' || s[k] == '.'))
		k++;
	while (k > i + 1 && s[k - 1] == '.')
		k--;
	if (k == i + 1 || (k < n && s[k] == ':'))
		return PP_NULLSTR;
	return (pp_str){ s + i + 1, (uint32_t)(k - i - 1) };
}

/* Owner: the first `@name` of the text that owner_at() takes, or null. */
pp_str pp_owner(const char *s, size_t n)
{
	for (const char *at = n > 1 ? memchr(s, '@', n - 1) : NULL; at;
	     at = memchr(at + 1, '@', (size_t)(s + n - 1 - (at + 1)))) {
		pp_str o = owner_at(s, n, (size_t)(at - s));
		if (o.s)
			return o;
	}
	return PP_NULLSTR;
}

/* ---- one scan for the recognisers that look all over a task's text ----- */

/* Bit k set when s[k] (k < 16) may start what pp_task_scan() looks for:
 * `@`, `P`, `!`, `(`, `[`, `-`, `|`, or 0xE0, 0xE2, 0xF0 or 0xF2 (its
 * marks, dashes and 🆔 start with 0xE2 or 0xF0); as pp_match16(), the
 * portable path gives the same bits or more. */
static inline unsigned scan_match16(const char *s)
{
#ifdef PP_SSE2
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i m = _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x12)), _mm_set1_epi8((char)0xF2));
	static const char bytes[] = "@P!([-|";
	for (int k = 0; k < 7; k++)
		m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(bytes[k])));
	return (unsigned)_mm_movemask_epi8(m);
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	unsigned r = 0;
	for (int h = 1; h >= 0; h--) {
		uint64_t v = pp_load8(s + 8 * h);
		uint64_t m = pp_has_byte(v | PP_ONES * 0x12, 0xF2) | pp_has_byte(v, '@') |
		             pp_has_byte(v, 'P') | pp_has_byte(v, '!') | pp_has_byte(v, '(') |
		             pp_has_byte(v, '[') | pp_has_byte(v, '-') | pp_has_byte(v, '|');
		r = r << 8 | (unsigned)(((m >> 7) * 0x0102040810204080u) >> 56);
	}
	return r;
#else
	(void)s;
	return 0xFFFF;
#endif
}

/* pp_byte_lanes() for scan_match16(). */
static inline unsigned scan_lanes(const char *s, size_t n, size_t i)
{
	size_t left = n - i;
	if (n < 16)
		return (1u << left) - 1;
	if (left >= 16)
		return scan_match16(s + i);
	return scan_match16(s + n - 16) >> (16 - left);
}

/* One candidate byte at s[i] for the recognisers still in `left`. */
static unsigned scan_at(const char *s, size_t n, size_t i, unsigned left, pp_task_marks *o)
{
	unsigned char c = (unsigned char)s[i];
	size_t len;
	bool ph;
	if ((left & PP_SCAN_OWNER) && c == '@' && (o->owner = owner_at(s, n, i)).s)
		left &= ~(unsigned)PP_SCAN_OWNER;
	if ((left & PP_SCAN_PRIO) && (c == 'P' || c == '!' || c == 0xE2 || c == 0xF0) &&
	    (o->prio = priority_at(s, n, i)).s)
		left &= ~(unsigned)PP_SCAN_PRIO;
	if ((left & PP_SCAN_INSIDE) && (c == '(' || c == '[' || c == 0xF0) &&
	    (o->inside = inside_at(s, n, i, &len, &ph)) < n) {
		o->inside_len = len;
		o->inside_ph = ph;
		left &= ~(unsigned)PP_SCAN_INSIDE;
	}
	if ((left & PP_SCAN_DASH) && (c == '-' || c == '|' || c == 0xE2) && i >= o->dash_from) {
		o->dash = i;
		left &= ~(unsigned)PP_SCAN_DASH;
	}
	return left;
}

void pp_task_scan(const char *s, size_t n, unsigned want, size_t dash_from, pp_task_marks *o)
{
	*o = (pp_task_marks){ PP_NULLSTR, PP_NULLSTR, n, 0, false, n, dash_from };
	for (size_t at = 0; at < n && want; at += 16)
		for (unsigned m = scan_lanes(s, n, at); m && want; m &= m - 1)
			want = scan_at(s, n, at + pp_ctz(m), want, o);
}
