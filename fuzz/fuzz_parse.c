/*
 * fuzz_parse.c: libFuzzer target for pp_parse() + pp_doc_to_json() + every
 * accessor of every node.
 *
 * The first bytes of an input choose the options (as cmark's fuzzer does),
 * the rest is the document:
 *
 *   byte 0  bit 0: use a counting allocator (must end at zero)
 *           bit 1: ... that fails its k-th call, k from bytes 1-2
 *           bit 2: PP_LIMIT_FAIL instead of PP_LIMIT_TEXT
 *           bit 3: small limits (max_depth, max_table_cells, max_line
 *                  and max_input from bytes 3-4)
 *           bit 4: odd estimate factors (hours_per_day, days_per_week)
 *           bit 5: a source path
 *   bytes 1-4  parameters above (always consumed when the input has them)
 *
 * Inputs shorter than 5 bytes are parsed whole with the default options.
 * Checked: pp_parse() returns 0 or PP_ENOMEM / PP_ELIMIT (PP_ENOMEM only
 * when an allocation was made to fail), the JSON is NUL-terminated UTF-8
 * of the length returned, strings are NUL-terminated at their length, and
 * the counting allocator ends with nothing live.  A failed check aborts.
 *
 * Issue 5 (the edit planner) will add fuzz_edit.c: plan an edit, apply it,
 * re-parse, and check the round trip.
 */
#include "planparse.h"
#include "../tests/support/counting.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz_parse: check failed: %s (line %d)\n", #cond, __LINE__); \
			abort(); \
		} \
	} while (0)

static volatile size_t sink;

static void check_str(const char *s, size_t len)
{
	if (!s) {
		CHECK(len == 0);
		return;
	}
	CHECK(s[len] == 0);
	sink += len ? (unsigned char)s[len - 1] : 0;
}

/* Every field of a node, through every accessor; children and list items
 * in turn.  Nodes nest at most a few levels (the JSON says so), so depth
 * bounds the recursion. */
static void walk(const pp_node *n, int depth)
{
	CHECK(depth < 8);
	pp_kind k = pp_node_kind(n);
	CHECK(k > PP_NONE && k < PP_KIND_COUNT);
	CHECK(strcmp(pp_kind_name(k), "none") != 0);
	for (int f = -1; f <= PP_F_COUNT; f++) {
		pp_field fld = (pp_field)f;
		size_t len = 12345;
		const char *s = pp_node_str(n, fld, &len);
		check_str(s, len);
		CHECK(s || len == 0);
		sink += (size_t)pp_node_int(n, fld);
		double d = pp_node_num(n, fld);
		sink += isnan(d) ? 1 : 0;
		const pp_node *c = pp_node_child(n, fld);
		if (c)
			walk(c, depth + 1);
		size_t cnt = pp_node_list_count(n, fld);
		for (size_t i = 0; i <= cnt; i++) {
			s = pp_node_list_str(n, fld, i, &len);
			check_str(s, len);
			sink += (size_t)pp_node_list_int(n, fld, i);
			c = pp_node_list_node(n, fld, i);
			if (c)
				walk(c, depth + 1);
			if (i == cnt)
				CHECK(!s && !c && pp_node_list_int(n, fld, i) == PP_NULL);
		}
	}
}

static void walk_doc(const pp_doc *doc)
{
	const pp_node *root = pp_doc_root(doc);
	CHECK(root && pp_node_kind(root) == PP_DOCUMENT);
	walk(root, 0);
	for (int k = PP_NONE - 1; k <= PP_KIND_COUNT; k++) {
		size_t cnt = pp_doc_count(doc, (pp_kind)k);
		for (size_t i = 0; i < cnt; i++) {
			const pp_node *n = pp_doc_get(doc, (pp_kind)k, i);
			CHECK(n && pp_node_kind(n) == (pp_kind)k);
			CHECK(pp_node_int(n, PP_F_INDEX) == (int64_t)i);
			walk(n, 0);
		}
		CHECK(!pp_doc_get(doc, (pp_kind)k, cnt));
	}
}

static void check_json(const pp_doc *doc, bool may_fail)
{
	char *json = NULL;
	size_t len = 0;
	int rc = pp_doc_to_json(doc, &json, &len);
	if (rc == PP_ENOMEM && may_fail) {
		CHECK(!json && len == 0);
		return;
	}
	CHECK(rc == 0 && json);
	CHECK(json[len] == 0 && strlen(json) == len);
	CHECK(len >= 2 && json[0] == '{' && json[len - 1] == '}');
	CHECK(valid_utf8((const unsigned char *)json, len));
	pp_free(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pp_options o;
	pp_options_init(&o);
	counting c = { 0 };
	uint8_t flags = 0;
	if (size >= 5) {
		flags = data[0];
		unsigned k = data[1] | (unsigned)data[2] << 8;
		unsigned p = data[3] | (unsigned)data[4] << 8;
		data += 5;
		size -= 5;
		if (flags & 1)
			o.allocator = counting_allocator(&c);
		if ((flags & 3) == 3)
			c.fail_at = k ? k : 1;
		if (flags & 4)
			o.on_limit = PP_LIMIT_FAIL;
		if (flags & 8) {
			o.max_depth = 1 + (p & 15);
			o.max_table_cells = 1 + ((p >> 4) & 63);
			o.max_line = 1 + ((p >> 10) & 63) * 4;
			o.max_key = 1 + (p & 127);
			o.max_input = (p & 1) ? size : size / 2 + 1;
		}
		if (flags & 16) {
			o.hours_per_day = (p & 3) ? (double)(p & 31) / 3.0 : -1;
			o.days_per_week = (p & 4) ? NAN : 0.5;
		}
		if (flags & 32)
			o.path = "fuzz/\"plan\".md";
	}
	pp_doc *doc = (pp_doc *)&o;
	int rc = pp_parse(&doc, (const char *)data, size, &o);
	if (rc) {
		CHECK(!doc);
		CHECK(rc == PP_ELIMIT || (rc == PP_ENOMEM && c.failed));
		CHECK(rc != PP_ELIMIT || (flags & 12));
	} else {
		CHECK(doc);
		walk_doc(doc);
		check_json(doc, c.fail_at != 0);
		pp_doc_free(doc);
	}
	if (flags & 1)
		CHECK(c.live == 0 && !c.bad_realloc);
	return 0;
}
