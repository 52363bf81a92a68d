/*
 * test_edit.c: the edit planner (docs/edit.md): keys and lookups, state
 * and header planners, pp_apply_edits() errors, and property tests over
 * every fixture and every file of ../shared/corpus (skipped when absent):
 * every state change of every checkbox touches the mark byte only, reads
 * back as the new state with an otherwise equal tree, and its inverse
 * restores the input byte for byte; random edit sequences round-trip.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planparse.h"

/* ---- helpers ----------------------------------------------------------- */

static pp_doc *parse_n(const char *md, size_t n)
{
	pp_doc *doc = NULL;
	assert_int_equal(pp_parse(&doc, md, n, NULL), 0);
	return doc;
}

static pp_doc *parse(const char *md)
{
	return parse_n(md, strlen(md));
}

static bool str_eq(const pp_node *n, pp_field f, const char *want)
{
	const char *s = pp_node_str(n, f, NULL);
	return s && want && strcmp(s, want) == 0;
}

/* Applies a list to text; returns the new text (pp_free it). */
static char *apply(const char *text, size_t len, const pp_edits *e, size_t *out_len)
{
	char *out = NULL;
	assert_int_equal(pp_apply_edits(text, len, pp_edits_get(e, 0), pp_edits_count(e), &out,
	                                out_len), 0);
	return out;
}

/* Plans one state change of the target found by key; returns the new text. */
static char *set_state(const char *md, const char *target, const char *state)
{
	pp_doc *doc = parse(md);
	const pp_node *n;
	assert_int_equal(pp_doc_find(&n, doc, target, strlen(target)), 0);
	pp_edits *e;
	assert_int_equal(pp_plan_state(&e, doc, n, state), 0);
	char *out = apply(md, strlen(md), e, NULL);
	pp_edits_free(e);
	pp_doc_free(doc);
	return out;
}

static char *set_meta(const char *md, const char *key, const char *value)
{
	pp_doc *doc = parse(md);
	pp_edits *e;
	int rc = key ? pp_plan_meta(&e, doc, NULL, key, value) : pp_plan_status(&e, doc, NULL, value);
	assert_int_equal(rc, 0);
	char *out = apply(md, strlen(md), e, NULL);
	pp_edits_free(e);
	pp_doc_free(doc);
	return out;
}

/* ---- tree comparison (the JSON's fields, through the public API) ------- */

typedef struct mask {
	size_t checkbox, task;  /* whose state (and mark) may differ; SIZE_MAX none */
} mask;

static bool masked(const pp_node *n, pp_field f, const mask *m)
{
	pp_kind k = pp_node_kind(n);
	if (f == PP_F_PROGRESS || (k == PP_DIAGNOSTIC && f == PP_F_INDEX))
		return true; /* counts follow the state; diagnostics come and go */
	if (k == PP_CHECKBOX && (f == PP_F_STATE || f == PP_F_MARK) &&
	    (size_t)pp_node_int(n, PP_F_INDEX) == m->checkbox)
		return true;
	if (k == PP_TASK && f == PP_F_STATE && (size_t)pp_node_int(n, PP_F_INDEX) == m->task)
		return true;
	return false;
}

static void same_node(const pp_node *a, const pp_node *b, const mask *m, int depth);
static char context[512];  /* what is being compared, for failure messages */

static void same_field(const pp_node *a, const pp_node *b, pp_field f, const mask *m, int depth)
{
	size_t la, lb;
	const char *sa = pp_node_str(a, f, &la), *sb = pp_node_str(b, f, &lb);
	if ((sa == NULL) != (sb == NULL) || (sa && (la != lb || memcmp(sa, sb, la) != 0)))
		print_error("%s: %s.%s: '%s' != '%s'\n", context, pp_kind_name(pp_node_kind(a)),
		            pp_field_name(f), sa ? sa : "null", sb ? sb : "null");
	assert_true((sa == NULL) == (sb == NULL));
	if (sa)
		assert_true(la == lb && memcmp(sa, sb, la) == 0);
	if (pp_node_int(a, f) != pp_node_int(b, f))
		print_error("%s: %s.%s: %lld != %lld\n", context, pp_kind_name(pp_node_kind(a)), pp_field_name(f),
		            (long long)pp_node_int(a, f), (long long)pp_node_int(b, f));
	assert_true(pp_node_int(a, f) == pp_node_int(b, f));
	double da = pp_node_num(a, f), db = pp_node_num(b, f);
	assert_true((isnan(da) && isnan(db)) || da == db);
	size_t n = pp_node_list_count(a, f);
	if (n != pp_node_list_count(b, f))
		print_error("%s: %s.%s: %zu items != %zu\n", context, pp_kind_name(pp_node_kind(a)),
		            pp_field_name(f), n, pp_node_list_count(b, f));
	assert_int_equal(n, pp_node_list_count(b, f));
	for (size_t i = 0; i < n; i++) {
		sa = pp_node_list_str(a, f, i, &la);
		sb = pp_node_list_str(b, f, i, &lb);
		assert_true((sa == NULL) == (sb == NULL) && la == lb && (!sa || !memcmp(sa, sb, la)));
		assert_true(pp_node_list_int(a, f, i) == pp_node_list_int(b, f, i));
		const pp_node *ca = pp_node_list_node(a, f, i), *cb = pp_node_list_node(b, f, i);
		assert_true((ca == NULL) == (cb == NULL));
		if (ca)
			same_node(ca, cb, m, depth + 1);
	}
	const pp_node *ca = pp_node_child(a, f), *cb = pp_node_child(b, f);
	assert_true((ca == NULL) == (cb == NULL));
	if (ca)
		same_node(ca, cb, m, depth + 1);
}

static void same_node(const pp_node *a, const pp_node *b, const mask *m, int depth)
{
	assert_int_equal(pp_node_kind(a), pp_node_kind(b));
	assert_true(depth < 8);
	for (int f = PP_F_NONE + 1; f < PP_F_COUNT; f++)
		if (!masked(a, (pp_field)f, m))
			same_field(a, b, (pp_field)f, m, depth);
}

static bool state_diag(const pp_node *d)
{
	return str_eq(d, PP_F_CODE, "status-mismatch") || str_eq(d, PP_F_CODE, "progress-mismatch");
}

/* The trees are equal but for the masked fields (and the diagnostics that
 * compare states with declared statuses). */
static void same_tree(const pp_doc *a, const pp_doc *b, const mask *m)
{
	same_node(pp_doc_root(a), pp_doc_root(b), m, 0);
	for (int k = PP_META; k < PP_DIAGNOSTIC; k++) {
		if (pp_doc_count(a, (pp_kind)k) != pp_doc_count(b, (pp_kind)k))
			print_error("%s: %s count %zu != %zu\n", context, pp_kind_name((pp_kind)k),
			            pp_doc_count(a, (pp_kind)k), pp_doc_count(b, (pp_kind)k));
		assert_int_equal(pp_doc_count(a, (pp_kind)k), pp_doc_count(b, (pp_kind)k));
		for (size_t i = 0; i < pp_doc_count(a, (pp_kind)k); i++)
			same_node(pp_doc_get(a, (pp_kind)k, i), pp_doc_get(b, (pp_kind)k, i), m, 0);
	}
	size_t i = 0, j = 0, na = pp_doc_count(a, PP_DIAGNOSTIC), nb = pp_doc_count(b, PP_DIAGNOSTIC);
	for (;;) {
		while (i < na && state_diag(pp_doc_get(a, PP_DIAGNOSTIC, i)))
			i++;
		while (j < nb && state_diag(pp_doc_get(b, PP_DIAGNOSTIC, j)))
			j++;
		if (i == na || j == nb)
			break;
		same_node(pp_doc_get(a, PP_DIAGNOSTIC, i++), pp_doc_get(b, PP_DIAGNOSTIC, j++), m, 0);
	}
	assert_true(i == na && j == nb);
}

/* ---- files ------------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	assert_non_null(s);
	*len = fread(s, 1, (size_t)n, f);
	s[*len] = 0;
	fclose(f);
	return s;
}

typedef void (*file_fn)(const char *path, const char *text, size_t len, void *ud);

/* Calls fn for each *.md file of dir and of its sub-folders (one level). */
static size_t each_md(const char *dir, int depth, file_fn fn, void *ud)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	if (!d)
		return 0;
	struct dirent *e;
	char **names = NULL;
	size_t nn = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (nn + 1) * sizeof *names);
		names[nn++] = strdup(e->d_name);
	}
	closedir(d);
	for (size_t i = 0; i < nn; i++) {
		char path[4096];
		if (snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= (int)sizeof path)
			continue; /* a path this long is not one of ours */
		size_t l = strlen(names[i]), len;
		if (l > 3 && strcmp(names[i] + l - 3, ".md") == 0) {
			char *text = slurp(path, &len);
			if (text) {
				fn(path, text, len, ud);
				free(text);
				n++;
			}
		} else if (depth > 0) {
			n += each_md(path, depth - 1, fn, ud);
		}
		free(names[i]);
	}
	free(names);
	return n;
}

static void source_dir(char *out, size_t n, const char *rel)
{
	const char *f = __FILE__, *slash = strrchr(f, '/');
	snprintf(out, n, "%.*s/%s", slash ? (int)(slash - f) : 1, slash ? f : ".", rel);
}

/* ---- the property -------------------------------------------------------- */

typedef struct stats {
	size_t files, checkboxes, changes, unsupported, noop;
	bool plan_inverse;     /* plan the inverse change (else patch the byte back) */
} stats;

static const char *const states[] = { "done", "todo", "in_progress", "cancelled", "deferred" };

static void check_change(const char *path, const char *text, size_t len, const pp_doc *doc,
                         size_t i, const char *state, stats *st)
{
	const pp_node *c = pp_doc_get(doc, PP_CHECKBOX, i);
	int64_t mo = pp_node_int(c, PP_F_MARK_OFFSET);
	pp_edits *e = NULL;
	int rc = pp_plan_state(&e, doc, c, state);
	if (rc == PP_EUNSUPPORTED) {
		st->unsupported++;
		return;
	}
	if (rc) {
		print_error("%s: checkbox %zu -> %s: %s\n", path, i, state, pp_strerror(rc));
		fail();
	}
	if (!pp_edits_count(e)) {
		st->noop++;
		pp_edits_free(e);
		return;
	}
	/* exactly the mark byte */
	assert_int_equal(pp_edits_count(e), 1);
	const pp_edit *ed = pp_edits_get(e, 0);
	assert_true(ed->offset == (size_t)mo && ed->length == 1 && ed->replacement_len == 1);
	size_t nlen;
	char *out = apply(text, len, e, &nlen);
	assert_int_equal(nlen, len);
	assert_memory_equal(out, text, (size_t)mo);
	assert_memory_equal(out + mo + 1, text + mo + 1, len - (size_t)mo - 1);
	/* re-parsed: the new state, everything else equal */
	pp_doc *nd = parse_n(out, nlen);
	const pp_node *nc = pp_doc_get(nd, PP_CHECKBOX, i);
	assert_non_null(nc);
	assert_int_equal(pp_node_int(nc, PP_F_MARK_OFFSET), mo);
	const char *want = strlen(state) > 1 ? state : NULL;
	if (want && !str_eq(nc, PP_F_STATE, want)) {
		print_error("%s: checkbox %zu: state %s, want %s\n", path, i,
		            pp_node_str(nc, PP_F_STATE, NULL), want);
		fail();
	}
	int64_t task = pp_node_int(c, PP_F_TASK);
	if (task != PP_NULL)
		assert_true(str_eq(pp_doc_get(nd, PP_TASK, (size_t)task), PP_F_STATE,
		                   pp_node_str(nc, PP_F_STATE, NULL)));
	mask m = { i, task == PP_NULL ? SIZE_MAX : (size_t)task };
	snprintf(context, sizeof context, "%s: checkbox %zu (line %lld) -> %s", path, i,
	         (long long)pp_node_int(c, PP_F_LINE), state);
	same_tree(doc, nd, &m);
	/* the inverse restores the input exactly: planned (fixtures), or the
	 * byte patch back (the corpus: a third of the parses) */
	pp_edits *inv = NULL;
	const char *mark = pp_node_str(c, PP_F_MARK, NULL);
	pp_edit back_edit = { (size_t)mo, 1, mark, 1, ed->replacement, 1 };
	if (st->plan_inverse)
		assert_int_equal(pp_plan_state(&inv, nd, nc, mark), 0);
	size_t blen;
	char *back = NULL;
	assert_int_equal(pp_apply_edits(out, nlen, inv ? pp_edits_get(inv, 0) : &back_edit,
	                                inv ? pp_edits_count(inv) : 1, &back, &blen), 0);
	assert_int_equal(blen, len);
	assert_memory_equal(back, text, len);
	pp_free(back);
	pp_edits_free(inv);
	pp_doc_free(nd);
	pp_free(out);
	pp_edits_free(e);
	st->changes++;
}

static void property_file(const char *path, const char *text, size_t len, void *ud)
{
	stats *st = ud;
	pp_doc *doc = parse_n(text, len);
	st->files++;
	for (size_t i = 0; i < pp_doc_count(doc, PP_CHECKBOX); i++) {
		st->checkboxes++;
		for (size_t s = 0; s < sizeof states / sizeof *states; s++)
			check_change(path, text, len, doc, i, states[s], st);
	}
	pp_doc_free(doc);
}

static void report(const char *what, const stats *st)
{
	print_message("%s: %zu files, %zu checkboxes, %zu state changes verified, %zu already "
	              "in that state, %zu refused (EUNSUPPORTED)\n",
	              what, st->files, st->checkboxes, st->changes, st->noop, st->unsupported);
}

static void test_property_fixtures(void **state)
{
	(void)state;
	char dir[4096];
	stats st = { 0 };
	st.plan_inverse = true;
	source_dir(dir, sizeof dir, "../fixtures");
	assert_true(each_md(dir, 0, property_file, &st) > 0);
	report("fixtures", &st);
	assert_true(st.changes > 0);
	assert_true(st.unsupported * 100 <= st.changes);
}

static void test_property_corpus(void **state)
{
	(void)state;
	char dir[4096];
	stats st = { 0 };
	source_dir(dir, sizeof dir, "../../../shared/corpus");
	if (!each_md(dir, 1, property_file, &st)) {
		print_message("corpus absent (%s): skipped\n", dir);
		skip();
	}
	report("corpus", &st);
	assert_true(st.changes > 0);
	assert_true(st.unsupported * 100 <= st.changes);
}

/* ---- random sequences ------------------------------------------------------ */

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

typedef struct undo {
	size_t index;
	char mark[2];
} undo;

/* Random state changes, each planned on the previous result, then undone
 * in reverse order: the original bytes come back. */
static void random_file(const char *path, const char *text, size_t len, void *ud)
{
	size_t *rounds = ud;
	pp_doc *doc = parse_n(text, len);
	size_t nc = pp_doc_count(doc, PP_CHECKBOX);
	pp_doc_free(doc);
	if (!nc)
		return;
	char *cur = malloc(len + 1);
	memcpy(cur, text, len + 1);
	size_t clen = len;
	undo steps[16];
	size_t ns = 0;
	for (int k = 0; k < 16; k++) {
		pp_doc *d = parse_n(cur, clen);
		size_t i = rnd((uint32_t)nc);
		const pp_node *c = pp_doc_get(d, PP_CHECKBOX, i);
		const char *st = states[rnd(sizeof states / sizeof *states)];
		pp_edits *e;
		int rc = pp_plan_state(&e, d, c, st);
		if (rc == 0 && pp_edits_count(e)) {
			steps[ns].index = i;
			memcpy(steps[ns].mark, pp_node_str(c, PP_F_MARK, NULL), 2);
			ns++;
			size_t nl;
			char *next = apply(cur, clen, e, &nl);
			free(cur);
			cur = malloc(nl + 1);
			memcpy(cur, next, nl + 1);
			clen = nl;
			pp_free(next);
		} else if (rc && rc != PP_EUNSUPPORTED) {
			print_error("%s: %s\n", path, pp_strerror(rc));
			fail();
		}
		pp_edits_free(e);
		pp_doc_free(d);
	}
	while (ns--) {
		pp_doc *d = parse_n(cur, clen);
		pp_edits *e;
		assert_int_equal(pp_plan_state(&e, d, pp_doc_get(d, PP_CHECKBOX, steps[ns].index),
		                               steps[ns].mark), 0);
		size_t nl;
		char *next = apply(cur, clen, e, &nl);
		free(cur);
		cur = malloc(nl + 1);
		memcpy(cur, next, nl + 1);
		clen = nl;
		pp_free(next);
		pp_edits_free(e);
		pp_doc_free(d);
	}
	assert_int_equal(clen, len);
	assert_memory_equal(cur, text, len);
	free(cur);
	(*rounds)++;
}

static void test_random_sequences(void **state)
{
	(void)state;
	char dir[4096];
	size_t rounds = 0;
	for (int r = 0; r < 1; r++) {
		source_dir(dir, sizeof dir, "../fixtures");
		each_md(dir, 0, random_file, &rounds);
		source_dir(dir, sizeof dir, "../../../shared/corpus");
		each_md(dir, 1, random_file, &rounds);
	}
	print_message("random sequences: %zu round trips\n", rounds);
	assert_true(rounds > 0);
}

/* ---- keys ---------------------------------------------------------------- */

static const char twins[] =
	"# Plan\n\n## Phase 1: Setup\n\n- [ ] Write the tests\n- [ ] Write the tests\n"
	"- [ ] T001 Build it\n\n## Phase 2: Ship\n\n### Checks\n\n- [ ] Write the tests\n";

static void test_keys(void **state)
{
	(void)state;
	pp_doc *doc = parse(twins);
	const pp_node *n;
	assert_true(str_eq(pp_doc_get(doc, PP_TASK, 0), PP_F_KEY, "phase:1/write-the-tests#1"));
	assert_true(str_eq(pp_doc_get(doc, PP_TASK, 1), PP_F_KEY, "phase:1/write-the-tests#2"));
	assert_true(str_eq(pp_doc_get(doc, PP_TASK, 2), PP_F_KEY, "T001"));
	assert_true(str_eq(pp_doc_get(doc, PP_TASK, 3), PP_F_KEY,
	                   "phase:2/section:checks/write-the-tests"));
	assert_true(str_eq(pp_doc_get(doc, PP_CHECKBOX, 3), PP_F_KEY,
	                   "phase:2/section:checks/write-the-tests"));
	assert_string_equal(pp_node_key(pp_doc_get(doc, PP_TASK, 2), NULL), "T001");
	assert_null(pp_node_key(pp_doc_get(doc, PP_PHASE, 0), NULL));
	/* different phases: told apart; the same list: ambiguous, reachable by line */
	assert_int_equal(pp_doc_find(&n, doc, "phase:2/section:checks/write-the-tests", 38), 0);
	assert_int_equal(pp_node_int(n, PP_F_LINE), 13);
	assert_int_equal(pp_doc_find(&n, doc, "phase:1/write-the-tests", 23), PP_EAMBIGUOUS);
	assert_null(n);
	assert_int_equal(pp_doc_find(&n, doc, "phase:1/write-the-tests#2", 25), 0);
	assert_int_equal(pp_node_int(n, PP_F_LINE), 6);
	assert_int_equal(pp_doc_find(&n, doc, "line:6", 6), 0);
	assert_int_equal(pp_node_kind(n), PP_TASK);
	assert_int_equal(pp_node_int(n, PP_F_INDEX), 1);
	assert_int_equal(pp_doc_find(&n, doc, "line:2", 6), PP_ENOTFOUND);
	assert_int_equal(pp_doc_find(&n, doc, "nothing", 7), PP_ENOTFOUND);
	assert_int_equal(pp_doc_find(&n, doc, "T001", 4), 0);
	assert_int_equal(pp_node_int(n, PP_F_LINE), 7);
	pp_doc_free(doc);
	/* the key survives an unrelated edit */
	char *out = set_state(twins, "T001", "done");
	doc = parse(out);
	assert_int_equal(pp_doc_find(&n, doc, "phase:2/section:checks/write-the-tests", 38), 0);
	assert_int_equal(pp_node_int(n, PP_F_LINE), 13);
	pp_doc_free(doc);
	pp_free(out);
	/* a duplicated ID is no key */
	doc = parse("- [ ] T001 a\n- [ ] T001 b\n");
	assert_int_equal(pp_doc_find(&n, doc, "T001", 4), PP_EAMBIGUOUS);
	assert_true(str_eq(pp_doc_get(doc, PP_TASK, 0), PP_F_KEY, "t001-a"));
	pp_doc_free(doc);
	/* no key in the JSON */
	doc = parse(twins);
	char *json;
	assert_int_equal(pp_doc_to_json(doc, &json, NULL), 0);
	assert_null(strstr(json, "write-the-tests"));
	pp_free(json);
	pp_doc_free(doc);
}

/* ---- planners ------------------------------------------------------------ */

static void test_states(void **state)
{
	(void)state;
	char *out = set_state("- [ ] a\n- [/] b\n", "line:1", "in_progress");
	assert_string_equal(out, "- [/] a\n- [/] b\n");
	pp_free(out);
	out = set_state("- [ ] a\n- [@] b\n", "line:1", "in_progress"); /* the document's mark */
	assert_string_equal(out, "- [@] a\n- [@] b\n");
	pp_free(out);
	out = set_state("- [x] a\r\n", "line:1", "todo");
	assert_string_equal(out, "- [ ] a\r\n");
	pp_free(out);
	out = set_state("- [x] a\n", "line:1", "?");
	assert_string_equal(out, "- [?] a\n");
	pp_free(out);
	/* a table's status cell, padding kept */
	const char *t = "| ID | Task | Status      |\n|----|------|-------------|\n"
	                "| T1 | a    | Todo        |\n| T2 | b    | ✅ Done     |\n";
	out = set_state(t, "T1", "done");
	assert_string_equal(out, "| ID | Task | Status      |\n|----|------|-------------|\n"
	                         "| T1 | a    | ✅ Done     |\n| T2 | b    | ✅ Done     |\n");
	pp_free(out);
	out = set_state(t, "T1", "in_progress");
	assert_string_equal(out, "| ID | Task | Status      |\n|----|------|-------------|\n"
	                         "| T1 | a    | In Progress |\n| T2 | b    | ✅ Done     |\n");
	pp_free(out);
	pp_doc *doc = parse(t);
	pp_edits *e;
	const pp_node *n;
	assert_int_equal(pp_doc_find(&n, doc, "T1", 2), 0);
	assert_int_equal(pp_plan_state(&e, doc, n, "x"), PP_EINVAL);
	assert_int_equal(pp_plan_state(&e, doc, n, "nonsense"), PP_EINVAL);
	assert_null(e);
	pp_doc_free(doc);
	/* a list task without a mark cannot be checked */
	doc = parse("## Tasks\n\n- T001 plain\n");
	assert_int_equal(pp_doc_find(&n, doc, "T001", 4), 0);
	assert_int_equal(pp_plan_state(&e, doc, n, "done"), PP_EUNSUPPORTED);
	pp_doc_free(doc);
}

static void test_meta(void **state)
{
	(void)state;
	char *out = set_meta("# P\n\n**Status:** Draft\n**Owner:** me\n", NULL, "Done");
	assert_string_equal(out, "# P\n\n**Status:** Done\n**Owner:** me\n");
	pp_free(out);
	out = set_meta("# P\n\n- **State**: Draft\n", NULL, "In Progress");
	assert_string_equal(out, "# P\n\n- **State**: In Progress\n");
	pp_free(out);
	out = set_meta("# P\n\n**Status:** Draft\n**Owner:** me\n", "Last Updated", "2024-05-01");
	assert_string_equal(out, "# P\n\n**Status:** Draft\n**Owner:** me\n"
	                         "**Last Updated:** 2024-05-01\n");
	pp_free(out);
	out = set_meta("# P\r\n\r\nStatus: Draft\r\n", "Owner", "ana");
	assert_string_equal(out, "# P\r\n\r\nStatus: Draft\r\nOwner: ana\r\n");
	pp_free(out);
	out = set_meta("# P\r\n\r\nText.\r\n", NULL, "Draft");
	assert_string_equal(out, "# P\r\n\r\n**Status:** Draft\r\n\r\nText.\r\n");
	pp_free(out);
	out = set_meta("---\ntitle: X\nstatus: draft\n---\n# X\n", NULL, "done");
	assert_string_equal(out, "---\ntitle: X\nstatus: done\n---\n# X\n");
	pp_free(out);
	out = set_meta("## Status: Draft\n", NULL, "Done");
	assert_string_equal(out, "## Status: Done\n");
	pp_free(out);
	out = set_meta("| Field  | Value |\n|---|---|\n| Status | Draft |\n", "Owner", "ana");
	assert_string_equal(out, "| Field  | Value |\n|---|---|\n| Status | Draft |\n"
	                         "| Owner  | ana   |\n");
	pp_free(out);
	/* a phase's status */
	const char *ph = "# P\n\n## Phase 1: Setup\n\n- [ ] a\n\n## Phase 2: Go\n\n"
	                 "**Status:** Todo\n";
	pp_doc *doc = parse(ph);
	pp_edits *e;
	assert_int_equal(pp_plan_status(&e, doc, pp_doc_get(doc, PP_PHASE, 0), "Done"), 0);
	out = apply(ph, strlen(ph), e, NULL);
	assert_string_equal(out, "# P\n\n## Phase 1: Setup\n\n**Status:** Done\n\n- [ ] a\n\n"
	                         "## Phase 2: Go\n\n**Status:** Todo\n");
	pp_free(out);
	pp_edits_free(e);
	assert_int_equal(pp_plan_status(&e, doc, pp_doc_get(doc, PP_PHASE, 1), "Done"), 0);
	out = apply(ph, strlen(ph), e, NULL);
	assert_non_null(strstr(out, "## Phase 2: Go\n\n**Status:** Done\n"));
	pp_free(out);
	pp_edits_free(e);
	assert_int_equal(pp_plan_meta(&e, doc, NULL, "Bad\nKey", "x"), PP_EINVAL);
	assert_int_equal(pp_plan_meta(&e, doc, NULL, "Key", "two\nlines"), PP_EINVAL);
	assert_int_equal(pp_plan_meta(&e, doc, pp_doc_get(doc, PP_TASK, 0), "Key", "x"), PP_EINVAL);
	pp_doc_free(doc);
}

static void test_apply_errors(void **state)
{
	(void)state;
	const char *t = "- [ ] a\n";
	char *out = (char *)1;
	pp_edit e[2] = { { 3, 1, "x", 1, " ", 1 }, { 0, 0, "# ", 2, NULL, 0 } };
	assert_int_equal(pp_apply_edits(t, 8, e, 2, &out, NULL), 0);
	assert_string_equal(out, "# - [x] a\n");
	pp_free(out);
	pp_edit bad = { 3, 1, "x", 1, "x", 1 };  /* expected bytes are not there */
	assert_int_equal(pp_apply_edits(t, 8, &bad, 1, &out, NULL), PP_ECONFLICT);
	assert_null(out);
	pp_edit past = { 8, 1, "x", 1, NULL, 0 };
	assert_int_equal(pp_apply_edits(t, 8, &past, 1, &out, NULL), PP_ECONFLICT);
	pp_edit ov[2] = { { 2, 3, "", 0, NULL, 0 }, { 4, 1, "y", 1, NULL, 0 } };
	assert_int_equal(pp_apply_edits(t, 8, ov, 2, &out, NULL), PP_EOVERLAP);
	pp_edit ins[2] = { { 2, 0, "a", 1, NULL, 0 }, { 2, 0, "b", 1, NULL, 0 } };
	assert_int_equal(pp_apply_edits(t, 8, ins, 2, &out, NULL), PP_EOVERLAP);
	pp_edit len = { 3, 1, "x", 1, "  ", 2 };
	assert_int_equal(pp_apply_edits(t, 8, &len, 1, &out, NULL), PP_EINVAL);
	assert_int_equal(pp_apply_edits(t, 8, NULL, 0, NULL, NULL), PP_EINVAL);
	assert_int_equal(pp_apply_edits(t, 8, NULL, 0, &out, NULL), 0);
	assert_string_equal(out, t);
	pp_free(out);
	/* a plan made on a stale text is refused */
	pp_doc *doc = parse(t);
	pp_edits *pe;
	assert_int_equal(pp_plan_state(&pe, doc, pp_doc_get(doc, PP_CHECKBOX, 0), "done"), 0);
	assert_int_equal(pp_apply_edits("- [/] a\n", 8, pp_edits_get(pe, 0), 1, &out, NULL),
	                 PP_ECONFLICT);
	pp_edits_free(pe);
	pp_doc_free(doc);
	assert_string_equal(pp_strerror(PP_EOVERLAP), "edits overlap");
	assert_int_equal(pp_edits_count(NULL), 0);
	assert_null(pp_edits_get(NULL, 0));
	pp_edits_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_meta),
		cmocka_unit_test(test_apply_errors),
		cmocka_unit_test(test_property_fixtures),
		cmocka_unit_test(test_property_corpus),
		cmocka_unit_test(test_random_sequences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
