/*
 * test_tables.c: tables and their roles, table tasks, risks (tables, lists,
 * heads, levels) and effort estimates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* ---- helpers ----------------------------------------------------------- */

static pp_doc *parse_opts(const char *md, const pp_options *o)
{
	pp_doc *doc = NULL;
	assert_int_equal(pp_parse(&doc, md, strlen(md), o), 0);
	assert_non_null(doc);
	return doc;
}

static pp_doc *parse(const char *md)
{
	return parse_opts(md, NULL);
}

static const char *str(const pp_node *n, pp_field f)
{
	return pp_node_str(n, f, NULL);
}

static const pp_node *get(const pp_doc *doc, pp_kind k, size_t i)
{
	const pp_node *n = pp_doc_get(doc, k, i);
	assert_non_null(n);
	return n;
}

static const char *role(const pp_doc *doc, size_t i)
{
	return str(get(doc, PP_TABLE, i), PP_F_ROLE);
}

static void expect_str(const pp_node *n, pp_field f, const char *want)
{
	if (want)
		assert_string_equal(str(n, f), want);
	else
		assert_null(str(n, f));
}

static size_t count_diag(const pp_doc *doc, const char *code)
{
	size_t k = 0;
	for (size_t i = 0; i < pp_doc_count(doc, PP_DIAGNOSTIC); i++)
		k += strcmp(str(get(doc, PP_DIAGNOSTIC, i), PP_F_CODE), code) == 0;
	return k;
}

/* The role of the one table in md. */
static void expect_role(const char *md, const char *want)
{
	pp_doc *doc = parse(md);
	assert_int_equal(pp_doc_count(doc, PP_TABLE), 1);
	assert_string_equal(role(doc, 0), want);
	pp_doc_free(doc);
}

/* ---- tables ------------------------------------------------------------ */

static void test_table_shape(void **state)
{
	(void)state;
	pp_doc *doc = parse("# T\n\n| A | **B** |\n|---|:-:|\n| `x` | [y](http://z) |\n| only |\n");
	const pp_node *t = get(doc, PP_TABLE, 0);
	assert_int_equal(pp_node_int(t, PP_F_LINE), 3);
	assert_int_equal(pp_node_int(t, PP_F_OFFSET), 5);
	assert_int_equal(pp_node_list_count(t, PP_F_HEADER), 2);
	assert_string_equal(pp_node_list_str(t, PP_F_HEADER, 1, NULL), "B");
	assert_int_equal(pp_node_list_count(t, PP_F_ROWS), 2);
	const pp_node *r0 = pp_node_list_node(t, PP_F_ROWS, 0);
	assert_string_equal(pp_node_list_str(r0, PP_F_CELLS, 0, NULL), "x");
	assert_string_equal(pp_node_list_str(r0, PP_F_CELLS, 1, NULL), "y");
	const pp_node *r1 = pp_node_list_node(t, PP_F_ROWS, 1);
	assert_int_equal(pp_node_list_count(r1, PP_F_CELLS), 2); /* padded */
	assert_string_equal(pp_node_list_str(r1, PP_F_CELLS, 1, NULL), "");
	assert_string_equal(role(doc, 0), "other");
	pp_doc_free(doc);
}

static void test_table_not_in_code(void **state)
{
	(void)state;
	pp_doc *doc = parse("```\n| Risk | Impact |\n|---|---|\n| a | High |\n```\n");
	assert_int_equal(pp_doc_count(doc, PP_TABLE), 0);
	assert_int_equal(pp_doc_count(doc, PP_RISK), 0);
	pp_doc_free(doc);
}

static void test_role_risk(void **state)
{
	(void)state;
	expect_role("| Risk | Probability | Impact | Mitigation |\n|---|---|---|---|\n| a | H | H | m |\n", "risk");
	expect_role("| ID | Risk Description | Probability |\n|---|---|---|\n| R1 | a | 3 |\n", "risk");
	expect_role("| リスク | 影響 | 対策 |\n|---|---|---|\n| a | 高 | b |\n", "risk");
	expect_role("| Riesgo | Impacto |\n|---|---|\n| a | alta |\n", "risk");
	/* a risk column that neither leads nor comes with risk columns */
	expect_role("| Phase | Requirements | Risks Mitigated |\n|---|---|---|\n| 1 | R | R-7 |\n", "other");
	/* a literal task column wins: a task table whose rows carry a risk */
	expect_role("| Task | Risk | Owner |\n|---|---|---|\n| a | low | b |\n", "tasks");
	/* `risky` is not `risk` */
	expect_role("| Riskyness | Value |\n|---|---|\n| a | b |\n", "other");
}

static void test_role_tasks(void **state)
{
	(void)state;
	expect_role("| Task | Owner |\n|---|---|\n| a | b |\n", "tasks");
	expect_role("| Work Item | Notes |\n|---|---|\n| a | b |\n", "tasks");
	expect_role("| Story ID | Title | Status |\n|---|---|---|\n| 1.1 | a | Done |\n", "tasks");
	expect_role("| # | Title | Depends on |\n|---|---|---|\n| 1 | a | - |\n", "tasks");
	expect_role("| ID | Title | Estimate |\n|---|---|---|\n| 1 | a | 2h |\n", "tasks");
	/* an ID column alone does not make a task table */
	expect_role("| ID | Description | Rationale |\n|---|---|---|\n| D1 | a | b |\n", "other");
	/* `Tasks done` is not literally a task column */
	expect_role("| Week | Tasks done |\n|---|---|\n| 1 | 3 |\n", "other");
}

static void test_role_meta_deps(void **state)
{
	(void)state;
	expect_role("| Field | Value |\n|---|---|\n| Status | Draft |\n", "meta");
	expect_role("| Metadata | |\n|---|---|\n| Owner | Ann |\n", "meta");
	expect_role("| Field | Type | Notes |\n|---|---|---|\n| a | b | c |\n", "other");
	expect_role("| Value | Field |\n|---|---|\n| a | b |\n", "other");
	expect_role("| Component | Depends On |\n|---|---|\n| api | db |\n", "dependencies");
	expect_role("| Component | Dependency Direction |\n|---|---|\n| api | up |\n", "other");
}

/* ---- table tasks ------------------------------------------------------- */

static const char task_md[] =
	"# Plan\n\n## Phase 1: Build\n\n"
	"| ID | Task | Status | Estimated Hours | Owner | Depends On |\n"
	"|----|------|--------|-----------------|-------|------------|\n"
	"| T-1 | **Schema** and models | ✅ Done | 6 | Ann | — |\n"
	"| T-2 | API | In Progress | 2-3 | | T-1, T-9 (soft) |\n"
	"| | T-3 Docs (2h) | Whatever | X | @bob | none |\n"
	"| — | — | — | — | | n/a |\n";

static void test_table_tasks(void **state)
{
	(void)state;
	pp_doc *doc = parse(task_md);
	assert_int_equal(pp_doc_count(doc, PP_TASK), 3); /* the dash row is blank */
	const pp_node *t = get(doc, PP_TASK, 0);
	expect_str(t, PP_F_SOURCE, "table");
	expect_str(t, PP_F_ID, "T-1");
	expect_str(t, PP_F_TEXT, "Schema and models");
	expect_str(t, PP_F_TITLE, "Schema");
	expect_str(t, PP_F_STATE, "done");
	expect_str(t, PP_F_OWNER, "Ann");
	assert_int_equal(pp_node_list_count(t, PP_F_DEPENDS_ON), 0);
	assert_int_equal(pp_node_int(t, PP_F_MARK_OFFSET), PP_NULL);
	assert_int_equal(pp_node_int(t, PP_F_PARENT), PP_NULL);
	assert_int_equal(pp_node_int(t, PP_F_PHASE), 0);
	assert_int_equal(pp_node_int(t, PP_F_LINE), 7);
	const pp_node *e = pp_node_child(t, PP_F_ESTIMATE);
	assert_non_null(e);
	expect_str(e, PP_F_RAW, "6");
	assert_true(pp_node_num(e, PP_F_MIN_HOURS) == 6.0);

	t = get(doc, PP_TASK, 1);
	expect_str(t, PP_F_STATE, "in_progress");
	expect_str(t, PP_F_OWNER, NULL);
	e = pp_node_child(t, PP_F_ESTIMATE);
	assert_true(pp_node_num(e, PP_F_MIN_HOURS) == 2.0 && pp_node_num(e, PP_F_MAX_HOURS) == 3.0);
	assert_int_equal(pp_node_list_count(t, PP_F_DEPENDS_ON), 2);
	assert_string_equal(pp_node_list_str(t, PP_F_DEPENDS_ON, 0, NULL), "T-1");
	assert_string_equal(pp_node_list_str(t, PP_F_DEPENDS_ON, 1, NULL), "T-9");

	t = get(doc, PP_TASK, 2);
	expect_str(t, PP_F_ID, "T-3"); /* leading ID of the task cell */
	expect_str(t, PP_F_TITLE, "Docs");
	expect_str(t, PP_F_STATE, "unknown");
	expect_str(t, PP_F_OWNER, "bob");
	e = pp_node_child(t, PP_F_ESTIMATE);
	assert_true(pp_node_int(e, PP_F_PLACEHOLDER) == 1);
	assert_int_equal(pp_node_list_count(t, PP_F_DEPENDS_ON), 0);
	pp_doc_free(doc);
}

static void test_table_task_fallbacks(void **state)
{
	(void)state;
	pp_doc *doc = parse("| Task | Points | Notes |\n|---|---|---|\n| Login 3d | 5 | x |\n"
	                    "| Logout | | y |\n");
	const pp_node *t = get(doc, PP_TASK, 0);
	expect_str(t, PP_F_STATE, "none"); /* no status column */
	expect_str(t, PP_F_ID, NULL);
	const pp_node *e = pp_node_child(t, PP_F_ESTIMATE);
	assert_true(pp_node_num(e, PP_F_POINTS) == 5.0);
	assert_true(isnan(pp_node_num(e, PP_F_MIN_HOURS)));
	assert_null(pp_node_child(get(doc, PP_TASK, 1), PP_F_ESTIMATE));
	pp_doc_free(doc);

	/* a bare number in a column without a unit is no estimate; a value
	 * with its own unit is */
	doc = parse("| ID | Title | Estimate | Status |\n|---|---|---|---|\n| 1 | a | 5 | |\n"
	            "| 2 | b | 2d | todo |\n");
	assert_null(pp_node_child(get(doc, PP_TASK, 0), PP_F_ESTIMATE));
	expect_str(get(doc, PP_TASK, 0), PP_F_STATE, "none");
	e = pp_node_child(get(doc, PP_TASK, 1), PP_F_ESTIMATE);
	assert_true(pp_node_num(e, PP_F_MAX_HOURS) == 16.0);
	expect_str(get(doc, PP_TASK, 1), PP_F_STATE, "todo");
	pp_doc_free(doc);

	/* no task rows in risk, meta or other tables */
	doc = parse("| Risk | Impact |\n|---|---|\n| a | High |\n\n| Field | Value |\n|---|---|\n"
	            "| Task | b |\n");
	assert_int_equal(pp_doc_count(doc, PP_TASK), 0);
	pp_doc_free(doc);
}

/* ---- risk tables ------------------------------------------------------- */

static void test_risk_table(void **state)
{
	(void)state;
	pp_doc *doc = parse(
		"## Risks\n\n"
		"| Risk ID | Description | Probability | Impact | Mitigation Strategy | Owner | Status |\n"
		"|---|---|---|---|---|---|---|\n"
		"| R1 | Data loss | High | 4 | Backups | Ann | 🟢 Open |\n"
		"| R2 | Slow queries | 0.4 | 80% | | | |\n"
		"| | | | | | | |\n");
	assert_int_equal(pp_doc_count(doc, PP_RISK), 2);
	const pp_node *r = get(doc, PP_RISK, 0);
	expect_str(r, PP_F_ID, "R1");
	expect_str(r, PP_F_RISK, "Data loss");
	expect_str(r, PP_F_MITIGATION, "Backups");
	expect_str(r, PP_F_OWNER, "Ann");
	expect_str(r, PP_F_STATUS, "🟢 Open");
	assert_int_equal(pp_node_int(r, PP_F_TABLE), 0);
	assert_int_equal(pp_node_int(r, PP_F_LINE), 5);
	assert_int_equal(pp_node_list_count(r, PP_F_CELLS), 7);
	const pp_node *p = pp_node_child(r, PP_F_PROBABILITY);
	expect_str(p, PP_F_RAW, "High");
	expect_str(p, PP_F_LEVEL, "high");
	assert_true(isnan(pp_node_num(p, PP_F_SCORE)));
	assert_true(pp_node_num(pp_node_child(r, PP_F_IMPACT), PP_F_SCORE) == 4.0);

	r = get(doc, PP_RISK, 1);
	assert_true(pp_node_num(pp_node_child(r, PP_F_PROBABILITY), PP_F_SCORE) == 0.4);
	assert_true(pp_node_num(pp_node_child(r, PP_F_IMPACT), PP_F_SCORE) == 80.0);
	expect_str(r, PP_F_MITIGATION, NULL);
	expect_str(r, PP_F_OWNER, NULL);
	pp_doc_free(doc);
}

static void test_risk_table_languages(void **state)
{
	(void)state;
	pp_doc *doc = parse("| Risiko | Wahrscheinlichkeit | Auswirkung | Maßnahme |\n|---|---|---|---|\n"
	                    "| Ausfall | hoch | mittel | Redundanz |\n\n"
	                    "| 风险 | 概率 | 影响 | 对策 |\n|---|---|---|---|\n| 宕机 | 高 | 低 | 冗余 |\n");
	assert_int_equal(pp_doc_count(doc, PP_RISK), 2);
	const pp_node *r = get(doc, PP_RISK, 0);
	expect_str(r, PP_F_RISK, "Ausfall");
	expect_str(r, PP_F_MITIGATION, "Redundanz");
	expect_str(pp_node_child(r, PP_F_PROBABILITY), PP_F_LEVEL, "high");
	expect_str(pp_node_child(r, PP_F_IMPACT), PP_F_LEVEL, "medium");
	r = get(doc, PP_RISK, 1);
	expect_str(r, PP_F_RISK, "宕机");
	expect_str(r, PP_F_MITIGATION, "冗余");
	expect_str(pp_node_child(r, PP_F_IMPACT), PP_F_LEVEL, "low");
	assert_int_equal(pp_node_int(r, PP_F_TABLE), 1);
	pp_doc_free(doc);
}

static void test_risk_levels(void **state)
{
	(void)state;
	pp_doc *doc = parse("| Risk | Likelihood | Severity |\n|---|---|---|\n"
	                    "| [Risk description] | High/Med/Low | 🔴 |\n| b | L | Critical |\n");
	const pp_node *r = get(doc, PP_RISK, 0);
	const pp_node *p = pp_node_child(r, PP_F_PROBABILITY);
	assert_true(pp_node_int(p, PP_F_PLACEHOLDER) == 1);
	expect_str(p, PP_F_LEVEL, NULL);
	expect_str(p, PP_F_RAW, "High/Med/Low");
	expect_str(pp_node_child(r, PP_F_IMPACT), PP_F_LEVEL, "high");
	assert_true(count_diag(doc, "placeholder") >= 1);
	r = get(doc, PP_RISK, 1);
	expect_str(pp_node_child(r, PP_F_PROBABILITY), PP_F_LEVEL, "low");
	expect_str(pp_node_child(r, PP_F_IMPACT), PP_F_LEVEL, "critical");
	assert_int_equal(pp_node_int(pp_node_child(r, PP_F_IMPACT), PP_F_PLACEHOLDER), 0);
	pp_doc_free(doc);
}

static void test_risk_table_id_in_risk_column(void **state)
{
	(void)state;
	pp_doc *doc = parse("| Risk | Status Before | Mitigation During |\n|---|---|---|\n"
	                    "| R-001 | Open | Validation |\n");
	const pp_node *r = get(doc, PP_RISK, 0);
	expect_str(r, PP_F_RISK, "R-001");
	expect_str(r, PP_F_ID, "R-001");
	expect_str(r, PP_F_STATUS, "Open");
	expect_str(r, PP_F_MITIGATION, "Validation");
	pp_doc_free(doc);
}

/* ---- risk lists and heads ---------------------------------------------- */

static void test_risk_list(void **state)
{
	(void)state;
	pp_doc *doc = parse(
		"## Risks and Mitigations\n\n"
		"- **Vendor lock-in**: keep an abstraction layer\n"
		"- Data loss\n"
		"  - Likelihood: Low\n"
		"  - **Impact:** High\n"
		"  - Mitigation: nightly backups\n"
		"  - Note: this is not a field\n"
		"- Scope creep. We cut features.\n");
	assert_int_equal(pp_doc_count(doc, PP_RISK), 3);
	const pp_node *r = get(doc, PP_RISK, 0);
	expect_str(r, PP_F_RISK, "Vendor lock-in");
	expect_str(r, PP_F_MITIGATION, "keep an abstraction layer");
	assert_int_equal(pp_node_int(r, PP_F_TABLE), PP_NULL);
	assert_int_equal(pp_node_list_count(r, PP_F_CELLS), 0);
	assert_int_equal(pp_node_int(r, PP_F_LINE), 3);
	r = get(doc, PP_RISK, 1);
	expect_str(r, PP_F_RISK, "Data loss");
	expect_str(pp_node_child(r, PP_F_PROBABILITY), PP_F_LEVEL, "low");
	expect_str(pp_node_child(r, PP_F_IMPACT), PP_F_LEVEL, "high");
	expect_str(r, PP_F_MITIGATION, "nightly backups");
	expect_str(get(doc, PP_RISK, 2), PP_F_RISK, "Scope creep. We cut features.");
	/* the emphasised `Impact:` and `Vendor lock-in:` are not status headers */
	for (size_t i = 0; i < pp_doc_count(doc, PP_META); i++) {
		assert_string_not_equal(str(get(doc, PP_META, i), PP_F_NAME), "impact");
		assert_string_not_equal(str(get(doc, PP_META, i), PP_F_NAME), "vendor_lock_in");
	}
	pp_doc_free(doc);
}

static void test_risk_list_introducers(void **state)
{
	(void)state;
	pp_doc *doc = parse("Known risks:\n\n- Outage\n\n## Technical Risks\n\n- Drift\n\n"
	                    "## Risk Trends\n\n- 3 risks closed\n\n## Notes\n\n- Outage again\n");
	assert_int_equal(pp_doc_count(doc, PP_RISK), 2);
	expect_str(get(doc, PP_RISK, 0), PP_F_RISK, "Outage");
	expect_str(get(doc, PP_RISK, 1), PP_F_RISK, "Drift");
	pp_doc_free(doc);
}

static void test_risk_heads(void **state)
{
	(void)state;
	pp_doc *doc = parse(
		"### Risk 1: Data loss\n\n"
		"**Likelihood:** Medium\n**Impact**: High\nMitigation: backups\n\n"
		"### Risk 2: Outage\n\n"
		"### Risk: Low\n\n"
		"Some text.\n\n"
		"**Risk: MCP Protocol Instability**\n"
		"- Mitigation: pin the SDK\n"
		"- Contingency: plain HTTP\n");
	assert_int_equal(pp_doc_count(doc, PP_RISK), 3);
	const pp_node *r = get(doc, PP_RISK, 0);
	expect_str(r, PP_F_RISK, "Data loss");
	expect_str(pp_node_child(r, PP_F_PROBABILITY), PP_F_LEVEL, "medium");
	expect_str(pp_node_child(r, PP_F_IMPACT), PP_F_LEVEL, "high");
	expect_str(r, PP_F_MITIGATION, "backups");
	assert_int_equal(pp_node_int(r, PP_F_TABLE), PP_NULL);
	/* numbered heads need no key lines */
	r = get(doc, PP_RISK, 1);
	expect_str(r, PP_F_RISK, "Outage");
	assert_null(pp_node_child(r, PP_F_PROBABILITY));
	r = get(doc, PP_RISK, 2);
	expect_str(r, PP_F_RISK, "MCP Protocol Instability");
	expect_str(r, PP_F_MITIGATION, "pin the SDK");
	/* the key lines filled the risks: none is a meta entry */
	for (size_t i = 0; i < pp_doc_count(doc, PP_META); i++) {
		const char *name = str(get(doc, PP_META, i), PP_F_NAME);
		assert_string_not_equal(name, "likelihood");
		assert_string_not_equal(name, "impact");
		assert_string_not_equal(name, "risk");
	}
	pp_doc_free(doc);
}

static void test_risk_head_negative(void **state)
{
	(void)state;
	pp_doc *doc = parse("## Risk Assessment: done\n\n**Risk:** low\n\nRisk: none here.\n\n"
	                    "## Risky business\n");
	assert_int_equal(pp_doc_count(doc, PP_RISK), 0);
	pp_doc_free(doc);
}

/* ---- estimates --------------------------------------------------------- */

typedef struct est_case {
	const char *in;
	double lo, hi, pts;   /* NAN: null */
	bool ph;
} est_case;

static void check_est(pp_doc *doc, const est_case *c)
{
	pp_estimate_node *e = pp_estimate_parse(doc, c->in, strlen(c->in), 0, 0);
	if (!e)
		fail_msg("'%s' is not an estimate", c->in);
	if (isnan(c->lo) != isnan(e->min_hours) || (!isnan(c->lo) && fabs(c->lo - e->min_hours) > 1e-9))
		fail_msg("'%s': min %g, want %g", c->in, e->min_hours, c->lo);
	if (isnan(c->hi) != isnan(e->max_hours) || (!isnan(c->hi) && fabs(c->hi - e->max_hours) > 1e-9))
		fail_msg("'%s': max %g, want %g", c->in, e->max_hours, c->hi);
	if (isnan(c->pts) != isnan(e->points) || (!isnan(c->pts) && c->pts != e->points))
		fail_msg("'%s': points %g, want %g", c->in, e->points, c->pts);
	if (c->ph != e->placeholder)
		fail_msg("'%s': placeholder %d", c->in, e->placeholder);
}

/* pp_estimate_parse after the parse: drop the diagnostics it may add, as
 * the document's lists are sealed already. */
static void done_direct(pp_doc *doc)
{
	pp_vec_free(&doc->arena, &doc->build[PP_DIAGNOSTIC]);
	pp_doc_free(doc);
}

static void test_estimate_forms(void **state)
{
	(void)state;
	static const est_case cases[] = {
		{ "8h", 8, 8, NAN, false }, { "2 hours", 2, 2, NAN, false },
		{ "2-3 days", 16, 24, NAN, false }, { "1d", 8, 8, NAN, false },
		{ "1–2w", 40, 80, NAN, false }, { "1 week", 40, 40, NAN, false },
		{ "30 min", 0.5, 0.5, NAN, false }, { "3 SP", NAN, NAN, 3, false },
		{ "5 points", NAN, NAN, 5, false }, { "2pt", NAN, NAN, 2, false },
		{ "1.5 hrs", 1.5, 1.5, NAN, false }, { "40-50h", 40, 50, NAN, false },
		{ "2 - 3 d", 16, 24, NAN, false }, { "2 to 4 hours", 2, 4, NAN, false },
		{ "1h 30m", 1.5, 1.5, NAN, false }, { "2h-3h", 2, 3, NAN, false },
		{ "~4h", 4, 4, NAN, false }, { "3 Stunden", 3, 3, NAN, false },
		{ "2 Tage", 16, 16, NAN, false }, { "1 Woche", 40, 40, NAN, false },
		{ "4 horas", 4, 4, NAN, false }, { "2 días", 16, 16, NAN, false },
		{ "2 semanas", 80, 80, NAN, false }, { "3 heures", 3, 3, NAN, false },
		{ "1,5 jours", 12, 12, NAN, false }, { "5 часов", 5, 5, NAN, false },
		{ "2 часа", 2, 2, NAN, false }, { "3 дня", 24, 24, NAN, false },
		{ "4 小时", 4, 4, NAN, false }, { "3天", 24, 24, NAN, false },
		{ "1周", 40, 40, NAN, false }, { "8時間", 8, 8, NAN, false },
		{ "2日", 16, 16, NAN, false }, { "2週間", 80, 80, NAN, false },
		{ "X hours", NAN, NAN, NAN, true }, { "[X] days", NAN, NAN, NAN, true },
		{ "TBD", NAN, NAN, NAN, true }, { "{N}h", NAN, NAN, NAN, true },
		{ "X-Y hours", NAN, NAN, NAN, true }, { "S/M/L", NAN, NAN, NAN, true },
	};
	pp_doc *doc = parse("x\n");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		check_est(doc, &cases[i]);
	done_direct(doc);
}

static void test_estimate_negative(void **state)
{
	(void)state;
	static const char *const no[] = {
		"", "8", "hours", "2 people", "Day 1", "2 months", "8hello", "Week 3",
		"2 days of testing", "80%", "M", "Next 2 days", "CI/CD",
	};
	pp_doc *doc = parse("x\n");
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (pp_estimate_parse(doc, no[i], strlen(no[i]), 0, 0))
			fail_msg("'%s' should not be an estimate", no[i]);
	done_direct(doc);
}

static void test_estimate_options(void **state)
{
	(void)state;
	pp_options o;
	pp_options_init(&o);
	o.hours_per_day = 6;
	o.days_per_week = 4;
	pp_doc *doc = parse_opts("x\n", &o);
	est_case c[] = { { "2d", 12, 12, NAN, false }, { "1-2 weeks", 24, 48, NAN, false } };
	check_est(doc, &c[0]);
	check_est(doc, &c[1]);
	done_direct(doc);
}

static void expect_suffix(const char *s, const char *inner, size_t len)
{
	const char *in = NULL;
	size_t il = 0, k = pp_estimate_suffix(s, strlen(s), &in, &il);
	if (k != len)
		fail_msg("'%s': suffix %zu, want %zu", s, k, len);
	if (inner && (il != strlen(inner) || memcmp(in, inner, il) != 0))
		fail_msg("'%s': inner '%.*s', want '%s'", s, (int)il, in, inner);
}

static void test_estimate_suffix(void **state)
{
	(void)state;
	expect_suffix("Build (40-50h)", "40-50h", 9);
	expect_suffix("Setup (2 days) ", "2 days", 10);
	expect_suffix("Deploy — 3d", "3d", 7);
	expect_suffix("Deploy - 1-2 weeks", "1-2 weeks", 12);
	expect_suffix("Write tests [8h]", "8h", 5);
	expect_suffix("Build (Est: 4h)", "4h", 10);
	expect_suffix("Build （2h）", "2h", 9);
	expect_suffix("Docs (X hours)", "X hours", 10);
	expect_suffix("Phase 1 (Days 1-2)", NULL, 0);
	expect_suffix("Week 1 (Jan 1-5)", NULL, 0);
	expect_suffix("Release - v2", NULL, 0);
	expect_suffix("Build (DEV-123)", NULL, 0);
	expect_suffix("", NULL, 0);
}

static void test_estimate_in_document(void **state)
{
	(void)state;
	pp_doc *doc = parse("## Phase 1: Build (2-3d)\n\n- [ ] T001 Write code (4h)\n");
	const pp_node *p = get(doc, PP_PHASE, 0);
	expect_str(p, PP_F_TITLE, "Build");
	const pp_node *e = pp_node_child(p, PP_F_ESTIMATE);
	assert_non_null(e);
	assert_true(pp_node_num(e, PP_F_MAX_HOURS) == 24.0);
	e = pp_node_child(get(doc, PP_TASK, 0), PP_F_ESTIMATE);
	assert_non_null(e);
	expect_str(e, PP_F_RAW, "4h");
	assert_true(pp_node_num(e, PP_F_MIN_HOURS) == 4.0);
	pp_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_shape),
		cmocka_unit_test(test_table_not_in_code),
		cmocka_unit_test(test_role_risk),
		cmocka_unit_test(test_role_tasks),
		cmocka_unit_test(test_role_meta_deps),
		cmocka_unit_test(test_table_tasks),
		cmocka_unit_test(test_table_task_fallbacks),
		cmocka_unit_test(test_risk_table),
		cmocka_unit_test(test_risk_table_languages),
		cmocka_unit_test(test_risk_levels),
		cmocka_unit_test(test_risk_table_id_in_risk_column),
		cmocka_unit_test(test_risk_list),
		cmocka_unit_test(test_risk_list_introducers),
		cmocka_unit_test(test_risk_heads),
		cmocka_unit_test(test_risk_head_negative),
		cmocka_unit_test(test_estimate_forms),
		cmocka_unit_test(test_estimate_negative),
		cmocka_unit_test(test_estimate_options),
		cmocka_unit_test(test_estimate_suffix),
		cmocka_unit_test(test_estimate_in_document),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
