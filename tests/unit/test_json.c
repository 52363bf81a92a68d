/*
 * test_json.c: the JSON writer's strings (json.c jstr()) against a plain
 * byte-by-byte escaper written here: `"` and `\` escaped, \n \t \r by name,
 * other control characters and DEL as \u00XX, valid UTF-8 copied, and each
 * maximal invalid subpart as one U+FFFD.  The strings go in as the source
 * path (the one string the writer gets as the caller wrote it), of every
 * length from 0 to 40 so each special byte lands at every place of the
 * writer's 8-byte steps; and integers (source.bytes, line numbers) against
 * printf.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "planparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x150A7E57u;

static uint32_t rnd(void)
{
	rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(rng_state >> 33);
}

/* The length of the valid UTF-8 sequence at s, or 0 and in *bad the length
 * of its maximal invalid subpart (Unicode 15, table 3-7). */
static size_t utf8_ref(const unsigned char *s, size_t n, size_t *bad)
{
	unsigned c = s[0];
	size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
	           : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	*bad = 1;
	for (size_t i = 1; i < len; i++) {
		unsigned lo = 0x80, hi = 0xBF;
		if (i == 1 && c == 0xE0) lo = 0xA0;
		if (i == 1 && c == 0xED) hi = 0x9F;
		if (i == 1 && c == 0xF0) lo = 0x90;
		if (i == 1 && c == 0xF4) hi = 0x8F;
		if (i >= n || s[i] < lo || s[i] > hi) {
			*bad = i;
			return 0;
		}
	}
	return len;
}

/* The JSON string literal of s[0..n), the slow and obvious way. */
static size_t escape_ref(const char *s, size_t n, char *out)
{
	size_t o = 0;
	out[o++] = '"';
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			out[o++] = '\\', out[o++] = (char)c, i++;
		} else if (c == '\n' || c == '\t' || c == '\r') {
			out[o++] = '\\', out[o++] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r', i++;
		} else if (c < 0x20 || c == 0x7F) {
			o += (size_t)sprintf(out + o, "\\u%04x", c), i++;
		} else if (c < 0x80) {
			out[o++] = (char)c, i++;
		} else {
			size_t bad, l = utf8_ref((const unsigned char *)s + i, n - i, &bad);
			if (l) {
				memcpy(out + o, s + i, l);
				o += l, i += l;
			} else {
				memcpy(out + o, "\xEF\xBF\xBD", 3);
				o += 3, i += bad;
			}
		}
	}
	out[o++] = '"';
	out[o] = 0;
	return o;
}

/* The JSON of an empty document named path, and the literal of its path. */
static void check_path(const char *path)
{
	pp_options o;
	pp_options_init(&o);
	o.path = path;
	pp_doc *doc;
	assert_int_equal(pp_parse(&doc, "", 0, &o), 0);
	char *json;
	size_t len;
	assert_int_equal(pp_doc_to_json(doc, &json, &len), 0);
	static const char head[] = "{\"schema\":\"planparse/1\",\"source\":{\"path\":";
	char want[41 * 6 + 3];
	size_t wl = escape_ref(path, strlen(path), want);
	assert_true(len > sizeof head - 1 + wl);
	assert_memory_equal(json, head, sizeof head - 1);
	if (memcmp(json + sizeof head - 1, want, wl) != 0 || json[sizeof head - 1 + wl] != ',')
		fail_msg("path %zu bytes: got %.*s, want %s", strlen(path), (int)wl + 1,
		         json + sizeof head - 1, want);
	pp_free(json);
	pp_doc_free(doc);
}

/* Every length up to 40, each byte drawn from a mix that makes special
 * bytes common: escapes, controls, DEL, UTF-8 leads and continuations. */
static void test_strings(void **state)
{
	(void)state;
	static const unsigned char mix[] = { '"', '\\', '\n', '\t', '\r', 1, 0x1F, 0x7F, 0x80,
	                                     0xBF, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0,
	                                     0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 0x8F, 0x90 };
	char path[41];
	for (int round = 0; round < 400; round++) {
		for (size_t len = 0; len <= 40; len++) {
			for (size_t i = 0; i < len; i++) {
				uint32_t r = rnd();
				path[i] = r % 3 ? (char)('a' + r % 26) : (char)mix[(r >> 8) % sizeof mix];
			}
			path[len] = 0;
			check_path(path);
		}
	}
	/* valid multi-byte text across the 8-byte steps, every alignment */
	static const char *const words[] = { "é", "日本", "😀", "ü", "—", "\xF4\x8F\xBF\xBF" };
	for (size_t pad = 0; pad < 9; pad++) {
		for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
			snprintf(path, sizeof path, "%.*s%s%s", (int)pad, "abcdefgh", words[w], words[w]);
			check_path(path);
		}
	}
}

/* source.bytes and line numbers: integers written without printf. */
static void test_integers(void **state)
{
	(void)state;
	static const size_t sizes[] = { 0, 1, 9, 10, 99, 100, 101, 999, 1000, 4095, 10000,
	                                65536, 99999, 100000, 1000000 };
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		size_t n = sizes[k];
		char *text = malloc(n + 1);
		assert_non_null(text);
		memset(text, '\n', n);
		pp_doc *doc;
		assert_int_equal(pp_parse(&doc, text, n, NULL), 0);
		char *json, want[80];
		assert_int_equal(pp_doc_to_json(doc, &json, NULL), 0);
		snprintf(want, sizeof want, "\"source\":{\"path\":null,\"bytes\":%zu,\"lines\":%zu}", n, n);
		if (!strstr(json, want))
			fail_msg("%zu bytes: want %s in %.80s", n, want, json);
		pp_free(json);
		pp_doc_free(doc);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_integers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
