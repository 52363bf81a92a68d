/*
 * show.c: `planparse show` draws a document for a person: the title,
 * status and status headers, the phases and tasks (tasks.c), the risks
 * (risks.c), the document's progress and the number of diagnostics.  Also
 * the drawing helpers those files share.
 *
 * Widths are display columns (utf8proc), so CJK text and emoji line up;
 * every line is cut to the width, on a code point boundary, with "…".
 */
#include "cli.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INDENT 24

/* ---- small helpers ----------------------------------------------------- */

void cli_sgr(const cli_draw *s, const char *code)
{
	if (s->color)
		fprintf(s->out, "\x1b[%sm", code);
}

void cli_sgr_end(const cli_draw *s)
{
	if (s->color)
		fputs("\x1b[0m", s->out);
}

const char *cli_str(const pp_node *n, pp_field f, size_t *len)
{
	const char *v = pp_node_str(n, f, len);
	if (!v) {
		*len = 0;
		return "";
	}
	return v;
}

bool cli_str_is(const pp_node *n, pp_field f, const char *want)
{
	const char *v = pp_node_str(n, f, NULL);
	return v && strcmp(v, want) == 0;
}

/* Writes str in colour code, cut to maxw columns; returns the columns. */
size_t cli_put_styled(const cli_draw *s, const char *code, const char *str,
                         size_t len, size_t maxw)
{
	if (!len || !maxw)
		return 0;
	if (code)
		cli_sgr(s, code);
	size_t w = cli_put(s->out, str, len, maxw, false);
	if (code)
		cli_sgr_end(s);
	return w;
}

size_t cli_put_indent(const cli_draw *s, size_t cols)
{
	if (cols > MAX_INDENT)
		cols = MAX_INDENT;
	fprintf(s->out, "%*s", (int)cols, "");
	return cols;
}

size_t cli_room(const cli_draw *s, size_t used)
{
	return used < s->width ? s->width - used : 0;
}

/* A node index field as a size_t, or CLI_NONE when null or not below limit. */
size_t cli_index(const pp_node *n, pp_field f, size_t limit)
{
	int64_t v = pp_node_int(n, f);
	return v >= 0 && (uint64_t)v < limit ? (size_t)v : CLI_NONE;
}

/* ---- progress bars ----------------------------------------------------- */

static void put_cells(const cli_draw *s, const char *code, const char *cell, size_t n)
{
	if (!n)
		return;
	cli_sgr(s, code);
	for (size_t i = 0; i < n; i++)
		fputs(cell, s->out);
	cli_sgr_end(s);
}

/* Draws "[████░░░░] 3/8 37%"; returns the columns used. */
size_t cli_put_bar(const cli_draw *s, const pp_node *progress, size_t cells)
{
	int64_t done = pp_node_int(progress, PP_F_DONE);
	int64_t total = pp_node_int(progress, PP_F_TOTAL);
	int64_t pct = pp_node_int(progress, PP_F_PERCENT);
	if (done == PP_NULL || done < 0)
		done = 0;
	if (total == PP_NULL || total < 0)
		total = 0;
	size_t fill = total > 0 ? (size_t)((done > total ? total : done) * (int64_t)cells / total) : 0;
	putc('[', s->out);
	put_cells(s, "32", "\xE2\x96\x88", fill);          /* █ */
	put_cells(s, "2", "\xE2\x96\x91", cells - fill);   /* ░ */
	char num[64];
	int n = pct == PP_NULL
		? snprintf(num, sizeof num, "] %lld/%lld", (long long)done, (long long)total)
		: snprintf(num, sizeof num, "] %lld/%lld %lld%%", (long long)done,
		           (long long)total, (long long)pct);
	fputs(num, s->out);
	return cells + 1 + (size_t)n;
}

/* Appends " · 2 in progress · 1 cancelled" for a progress node. */
void cli_add_counts(cli_buf *b, const pp_node *progress)
{
	char num[64];
	int64_t ip = pp_node_int(progress, PP_F_IN_PROGRESS);
	int64_t cn = pp_node_int(progress, PP_F_CANCELLED);
	if (ip > 0 && ip != PP_NULL) {
		snprintf(num, sizeof num, " · %lld in progress", (long long)ip);
		cli_buf_addz(b, num);
	}
	if (cn > 0 && cn != PP_NULL) {
		snprintf(num, sizeof num, " · %lld cancelled", (long long)cn);
		cli_buf_addz(b, num);
	}
}

/* Appends a status child as "in progress" (its raw text when unknown). */
void cli_add_status(cli_buf *b, const pp_node *status)
{
	size_t n;
	const char *v = pp_node_str(status, PP_F_VALUE, &n);
	if (pp_node_int(status, PP_F_PLACEHOLDER) == 1 || !v) {
		v = cli_str(status, PP_F_RAW, &n);
		cli_buf_add(b, v, n);
		return;
	}
	if (strcmp(v, "unknown") == 0)
		v = cli_str(status, PP_F_RAW, &n);
	size_t start = b->len;
	cli_buf_add(b, v, n);
	for (size_t i = start; i < b->len && !b->oom; i++)
		if (b->s[i] == '_')
			b->s[i] = ' ';
}


/* Hours without trailing zeros: "12", "1.5". */
static void add_num(cli_buf *b, double v)
{
	char num[64];
	snprintf(num, sizeof num, "%.2f", v);
	size_t n = strlen(num);
	while (n && num[n - 1] == '0')
		n--;
	if (n && num[n - 1] == '.')
		n--;
	cli_buf_add(b, num, n);
}

void cli_add_hours(cli_buf *b, const pp_node *est, const char *prefix)
{
	double lo = pp_node_num(est, PP_F_MIN_HOURS), hi = pp_node_num(est, PP_F_MAX_HOURS);
	double pts = pp_node_num(est, PP_F_POINTS);
	if (!est || (isnan(hi) && isnan(pts)))
		return;
	cli_buf_addz(b, prefix);
	if (!isnan(hi)) {
		if (!isnan(lo) && lo != hi)
			add_num(b, lo), cli_buf_addz(b, "\xE2\x80\x93"); /* – */
		add_num(b, hi);
		cli_buf_addz(b, "h");
	}
	if (!isnan(pts)) {
		cli_buf_addz(b, isnan(hi) ? "" : " + ");
		add_num(b, pts);
		cli_buf_addz(b, " pts");
	}
}

int cli_show_critical(const cli_draw *s)
{
	if (!pp_doc_count(s->doc, PP_DEPENDENCY))
		return 0;
	pp_graph *g;
	if (pp_graph_new(&g, s->doc))
		return -1;
	cli_buf b = { 0 };
	size_t n = pp_graph_critical_count(g), len;
	cli_buf_addz(&b, "Critical path: ");
	for (size_t i = 0; i < n; i++) {
		const char *name = pp_graph_node_name(g, (size_t)pp_graph_critical_node(g, i), &len);
		if (i)
			cli_buf_addz(&b, " \xE2\x86\x92 "); /* → */
		cli_buf_add(&b, name, len);
	}
	double h = pp_graph_critical_hours(g);
	if (h > 0) {
		cli_buf_addz(&b, " \xC2\xB7 ");
		add_num(&b, h);
		cli_buf_addz(&b, "h");
	}
	if (pp_graph_cycle_count(g))
		cli_buf_addz(&b, " (tasks on dependency cycles left out: planparse lint names them)");
	putc('\n', s->out);
	cli_put_styled(s, "1", "Critical path", 13, s->width);
	cli_put_styled(s, NULL, b.s ? b.s + 13 : "", b.len > 13 ? b.len - 13 : 0, cli_room(s, 13));
	putc('\n', s->out);
	bool oom = b.oom;
	cli_buf_free(&b);
	pp_graph_free(g);
	return oom ? -1 : 0;
}

/* ---- the document's head and foot ------------------------------------- */

static void show_title(const cli_draw *s)
{
	size_t n;
	const char *title = pp_node_str(pp_doc_root(s->doc), PP_F_TITLE, &n);
	if (!title || !n)
		title = "(untitled plan)", n = strlen(title);
	cli_put_styled(s, "1", title, n, s->width);
	putc('\n', s->out);
}

static bool is_status_name(const char *name)
{
	static const char *const names[] = { "status", "state", "current_status",
		"overall_status", "phase_status", "project_status" };
	for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* "Status: in progress · Owner: Ana · Target: 2025-03-01" (document scope). */
static void show_status(const cli_draw *s)
{
	cli_buf b = { 0 };
	const pp_node *st = pp_node_child(pp_doc_root(s->doc), PP_F_STATUS);
	cli_buf_addz(&b, "Status: ");
	if (st)
		cli_add_status(&b, st);
	else
		cli_buf_addz(&b, "\xE2\x80\x94"); /* — */
	size_t n = pp_doc_count(s->doc, PP_META), kn, vn;
	for (size_t i = 0; i < n; i++) {
		const pp_node *m = pp_doc_get(s->doc, PP_META, i);
		const char *v = pp_node_str(m, PP_F_VALUE, &vn);
		const char *name = pp_node_str(m, PP_F_NAME, NULL);
		if (!v || pp_node_int(m, PP_F_SCOPE) != PP_NULL || is_status_name(name) ||
		    (name && strcmp(name, "title") == 0))
			continue;
		const char *k = cli_str(m, PP_F_KEY, &kn);
		cli_buf_addz(&b, " \xC2\xB7 ");
		cli_buf_add(&b, k, kn);
		cli_buf_addz(&b, ": ");
		cli_buf_add(&b, v, vn);
	}
	cli_put_styled(s, NULL, b.s ? b.s : "", b.len, s->width);
	putc('\n', s->out);
	cli_buf_free(&b);
}

/* "examples/plan.md · 4 phases · 18 tasks · 25 checkboxes · 3 risks" */
static void show_counts(const cli_draw *s, const char *path)
{
	static const struct { pp_kind kind; const char *name; } kinds[] = {
		{ PP_PHASE, "phase" }, { PP_TASK, "task" }, { PP_CHECKBOX, "checkbox" },
		{ PP_RISK, "risk" }, { PP_TABLE, "table" },
	};
	cli_buf b = { 0 };
	cli_buf_addz(&b, path);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		char num[64];
		size_t n = pp_doc_count(s->doc, kinds[i].kind);
		if (!n && i >= 3) /* risks and tables only when there are some */
			continue;
		snprintf(num, sizeof num, " \xC2\xB7 %zu %s%s", n, kinds[i].name,
		         n == 1 ? "" : kinds[i].kind == PP_CHECKBOX ? "es" : "s");
		cli_buf_addz(&b, num);
	}
	cli_put_styled(s, "2", b.s ? b.s : "", b.len, s->width);
	putc('\n', s->out);
	cli_buf_free(&b);
}

static void show_progress(const cli_draw *s)
{
	const pp_node *prog = pp_node_child(pp_doc_root(s->doc), PP_F_PROGRESS);
	putc('\n', s->out);
	cli_put_styled(s, "1", "Progress", 8, s->width);
	fputs("  ", s->out);
	size_t col = 10 + cli_put_bar(s, prog, s->width >= 80 ? 30 : 16);
	cli_buf b = { 0 };
	cli_add_counts(&b, prog);
	cli_put_styled(s, "2", b.s ? b.s : "", b.len, cli_room(s, col));
	putc('\n', s->out);
	cli_buf_free(&b);
}

/* "Diagnostics: 3 (1 error, 2 warnings)". */
static void show_diagnostics(const cli_draw *s)
{
	static const char *const sev[] = { "error", "warning", "info" };
	size_t n = pp_doc_count(s->doc, PP_DIAGNOSTIC), count[3] = { 0 };
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < 3; k++)
			count[k] += cli_str_is(pp_doc_get(s->doc, PP_DIAGNOSTIC, i),
			                       PP_F_SEVERITY, sev[k]);
	char line[160];
	int len = snprintf(line, sizeof line, "Diagnostics: %zu", n);
	bool open = false;
	for (size_t k = 0; k < 3; k++) {
		if (!count[k])
			continue;
		len += snprintf(line + len, sizeof line - (size_t)len, "%s%zu %s%s",
		                open ? ", " : " (", count[k], sev[k],
		                count[k] > 1 && k < 2 ? "s" : "");
		open = true;
	}
	if (n)
		snprintf(line + len, sizeof line - (size_t)len, "%s \xE2\x80\x94 planparse json lists them",
		         open ? ")" : "");
	cli_put_styled(s, n ? "33" : "2", line, strlen(line), s->width);
	putc('\n', s->out);
}

int cli_show(FILE *out, const pp_doc *doc, const cli_show_opts *opts)
{
	cli_draw s = { out, doc, (size_t)opts->width, opts->color,
		pp_doc_count(doc, PP_TASK), NULL, NULL };
	if (cli_show_tree(&s)) {
		free(s.first_child);
		free(s.next_sibling);
		return -1;
	}
	show_title(&s);
	show_status(&s);
	show_counts(&s, opts->path);
	cli_show_phases(&s);
	cli_show_unphased(&s);
	cli_show_risks(&s);
	if (cli_show_critical(&s)) {
		free(s.first_child);
		free(s.next_sibling);
		return -1;
	}
	show_progress(&s);
	show_diagnostics(&s);
	free(s.first_child);
	free(s.next_sibling);
	return 0;
}
