/*
 * tasks.c: the body of `planparse show`: each phase with its progress bar
 * and its tasks (nested tasks under their parent, in document order), the
 * checkboxes that are not tasks (success criteria), and the tasks outside
 * every phase.
 */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the task tree ----------------------------------------------------- */

int cli_show_tree(cli_draw *s)
{
	size_t n = s->ntasks;
	s->first_child = malloc((n ? n : 1) * sizeof(size_t));
	s->next_sibling = malloc((n ? n : 1) * sizeof(size_t));
	size_t *last = malloc((n ? n : 1) * sizeof(size_t));
	if (!s->first_child || !s->next_sibling || !last) {
		free(last);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		s->first_child[i] = s->next_sibling[i] = last[i] = CLI_NONE;
	for (size_t i = 0; i < n; i++) {
		const pp_node *t = pp_doc_get(s->doc, PP_TASK, i);
		size_t p = cli_index(t, PP_F_PARENT, i);
		if (p == CLI_NONE)
			continue;
		if (last[p] == CLI_NONE)
			s->first_child[p] = i;
		else
			s->next_sibling[last[p]] = i;
		last[p] = i;
	}
	free(last);
	return 0;
}

/* The task's parent, or CLI_NONE when it is a root (see build_tree). */
static size_t parent_of(const cli_draw *s, size_t i)
{
	return cli_index(pp_doc_get(s->doc, PP_TASK, i), PP_F_PARENT, i);
}

/* ---- tasks ------------------------------------------------------------- */

typedef struct glyph {
	const char *state, *mark, *color;
} glyph;

static const glyph glyphs[] = {
	{ "done", "\xE2\x9C\x93", "32" },         /* ✓ */
	{ "todo", "\xE2\x98\x90", "0" },          /* ☐ */
	{ "in_progress", "\xE2\x97\x90", "33" },  /* ◐ */
	{ "in_review", "\xE2\x97\x90", "33" },
	{ "cancelled", "\xE2\x9C\x97", "2;31" },  /* ✗ */
	{ "deferred", "\xC2\xBB", "34" },         /* » */
	{ "paused", "\xC2\xBB", "34" },
	{ "blocked", "\xE2\x8A\x98", "31" },      /* ⊘ */
	{ "draft", "\xE2\x98\x90", "0" },
	{ "approved", "\xE2\x98\x90", "0" },
};

static const glyph *glyph_of(const char *state)
{
	static const glyph none = { "none", "\xC2\xB7", "2" }; /* · */
	for (size_t i = 0; state && i < sizeof glyphs / sizeof glyphs[0]; i++)
		if (strcmp(state, glyphs[i].state) == 0)
			return &glyphs[i];
	return &none;
}

/* The dim trailer of a task: "[P] P1 @owner 4h". */
/* Whether the title already shows v (an owner or estimate left in it). */
static bool shows(const char *title, const char *v)
{
	return title && v && strstr(title, v) != NULL;
}

static void task_extras(cli_buf *b, const pp_node *t, const char *title)
{
	size_t n;
	const char *v;
	if (pp_node_int(t, PP_F_PARALLEL) == 1)
		cli_buf_addz(b, " [P]");
	if ((v = pp_node_str(t, PP_F_PRIORITY, &n)))
		cli_buf_add(b, " ", 1), cli_buf_add(b, v, n);
	if ((v = pp_node_str(t, PP_F_OWNER, &n)) && !shows(title, v)) {
		cli_buf_addz(b, v[0] == '@' ? " " : " @");
		cli_buf_add(b, v, n);
	}
	v = pp_node_str(pp_node_child(t, PP_F_ESTIMATE), PP_F_RAW, &n);
	if (v && !shows(title, v))
		cli_buf_add(b, " ", 1), cli_buf_add(b, v, n);
}

/* Writes text then the dim extras, giving up the extras when they would
 * leave the text fewer than 12 columns. */
static void put_text_extras(const cli_draw *s, const char *code, const char *text,
                            size_t len, const cli_buf *extra, size_t avail)
{
	size_t tw = cli_width(text, len), ew = cli_width(extra->s, extra->len);
	if (ew && tw + ew > avail && avail < ew + 12)
		ew = 0;
	size_t w = cli_put_styled(s, code, text, len, ew ? avail - ew : avail);
	if (ew)
		cli_put_styled(s, "2", extra->s, extra->len, cli_room(s, s->width - avail + w));
}

static void show_task_line(const cli_draw *s, const pp_node *t, size_t depth)
{
	const char *state = pp_node_str(t, PP_F_STATE, NULL);
	const glyph *g = glyph_of(state);
	size_t col = cli_put_indent(s, 2 + 2 * depth), n;
	col += cli_put_styled(s, g->color, g->mark, strlen(g->mark), 1) + 1;
	putc(' ', s->out);
	const char *id = pp_node_str(t, PP_F_ID, &n);
	if (id) {
		col += cli_put_styled(s, "36", id, n, cli_room(s, col) / 3) + 1;
		putc(' ', s->out);
	}
	const char *text = pp_node_str(t, PP_F_TITLE, &n);
	if (!text || !n)
		text = cli_str(t, PP_F_TEXT, &n);
	cli_buf extra = { 0 };
	task_extras(&extra, t, text);
	bool dim = state && (!strcmp(state, "cancelled") || !strcmp(state, "done"));
	put_text_extras(s, dim ? "2" : NULL, text, n, &extra, cli_room(s, col));
	cli_buf_free(&extra);
	putc('\n', s->out);
}

static void show_task(const cli_draw *s, size_t i, size_t depth)
{
	show_task_line(s, pp_doc_get(s->doc, PP_TASK, i), depth);
	for (size_t c = s->first_child[i]; c != CLI_NONE; c = s->next_sibling[c])
		show_task(s, c, depth + 1);
}

/* A checkbox that is not a task, under its group's label. */
static void show_check(const cli_draw *s, const pp_node *c, size_t depth)
{
	const glyph *g = glyph_of(pp_node_str(c, PP_F_STATE, NULL));
	size_t col = cli_put_indent(s, 4 + 2 * depth), len;
	col += cli_put_styled(s, g->color, g->mark, strlen(g->mark), 1) + 1;
	putc(' ', s->out);
	const char *text = cli_str(c, PP_F_TEXT, &len);
	cli_put(s->out, text, len, cli_room(s, col), false);
	putc('\n', s->out);
}

/* The label of a group of checklist items: their section, else "checklist". */
static void show_check_label(const cli_draw *s, const char *section, size_t len,
                             size_t depth)
{
	if (!section)
		section = "checklist", len = 9;
	size_t col = cli_put_indent(s, 2 + 2 * depth);
	cli_sgr(s, "2;4");
	cli_put(s->out, section, len, cli_room(s, col + 1), false);
	cli_sgr_end(s);
	putc('\n', s->out);
}

/* Checkboxes that are not tasks (success criteria, checklists) in a phase
 * (or outside every phase when phase is CLI_NONE), under their section. */
static void show_checklist(const cli_draw *s, size_t phase, size_t depth)
{
	size_t n = pp_doc_count(s->doc, PP_CHECKBOX), nphases = pp_doc_count(s->doc, PP_PHASE);
	const char *group = NULL;
	for (size_t i = 0; i < n; i++) {
		const pp_node *c = pp_doc_get(s->doc, PP_CHECKBOX, i);
		if (pp_node_int(c, PP_F_TASK) != PP_NULL ||
		    cli_index(c, PP_F_PHASE, nphases) != phase)
			continue;
		size_t len;
		const char *section = pp_node_str(c, PP_F_SECTION, &len);
		if (!group || strcmp(group, section ? section : "") != 0) {
			show_check_label(s, section, len, depth);
			group = section ? section : "";
		}
		show_check(s, c, depth);
	}
}

/* The root tasks of a phase (or of no phase, for CLI_NONE). */
static void show_root_tasks(const cli_draw *s, size_t phase, size_t depth)
{
	size_t nphases = pp_doc_count(s->doc, PP_PHASE);
	for (size_t i = 0; i < s->ntasks; i++) {
		const pp_node *t = pp_doc_get(s->doc, PP_TASK, i);
		if (parent_of(s, i) == CLI_NONE && cli_index(t, PP_F_PHASE, nphases) == phase)
			show_task(s, i, depth);
	}
}

/* ---- phases ------------------------------------------------------------ */

/* "Phase 1: Foundations" ("1. Setup" for numbered headings). */
static void phase_label(cli_buf *b, const pp_node *p)
{
	size_t kn, nn, tn;
	const char *kind = cli_str(p, PP_F_KIND, &kn);
	const char *num = cli_str(p, PP_F_NUMBER, &nn);
	const char *title = cli_str(p, PP_F_TITLE, &tn);
	if (!cli_str_is(p, PP_F_KIND, "section") && kn) {
		char first = kind[0] >= 'a' && kind[0] <= 'z' ? (char)(kind[0] - 32) : kind[0];
		cli_buf_add(b, &first, 1);
		cli_buf_add(b, kind + 1, kn - 1);
		cli_buf_add(b, " ", nn ? 1 : 0);
	}
	cli_buf_add(b, num, nn);
	if (cli_str_is(p, PP_F_KIND, "section") && nn && num[nn - 1] != '.')
		cli_buf_add(b, ".", 1);
	else if (!cli_str_is(p, PP_F_KIND, "section") && tn)
		cli_buf_add(b, ":", 1);
	cli_buf_add(b, " ", tn ? 1 : 0);
	cli_buf_add(b, title, tn);
	if (!b->len)
		cli_buf_add(b, cli_str(p, PP_F_HEADING, &tn), tn);
}

static size_t phase_depth(const pp_doc *doc, size_t i)
{
	size_t d = 0;
	for (size_t p = i; d < 8; d++) { /* parents come first: no cycles */
		p = cli_index(pp_doc_get(doc, PP_PHASE, p), PP_F_PARENT, p);
		if (p == CLI_NONE)
			break;
	}
	return d;
}

typedef struct phase_layout {
	size_t label_cols, bar_cells;
} phase_layout;

static phase_layout layout_phases(const cli_draw *s)
{
	phase_layout l = { 0, s->width >= 80 ? 20 : s->width >= 60 ? 10 : 6 };
	size_t n = pp_doc_count(s->doc, PP_PHASE);
	for (size_t i = 0; i < n; i++) {
		cli_buf b = { 0 };
		phase_label(&b, pp_doc_get(s->doc, PP_PHASE, i));
		size_t w = 2 * phase_depth(s->doc, i) + cli_width(b.s, b.len);
		l.label_cols = w > l.label_cols ? w : l.label_cols;
		cli_buf_free(&b);
	}
	size_t max = cli_room(s, l.bar_cells + 20); /* "  [bar] 10/10 100%" */
	if (l.label_cols > max)
		l.label_cols = max > 12 ? max : 12;
	return l;
}

static void show_phase_head(const cli_draw *s, const pp_node *p, size_t depth,
                            const phase_layout *l)
{
	cli_buf b = { 0 };
	phase_label(&b, p);
	size_t ind = cli_put_indent(s, 2 * depth);
	size_t lw = l->label_cols > ind ? l->label_cols - ind : 1;
	cli_sgr(s, "1");
	size_t col = ind + cli_put(s->out, b.s, b.len, lw, true);
	cli_sgr_end(s);
	fputs("  ", s->out);
	const pp_node *prog = pp_node_child(p, PP_F_PROGRESS);
	col += 2 + cli_put_bar(s, prog, l->bar_cells);
	b.len = 0;
	cli_add_counts(&b, prog);
	const pp_node *st = pp_node_child(p, PP_F_STATUS);
	if (st)
		cli_buf_addz(&b, " · "), cli_add_status(&b, st);
	size_t en;
	const char *est = pp_node_str(pp_node_child(p, PP_F_ESTIMATE), PP_F_RAW, &en);
	if (est)
		cli_buf_addz(&b, " · "), cli_buf_add(&b, est, en);
	cli_add_hours(&b, pp_node_child(p, PP_F_TASK_ESTIMATE), " · tasks ");
	cli_put_styled(s, "2", b.s ? b.s : "", b.len, cli_room(s, col));
	putc('\n', s->out);
	cli_buf_free(&b);
}

void cli_show_phases(const cli_draw *s)
{
	size_t n = pp_doc_count(s->doc, PP_PHASE);
	phase_layout l = layout_phases(s);
	for (size_t i = 0; i < n; i++) {
		size_t depth = phase_depth(s->doc, i);
		putc('\n', s->out);
		show_phase_head(s, pp_doc_get(s->doc, PP_PHASE, i), depth, &l);
		show_root_tasks(s, i, depth);
		show_checklist(s, i, depth);
	}
}

/* Tasks and checklists outside every phase, under the document. */
void cli_show_unphased(const cli_draw *s)
{
	size_t nphases = pp_doc_count(s->doc, PP_PHASE), nc = pp_doc_count(s->doc, PP_CHECKBOX);
	bool any = false;
	for (size_t i = 0; i < s->ntasks && !any; i++)
		any = cli_index(pp_doc_get(s->doc, PP_TASK, i), PP_F_PHASE, nphases) == CLI_NONE;
	for (size_t i = 0; i < nc && !any; i++) {
		const pp_node *c = pp_doc_get(s->doc, PP_CHECKBOX, i);
		any = pp_node_int(c, PP_F_TASK) == PP_NULL &&
		      cli_index(c, PP_F_PHASE, nphases) == CLI_NONE;
	}
	if (!any)
		return;
	putc('\n', s->out);
	const char *head = nphases ? "Outside any phase" : "Tasks";
	cli_put_styled(s, "1", head, strlen(head), s->width);
	putc('\n', s->out);
	show_root_tasks(s, CLI_NONE, 0);
	show_checklist(s, CLI_NONE, 0);
}
