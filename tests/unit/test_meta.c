/*
 * test_meta.c: status headers (meta entries) of every source, the status
 * and level vocabularies, templates and placeholders.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <md4c.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* ---- helpers ----------------------------------------------------------- */

static pp_doc *parse(const char *md)
{
	pp_doc *doc = NULL;
	assert_int_equal(pp_parse(&doc, md, strlen(md), NULL), 0);
	assert_non_null(doc);
	return doc;
}

static const pp_node *meta(const pp_doc *doc, size_t i)
{
	const pp_node *m = pp_doc_get(doc, PP_META, i);
	assert_non_null(m);
	return m;
}

static const char *str(const pp_node *n, pp_field f)
{
	return pp_node_str(n, f, NULL);
}

/* Asserts meta entry i has this key and value (value NULL: null). */
static void expect_meta(const pp_doc *doc, size_t i, const char *key, const char *value)
{
	const pp_node *m = meta(doc, i);
	assert_string_equal(str(m, PP_F_KEY), key);
	if (value)
		assert_string_equal(str(m, PP_F_VALUE), value);
	else
		assert_null(str(m, PP_F_VALUE));
}

static size_t count_diag(const pp_doc *doc, const char *code)
{
	size_t k = 0;
	for (size_t i = 0; i < pp_doc_count(doc, PP_DIAGNOSTIC); i++)
		k += strcmp(str(pp_doc_get(doc, PP_DIAGNOSTIC, i), PP_F_CODE), code) == 0;
	return k;
}

/* The normalised status word of a value (NULL when none). */
static const char *status_of(pp_doc *doc, const char *v)
{
	return pp_status_word(doc, v, strlen(v));
}

static void expect_status(pp_doc *doc, const char *v, const char *want)
{
	const char *got = status_of(doc, v);
	if (!want) {
		if (got)
			fail_msg("\"%s\": expected no status, got %s", v, got);
		return;
	}
	if (!got || strcmp(got, want) != 0)
		fail_msg("\"%s\": expected %s, got %s", v, want, got ? got : "NULL");
}

static bool placeholder(const char *v)
{
	return pp_is_placeholder(v, strlen(v));
}

/* ---- emphasised key lines ---------------------------------------------- */

static void test_emph_forms(void **state)
{
	(void)state;
	pp_doc *doc = parse("# T\n\n**Status:** Draft\n**Last Updated**: 2025-11-25\n"
	                    "*Owner*: Alice\n__Version__: 2\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 4);
	expect_meta(doc, 0, "Status", "Draft");
	expect_meta(doc, 1, "Last Updated", "2025-11-25");
	assert_string_equal(str(meta(doc, 1), PP_F_NAME), "last_updated");
	expect_meta(doc, 2, "Owner", "Alice");
	expect_meta(doc, 3, "Version", "2");
	assert_int_equal(pp_node_int(meta(doc, 0), PP_F_PLACEHOLDER), 0);
	assert_int_equal(pp_node_int(meta(doc, 0), PP_F_SCOPE), PP_NULL);
	pp_doc_free(doc);
}

static void test_emph_span(void **state)
{
	(void)state;
	const char *md = "Intro\n\n**Status:** Draft  \nnext\n";
	pp_doc *doc = parse(md);
	assert_int_equal(pp_doc_count(doc, PP_META), 1);
	const pp_node *m = meta(doc, 0);
	assert_int_equal(pp_node_int(m, PP_F_OFFSET), 7);
	assert_int_equal(pp_node_int(m, PP_F_END), 7 + strlen("**Status:** Draft"));
	assert_int_equal(pp_node_int(m, PP_F_LINE), 3);
	assert_int_equal(pp_node_int(m, PP_F_COLUMN), 1);
	pp_doc_free(doc);
}

static void test_emph_value_markup(void **state)
{
	(void)state;
	pp_doc *doc = parse("**Status**: ✅ **COMPLETE** - see [notes](x.md) and `code`\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 1);
	expect_meta(doc, 0, "Status", "✅ COMPLETE - see notes and code");
	pp_doc_free(doc);
}

static void test_emph_quote_and_list(void **state)
{
	(void)state;
	pp_doc *doc = parse("> **Status**: In Progress\n\n- **Phase:** 2\n- plain item\n\n"
	                    "1. **Owner**: Bob\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 3);
	expect_meta(doc, 0, "Status", "In Progress");
	expect_meta(doc, 1, "Phase", "2");
	expect_meta(doc, 2, "Owner", "Bob");
	pp_doc_free(doc);
}

static void test_emph_fullwidth_and_french(void **state)
{
	(void)state;
	pp_doc *doc = parse("**状态**：进行中\n**ステータス：** 完了\n**Statut** : Terminé\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 3);
	expect_meta(doc, 0, "状态", "进行中");
	expect_meta(doc, 1, "ステータス", "完了");
	expect_meta(doc, 2, "Statut", "Terminé");
	const pp_node *st = pp_node_child(pp_doc_root(doc), PP_F_STATUS);
	assert_non_null(st);
	assert_string_equal(str(st, PP_F_VALUE), "in_progress");
	pp_doc_free(doc);
}

static void test_emph_negative(void **state)
{
	(void)state;
	pp_doc *doc = parse(
		"**Note: the whole line is bold, no colon after the span**\n\n"
		"Some text **Status:** later on the line\n\n"
		"**This key is far too long to be a key because it runs past sixty-four bytes:** x\n\n"
		"**Bold** statement without a colon\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 0);
	pp_doc_free(doc);
}

/* A known key inside a bold line reads as a plain known-key line. */
static void test_bold_plain_known(void **state)
{
	(void)state;
	pp_doc *doc = parse("**Status: Done**\n\n- **Status: in a list**\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 1);
	expect_meta(doc, 0, "Status", "Done");
	assert_int_equal(pp_node_int(meta(doc, 0), PP_F_END), 16);
	pp_doc_free(doc);
}

static void test_labels_are_not_entries(void **state)
{
	(void)state;
	pp_doc *doc = parse("**Tasks**:\n\n- one\n- two\n\n**Deliverables:**\n\n**Goal**: ship\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 1);
	expect_meta(doc, 0, "Goal", "ship");
	pp_doc_free(doc);
}

static void test_pipe_split(void **state)
{
	(void)state;
	const char *md = "**Branch**: `008-ui` | **Date**: 2026-03-17 | **Spec**: [spec](spec.md)\n";
	pp_doc *doc = parse(md);
	assert_int_equal(pp_doc_count(doc, PP_META), 3);
	expect_meta(doc, 0, "Branch", "008-ui");
	expect_meta(doc, 1, "Date", "2026-03-17");
	expect_meta(doc, 2, "Spec", "spec");
	const pp_node *d = meta(doc, 1);
	assert_int_equal(pp_node_int(d, PP_F_OFFSET), strstr(md, "**Date") - md);
	assert_int_equal(pp_node_int(d, PP_F_END), strstr(md, " | **Spec") - md);
	pp_doc_free(doc);
}

static void test_pipe_no_split(void **state)
{
	(void)state;
	/* the next segment must itself start with an emphasised key */
	pp_doc *doc = parse("**Stack**: C | C++ | Rust\n\n**Mode**: a | **bold** text\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 2);
	expect_meta(doc, 0, "Stack", "C | C++ | Rust");
	expect_meta(doc, 1, "Mode", "a | bold text");
	pp_doc_free(doc);
}

static void test_multiline_paragraph(void **state)
{
	(void)state;
	pp_doc *doc = parse("**Status**: Draft\nA line that is no key\n**Owner**: Ann\\\n**Due**: May\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 3);
	expect_meta(doc, 0, "Status", "Draft");
	expect_meta(doc, 1, "Owner", "Ann");
	expect_meta(doc, 2, "Due", "May");
	assert_int_equal(pp_node_int(meta(doc, 2), PP_F_LINE), 4);
	pp_doc_free(doc);
}

static void test_code_html_task_excluded(void **state)
{
	(void)state;
	pp_doc *doc = parse("```\n**Status:** in code\nStatus: code\n```\n\n"
	                    "    **Owner**: indented code\n\n"
	                    "<div>\n**Status:** html\n</div>\n\n"
	                    "- [ ] **Owner**: a checkbox\n"
	                    "- [x] Task\n  **Status**: nested under a task item\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 0);
	pp_doc_free(doc);
}

/* ---- key headings, plain lines ----------------------------------------- */

static void test_key_headings(void **state)
{
	(void)state;
	pp_doc *doc = parse("# Title\n\n## Status: Completed\n\n## Note: not known\n\n"
	                    "## Phase 1: Setup\n\n### **Owner:** Zed\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 2);
	expect_meta(doc, 0, "Status", "Completed");
	expect_meta(doc, 1, "Owner", "Zed");
	pp_doc_free(doc);
}

static void test_plain_known_lines(void **state)
{
	(void)state;
	pp_doc *doc = parse("Status: In Progress\nLast Updated: 2025-01-02\nNote: not known\n\n"
	                    "See http://example.com: nothing\n\n"
	                    "- Status: inside a list\n\n> Owner: Quoted\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 3);
	expect_meta(doc, 0, "Status", "In Progress");
	expect_meta(doc, 1, "Last Updated", "2025-01-02");
	expect_meta(doc, 2, "Owner", "Quoted");
	pp_doc_free(doc);
}

/* Every known key of MODEL 3.5 reads as a plain line, in any case and with
 * `-` or `_` between its words (pp_known_key_word's first-letter test). */
static void test_plain_every_known_key(void **state)
{
	(void)state;
	static const char *const keys[] = {
		"Status", "State", "Owner", "Author", "Authors", "Date", "Created", "Updated",
		"Last Updated", "last-updated", "LAST_UPDATED", "Version", "Priority", "Target",
		"Target Date", "Deadline", "Due", "Sprint", "Milestone", "Progress", "Reviewers",
		"Approvers", "Approved", "Effort", "Estimate", "Timeline", "Branch", "Spec", "Epic",
		"Ticket", "Current Status", "Overall Status", "Phase Status", "Project Status",
		"Estado", "Statut", "Stand", "Статус", "状态", "狀態", "ステータス", "状態", "상태",
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		char md[128];
		snprintf(md, sizeof md, "%s: x\n", keys[i]);
		pp_doc *doc = parse(md);
		if (pp_doc_count(doc, PP_META) != 1)
			fail_msg("\"%s\" is not read as a known key", keys[i]);
		expect_meta(doc, 0, keys[i], "x");
		pp_doc_free(doc);
	}
}

static void test_metadata_table(void **state)
{
	(void)state;
	pp_doc *doc = parse("| Field | Value |\n|---|---|\n| **Status** | Approved |\n"
	                    "| Owner | |\n| Priority | High/Med/Low |\n\n"
	                    "| Name | Value |\n|---|---|\n| Status | Done |\n");
	if (pp_doc_count(doc, PP_TABLE) == 0) { /* table.c not there yet */
		pp_doc_free(doc);
		skip();
	}
	assert_int_equal(pp_doc_count(doc, PP_META), 2);
	expect_meta(doc, 0, "Status", "Approved");
	assert_int_equal(pp_node_int(meta(doc, 0), PP_F_LINE), 3);
	expect_meta(doc, 1, "Priority", NULL);
	assert_int_equal(pp_node_list_count(meta(doc, 1), PP_F_OPTIONS), 3);
	pp_doc_free(doc);
}

static void test_front_matter_status(void **state)
{
	(void)state;
	pp_doc *doc = parse("---\nstatus: Not Started\nowner: TBD\n---\n# T\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 2);
	expect_meta(doc, 0, "status", "Not Started");
	assert_int_equal(pp_node_int(meta(doc, 1), PP_F_PLACEHOLDER), 1);
	const pp_node *st = pp_node_child(pp_doc_root(doc), PP_F_STATUS);
	assert_non_null(st);
	assert_string_equal(str(st, PP_F_VALUE), "todo");
	pp_doc_free(doc);
}

/* ---- the status table -------------------------------------------------- */

static void test_status_classes(void **state)
{
	(void)state;
	pp_doc *doc = parse("");
	expect_status(doc, "Done", "done");
	expect_status(doc, "COMPLETED", "done");
	expect_status(doc, "✅", "done");
	expect_status(doc, "✔️", "done");
	expect_status(doc, "In Progress", "in_progress");
	expect_status(doc, "in-progress", "in_progress");
	expect_status(doc, "in_progress", "in_progress");
	expect_status(doc, "WIP", "in_progress");
	expect_status(doc, "🚧", "in_progress");
	expect_status(doc, "To Do", "todo");
	expect_status(doc, "to-do", "todo");
	expect_status(doc, "Backlog", "todo");
	expect_status(doc, "⏳", "todo");
	expect_status(doc, "Draft", "draft");
	expect_status(doc, "RFC", "draft");
	expect_status(doc, "📝", "draft");
	expect_status(doc, "In Review", "in_review");
	expect_status(doc, "Pending Review", "in_review");
	expect_status(doc, "👀", "in_review");
	expect_status(doc, "Approved", "approved");
	expect_status(doc, "Signed-off", "approved");
	expect_status(doc, "Blocked", "blocked");
	expect_status(doc, "🛑", "blocked");
	expect_status(doc, "On Hold", "paused");
	expect_status(doc, "⏸️", "paused");
	expect_status(doc, "Won't Do", "cancelled");
	expect_status(doc, "Won’t do", "cancelled");
	expect_status(doc, "wontfix", "cancelled");
	expect_status(doc, "❌", "cancelled");
	expect_status(doc, "Current", NULL);
	expect_status(doc, "", NULL);
	pp_doc_free(doc);
}

static void test_status_not_started(void **state)
{
	(void)state;
	pp_doc *doc = parse("");
	expect_status(doc, "Not Started", "todo");
	expect_status(doc, "not started yet", "todo");
	expect_status(doc, "NOT-STARTED", "todo");
	expect_status(doc, "Started", "in_progress");
	pp_doc_free(doc);
}

static void test_status_contained(void **state)
{
	(void)state;
	pp_doc *doc = parse("");
	expect_status(doc, "✅ **COMPLETE** - All tests passing", "done");
	expect_status(doc, "Draft — awaiting owner approval", "draft");
	expect_status(doc, "In Progress (Phase 2 complete)", "in_progress");
	expect_status(doc, "✅ APPROVED - Team review complete", "approved");
	expect_status(doc, "⏸️ DEFERRED - Awaiting user feedback", "paused");
	expect_status(doc, "🚧 under construction", "in_progress");
	/* word boundaries: a dropdown is not dropped, awaiting is not waiting */
	expect_status(doc, "dropdown menu", NULL);
	expect_status(doc, "awaiting", NULL);
	expect_status(doc, "reopened", NULL);
	pp_doc_free(doc);
}

static void test_status_languages(void **state)
{
	(void)state;
	pp_doc *doc = parse("");
	expect_status(doc, "Completado", "done");
	expect_status(doc, "En progreso", "in_progress");
	expect_status(doc, "Pendiente", "todo");
	expect_status(doc, "Concluído", "done");
	expect_status(doc, "Em andamento", "in_progress");
	expect_status(doc, "Erledigt", "done");
	expect_status(doc, "In Bearbeitung", "in_progress");
	expect_status(doc, "Offen", "todo");
	expect_status(doc, "Terminé", "done");
	expect_status(doc, "En cours", "in_progress");
	expect_status(doc, "À faire", "todo");
	expect_status(doc, "Готово", "done");
	expect_status(doc, "В работе", "in_progress");
	expect_status(doc, "Не начато", "todo");
	expect_status(doc, "已完成", "done");
	expect_status(doc, "进行中", "in_progress");
	expect_status(doc, "未开始", "todo");
	expect_status(doc, "未完成", "todo");
	expect_status(doc, "完了", "done");
	expect_status(doc, "進行中", "in_progress");
	expect_status(doc, "未着手", "todo");
	expect_status(doc, "완료", "done");
	expect_status(doc, "진행 중", "in_progress");
	pp_doc_free(doc);
}

static void test_status_keys(void **state)
{
	(void)state;
	static const char *yes[] = { "status", "state", "current_status", "overall_status",
		"phase_status", "project_status", "estado", "statut", "stand", "статус",
		"状态", "ステータス", "상태" };
	static const char *no[] = { "plan_status", "statuses", "owner", "mvp_status", "" };
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		assert_true(pp_is_status_key(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		assert_false(pp_is_status_key(no[i], strlen(no[i])));
	assert_true(pp_is_known_key("last updated", 12));
	assert_true(pp_is_known_key("target date", 11));
	assert_true(pp_is_known_key("ticket", 6));
	assert_false(pp_is_known_key("note", 4));
	assert_false(pp_is_known_key("phase 1", 7));
	assert_true(pp_key_index_ok());
}

static void test_status_node(void **state)
{
	(void)state;
	pp_doc *doc = parse("**Status**: Sprint Kickoff\n");
	const pp_node *st = pp_node_child(pp_doc_root(doc), PP_F_STATUS);
	assert_non_null(st);
	assert_string_equal(str(st, PP_F_RAW), "Sprint Kickoff");
	assert_string_equal(str(st, PP_F_VALUE), "unknown");
	assert_int_equal(count_diag(doc, "unknown-status"), 1);
	pp_doc_free(doc);
}

/* ---- templates --------------------------------------------------------- */

static void test_status_template(void **state)
{
	(void)state;
	pp_doc *doc = parse("**Status**: Draft | In Review | Approved | Draft\n");
	const pp_node *m = meta(doc, 0);
	assert_null(str(m, PP_F_VALUE));
	assert_int_equal(pp_node_int(m, PP_F_PLACEHOLDER), 1);
	assert_int_equal(pp_node_list_count(m, PP_F_OPTIONS), 3);
	assert_string_equal(pp_node_list_str(m, PP_F_OPTIONS, 0, NULL), "draft");
	assert_string_equal(pp_node_list_str(m, PP_F_OPTIONS, 1, NULL), "in_review");
	assert_string_equal(pp_node_list_str(m, PP_F_OPTIONS, 2, NULL), "approved");
	assert_int_equal(count_diag(doc, "placeholder"), 1);
	const pp_node *st = pp_node_child(pp_doc_root(doc), PP_F_STATUS);
	assert_non_null(st);
	assert_null(str(st, PP_F_VALUE));
	assert_int_equal(pp_node_int(st, PP_F_PLACEHOLDER), 1);
	assert_int_equal(pp_node_list_count(st, PP_F_OPTIONS), 3);
	assert_int_equal(count_diag(doc, "unknown-status"), 0);
	pp_doc_free(doc);
}

static void test_other_templates(void **state)
{
	(void)state;
	pp_doc *doc = parse("**Estimated Complexity**: Low | Medium | High | Very High\n"
	                    "**Duration Estimate**: Small | Medium | Large | Very Large\n"
	                    "**Priority**: P0/P1/P2\n"
	                    "**Risk**: High/Med/Low\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 4);
	const char *first[] = { "low", "small", "P0", "high" };
	const size_t n[] = { 4, 4, 3, 3 };
	for (size_t i = 0; i < 4; i++) {
		const pp_node *m = meta(doc, i);
		assert_null(str(m, PP_F_VALUE));
		assert_int_equal(pp_node_int(m, PP_F_PLACEHOLDER), 1);
		assert_int_equal(pp_node_list_count(m, PP_F_OPTIONS), n[i]);
		assert_string_equal(pp_node_list_str(m, PP_F_OPTIONS, 0, NULL), first[i]);
	}
	assert_string_equal(pp_node_list_str(meta(doc, 0), PP_F_OPTIONS, 3, NULL), "critical");
	assert_string_equal(pp_node_list_str(meta(doc, 1), PP_F_OPTIONS, 3, NULL), "extra large");
	pp_doc_free(doc);
}

static void test_not_templates(void **state)
{
	(void)state;
	pp_doc *doc = parse("**Status**: CI/CD\n**Stack**: Low | High\n"
	                    "**Status**: Done for backend / pending for frontend\n"
	                    "**Risk**: Data loss / outage\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 4);
	expect_meta(doc, 0, "Status", "CI/CD");
	expect_meta(doc, 1, "Stack", "Low | High");
	expect_meta(doc, 2, "Status", "Done for backend / pending for frontend");
	expect_meta(doc, 3, "Risk", "Data loss / outage");
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(pp_node_int(meta(doc, i), PP_F_PLACEHOLDER), 0);
		assert_int_equal(pp_node_list_count(meta(doc, i), PP_F_OPTIONS), 0);
	}
	pp_doc_free(doc);
}

/* ---- placeholders ------------------------------------------------------ */

static void test_placeholder_values(void **state)
{
	(void)state;
	static const char *yes[] = { "[Name]", "[X]", "{Feature Name}", "[Yes/No]",
		"[YYYY-MM-DD]", "YYYY-MM-DD", "DD/MM/YYYY", "TBD", "tbd", "TBA", "XXX",
		"X hours", "X%", "Sprint X", "X-Y days", "NEEDS CLARIFICATION",
		"[NEEDS CLARIFICATION: auth method]", "［名前］", "???", "_____",
		"[e.g., JavaScript/TypeScript]", "  [Name]  " };
	static const char *no[] = { "[TASK_001, TASK_002]", "[DEV-123]", "[T001, T002]",
		"[1.1, 2.3]", "[#12]", "Alice", "2025-11-25", "N/A", "N", "XL", "Windows XP",
		"[a] and [b]", "Required for [reason]", "CI/CD", "", "[]", "Max", "X-Large",
		"The X factor is a long sentence here" };
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (!placeholder(yes[i]))
			fail_msg("\"%s\" should be a placeholder", yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (placeholder(no[i]))
			fail_msg("\"%s\" should not be a placeholder", no[i]);
}

static void test_placeholder_entries(void **state)
{
	(void)state;
	pp_doc *doc = parse("**Owner**: [Name]\n**Created**: YYYY-MM-DD\n"
	                    "**Tasks:** [TASK_001, TASK_002]\n**Target**: X hours\n");
	assert_int_equal(pp_doc_count(doc, PP_META), 4);
	assert_int_equal(pp_node_int(meta(doc, 0), PP_F_PLACEHOLDER), 1);
	assert_string_equal(str(meta(doc, 0), PP_F_VALUE), "[Name]");
	assert_int_equal(pp_node_int(meta(doc, 1), PP_F_PLACEHOLDER), 1);
	assert_int_equal(pp_node_int(meta(doc, 2), PP_F_PLACEHOLDER), 0);
	assert_int_equal(pp_node_int(meta(doc, 3), PP_F_PLACEHOLDER), 1);
	assert_int_equal(count_diag(doc, "placeholder"), 3);
	const pp_node *d = pp_doc_get(doc, PP_DIAGNOSTIC, 0);
	assert_string_equal(str(d, PP_F_SEVERITY), "info");
	assert_int_equal(pp_node_int(d, PP_F_LINE), 1);
	pp_doc_free(doc);
}

/* ---- levels ------------------------------------------------------------ */

static void test_levels(void **state)
{
	(void)state;
	pp_doc *doc = parse("");
	static const struct { const char *v, *want; } cases[] = {
		{ "Low", "low" }, { "minor", "low" }, { "L", "low" }, { "🟢", "low" },
		{ "Medium", "medium" }, { "Med", "medium" }, { "moderate", "medium" },
		{ "M", "medium" }, { "🟡", "medium" }, { "High", "high" }, { "major", "high" },
		{ "H", "high" }, { "🟠", "high" }, { "🔴 High", "high" }, { "Critical", "critical" },
		{ "Very High", "critical" }, { "severe", "critical" }, { "Alta", "high" },
		{ "mittel", "medium" }, { "faible", "low" }, { "высокий", "high" },
		{ "高", "high" }, { "中", "medium" }, { "低", "low" },
		{ "High (data loss)", "high" }, { "Highway", NULL }, { "Hm", NULL },
		{ "中国", NULL }, { "", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = pp_level_word(doc, cases[i].v, strlen(cases[i].v));
		if (cases[i].want ? !got || strcmp(got, cases[i].want) : got != NULL)
			fail_msg("level \"%s\": expected %s, got %s", cases[i].v,
			         cases[i].want ? cases[i].want : "NULL", got ? got : "NULL");
	}
	pp_doc_free(doc);
}

/* ---- pp_keylines directly (PLAIN_ANY, labels) --------------------------- */

typedef struct kl_log {
	char keys[8][80];
	size_t vlen[8];
	size_t n;
} kl_log;

static int log_line(pp_doc *doc, const pp_keyline *kl, void *ud)
{
	(void)doc;
	kl_log *log = ud;
	if (log->n < 8) {
		snprintf(log->keys[log->n], sizeof log->keys[0], "%s=%s", kl->key.s, kl->value.s);
		log->vlen[log->n] = kl->value.len;
	}
	log->n++;
	return 0;
}

/* Runs the stages up to the block tree, as pp_parse does. */
static pp_doc *stage_doc(const char *md)
{
	pp_doc tmp;
	memset(&tmp, 0, sizeof tmp);
	pp_options_init(&tmp.opts);
	tmp.arena.al = tmp.opts.allocator;
	pp_doc *doc = pp_alloc(&tmp.arena, sizeof *doc);
	assert_non_null(doc);
	*doc = tmp;
	for (int k = 0; k < PP_KIND_COUNT; k++)
		doc->build[k] = (pp_vec)PP_VEC(pp_node *);
	assert_int_equal(pp_input_prepare(doc, md, strlen(md)), 0);
	assert_int_equal(pp_front_matter(doc), 0);
	assert_int_equal(pp_input_markdown(doc), 0);
	assert_int_equal(pp_blocks_build(doc), 0);
	return doc;
}

static void stage_free(pp_doc *doc)
{
	pp_sys_free(&doc->arena, doc->blocks);
	pp_sys_free(&doc->arena, doc->events);
	for (int k = 0; k < PP_KIND_COUNT; k++)
		pp_vec_free(&doc->arena, &doc->build[k]);
	pp_arena a = doc->arena;
	pp_arena_free(&a);
}

/* Scans the first paragraph's key lines. */
static void scan_first_para(const char *md, unsigned mode, kl_log *log)
{
	pp_doc *doc = stage_doc(md);
	memset(log, 0, sizeof *log);
	for (uint32_t i = 1; i < doc->nblocks; i++)
		if (doc->blocks[i].type == MD_BLOCK_P) {
			pp_inl run = pp_own_inl(doc, &doc->blocks[i]);
			assert_int_equal(pp_keylines(doc, run, mode, log_line, log), 0);
			break;
		}
	stage_free(doc);
}

/* A table row node with two cells. */
static pp_row_node *row(pp_doc *doc, const char *k, const char *v, uint32_t off)
{
	pp_row_node *r = pp_node_new(doc, PP_ROW, sizeof *r, off, off + 5);
	pp_str *cells = pp_alloc(&doc->arena, 2 * sizeof *cells);
	assert_non_null(r);
	assert_non_null(cells);
	cells[0] = pp_str_dup(doc, k, strlen(k));
	cells[1] = pp_str_dup(doc, v, strlen(v));
	r->cells = (pp_list){ cells, 2 };
	return r;
}

/* The metadata-table source on its own: a table node whose role is
 * "meta" (as table.c marks them) gives one entry per body row. */
static void test_meta_table_rows(void **state)
{
	(void)state;
	pp_doc *doc = stage_doc("line one\nline two\nline three\nline four\n");
	pp_table_node *t = pp_node_new(doc, PP_TABLE, sizeof *t, 0, 10);
	pp_table_node *other = pp_node_new(doc, PP_TABLE, sizeof *other, 0, 10);
	assert_non_null(t);
	assert_non_null(other);
	pp_row_node **rows = pp_alloc(&doc->arena, 3 * sizeof *rows);
	rows[0] = row(doc, "Status", "Approved", 9);
	rows[1] = row(doc, "Owner", "", 18);
	rows[2] = row(doc, "Priority", "High/Med/Low", 27);
	t->rows = (pp_list){ rows, 3 };
	t->role = PP_S("meta");
	other->rows = (pp_list){ rows, 1 };
	other->role = PP_S("other");
	assert_int_equal(pp_meta_find(doc), 0);
	assert_int_equal(pp_built_count(doc, PP_META), 2);
	const pp_meta_node *m = (const pp_meta_node *)pp_built(doc, PP_META, 0);
	assert_string_equal(m->key.s, "Status");
	assert_string_equal(m->value.s, "Approved");
	assert_int_equal(m->n.offset, 9);
	assert_int_equal(m->n.line, 2);
	m = (const pp_meta_node *)pp_built(doc, PP_META, 1);
	assert_string_equal(m->name.s, "priority");
	assert_null(m->value.s);
	assert_true(m->placeholder);
	assert_int_equal(m->options.n, 3);
	stage_free(doc);
}

static void test_keylines_modes(void **state)
{
	(void)state;
	const char *md = "_Requirements: 1.1, 2.3_\nDescription: do it\n**Tasks**:\n"
	                 "Status: known\nThis sentence has quite a few words before: the colon\n";
	kl_log log;
	scan_first_para(md, PP_KL_EMPH | PP_KL_PLAIN_ANY, &log);
	assert_int_equal(log.n, 4);
	assert_string_equal(log.keys[0], "Requirements=1.1, 2.3");
	assert_string_equal(log.keys[1], "Description=do it");
	assert_string_equal(log.keys[2], "Tasks=");
	assert_int_equal(log.vlen[2], 0);
	assert_string_equal(log.keys[3], "Status=known");
	scan_first_para(md, PP_KL_EMPH | PP_KL_PLAIN_KNOWN, &log);
	assert_int_equal(log.n, 2);
	assert_string_equal(log.keys[0], "Tasks=");
	assert_string_equal(log.keys[1], "Status=known");
	scan_first_para(md, PP_KL_EMPH, &log);
	assert_int_equal(log.n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_emph_forms),
		cmocka_unit_test(test_emph_span),
		cmocka_unit_test(test_emph_value_markup),
		cmocka_unit_test(test_emph_quote_and_list),
		cmocka_unit_test(test_emph_fullwidth_and_french),
		cmocka_unit_test(test_emph_negative),
		cmocka_unit_test(test_bold_plain_known),
		cmocka_unit_test(test_labels_are_not_entries),
		cmocka_unit_test(test_pipe_split),
		cmocka_unit_test(test_pipe_no_split),
		cmocka_unit_test(test_multiline_paragraph),
		cmocka_unit_test(test_code_html_task_excluded),
		cmocka_unit_test(test_key_headings),
		cmocka_unit_test(test_plain_known_lines),
		cmocka_unit_test(test_plain_every_known_key),
		cmocka_unit_test(test_metadata_table),
		cmocka_unit_test(test_front_matter_status),
		cmocka_unit_test(test_status_classes),
		cmocka_unit_test(test_status_not_started),
		cmocka_unit_test(test_status_contained),
		cmocka_unit_test(test_status_languages),
		cmocka_unit_test(test_status_keys),
		cmocka_unit_test(test_status_node),
		cmocka_unit_test(test_status_template),
		cmocka_unit_test(test_other_templates),
		cmocka_unit_test(test_not_templates),
		cmocka_unit_test(test_placeholder_values),
		cmocka_unit_test(test_placeholder_entries),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_keylines_modes),
		cmocka_unit_test(test_meta_table_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
