/*
 * test_graph.c: the public graph API: nodes, topological order, cycles,
 * ready tasks, critical path, a deep chain without recursion, and NULL /
 * out-of-range arguments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planparse.h"

static pp_doc *parse(const char *md, size_t len)
{
	pp_doc *doc = NULL;
	assert_int_equal(pp_parse(&doc, md, len, NULL), 0);
	return doc;
}

static pp_graph *graph(const pp_doc *doc)
{
	pp_graph *g = NULL;
	assert_int_equal(pp_graph_new(&g, doc), 0);
	assert_non_null(g);
	return g;
}

static const char *name(const pp_graph *g, int64_t v)
{
	return pp_graph_node_name(g, (size_t)v, NULL);
}

static void test_order_and_critical(void **state)
{
	(void)state;
	const char *md = "- [x] T001 a (2h)\n- [ ] T002 b, depends on T001 (3h)\n"
	                 "- [ ] T003 c, depends on T001 (1h)\n- [ ] T004 d, depends on T002, T003 (1h)\n";
	pp_doc *doc = parse(md, strlen(md));
	pp_graph *g = graph(doc);
	assert_int_equal(pp_graph_node_count(g), 4);
	assert_int_equal(pp_graph_order_count(g), 4);
	assert_string_equal(name(g, pp_graph_order_node(g, 0)), "T001");
	assert_string_equal(name(g, pp_graph_order_node(g, 3)), "T004");
	assert_int_equal(pp_graph_cycle_count(g), 0);
	assert_int_equal(pp_graph_critical_count(g), 3);
	assert_string_equal(name(g, pp_graph_critical_node(g, 0)), "T001");
	assert_string_equal(name(g, pp_graph_critical_node(g, 1)), "T002");
	assert_string_equal(name(g, pp_graph_critical_node(g, 2)), "T004");
	assert_true(pp_graph_critical_hours(g) == 6.0);
	/* ready: T002 and T003 (T001 is done, T004 waits) */
	assert_int_equal(pp_graph_ready_count(g), 2);
	assert_int_equal(pp_graph_ready_task(g, 0), 1);
	assert_int_equal(pp_graph_ready_task(g, 1), 2);
	assert_int_equal(pp_graph_node_task(g, 3), 3);
	assert_int_equal(pp_graph_node_done(g, 0), 1);
	assert_int_equal(pp_graph_prereq_count(g, 3), 2);
	pp_graph_free(g);
	pp_doc_free(doc);
}

static void test_cycles(void **state)
{
	(void)state;
	const char *md = "- [x] T001 a\n- [ ] T002 b, depends on T001, T004\n"
	                 "- [ ] T003 c, depends on T002\n- [ ] T004 d, depends on T003\n"
	                 "- [ ] T005 e, depends on T005\n- [ ] T006 f, depends on T004\n"
	                 "- [ ] T007 g, depends on T001\n";
	pp_doc *doc = parse(md, strlen(md));
	pp_graph *g = graph(doc);
	assert_int_equal(pp_graph_cycle_count(g), 2);
	assert_int_equal(pp_graph_cycle_size(g, 0), 3);
	assert_string_equal(name(g, pp_graph_cycle_node(g, 0, 0)), "T002");
	assert_string_equal(name(g, pp_graph_cycle_node(g, 0, 2)), "T004");
	assert_int_equal(pp_graph_cycle_size(g, 1), 1);
	assert_string_equal(name(g, pp_graph_cycle_node(g, 1, 0)), "T005");
	/* order leaves out the cycles and what depends on them (T006) */
	assert_int_equal(pp_graph_order_count(g), 2);
	/* next still answers: only T007 */
	assert_int_equal(pp_graph_ready_count(g), 1);
	assert_int_equal(pp_graph_ready_task(g, 0), 6);
	/* each cycle is one diagnostic */
	size_t n = 0;
	for (size_t i = 0; i < pp_doc_count(doc, PP_DIAGNOSTIC); i++)
		n += !strcmp(pp_node_str(pp_doc_get(doc, PP_DIAGNOSTIC, i), PP_F_CODE, NULL),
		             "dependency-cycle");
	assert_int_equal(n, 2);
	pp_graph_free(g);
	pp_doc_free(doc);
}

static void test_phase_prereqs(void **state)
{
	(void)state;
	const char *md = "## Phase 1: a\n\n- [ ] T001 x\n\n## Phase 2: b\n\nDepends on Phase 1.\n\n"
	                 "- [ ] T002 y\n";
	pp_doc *doc = parse(md, strlen(md));
	pp_graph *g = graph(doc);
	assert_int_equal(pp_graph_ready_count(g), 1); /* T002 waits for phase 1 */
	assert_int_equal(pp_graph_ready_task(g, 0), 0);
	pp_graph_free(g);
	pp_doc_free(doc);
}

/* A chain of 200,000 tasks: no recursion, so no stack overflow. */
static void test_deep_chain(void **state)
{
	(void)state;
	size_t n = 200000, cap = n * 48, len = 0;
	char *md = malloc(cap);
	assert_non_null(md);
	len += (size_t)sprintf(md, "- [ ] T-0 start\n");
	for (size_t i = 1; i < n; i++)
		len += (size_t)sprintf(md + len, "- [ ] T-%zu step, depends on T-%zu\n", i, i - 1);
	len += (size_t)sprintf(md + len, "- [ ] T-0x closes the loop, depends on T-%zu\n", n - 1);
	pp_doc *doc = parse(md, len);
	pp_graph *g = graph(doc);
	assert_int_equal(pp_graph_order_count(g), n + 1);
	assert_int_equal(pp_graph_critical_count(g), n + 1);
	assert_int_equal(pp_graph_ready_count(g), 1);
	pp_graph_free(g);
	pp_doc_free(doc);
	free(md);
}

static void test_null(void **state)
{
	(void)state;
	pp_graph *g = (pp_graph *)1;
	assert_int_equal(pp_graph_new(&g, NULL), PP_EINVAL);
	assert_null(g);
	assert_int_equal(pp_graph_new(NULL, NULL), PP_EINVAL);
	pp_graph_free(NULL);
	assert_int_equal(pp_graph_node_count(NULL), 0);
	assert_null(pp_graph_node_name(NULL, 0, NULL));
	assert_int_equal(pp_graph_order_node(NULL, 0), PP_NULL);
	assert_int_equal(pp_graph_cycle_size(NULL, 0), 0);
	assert_true(isnan(pp_graph_critical_hours(NULL)));
	pp_doc *doc = parse("", 0);
	g = graph(doc);
	assert_int_equal(pp_graph_node_count(g), 0);
	assert_int_equal(pp_graph_critical_count(g), 0);
	assert_int_equal(pp_graph_ready_task(g, 5), PP_NULL);
	assert_int_equal(pp_graph_cycle_node(g, 0, 0), PP_NULL);
	pp_graph_free(g);
	pp_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_critical),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_phase_prereqs),
		cmocka_unit_test(test_deep_chain),
		cmocka_unit_test(test_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
