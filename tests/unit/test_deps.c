/*
 * test_deps.c: dependency edges from every source of docs/format.md
 * section 7, each firing and not firing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "planparse.h"

static pp_doc *parse(const char *md)
{
	pp_doc *doc = NULL;
	assert_int_equal(pp_parse(&doc, md, strlen(md), NULL), 0);
	return doc;
}

/* Whether the document has the edge from -> to with that source. */
static bool has_edge(const pp_doc *doc, const char *from, const char *to, const char *source)
{
	for (size_t i = 0; i < pp_doc_count(doc, PP_DEPENDENCY); i++) {
		const pp_node *d = pp_doc_get(doc, PP_DEPENDENCY, i);
		if (!strcmp(pp_node_str(d, PP_F_FROM, NULL), from) &&
		    !strcmp(pp_node_str(d, PP_F_TO, NULL), to) &&
		    (!source || !strcmp(pp_node_str(d, PP_F_SOURCE, NULL), source)))
			return true;
	}
	return false;
}

static void test_inline(void **state)
{
	(void)state;
	pp_doc *doc = parse("- [ ] T001 a\n- [ ] T002 b, depends on T001\n"
	                    "- [ ] T003 c (after T002)\n- [ ] T004 d blocked by T001, T003\n"
	                    "- [ ] T005 e requires TASK-4\n- [ ] T006 f ⛔ T005\n"
	                    "- [ ] T007 g @blocked_by: T006\n");
	assert_true(has_edge(doc, "T002", "T001", "inline"));
	assert_true(has_edge(doc, "T003", "T002", "inline"));
	assert_true(has_edge(doc, "T004", "T001", "inline"));
	assert_true(has_edge(doc, "T004", "T003", "inline"));
	assert_true(has_edge(doc, "T005", "TASK-4", "inline"));
	assert_true(has_edge(doc, "T006", "T005", "inline"));
	assert_true(has_edge(doc, "T007", "T006", "inline"));
	assert_int_equal(pp_doc_count(doc, PP_DEPENDENCY), 7);
	const pp_node *t = pp_doc_get(doc, PP_TASK, 3);
	assert_int_equal(pp_node_list_count(t, PP_F_DEPENDS_ON), 2);
	assert_string_equal(pp_node_list_str(t, PP_F_DEPENDS_ON, 1, NULL), "T003");
	const pp_node *d = pp_doc_get(doc, PP_DEPENDENCY, 4);
	assert_int_equal(pp_node_int(d, PP_F_RESOLVED), 0); /* TASK-4 */
	pp_doc_free(doc);
}

static void test_inline_not(void **state)
{
	(void)state;
	/* prose without IDs, dotted numbers that name no task, ⛔ as an emoji */
	pp_doc *doc = parse("- [ ] T001 deploy after the review\n"
	                    "- [ ] T002 requires Python 3.11 and 2 people\n"
	                    "- [ ] T003 prints ⛔ unknown profile\n"
	                    "- [ ] T004 depends on nothing\n");
	assert_int_equal(pp_doc_count(doc, PP_DEPENDENCY), 0);
	pp_doc_free(doc);
}

static void test_attrs_and_untitled(void **state)
{
	(void)state;
	pp_doc *doc = parse("- [ ] T001 a\n- [ ] T002 b\n  - Depends on: T001\n"
	                    "- [ ] untitled, depends on T002\n");
	assert_true(has_edge(doc, "T002", "T001", "inline"));
	assert_true(has_edge(doc, "task:2", "T002", "inline"));
	pp_doc_free(doc);
}

static void test_table(void **state)
{
	(void)state;
	pp_doc *doc = parse("## Phase 1: Base\n\n| ID | Task | Depends On |\n|---|---|---|\n"
	                    "| T1 | a | — |\n| T2 | b | T1 |\n| T3 | c | Phase 1 |\n| T4 | d | Base |\n");
	assert_true(has_edge(doc, "T2", "T1", "table"));
	assert_true(has_edge(doc, "T3", "phase:1", "table"));
	assert_true(has_edge(doc, "T4", "phase:1", "table"));
	assert_int_equal(pp_doc_count(doc, PP_DEPENDENCY), 3);
	pp_doc_free(doc);
}

static void test_front_matter(void **state)
{
	(void)state;
	pp_doc *doc = parse("---\nid: BACK-1\ndependencies: [BACK-2, BACK-3]\n---\n# x\n");
	assert_true(has_edge(doc, "BACK-1", "BACK-2", "frontmatter"));
	assert_true(has_edge(doc, "BACK-1", "BACK-3", "frontmatter"));
	pp_doc_free(doc);
	doc = parse("---\ntitle: no deps\nowner: ana\n---\n# x\n");
	assert_int_equal(pp_doc_count(doc, PP_DEPENDENCY), 0);
	pp_doc_free(doc);
}

static void test_mermaid(void **state)
{
	(void)state;
	pp_doc *doc = parse("- [ ] T001 a\n- [ ] T002 b\n- [ ] T003 c\n\n"
	                    "```mermaid\nflowchart LR\n  A[T001] --> B[T002]; B -.-> T003\n"
	                    "  Client --> Server\n```\n\n"
	                    "```mermaid\ngantt\n  T003 c :c1, 2025-01-01, 1d\n  T002 b :after c1, 1d\n```\n"
	                    "\n```\nT001 --> T003\n```\n");
	assert_true(has_edge(doc, "T002", "T001", "mermaid"));
	assert_true(has_edge(doc, "T003", "T002", "mermaid"));
	assert_true(has_edge(doc, "T002", "T003", "mermaid"));
	assert_false(has_edge(doc, "T003", "T001", NULL));
	assert_int_equal(pp_doc_count(doc, PP_DEPENDENCY), 3);
	pp_doc_free(doc);
}

static void test_phases(void **state)
{
	(void)state;
	pp_doc *doc = parse("## Phase 1: a\n\nPhase 1 must be complete before release.\n\n"
	                    "## Phase 2: b\n\nDepends on Phase 1.\n\n"
	                    "## Phase 3: c\n\nPhase 2 must be done first.\n\nWe talked about phase 5 once.\n");
	assert_true(has_edge(doc, "phase:2", "phase:1", "inline"));
	assert_true(has_edge(doc, "phase:3", "phase:2", "inline"));
	assert_int_equal(pp_doc_count(doc, PP_DEPENDENCY), 2); /* no self edge, no prose */
	pp_doc_free(doc);
}

/* Titles are looked up by scanning until the scans have cost about what
 * an index costs, then through the index: both must answer alike. */
static void test_titles_scanned_then_indexed(void **state)
{
	(void)state;
	pp_doc *doc = parse("## Phase 1: Foundational\n\n- [ ] T001 **Set up CI**\n"
	                    "- [ ] T002 Write docs\n\n## Phase 2: Build\n\n"
	                    "| ID | Task | Depends on |\n|---|---|---|\n"
	                    "| T010 | a | Set up CI |\n| T011 | b | no such title |\n"
	                    "| T012 | c | nor this one |\n| T013 | d | again nothing |\n"
	                    "| T014 | e | foundational |\n| T015 | f | SET UP  CI |\n"
	                    "| T016 | g | Nothing |\n");
	assert_true(has_edge(doc, "T010", "T001", "table"));        /* scanned */
	assert_true(has_edge(doc, "T011", "no such title", "table"));
	assert_true(has_edge(doc, "T013", "again nothing", "table"));
	assert_true(has_edge(doc, "T014", "phase:1", "table"));     /* indexed */
	assert_true(has_edge(doc, "T015", "T001", "table"));
	assert_true(has_edge(doc, "T016", "Nothing", "table"));
	assert_int_equal(pp_doc_count(doc, PP_DEPENDENCY), 7);
	pp_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inline),
		cmocka_unit_test(test_inline_not),
		cmocka_unit_test(test_attrs_and_untitled),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_front_matter),
		cmocka_unit_test(test_mermaid),
		cmocka_unit_test(test_phases),
		cmocka_unit_test(test_titles_scanned_then_indexed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
