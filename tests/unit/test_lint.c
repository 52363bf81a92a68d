/*
 * test_lint.c: each diagnostic of lib/lint.c firing, with its position,
 * and not firing on a consistent plan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "planparse.h"

static pp_doc *parse(const char *md)
{
	pp_doc *doc = NULL;
	assert_int_equal(pp_parse(&doc, md, strlen(md), NULL), 0);
	return doc;
}

/* The line of the only diagnostic with code, or -1 when it is not there
 * exactly once. */
static int64_t line_of(const pp_doc *doc, const char *code)
{
	int64_t line = -1;
	int n = 0;
	for (size_t i = 0; i < pp_doc_count(doc, PP_DIAGNOSTIC); i++) {
		const pp_node *d = pp_doc_get(doc, PP_DIAGNOSTIC, i);
		if (!strcmp(pp_node_str(d, PP_F_CODE, NULL), code))
			line = pp_node_int(d, PP_F_LINE), n++;
	}
	return n == 1 ? line : -1;
}

static size_t count(const pp_doc *doc, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < pp_doc_count(doc, PP_DIAGNOSTIC); i++)
		n += !strcmp(pp_node_str(pp_doc_get(doc, PP_DIAGNOSTIC, i), PP_F_CODE, NULL), code);
	return n;
}

static void check(const char *md, const char *code, int64_t line)
{
	pp_doc *doc = parse(md);
	if (line < 0)
		assert_int_equal(count(doc, code), 0);
	else
		assert_int_equal(line_of(doc, code), line);
	pp_doc_free(doc);
}

static void test_duplicate_id(void **state)
{
	(void)state;
	check("- [ ] T001 a\n- [ ] T002 b\n- [ ] T001 c\n", "duplicate-id", 3);
	check("- [ ] T001 a\n- [ ] T002 b\n\n## Notes\n\n- T001, T002: mentioned\n", "duplicate-id", -1);
	check("- [ ] #1 a\n\n## Done\n\n- [ ] #1 b\n", "duplicate-id", -1);
}

static void test_unknown_dependency(void **state)
{
	(void)state;
	check("- [ ] T001 a\n- [ ] T002 b, depends on T009\n", "unknown-dependency", 2);
	check("- [ ] T001 a\n- [ ] T002 b, depends on T001\n", "unknown-dependency", -1);
	check("## Phase 1: a\n\nDepends on Phase 4.\n", "unknown-dependency", 3);
}

static void test_cycle(void **state)
{
	(void)state;
	check("- [ ] T001 a, depends on T002\n- [ ] T002 b, depends on T001\n", "dependency-cycle", 1);
	check("- [ ] T001 a\n- [ ] T002 b, depends on T001\n", "dependency-cycle", -1);
	pp_doc *doc = parse("- [ ] T001 a, depends on T002\n- [ ] T002 b, depends on T001\n");
	const pp_node *d = pp_doc_get(doc, PP_DIAGNOSTIC, 0);
	assert_string_equal(pp_node_str(d, PP_F_SEVERITY, NULL), "error");
	assert_non_null(strstr(pp_node_str(d, PP_F_MESSAGE, NULL), "T001 → T002 → T001"));
	pp_doc_free(doc);
}

static void test_status_mismatch(void **state)
{
	(void)state;
	check("# P\n\n## Phase 1: a\n\n**Status:** Done\n\n- [x] a\n- [ ] b\n", "status-mismatch", 5);
	check("# P\n\n## Phase 1: a\n\n**Status:** Not started\n\n- [x] a\n- [ ] b\n", "status-mismatch", 5);
	check("# P\n\n## Phase 1: a\n\n**Status:** Done\n\n- [x] a\n- [~] b\n", "status-mismatch", -1);
	check("# P\n\n## Phase 1: a\n\n**Status:** In progress\n\n- [x] a\n- [ ] b\n", "status-mismatch", -1);
}

static void test_progress_mismatch(void **state)
{
	(void)state;
	check("# P\n\n**Progress:** 80%\n\n- [x] a\n- [ ] b\n", "progress-mismatch", 3);
	check("# P\n\n**Progress:** 1/2\n\n- [x] a\n- [ ] b\n", "progress-mismatch", -1);
	check("# P\n\n**Progress:** 50%\n\n- [x] a\n- [ ] b\n", "progress-mismatch", -1);
	check("# P\n\n**Progress:** on track\n\n- [x] a\n- [ ] b\n", "progress-mismatch", -1);
}

static void test_phase_numbering(void **state)
{
	(void)state;
	check("## Phase 1: a\n## Phase 3: b\n", "phase-numbering", 2);
	check("## Phase 1: a\n## Phase 1: b\n## Phase 2: c\n", "phase-numbering", 2);
	check("## Phase 2: a\n## Phase 1: b\n## Phase 3: c\n", "phase-numbering", 2); /* backwards */
	check("## Phase 1: a\n## Phase 2: b\n## Phase 1: c\n## Phase 2: d\n", "phase-numbering", -1);
	check("## Phase 1: a\n## Phase 2: b\n## Phase 3: c\n", "phase-numbering", -1);
	check("# A\n## Phase 1: a\n## Phase 2: b\n# B\n## Phase 1: a\n", "phase-numbering", -1);
	check("## Sprint 9 Timeline\n## Sprint 9 Review\n", "phase-numbering", -1);
	check("## Phase 4: a\n## Phase 5: b\n", "phase-numbering", -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duplicate_id),
		cmocka_unit_test(test_unknown_dependency),
		cmocka_unit_test(test_cycle),
		cmocka_unit_test(test_status_mismatch),
		cmocka_unit_test(test_progress_mismatch),
		cmocka_unit_test(test_phase_numbering),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
