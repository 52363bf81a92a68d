/*
 * fuzz_edit.c: libFuzzer target for the edit planner (docs/edit.md):
 * pp_doc_find(), pp_plan_state(), pp_plan_status(), pp_plan_meta() and
 * pp_apply_edits() on any input.
 *
 *   byte 0  which state to set (index into the states below)
 *   rest    the document
 *
 * For up to 8 checkboxes (and the document's status): plan, apply, parse
 * again.  Checked: a plan either fails with a documented code or applies
 * cleanly; a checkbox plan changes exactly its mark byte, reads back as the
 * state asked, and its inverse restores the input byte for byte; every
 * key finds its own node; a stale plan is refused with PP_ECONFLICT.
 */
#include "planparse.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz_edit: check failed: %s (line %d)\n", #cond, __LINE__); \
			abort(); \
		} \
	} while (0)

static const char *const states[] = { "done", "todo", "in_progress", "cancelled", "deferred",
	"x", "X", " ", "/", "-", "~", ">", "<", "!", "?", "@" };

static bool planner_error(int rc)
{
	return rc == PP_EUNSUPPORTED || rc == PP_EINVAL || rc == PP_ENOMEM;
}

static void checkbox_round_trip(const pp_doc *doc, const char *text, size_t len, size_t i,
                                const char *state)
{
	const pp_node *c = pp_doc_get(doc, PP_CHECKBOX, i);
	pp_edits *e;
	int rc = pp_plan_state(&e, doc, c, state);
	if (rc) {
		CHECK(planner_error(rc) && !e);
		return;
	}
	int64_t mo = pp_node_int(c, PP_F_MARK_OFFSET);
	char *out;
	size_t n;
	CHECK(pp_apply_edits(text, len, pp_edits_get(e, 0), pp_edits_count(e), &out, &n) == 0);
	CHECK(n == len);
	for (size_t k = 0; k < pp_edits_count(e); k++) {
		const pp_edit *ed = pp_edits_get(e, k);
		CHECK(ed->offset == (size_t)mo && ed->length == 1 && ed->replacement_len == 1);
	}
	for (size_t k = 0; k < len; k++)
		CHECK(k == (size_t)mo || out[k] == text[k]);
	pp_doc *nd;
	if (pp_parse(&nd, out, n, NULL) == 0) {
		const pp_node *nc = pp_doc_get(nd, PP_CHECKBOX, i);
		CHECK(nc && pp_node_int(nc, PP_F_MARK_OFFSET) == mo);
		pp_edits *inv;
		const char *mark = pp_node_str(c, PP_F_MARK, NULL);
		if (pp_edits_count(e) && pp_plan_state(&inv, nd, nc, mark) == 0) {
			char *back;
			size_t bn;
			CHECK(pp_apply_edits(out, n, pp_edits_get(inv, 0), pp_edits_count(inv), &back,
			                     &bn) == 0);
			CHECK(bn == len && memcmp(back, text, len) == 0);
			pp_free(back);
			pp_edits_free(inv);
			/* the original plan no longer applies to the new text */
			char *stale;
			CHECK(pp_apply_edits(out, n, pp_edits_get(e, 0), 1, &stale, NULL) == PP_ECONFLICT);
		}
		pp_doc_free(nd);
	}
	pp_free(out);
	pp_edits_free(e);
}

static void header_edit(const pp_doc *doc, const char *text, size_t len)
{
	pp_edits *e;
	int rc = pp_plan_status(&e, doc, NULL, "Done");
	if (rc == 0) {
		char *out;
		CHECK(pp_apply_edits(text, len, pp_edits_get(e, 0), pp_edits_count(e), &out, NULL) == 0);
		pp_free(out);
		pp_edits_free(e);
	} else {
		CHECK(planner_error(rc));
	}
	rc = pp_plan_meta(&e, doc, pp_doc_get(doc, PP_PHASE, 0), "Last Updated", "2024-01-01");
	CHECK(rc == 0 || planner_error(rc));
	pp_edits_free(e);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *state = states[data[0] % (sizeof states / sizeof *states)];
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	pp_doc *doc;
	if (pp_parse(&doc, text, len, NULL) != 0)
		return 0;
	for (size_t k = 0; k < 2; k++) {
		pp_kind kind = k ? PP_CHECKBOX : PP_TASK;
		for (size_t i = 0; i < pp_doc_count(doc, kind) && i < 64; i++) {
			const pp_node *n = pp_doc_get(doc, kind, i), *found;
			size_t kl;
			const char *key = pp_node_key(n, &kl);
			CHECK(key && kl);
			CHECK(pp_doc_find(&found, doc, key, kl) == 0);
			CHECK(found == n || (kind == PP_CHECKBOX && pp_node_kind(found) == PP_TASK));
		}
	}
	for (size_t i = 0; i < pp_doc_count(doc, PP_CHECKBOX) && i < 8; i++)
		checkbox_round_trip(doc, text, len, i, state);
	header_edit(doc, text, len);
	pp_doc_free(doc);
	return 0;
}
