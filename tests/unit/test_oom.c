/*
 * test_oom.c: out-of-memory at every allocation, for every fixture.
 *
 * For each fixture (tests/fixtures, NAME.md): a parse with a counting allocator counts
 * the allocations k of a successful parse (and of its JSON); then the
 * parse runs once per k with the k-th allocation failing.  Each call must
 * return PP_ENOMEM (a failure a stage swallowed would show as success),
 * store NULL, never abort, and leave the counting allocator at zero live
 * blocks; pp_doc_to_json() the same.  Under scripts/test.d/10-sanitize.sh
 * ASan/LSan also watch md4c, libyaml and utf8proc, which allocate with
 * malloc on their own (md4c: its working buffers; libyaml: the front
 * matter parser; lib/text.c calls only utf8proc functions that write into
 * caller buffers, never utf8proc_map).
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "planparse.h"
#include "../support/counting.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	char *p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* The first key asked for makes them all (docs/edit.md): each of those
 * allocations fails once; the document stays usable, later asks succeed
 * and give the keys of a document that never failed, and nothing leaks. */
static long oom_keys(const char *text, size_t len, const pp_options *o, counting *c)
{
	pp_doc *doc = NULL, *ref = NULL;
	*c = (counting){ 0 };
	assert_int_equal(pp_parse(&ref, text, len, o), PP_OK);
	if (pp_doc_count(ref, PP_TASK) + pp_doc_count(ref, PP_CHECKBOX) == 0) {
		pp_doc_free(ref);
		return 0;
	}
	const pp_node *first = pp_doc_get(ref, PP_TASK, 0);
	if (!first)
		first = pp_doc_get(ref, PP_CHECKBOX, 0);
	long before = c->seen;
	assert_non_null(pp_node_key(first, NULL));
	long calls = c->seen - before;
	for (long k = 1; k <= calls; k++) {
		assert_int_equal(pp_parse(&doc, text, len, o), PP_OK);
		c->fail_at = c->seen + k;
		const pp_node *n = pp_doc_get(doc, pp_node_kind(first), 0);
		assert_null(pp_node_key(n, NULL));
		const pp_node *found = NULL;
		c->fail_at = c->seen + k; /* nothing was kept: the next ask starts over */
		assert_int_equal(pp_doc_find(&found, doc, "x", 1), PP_ENOMEM);
		c->fail_at = 0;
		size_t la, lb;
		const char *a = pp_node_key(n, &la), *b = pp_node_key(first, &lb);
		assert_non_null(a);
		assert_true(la == lb && memcmp(a, b, la) == 0);
		pp_doc_free(doc);
		assert_false(c->bad_realloc);
	}
	pp_doc_free(ref);
	assert_int_equal(c->live, 0);
	return calls;
}

static long oom_one(const char *path)
{
	size_t len;
	char *text = read_all(path, &len);
	counting c = { 0 };
	pp_options o = counted_options(&c);
	o.path = path;

	pp_doc *doc = NULL;
	assert_int_equal(pp_parse(&doc, text, len, &o), PP_OK);
	long parse_calls = c.seen;
	c.seen = 0;
	char *json = NULL;
	assert_int_equal(pp_doc_to_json(doc, &json, NULL), PP_OK);
	long json_calls = c.seen;
	pp_free(json);
	pp_doc_free(doc);
	assert_int_equal(c.live, 0);

	for (long k = 1; k <= parse_calls; k++) {
		c = (counting){ .fail_at = k };
		doc = (pp_doc *)&c;
		int rc = pp_parse(&doc, text, len, &o);
		if (rc != PP_ENOMEM || c.live != 0)
			print_error("%s: allocation %ld of %ld failed: pp_parse returned %d, "
			            "%ld blocks live\n", path, k, parse_calls, rc, c.live);
		assert_int_equal(rc, PP_ENOMEM);
		assert_null(doc);
		assert_int_equal(c.live, 0);
		assert_false(c.bad_realloc);
	}
	for (long k = 1; k <= json_calls; k++) {
		c = (counting){ 0 };
		assert_int_equal(pp_parse(&doc, text, len, &o), PP_OK);
		c.seen = 0;
		c.fail_at = k;
		json = (char *)"sentinel";
		size_t jl = 9;
		assert_int_equal(pp_doc_to_json(doc, &json, &jl), PP_ENOMEM);
		assert_null(json);
		assert_int_equal(jl, 0);
		pp_doc_free(doc);
		assert_int_equal(c.live, 0);
		assert_false(c.bad_realloc);
	}
	long key_calls = oom_keys(text, len, &o, &c);
	free(text);
	return parse_calls + json_calls + key_calls;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_oom_every_fixture(void **state)
{
	(void)state;
	const char *f = __FILE__;
	const char *slash = strrchr(f, '/');
	char dir[4096];
	snprintf(dir, sizeof dir, "%.*s/../fixtures", slash ? (int)(slash - f) : 1, slash ? f : ".");
	DIR *d = opendir(dir);
	assert_non_null(d);
	char *names[1024];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 1024) {
		size_t l = strlen(e->d_name);
		if (l > 3 && !strcmp(e->d_name + l - 3, ".md")) {
			names[n] = malloc(strlen(dir) + l + 2);
			assert_non_null(names[n]);
			sprintf(names[n++], "%s/%s", dir, e->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp);
	assert_true(n > 0);
	long total = 0;
	for (size_t i = 0; i < n; i++) {
		total += oom_one(names[i]);
		free(names[i]);
	}
	printf("test_oom: %zu fixtures, %ld allocations each made to fail once\n", n, total);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom_every_fixture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
