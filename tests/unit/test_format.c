/*
 * test_format.c: pp_vformat() (doc.c), the formatter of diagnostic
 * messages, writes what vsnprintf() writes and returns what it returns:
 * every format string the library passes to pp_diag() and pp_limit(), with
 * random arguments (long and empty strings, UTF-8, extreme numbers) and
 * buffer sizes from 0 to more than the longest message; and formats it
 * leaves to vsnprintf() (other conversions, a null string, a negative
 * `*` precision).
 *
 * A new format string in a pp_diag() or pp_limit() call belongs in
 * test_callers() below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "internal.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static char got[700], want[700];
static uint64_t rng_state = 0x5EEDF00Du;  /* rnd() below */

/* pp_vformat() and vsnprintf() behind the same variadic front: the
 * compiler checks the arguments against each format (the attribute), and
 * does not reason about truncation or null strings, which the tests want. */
#if defined(__GNUC__)
#define PF_ATTR __attribute__((format(printf, 3, 4)))
#else
#define PF_ATTR
#endif

static int pf(char *buf, size_t cap, const char *fmt, ...) PF_ATTR;
static int ref(char *buf, size_t cap, const char *fmt, ...) PF_ATTR;

static int pf(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = pp_vformat(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}

static int ref(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}

/* The same bytes (the untouched rest of the buffer included) and length.
 * The arguments are evaluated once per call, from the same random state. */
#define SAME(cap, ...)                                                          \
	do {                                                                        \
		uint64_t state_ = rng_state;                                            \
		memset(got, 'g', sizeof got);                                           \
		memset(want, 'g', sizeof want);                                         \
		int a_ = pf(got, (cap), __VA_ARGS__);                                   \
		rng_state = state_;                                                     \
		int b_ = ref(want, (cap), __VA_ARGS__);                                 \
		assert_int_equal(a_, b_);                                               \
		assert_memory_equal(got, want, sizeof got);                             \
	} while (0)

/* SplitMix64: the same arguments on every run. */

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

/* A random string of up to 600 bytes: ASCII, quotes, `%`, UTF-8. */
static const char *rstr(char *buf)
{
	static const char *const parts[] = { "a", "Z", " ", "'", "%", "%s", "\xC3\xA9",
	                                     "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "T001", "\\" };
	size_t len = rnd() % 4 == 0 ? 0 : rnd() % 2 ? rnd() % 40 : rnd() % 600, n = 0;
	while (n < len) {
		const char *p = parts[rnd() % (sizeof parts / sizeof *parts)];
		size_t k = strlen(p);
		if (n + k > 600)
			break;
		memcpy(buf + n, p, k);
		n += k;
	}
	buf[n] = 0;
	return buf;
}

static long long rll(void)
{
	static const long long edge[] = { 0, 1, -1, 9, 10, 99, 100, LLONG_MAX, LLONG_MIN,
	                                  INT_MAX, INT_MIN, (long long)UINT_MAX };
	uint64_t r = rnd();
	return r % 3 == 0 ? edge[rnd() % (sizeof edge / sizeof *edge)]
	     : r % 3 == 1 ? (long long)(rnd() % 1000) : (long long)rnd();
}

static unsigned ru(void)
{
	return rnd() % 2 ? (unsigned)(rnd() % 5000) : (unsigned)rnd();
}

static int rprec(void)
{
	return (int)(rnd() % 700);
}

static size_t rcap(void)
{
	static const size_t caps[] = { 0, 1, 2, 7, 40, 100, 256, 512, 700 };
	return caps[rnd() % (sizeof caps / sizeof *caps)];
}

/* Every format string of the library's pp_diag() and pp_limit() calls. */
static void test_callers(void **state)
{
	(void)state;
	char s1[700], s2[700], s3[700], s4[700], s5[700];
	for (int it = 0; it < 3000; it++) {
		size_t cap = rcap();
		/* blocks.c, input.c */
		SAME(cap, "blocks nested deeper than %u: the text of "
		          "deeper ones belongs to the block that holds them", ru());
		SAME(cap, "table cells exceed the limit of %zu: the rows from here on are read as a paragraph",
		     (size_t)rll());
		SAME(cap, "line longer than %zu bytes: the rest of it is read as plain text", (size_t)ru());
		SAME(cap, "link brackets nested deeper than %zu: the inner ones are read as text", (size_t)32);
		SAME(cap, "too many links down one long paragraph (%zu lines in): brackets from here on "
		          "are read as text", (size_t)64);
		SAME(cap, "truncated UTF-8 sequence of %zu bytes read as U+FFFD", (size_t)(rnd() % 4));
		SAME(cap, "invalid UTF-8 byte 0x%02X read as U+FFFD", (unsigned)(rnd() % 256));
		SAME(cap, "invalid UTF-8 byte 0x%02X read as U+FFFD", ru());
		SAME(cap, "%s", "NUL byte read as U+FFFD");
		SAME(cap, "%zu more invalid UTF-8 sequences or NUL bytes not listed", (size_t)rnd());
		/* pp_limit() passes its message on as "%s" */
		SAME(cap, "%s", rstr(s1));
		/* estimate.c, frontmatter.c, items.c, phase.c, risk.c, rollup.c, table.c */
		SAME(cap, "estimate '%s' is a template placeholder", rstr(s1));
		SAME(cap, "front matter is not valid YAML (%s); read as Markdown", rstr(s1));
		SAME(cap, "'%.*s' is not a task mark: write '[ ]' or '[x]' after '- '", rprec(), rstr(s1));
		SAME(cap, "task ID '%s' is a template placeholder", rstr(s1));
		SAME(cap, "task title '%s' is a template placeholder", rstr(s1));
		SAME(cap, "phase title '%s' is a template placeholder", rstr(s1));
		SAME(cap, "phase number '%s' is a template placeholder", rstr(s1));
		SAME(cap, "risk level '%s' is a template placeholder", rstr(s1));
		SAME(cap, "document title '%s' is a template placeholder", rstr(s1));
		/* lint.c */
		SAME(cap, "task ID '%s' is already used by the task at line %u; dependencies on it "
		          "cannot tell the two apart", rstr(s1), ru());
		SAME(cap, "%s depends on phase %s, but no phase has that number", rstr(s1), rstr(s2));
		SAME(cap, "%s depends on '%.200s', which is not a task ID in this document", rstr(s1),
		     rstr(s2));
		SAME(cap, "dependency cycle: %s (each depends on the next; %zu tasks or phases in all "
		          "depend on each other)", rstr(s1), (size_t)ru());
		SAME(cap, "dependency cycle: %s (each depends on the next)", rstr(s1));
		SAME(cap, "%s%.*s%s is marked done ('%.60s') but %lld of %lld checkboxes are not checked",
		     rstr(s1), rprec(), rstr(s2), rstr(s3), rstr(s4), rll(), rll());
		SAME(cap, "%s%.*s%s is marked not started ('%.60s') but %lld of %lld checkboxes are checked",
		     rstr(s1), rprec(), rstr(s2), rstr(s3), rstr(s4), rll(), rll());
		SAME(cap, "progress is declared as '%.60s' but %lld of %lld checkboxes are checked (%lld%%)",
		     rstr(s1), rll(), rll(), rll());
		SAME(cap, "'%.100s' has the same number as '%.100s' at line %u", rstr(s1), rstr(s2), ru());
		SAME(cap, "'%.100s' comes after '%.100s' (line %u): the numbering goes backwards",
		     rstr(s1), rstr(s2), ru());
		SAME(cap, "'%.100s' follows '%.100s' (line %u): number %lld is missing", rstr(s1),
		     rstr(s2), ru(), rll());
		SAME(cap, "'%.100s' follows '%.100s' (line %u): numbers %lld to %lld are missing",
		     rstr(s1), rstr(s2), ru(), rll(), rll());
		/* vocab.c */
		SAME(cap, "%.*s: %s \"%.*s\"", rprec(), rstr(s1), rstr(s2), rprec(), rstr(s3));
		SAME(cap, "status \"%.*s\" matches no known status word", rprec(), rstr(s5));
	}
}

/* Every conversion pp_vformat() does itself, and %d, at their edges. */
static void test_conversions(void **state)
{
	(void)state;
	static const long long ll[] = { 0, 1, -1, LLONG_MAX, LLONG_MIN, 1000000, -999 };
	for (size_t i = 0; i < sizeof ll / sizeof *ll; i++) {
		SAME(sizeof got, "[%lld]", ll[i]);
		SAME(sizeof got, "[%d]", (int)ll[i]);
		SAME(sizeof got, "[%u]", (unsigned)ll[i]);
		SAME(sizeof got, "[%zu]", (size_t)ll[i]);
		SAME(sizeof got, "[%02X]", (unsigned)ll[i]);
	}
	SAME(sizeof got, "%d %d", INT_MIN, INT_MAX);
	SAME(sizeof got, "%%%%%s%%", "x");
	SAME(sizeof got, "%s", "");
	SAME(sizeof got, "%.0s|%.1s|%.3s|%.10s", "abc", "abc", "abc", "abc");
	SAME(sizeof got, "%.*s|%.*s", 0, "abc", 2, "abc");
	SAME(sizeof got, "no conversions");
	SAME(sizeof got, "%s", "\xE4\xB8\xAD\xE6\x96\x87");
	SAME(2, "%.*s", 2, "\xE4\xB8\xAD");  /* cut inside a character, as vsnprintf */
	SAME(0, "%s", "abc");
	SAME(1, "%s", "abc");
	SAME(3, "%u%u", 12u, 34u);
}

/* Formats left to vsnprintf(): the same bytes all the same. */
static void test_fallback(void **state)
{
	(void)state;
	SAME(sizeof got, "%5.2f|%s", 3.14159, "x");
	SAME(sizeof got, "%x %o %c", 255u, 8u, 'q');
	SAME(sizeof got, "%-6s|%6s|", "ab", "cd");
	SAME(sizeof got, "%5u|%-3d|%+d", 7u, 4, 5);
	SAME(sizeof got, "%s then %.*s", "first", -1, "negative precision: all of it");
	SAME(sizeof got, "%03X %2X %x", 10u, 10u, 10u);
	SAME(sizeof got, "%ld %lu %lld", 5L, 6UL, 7LL);
	SAME(10, "%5.2f|%s", 3.14159, "xyzxyzxyz");
	/* a null string: what the C library prints (glibc: "(null)") */
	static const char *volatile opaque = NULL;  /* null, unknown to the compiler */
	const char *null = opaque;
	SAME(sizeof got, "[%s]", null);
	SAME(sizeof got, "[%.3s]", null);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_callers),
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_fallback),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
