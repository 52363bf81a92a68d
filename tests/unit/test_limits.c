/*
 * test_limits.c: the limits of pp_options (max_depth, max_table_cells,
 * max_line, max_input) and the fixed link-bracket limits: defaults, both
 * actions (PP_LIMIT_TEXT keeps the excess as text with one `limit`
 * diagnostic; PP_LIMIT_FAIL returns PP_ELIMIT), no text lost, deep nesting
 * without stack overflow, and every hostile input of tests/hostile parsed
 * (its time is the bench's business: bench/hostile.sh and the
 * hostile.linear test count instructions, no test here is timed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "planparse.h"

#include "../hostile/hostile_cases.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t count_limit_diags(const pp_doc *doc, const char **message)
{
	size_t n = 0;
	for (size_t i = 0; i < pp_doc_count(doc, PP_DIAGNOSTIC); i++) {
		const pp_node *d = pp_doc_get(doc, PP_DIAGNOSTIC, i);
		if (!strcmp(pp_node_str(d, PP_F_CODE, NULL), "limit")) {
			n++;
			if (message)
				*message = pp_node_str(d, PP_F_MESSAGE, NULL);
		}
	}
	return n;
}

/* The document's JSON as a malloc'ed copy: free() it. */
static char *json_of(const pp_doc *doc)
{
	char *json = NULL;
	size_t len = 0;
	assert_int_equal(pp_doc_to_json(doc, &json, &len), 0);
	char *copy = malloc(len + 1);
	assert_non_null(copy);
	memcpy(copy, json, len + 1);
	pp_free(json);
	return copy;
}

/* Parses text under TEXT (expecting n limit diagnostics) and under FAIL
 * (expecting PP_ELIMIT when n > 0); returns the TEXT document's JSON. */
static char *both_ways(const char *text, size_t len, pp_options o, size_t n)
{
	pp_doc *doc = NULL;
	o.on_limit = PP_LIMIT_TEXT;
	assert_int_equal(pp_parse(&doc, text, len, &o), 0);
	const char *msg = NULL;
	assert_int_equal(count_limit_diags(doc, &msg), n);
	char *json = json_of(doc);
	pp_doc_free(doc);
	o.on_limit = PP_LIMIT_FAIL;
	doc = (pp_doc *)&o;
	assert_int_equal(pp_parse(&doc, text, len, &o), n ? PP_ELIMIT : 0);
	if (n)
		assert_null(doc);
	pp_doc_free(doc);
	return json;
}

static void test_defaults(void **state)
{
	(void)state;
	pp_options a, b = PP_OPTIONS_INIT;
	memset(&a, 0x5A, sizeof a);
	pp_options_init(&a);
	assert_int_equal(a.max_depth, 256);
	assert_int_equal(a.max_table_cells, 1000000);
	assert_int_equal(a.max_line, (size_t)1 << 20);
	assert_int_equal(a.max_key, 64);
	assert_int_equal(a.on_limit, PP_LIMIT_TEXT);
	assert_int_equal(b.max_depth, a.max_depth);
	assert_int_equal(b.max_table_cells, a.max_table_cells);
	assert_int_equal(b.max_line, a.max_line);
	assert_int_equal(b.max_key, a.max_key);
	assert_int_equal(b.on_limit, a.on_limit);

	pp_doc *doc = (pp_doc *)&a;
	a.on_limit = 7;
	assert_int_equal(pp_parse(&doc, "x", 1, &a), PP_EINVAL);
	assert_null(doc);
	/* zeros mean the defaults */
	pp_options_init(&a);
	a.max_depth = 0;
	a.max_table_cells = 0;
	a.max_line = 0;
	a.max_key = 0;
	char *json = both_ways("> > > a\n", 8, a, 0);
	free(json);
}

static void test_depth(void **state)
{
	(void)state;
	static const char text[] =
		"- a\n"
		"  - b\n"
		"    - c\n"
		"      - [ ] T001 deep task\n"
		"\n"
		"after\n";
	pp_options o;
	pp_options_init(&o);
	char *json = both_ways(text, sizeof text - 1, o, 0);
	assert_non_null(strstr(json, "deep task"));
	free(json);
	o.max_depth = 3; /* UL > LI > UL: the second level's items are not kept */
	json = both_ways(text, sizeof text - 1, o, 1);
	assert_non_null(strstr(json, "blocks nested deeper than 3"));
	free(json);
}

/* Deep nesting: md4c copes; the block tree, recognisers, JSON and the free
 * path are iterative or bounded by max_depth. */
static void test_deep_nesting(void **state)
{
	(void)state;
	const char *cases[] = { "nested-quotes", "nested-lists-inline" };
	for (size_t i = 0; i < 2; i++) {
		size_t len = 0;
		char *text = hostile_gen(cases[i], 100000, &len);
		assert_non_null(text);
		pp_options o;
		pp_options_init(&o);
		char *json = both_ways(text, len, o, 1);
		free(json);
		/* no limit at all: 10,000 levels through every stage (the
		 * recognisers walk up the block tree: quadratic without the limit) */
		free(text);
		text = hostile_gen(cases[i], 10000, &len);
		o.max_depth = UINT_MAX;
		pp_doc *doc = NULL;
		assert_int_equal(pp_parse(&doc, text, len, &o), 0);
		assert_int_equal(count_limit_diags(doc, NULL), 0);
		json = json_of(doc);
		free(json);
		pp_doc_free(doc);
		free(text);
	}
}

static void test_table_cells(void **state)
{
	(void)state;
	static const char text[] =
		"| Task | Status | Estimate |\n"
		"|------|--------|----------|\n"
		"| T001 | Done | 1d |\n"
		"| T002 | Todo | 2d |\n"
		"| T003 | Todo | 3d |\n";
	pp_options o;
	pp_options_init(&o);
	o.max_table_cells = 9; /* header + 2 rows */
	char *json = both_ways(text, sizeof text - 1, o, 1);
	assert_non_null(strstr(json, "table cells exceed the limit of 9"));
	assert_non_null(strstr(json, "\"line\":5,")); /* the row left out: text after the table */
	pp_doc *doc = NULL;
	assert_int_equal(pp_parse(&doc, text, sizeof text - 1, &o), 0);
	assert_int_equal(pp_doc_count(doc, PP_TABLE), 1);
	assert_int_equal(pp_node_list_count(pp_doc_get(doc, PP_TABLE, 0), PP_F_ROWS), 2);
	pp_doc_free(doc);
	free(json);
	/* not even the header fits: no table, the lines stay text */
	o.max_table_cells = 2;
	json = both_ways(text, sizeof text - 1, o, 1);
	assert_non_null(strstr(json, "\"tables\":[]"));
	free(json);
	/* a short delimiter row counts the same */
	static const char shortrow[] = "| a | b |\n|-|-|\n| c | d |\n| e | f |\n";
	o.max_table_cells = 4;
	json = both_ways(shortrow, sizeof shortrow - 1, o, 1);
	free(json);
}

static void test_line(void **state)
{
	(void)state;
	static const char text[] = "# Plan\n\nShort line.\nA long line with **bold** and [a](b) at its end.\n";
	pp_options o;
	pp_options_init(&o);
	o.max_line = 20;
	char *json = both_ways(text, sizeof text - 1, o, 1);
	assert_non_null(strstr(json, "line longer than 20 bytes"));
	assert_non_null(strstr(json, "\"offset\":40")); /* 20 bytes into line 4 */
	free(json);
	o.max_line = 100;
	json = both_ways(text, sizeof text - 1, o, 0);
	free(json);
}

static void test_brackets(void **state)
{
	(void)state;
	size_t len = 0;
	char *text = hostile_gen("brackets", 100, &len);
	pp_options o;
	pp_options_init(&o);
	char *json = both_ways(text, len, o, 1);
	assert_non_null(strstr(json, "link brackets nested deeper than 32"));
	free(json);
	free(text);
	text = hostile_gen("bracket-paren-nl", 200000, &len);
	json = both_ways(text, len, o, 1);
	assert_non_null(strstr(json, "too many links"));
	free(json);
	free(text);
	/* ordinary links in a long paragraph stay links */
	hostile_buf b = { 0 };
	hb_rep(&b, "see [the docs](https://example.com) and [more](x)\n", 2000);
	json = both_ways(b.p, b.n, o, 0);
	free(json);
	free(b.p);
}

/* Every hostile input parses (TEXT) and parses or is refused (FAIL). */
static void test_hostile_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < HOSTILE_NCASES; i++) {
		size_t len = 0;
		char *text = hostile_gen(hostile_cases[i].name, hostile_cases[i].n, &len);
		assert_non_null(text);
		pp_options o;
		pp_options_init(&o);
		pp_doc *doc = NULL;
		int rc = pp_parse(&doc, text, len, &o);
		if (rc)
			print_error("%s: %s\n", hostile_cases[i].name, pp_strerror(rc));
		assert_int_equal(rc, 0);
		char *json = json_of(doc);
		free(json);
		pp_doc_free(doc);
		o.on_limit = PP_LIMIT_FAIL;
		rc = pp_parse(&doc, text, len, &o);
		assert_true(rc == 0 || rc == PP_ELIMIT);
		pp_doc_free(doc);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_table_cells),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_brackets),
		cmocka_unit_test(test_hostile_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
