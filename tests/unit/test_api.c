/*
 * test_api.c: the public C API as a caller sees it (include/planparse.h
 * only): NULL and out-of-range arguments, error codes, options, the caller's
 * allocator (every block freed, out-of-memory at every allocation), limits,
 * awkward inputs (empty, BOM only, CRLF / CR, NUL and invalid UTF-8,
 * binary) and the JSON's determinism and lifetime.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "planparse.h"
#include "../support/counting.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A plan that exercises most stages: front matter, status header, phases,
 * checkboxes, a task table, a risk table, a dependency, an estimate. */
static const char RICH[] =
	"---\n"
	"title: Rich plan\n"
	"owner: alice\n"
	"tags: [a, b]\n"
	"---\n"
	"# Rich plan\n"
	"\n"
	"**Status:** In Progress\n"
	"**Last Updated**: 2024-05-01\n"
	"\n"
	"## Phase 1: Setup (2-3 days)\n"
	"\n"
	"- [x] T001 Create repo\n"
	"- [ ] T002 [P] Add CI, depends on T001 (4h)\n"
	"- [/] T003 Write docs @bob\n"
	"\n"
	"### Success Criteria\n"
	"\n"
	"- [ ] Builds on Debian\n"
	"\n"
	"## Phase 2: Build\n"
	"\n"
	"| Task | Status | Estimate |\n"
	"|-|-|-|\n"
	"| T010 Parser | Done | 2d |\n"
	"| T011 CLI | Todo | 1d |\n"
	"\n"
	"## Risks\n"
	"\n"
	"| Risk | Probability | Impact | Mitigation |\n"
	"|------|-------------|--------|------------|\n"
	"| Scope creep | High | Medium | Freeze scope |\n"
	"\n"
	"```mermaid\n"
	"graph TD\n"
	"  A[T001] --> B[T002]\n"
	"```\n";

static pp_doc *parse_ok(const char *text, size_t len, const pp_options *opts)
{
	pp_doc *doc = NULL;
	int rc = pp_parse(&doc, text, len, opts);
	assert_int_equal(rc, PP_OK);
	assert_non_null(doc);
	return doc;
}

/* The document's JSON as a malloc'ed copy (freed by the caller). */
static char *json_of(const pp_doc *doc, size_t *len_out)
{
	char *json = NULL;
	size_t len = 0;
	assert_int_equal(pp_doc_to_json(doc, &json, &len), PP_OK);
	assert_non_null(json);
	assert_int_equal(strlen(json), len); /* no NUL inside, NUL at the end */
	char *copy = malloc(len + 1);
	assert_non_null(copy);
	memcpy(copy, json, len + 1);
	pp_free(json);
	if (len_out)
		*len_out = len;
	return copy;
}

static char *json_of_text(const char *text, size_t len)
{
	pp_doc *doc = parse_ok(text, len, NULL);
	char *json = json_of(doc, NULL);
	pp_doc_free(doc);
	return json;
}

/* The integer after "key": at its first occurrence in the JSON. */
static long long json_int(const char *json, const char *key)
{
	char pat[64];
	snprintf(pat, sizeof pat, "\"%s\":", key);
	const char *p = strstr(json, pat);
	assert_non_null(p);
	return strtoll(p + strlen(pat), NULL, 10);
}

/* ---- tests ---------------------------------------------------------------- */

static void test_version_and_strerror(void **state)
{
	(void)state;
	const char *v = pp_version();
	assert_non_null(v);
	unsigned a, b, c;
	char tail;
	assert_int_equal(sscanf(v, "%u.%u.%u%c", &a, &b, &c, &tail), 3);
	assert_ptr_equal(pp_version(), v); /* static */

	const int codes[] = { PP_OK, PP_EINVAL, PP_ENOMEM, PP_ELIMIT, PP_EPARSE };
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		const char *m = pp_strerror(codes[i]);
		assert_non_null(m);
		assert_true(strlen(m) > 0);
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(m, pp_strerror(codes[k]));
	}
	assert_string_equal(pp_strerror(PP_ENOMEM), "out of memory");
	assert_non_null(pp_strerror(-1000));
	assert_non_null(pp_strerror(42));
	assert_string_not_equal(pp_strerror(-1000), pp_strerror(PP_OK));
}

static void test_options(void **state)
{
	(void)state;
	pp_options o, s = PP_OPTIONS_INIT;
	memset(&o, 0x5A, sizeof o);
	pp_options_init(&o);
	assert_int_equal(o.version, PP_OPTIONS_VERSION);
	assert_null(o.path);
	assert_null(o.allocator.malloc);
	assert_null(o.allocator.realloc);
	assert_null(o.allocator.free);
	assert_null(o.allocator.ctx);
	assert_int_equal(o.max_input, (size_t)256 << 20);
	assert_true(o.hours_per_day == 8.0);
	assert_true(o.days_per_week == 5.0);
	assert_int_equal(s.version, o.version);
	assert_int_equal(s.max_input, o.max_input);
	assert_true(s.hours_per_day == o.hours_per_day && s.days_per_week == o.days_per_week);
	pp_options_init(NULL); /* ignored */

	pp_doc *doc = (pp_doc *)&o;
	o.version = 0; /* never initialised */
	assert_int_equal(pp_parse(&doc, "x", 1, &o), PP_EINVAL);
	assert_null(doc);

	pp_options_init(&o);
	o.version = PP_OPTIONS_VERSION + 1; /* a newer caller: the known prefix is read */
	doc = parse_ok("x", 1, &o);
	pp_doc_free(doc);

	pp_options_init(&o);
	o.allocator.malloc = cnt_malloc; /* all three or none */
	doc = (pp_doc *)&o;
	assert_int_equal(pp_parse(&doc, "x", 1, &o), PP_EINVAL);
	assert_null(doc);

	/* nonsense conversion factors fall back to the defaults */
	pp_options_init(&o);
	o.hours_per_day = -1;
	o.days_per_week = NAN;
	doc = parse_ok(RICH, sizeof RICH - 1, &o);
	pp_doc_free(doc);

	/* options are copied: the caller's path may go away after pp_parse() */
	char path[] = "plan.md";
	pp_options_init(&o);
	o.path = path;
	doc = parse_ok("# T\n", 4, &o);
	strcpy(path, "XXXXXXX");
	char *json = json_of(doc, NULL);
	assert_non_null(strstr(json, "\"path\":\"plan.md\""));
	free(json);
	pp_doc_free(doc);
}

static void test_null_arguments(void **state)
{
	(void)state;
	pp_doc *doc = (pp_doc *)state; /* any non-NULL value: must be reset */
	assert_int_equal(pp_parse(NULL, "x", 1, NULL), PP_EINVAL);
	assert_int_equal(pp_parse(&doc, NULL, 1, NULL), PP_EINVAL);
	assert_null(doc);
	doc = parse_ok(NULL, 0, NULL); /* no text at all is an empty document */
	pp_doc_free(doc);
	pp_doc_free(NULL);
	pp_free(NULL);

	char *out = (char *)"sentinel";
	size_t len = 99;
	assert_int_equal(pp_doc_to_json(NULL, &out, &len), PP_EINVAL);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(pp_doc_to_json(NULL, NULL, NULL), PP_EINVAL);
	doc = parse_ok("# T\n", 4, NULL);
	assert_int_equal(pp_doc_to_json(doc, NULL, &len), PP_EINVAL);
	assert_int_equal(pp_doc_to_json(doc, &out, NULL), PP_OK); /* len is optional */
	assert_non_null(out);
	pp_free(out);

	assert_null(pp_doc_root(NULL));
	assert_int_equal(pp_doc_count(NULL, PP_TASK), 0);
	assert_null(pp_doc_get(NULL, PP_TASK, 0));
	assert_int_equal(pp_node_kind(NULL), PP_NONE);
	len = 99;
	assert_null(pp_node_str(NULL, PP_F_TITLE, &len));
	assert_int_equal(len, 0);
	assert_null(pp_node_str(NULL, PP_F_TITLE, NULL));
	assert_true(pp_node_int(NULL, PP_F_LINE) == PP_NULL);
	assert_true(isnan(pp_node_num(NULL, PP_F_MIN_HOURS)));
	assert_null(pp_node_child(NULL, PP_F_PROGRESS));
	assert_int_equal(pp_node_list_count(NULL, PP_F_TAGS), 0);
	len = 99;
	assert_null(pp_node_list_str(NULL, PP_F_TAGS, 0, &len));
	assert_int_equal(len, 0);
	assert_true(pp_node_list_int(NULL, PP_F_TASKS, 0) == PP_NULL);
	assert_null(pp_node_list_node(NULL, PP_F_ATTRS, 0));

	/* out-of-range kinds, fields and indices */
	const pp_node *root = pp_doc_root(doc);
	assert_non_null(root);
	assert_int_equal(pp_node_kind(root), PP_DOCUMENT);
	assert_int_equal(pp_doc_count(doc, PP_NONE), 0);
	assert_int_equal(pp_doc_count(doc, PP_DOCUMENT), 0);
	assert_int_equal(pp_doc_count(doc, PP_KIND_COUNT), 0);
	assert_int_equal(pp_doc_count(doc, (pp_kind)-1), 0);
	assert_int_equal(pp_doc_count(doc, (pp_kind)1000), 0);
	assert_null(pp_doc_get(doc, PP_KIND_COUNT, 0));
	assert_null(pp_doc_get(doc, (pp_kind)-1, 0));
	assert_null(pp_doc_get(doc, PP_SECTION, 1));
	assert_null(pp_doc_get(doc, PP_SECTION, (size_t)-1));
	assert_null(pp_doc_get(doc, PP_PROGRESS, 0)); /* child-only kind */
	assert_null(pp_node_str(root, PP_F_MARK, NULL)); /* not a document field */
	assert_null(pp_node_str(root, PP_F_COUNT, NULL));
	assert_null(pp_node_str(root, (pp_field)-5, NULL));
	assert_true(pp_node_int(root, PP_F_MARK_OFFSET) == PP_NULL);
	assert_true(pp_node_int(root, PP_F_COUNT) == PP_NULL);
	assert_true(isnan(pp_node_num(root, PP_F_POINTS)));
	assert_null(pp_node_child(root, PP_F_ESTIMATE));
	assert_int_equal(pp_node_list_count(root, PP_F_TAGS), 0);
	assert_null(pp_node_list_str(root, PP_F_TAGS, 0, NULL));
	assert_null(pp_node_list_node(root, PP_F_ROWS, 3));
	assert_true(pp_node_list_int(root, PP_F_TASKS, 0) == PP_NULL);

	const pp_node *sec = pp_doc_get(doc, PP_SECTION, 0);
	assert_non_null(sec);
	assert_int_equal(pp_node_kind(sec), PP_SECTION);
	assert_string_equal(pp_node_str(sec, PP_F_TEXT, &len), "T");
	assert_int_equal(len, 1);
	assert_int_equal(pp_node_int(sec, PP_F_LINE), 1);
	assert_int_equal(pp_node_int(sec, PP_F_LEVEL), 1);
	assert_null(pp_node_list_str(sec, PP_F_CELLS, 0, NULL));
	pp_doc_free(doc);

	/* names */
	assert_string_equal(pp_kind_name(PP_NONE), "none");
	assert_string_equal(pp_kind_name(PP_KIND_COUNT), "none");
	assert_string_equal(pp_kind_name((pp_kind)-3), "none");
	assert_string_equal(pp_kind_name(PP_PHASE), "phase");
	assert_string_equal(pp_kind_name(PP_CHECKBOX), "checkbox");
	assert_string_equal(pp_kind_name(PP_DIAGNOSTIC), "diagnostic");
	for (int k = PP_NONE + 1; k < PP_KIND_COUNT; k++) {
		assert_string_not_equal(pp_kind_name((pp_kind)k), "none");
		for (int j = PP_NONE + 1; j < k; j++)
			assert_string_not_equal(pp_kind_name((pp_kind)k), pp_kind_name((pp_kind)j));
	}
	assert_string_equal(pp_field_name(PP_F_NONE), "none");
	assert_string_equal(pp_field_name(PP_F_COUNT), "none");
	assert_string_equal(pp_field_name((pp_field)-1), "none");
	assert_string_equal(pp_field_name(PP_F_MARK_OFFSET), "mark_offset");
	assert_string_equal(pp_field_name(PP_F_TASK_ESTIMATE), "task_estimate");
	for (int f = PP_F_NONE + 1; f < PP_F_COUNT; f++) {
		const char *n = pp_field_name((pp_field)f);
		assert_string_not_equal(n, "none");
		for (int g = PP_F_NONE + 1; g < f; g++)
			assert_string_not_equal(n, pp_field_name((pp_field)g));
	}
}

static void test_allocator_everything_freed(void **state)
{
	(void)state;
	counting c = { 0 };
	pp_options o = counted_options(&c);
	o.path = "rich.md";
	pp_doc *doc = parse_ok(RICH, sizeof RICH - 1, &o);
	assert_true(c.calls > 0);
	char *json = NULL;
	size_t len = 0;
	assert_int_equal(pp_doc_to_json(doc, &json, &len), PP_OK);
	long live_with_json = c.live;
	pp_doc_free(doc);
	assert_int_equal(c.live, 1); /* only the JSON buffer is left */
	assert_true(live_with_json > 1);
	assert_int_equal(strlen(json), len);
	pp_free(json);
	assert_int_equal(c.live, 0);
	assert_true(c.bytes == 0);
	assert_false(c.bad_realloc);

	/* and the same bytes as with the C library's allocator */
	pp_options plain;
	pp_options_init(&plain);
	plain.path = "rich.md";
	doc = parse_ok(RICH, sizeof RICH - 1, &plain);
	char *expected = json_of(doc, NULL);
	pp_doc_free(doc);
	doc = parse_ok(RICH, sizeof RICH - 1, &o);
	char *got = json_of(doc, NULL); /* json_of frees the buffer with pp_free */
	pp_doc_free(doc);
	assert_string_equal(got, expected);
	assert_int_equal(c.live, 0);
	free(got);
	free(expected);
}

/* Failing each allocation in turn: PP_ENOMEM, *out NULL, nothing leaked.
 * Every allocation of a successful run is made to fail once, so a failure
 * that a stage swallowed (returning PP_OK with a partial document) shows. */
static void test_allocator_failures(void **state)
{
	(void)state;
	counting c = { 0 };
	pp_options o = counted_options(&c);
	pp_doc *doc = parse_ok(RICH, sizeof RICH - 1, &o);
	long parse_calls = c.seen;
	char *json = NULL;
	c.seen = 0;
	assert_int_equal(pp_doc_to_json(doc, &json, NULL), PP_OK);
	long json_calls = c.seen;
	pp_free(json);
	pp_doc_free(doc);
	assert_int_equal(c.live, 0);
	assert_true(parse_calls > 0 && json_calls > 0);

	for (long n = 1; n <= parse_calls; n++) {
		c = (counting){ .fail_at = n };
		doc = (pp_doc *)&c;
		int rc = pp_parse(&doc, RICH, sizeof RICH - 1, &o);
		if (rc != PP_ENOMEM)
			print_error("allocation %ld of %ld failed, pp_parse returned %d\n", n,
			            parse_calls, rc);
		assert_int_equal(rc, PP_ENOMEM);
		assert_null(doc);
		assert_int_equal(c.live, 0);
	}

	for (long n = 1; n <= json_calls; n++) {
		c = (counting){ 0 };
		doc = parse_ok(RICH, sizeof RICH - 1, &o);
		c.fail_at = n;
		c.seen = 0;
		json = (char *)"sentinel";
		size_t len = 7;
		int rc = pp_doc_to_json(doc, &json, &len);
		pp_doc_free(doc);
		assert_int_equal(rc, PP_ENOMEM);
		assert_null(json);
		assert_int_equal(len, 0);
		assert_int_equal(c.live, 0);
	}
	assert_false(c.bad_realloc);
}

static void test_empty_input(void **state)
{
	(void)state;
	pp_doc *doc = parse_ok("", 0, NULL);
	const pp_node *root = pp_doc_root(doc);
	assert_int_equal(pp_node_kind(root), PP_DOCUMENT);
	assert_null(pp_node_str(root, PP_F_TITLE, NULL));
	assert_null(pp_node_child(root, PP_F_STATUS));
	for (int k = PP_NONE; k < PP_KIND_COUNT; k++)
		assert_int_equal(pp_doc_count(doc, (pp_kind)k), 0);
	const pp_node *prog = pp_node_child(root, PP_F_PROGRESS);
	assert_non_null(prog);
	assert_int_equal(pp_node_kind(prog), PP_PROGRESS);
	assert_int_equal(pp_node_int(prog, PP_F_TOTAL), 0);
	assert_true(pp_node_int(prog, PP_F_PERCENT) == PP_NULL);
	char *json = json_of(doc, NULL);
	assert_non_null(strstr(json, "\"source\":{\"path\":null,\"bytes\":0,\"lines\":0}"));
	free(json);
	pp_doc_free(doc);
}

static void test_bom_only(void **state)
{
	(void)state;
	pp_doc *doc = parse_ok("\xEF\xBB\xBF", 3, NULL);
	for (int k = PP_NONE; k < PP_KIND_COUNT; k++)
		assert_int_equal(pp_doc_count(doc, (pp_kind)k), 0); /* no invalid-utf8 either */
	char *json = json_of(doc, NULL);
	assert_int_equal(json_int(json, "bytes"), 3);
	assert_int_equal(json_int(json, "lines"), 1);
	free(json);
	pp_doc_free(doc);

	/* a BOM counts in offsets, not in columns of text after it */
	doc = parse_ok("\xEF\xBB\xBF# Title\n", 11, NULL);
	assert_string_equal(pp_node_str(pp_doc_root(doc), PP_F_TITLE, NULL), "Title");
	const pp_node *sec = pp_doc_get(doc, PP_SECTION, 0);
	assert_non_null(sec);
	assert_int_equal(pp_node_int(sec, PP_F_LINE), 1);
	pp_doc_free(doc);
}

/* Replaces every "\n" of lf by eol. */
static char *with_eol(const char *lf, const char *eol, size_t *len)
{
	size_t n = 0, el = strlen(eol);
	char *out = malloc(strlen(lf) * el + 1);
	assert_non_null(out);
	for (const char *p = lf; *p; p++) {
		if (*p == '\n') {
			memcpy(out + n, eol, el);
			n += el;
		} else {
			out[n++] = *p;
		}
	}
	out[n] = 0;
	*len = n;
	return out;
}

typedef struct shape {
	char lines[4096];  /* kind:line:column of every listed node, and the line count */
} shape;

static void shape_of(const char *text, size_t len, shape *s)
{
	pp_doc *doc = parse_ok(text, len, NULL);
	size_t o = 0;
	char *json = json_of(doc, NULL);
	o += (size_t)snprintf(s->lines + o, sizeof s->lines - o, "lines=%lld title=%s\n",
	                      json_int(json, "lines"),
	                      pp_node_str(pp_doc_root(doc), PP_F_TITLE, NULL));
	free(json);
	for (int k = PP_META; k <= PP_DIAGNOSTIC; k++) {
		for (size_t i = 0; i < pp_doc_count(doc, (pp_kind)k); i++) {
			const pp_node *n = pp_doc_get(doc, (pp_kind)k, i);
			const char *text_field = pp_node_str(n, PP_F_TEXT, NULL);
			o += (size_t)snprintf(s->lines + o, sizeof s->lines - o,
			                      "%s:%lld:%lld:%s\n", pp_kind_name((pp_kind)k),
			                      (long long)pp_node_int(n, PP_F_LINE),
			                      (long long)pp_node_int(n, PP_F_COLUMN),
			                      text_field ? text_field : "");
			assert_true(o < sizeof s->lines);
		}
	}
	pp_doc_free(doc);
}

static void test_line_endings(void **state)
{
	(void)state;
	static const char lf[] =
		"# Plan\n"
		"\n"
		"**Status:** Draft\n"
		"\n"
		"## Phase 1: Setup\n"
		"\n"
		"- [ ] first\n"
		"- [x] second\n"
		"  continued\n"
		"\n"
		"Status: done\n"
		"## Phase 2: Build\n"
		"\n"
		"| Task | Status |\n"
		"|------|--------|\n"
		"| T001 | Done |\n";
	shape a, b, c;
	size_t n;
	char *crlf = with_eol(lf, "\r\n", &n);
	shape_of(lf, strlen(lf), &a);
	shape_of(crlf, n, &b);
	free(crlf);
	char *cr = with_eol(lf, "\r", &n);
	shape_of(cr, n, &c);
	free(cr);
	assert_string_equal(a.lines, b.lines);
	assert_string_equal(a.lines, c.lines);
	assert_non_null(strstr(a.lines, "lines=16 title=Plan\n"));
	assert_non_null(strstr(a.lines, "section:5:1:"));

	/* a last line without a line ending is still a line; a final ending opens none */
	char *json = json_of_text("a\r\nb", 4);
	assert_int_equal(json_int(json, "lines"), 2);
	free(json);
	json = json_of_text("a\r\rb\r", 5);
	assert_int_equal(json_int(json, "lines"), 3);
	free(json);
}

static void test_invalid_utf8_and_nul(void **state)
{
	(void)state;
	/* bad bytes at offsets 3 and 4 (line 1), 10 and 16 (line 3, which starts at 9) */
	static const char text[] = "# A\xFF\xFE B\n\nx\0y \xC3\xA9 \x80\n";
	size_t len = sizeof text - 1;
	pp_doc *doc = parse_ok(text, len, NULL);
	const size_t want_off[] = { 3, 4, 10, 16 };
	const long long want_line[] = { 1, 1, 3, 3 };
	const long long want_col[] = { 4, 5, 2, 7 }; /* code points: é is one */
	assert_int_equal(pp_doc_count(doc, PP_DIAGNOSTIC), 4);
	for (size_t i = 0; i < 4; i++) {
		const pp_node *d = pp_doc_get(doc, PP_DIAGNOSTIC, i);
		assert_string_equal(pp_node_str(d, PP_F_CODE, NULL), "invalid-utf8");
		assert_non_null(pp_node_str(d, PP_F_SEVERITY, NULL));
		assert_non_null(pp_node_str(d, PP_F_MESSAGE, NULL));
		assert_int_equal(pp_node_int(d, PP_F_OFFSET), want_off[i]);
		assert_int_equal(pp_node_int(d, PP_F_LINE), want_line[i]);
		assert_int_equal(pp_node_int(d, PP_F_COLUMN), want_col[i]);
	}
	/* each bad byte is read as U+FFFD in text */
	assert_string_equal(pp_node_str(pp_doc_root(doc), PP_F_TITLE, NULL),
	                    "A\xEF\xBF\xBD\xEF\xBF\xBD B");
	char *json = json_of(doc, NULL);
	assert_true(valid_utf8((const unsigned char *)json, strlen(json)));
	assert_non_null(strstr(json, "\"title\":\"A\xEF\xBF\xBD\xEF\xBF\xBD B\""));
	assert_int_equal(json_int(json, "bytes"), (long long)len);
	free(json);
	pp_doc_free(doc);

	/* a NUL in a heading becomes U+FFFD too, and text goes on after it */
	doc = parse_ok("# a\0b\n", 6, NULL);
	assert_string_equal(pp_node_str(pp_doc_root(doc), PP_F_TITLE, NULL), "a\xEF\xBF\xBD" "b");
	pp_doc_free(doc);

	/* overlong forms and surrogates are invalid as well */
	static const char bad[] = "\xC0\xAF \xED\xA0\x80 \xF4\x90\x80\x80\n";
	doc = parse_ok(bad, sizeof bad - 1, NULL);
	assert_true(pp_doc_count(doc, PP_DIAGNOSTIC) >= 3);
	json = json_of(doc, NULL);
	assert_true(valid_utf8((const unsigned char *)json, strlen(json)));
	free(json);
	pp_doc_free(doc);
}

static void test_binary_input(void **state)
{
	(void)state;
	size_t len = 64 * 1024;
	unsigned char *bin = malloc(len);
	assert_non_null(bin);
	uint32_t x = 2463534242u; /* xorshift32: the same bytes on every machine */
	for (size_t i = 0; i < len; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		bin[i] = (unsigned char)x;
	}
	counting c = { 0 };
	pp_options o = counted_options(&c);
	pp_doc *doc = parse_ok((const char *)bin, len, &o);
	size_t nd = pp_doc_count(doc, PP_DIAGNOSTIC);
	assert_true(nd > 0);
	assert_true(nd <= 200); /* bounded, however bad the input */
	size_t jl;
	char *json = json_of(doc, &jl);
	assert_true(valid_utf8((const unsigned char *)json, jl));
	assert_int_equal(json_int(json, "bytes"), (long long)len);
	pp_doc_free(doc);
	doc = parse_ok((const char *)bin, len, &o);
	char *again = json_of(doc, NULL);
	assert_string_equal(json, again);
	pp_doc_free(doc);
	assert_int_equal(c.live, 0);
	free(again);
	free(json);
	free(bin);
}

static void test_json_deterministic(void **state)
{
	(void)state;
	pp_options o;
	pp_options_init(&o);
	o.path = "a/plan \"x\".md";
	pp_doc *d1 = parse_ok(RICH, sizeof RICH - 1, &o);
	pp_doc *d2 = parse_ok(RICH, sizeof RICH - 1, &o);
	size_t l1, l2;
	char *j1 = json_of(d1, &l1), *j2 = json_of(d2, &l2);
	char *j1b = json_of(d1, NULL); /* serialising twice changes nothing */
	assert_int_equal(l1, l2);
	assert_memory_equal(j1, j2, l1);
	assert_string_equal(j1, j1b);
	assert_true(valid_utf8((const unsigned char *)j1, l1));
	static const char head[] =
		"{\"schema\":\"planparse/1\",\"source\":{\"path\":\"a/plan \\\"x\\\".md\",";
	assert_memory_equal(j1, head, sizeof head - 1);
	assert_int_equal(j1[l1 - 1], '}');
	assert_null(strchr(j1, '\n')); /* compact */
	static const char *const keys[] = { "\"schema\"", "\"source\"", "\"title\"",
		"\"status\"", "\"meta\"", "\"sections\"", "\"phases\"", "\"tasks\"",
		"\"checkboxes\"", "\"risks\"", "\"tables\"", "\"dependencies\"",
		"\"progress\"", "\"diagnostics\"" };
	const char *prev = j1;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *p = strstr(prev, keys[i]);
		assert_non_null(p); /* present, in this order */
		prev = p;
	}
	free(j1);
	free(j1b);
	free(j2);
	pp_doc_free(d1);
	pp_doc_free(d2);
}

static void test_json_outlives_doc(void **state)
{
	(void)state;
	counting c = { 0 };
	pp_options o = counted_options(&c);
	pp_doc *doc = parse_ok(RICH, sizeof RICH - 1, &o);
	char *before = json_of(doc, NULL);
	char *json = NULL;
	size_t len = 0;
	assert_int_equal(pp_doc_to_json(doc, &json, &len), PP_OK);
	pp_doc_free(doc); /* the allocator poisons what it frees */
	assert_int_equal(c.live, 1);
	assert_int_equal(strlen(json), len);
	assert_string_equal(json, before);
	pp_free(json);
	assert_int_equal(c.live, 0);
	free(before);
}

static void test_max_input(void **state)
{
	(void)state;
	pp_options o;
	pp_options_init(&o);
	o.max_input = 10;
	pp_doc *doc = (pp_doc *)&o;
	assert_int_equal(pp_parse(&doc, "0123456789A", 11, &o), PP_ELIMIT);
	assert_null(doc);
	doc = parse_ok("0123456789", 10, &o);
	pp_doc_free(doc);
	o.max_input = 0;
	doc = (pp_doc *)&o;
	assert_int_equal(pp_parse(&doc, "x", 1, &o), PP_ELIMIT);
	assert_null(doc);
	doc = parse_ok("", 0, &o);
	pp_doc_free(doc);
	/* nothing is allocated for an input that is refused */
	counting c = { 0 };
	o = counted_options(&c);
	o.max_input = 4;
	assert_int_equal(pp_parse(&doc, "hello", 5, &o), PP_ELIMIT);
	assert_int_equal(c.live, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_and_strerror),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_null_arguments),
		cmocka_unit_test(test_allocator_everything_freed),
		cmocka_unit_test(test_allocator_failures),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_bom_only),
		cmocka_unit_test(test_line_endings),
		cmocka_unit_test(test_invalid_utf8_and_nul),
		cmocka_unit_test(test_binary_input),
		cmocka_unit_test(test_json_deterministic),
		cmocka_unit_test(test_json_outlives_doc),
		cmocka_unit_test(test_max_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
