/*
 * test_fold.c: pp_fold_in()'s path without utf8proc (pp_fold_cp) gives the
 * same bytes as utf8proc's NFC + case fold (pp_fold_utf8proc) for every
 * code point, alone and next to neighbours that could combine with it
 * (combining marks, jamo, voiced kana marks, special foldings), and for
 * invalid or odd text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "internal.h"

static size_t put(char *o, int32_t c)
{
	return (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)o);
}

/* Folds s both ways and fails with the input's code points when they
 * differ.  The arena is emptied now and then. */
static unsigned long folds;

static void same(pp_arena *a, const char *s, size_t n)
{
	pp_str f = pp_fold_in(a, s, n), r = pp_fold_utf8proc(a, s, n);
	assert_non_null(f.s);
	assert_non_null(r.s);
	if (f.len != r.len || memcmp(f.s, r.s, f.len) != 0) {
		fprintf(stderr, "fold differs for");
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %02X", (unsigned char)s[i]);
		fprintf(stderr, ": '%s' (fast) vs '%s' (utf8proc)\n", f.s, r.s);
		fail();
	}
	if (++folds % 4096 == 0)
		pp_arena_free(a);
}

static bool scalar(int32_t c)
{
	return c > 0 && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF);
}

/* Every code point alone, and with a space and colons around it; an
 * accepted one never grows in UTF-8 (fold_known writes into n + 1 bytes). */
static void test_every_code_point(void **state)
{
	(void)state;
	pp_arena a = { 0 };
	char buf[32];
	unsigned known = 0;
	for (int32_t c = 1; c <= 0x10FFFF; c++) {
		if (!scalar(c))
			continue;
		size_t n = put(buf, c);
		if (c >= 0x80) /* ASCII alone takes the ASCII path (\f, \v are spaces there) */
			same(&a, buf, n);
		int32_t f = pp_fold_cp(c);
		if (f < 0)
			continue;
		known++;
		char fb[8];
		assert_true(put(fb, f) <= n);
		size_t m = 0;
		memcpy(buf + m, " \xEF\xBC\x9A", 4), m += 4;
		m += put(buf + m, c);
		memcpy(buf + m, " : ", 3), m += 3;
		same(&a, buf, m);
	}
	assert_true(known > 40000); /* the fast path covers CJK, Hangul, emoji ... */
	pp_arena_free(&a);
}

/* Neighbours that may combine, reorder or fold specially, and one of each
 * range pp_fold_cp() knows. */
static const int32_t neighbours[] = {
	'a', 'A', 'e', 'I', 'k', 's', '<', '=', ':', ' ', '\t', '\f', 0,
	0x300, 0x301, 0x308, 0x30A, 0x323, 0x327, 0x338, 0x345, 0x342, 0x3099, 0x309A,
	0x1100, 0x1161, 0x11A8, 0x0BBE, 0x0CD5, 0x0DCF, 0x102E, 0x1B35, 0xFF9E, 0x20DD,
	0x200D, 0x200B, 0xFE0F, 0x0130, 0x0131, 0x00DF, 0x1E9E, 0x017F, 0x212A, 0x212B,
	0x2126, 0x03A3, 0x03C2, 0xFB01, 0xF900, 0x1F3FB, 0x0B3E, 0x0D3E, 0x093C, 0x05B0,
	0x00A0, 0x3000, 0xFEFF, 0xFF1A, 0x00E9, 0x00C9, 0x00B5, 0x0419, 0x0439, 0x0401,
	0x2014, 0x2192, 0x2705, 0x3042, 0x304B, 0x30AB, 0x30FC, 0x4E00, 0xAC00, 0xAC01,
	0xFF21, 0xFF41, 0x1F4CB, 0x2B50,
};

/* Every known code point next to every neighbour, both orders, and
 * between two of them. */
static void test_pairs(void **state)
{
	(void)state;
	pp_arena a = { 0 };
	const size_t nn = sizeof neighbours / sizeof *neighbours;
	char buf[32];
	for (int32_t c = 0x80; c <= 0x10FFFF; c++) {
		if (!scalar(c) || pp_fold_cp(c) < 0)
			continue;
		for (size_t i = 0; i < nn; i++) {
			int32_t x = neighbours[i];
			size_t n = put(buf, c);
			n += put(buf + n, x);
			same(&a, buf, n);
			n = put(buf, x);
			n += put(buf + n, c);
			same(&a, buf, n);
			n += put(buf + n, x);
			same(&a, buf, n);
		}
	}
	pp_arena_free(&a);
	assert_true(folds > 10000000);
}

/* ASCII pairs and triples without \f and \v (white space only on the
 * ASCII-only path) fold as utf8proc does. */
static void test_ascii(void **state)
{
	(void)state;
	pp_arena a = { 0 };
	char buf[4];
	for (int x = 1; x < 128; x++)
		for (int y = 1; y < 128; y++) {
			if (x == '\f' || x == '\v' || y == '\f' || y == '\v')
				continue;
			buf[0] = (char)x, buf[1] = (char)y, buf[2] = (char)x;
			same(&a, buf, 2);
			same(&a, buf, 3);
		}
	pp_arena_free(&a);
}

/* Invalid and odd UTF-8 falls back to utf8proc and folds as before. */
static void test_odd_text(void **state)
{
	(void)state;
	pp_arena a = { 0 };
	static const char *const cases[] = {
		"\xC3\xA9t\xC3\xA9",            /* été */
		"\xE0\x83\xA9",                 /* overlong é */
		"\xC1\xA9",                     /* overlong i */
		"\xF0\x80\x9F\x98\x80",         /* overlong, 4 bytes */
		"\xF4\x90\x80\x80",             /* beyond U+10FFFF */
		"\xED\xA0\x80",                 /* surrogate */
		"\xC3",                         /* cut short */
		"\xE4\xB8",                     /* cut short */
		"\xD0\x9F\xD0\xBB\xD0\xB0\xD0\xBD\xEF\xBC\x9A", /* План： */
		"  \xE2\x80\x94 Tasks \xE2\x80\x94  :: ",
		"\xC2\xA0Status\xE3\x80\x80:\xEF\xBC\x9A",
		"A\xCC\x8A\xC3\x85",            /* A + ring, Å */
		"\xEA\xB0\x80\xE1\x86\xA8",     /* 가 + jamo T */
		"\xE3\x81\x8B\xE3\x82\x99",     /* か + voiced mark */
		"Stra\xC3\x9F" "e",             /* Straße */
		"\xE2\x84\xAA" "elvin",         /* Kelvin sign */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		same(&a, cases[i], strlen(cases[i]));
	same(&a, "T\0\xC3\xA9", 4);             /* NUL */
	pp_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_code_point),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_odd_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
