/*
 * risks.c: the risk table of `planparse show`: risk, probability level,
 * impact level and mitigation in aligned columns that fit the width.
 */
#include "cli.h"

#include <string.h>

#define GAP 2
#define INDENT 2
#define LEVEL_MAX 12

enum { C_RISK, C_PROB, C_IMPACT, C_MITIGATION, NCOLS };

static const char *const heads[NCOLS] = { "Risk", "Probability", "Impact", "Mitigation" };

/* The text of a cell: a level's normalised name (its raw text when it has
 * none), or a string field; "" when null. */
static const char *cell(const pp_node *r, int col, size_t *len)
{
	if (col == C_RISK)
		return cli_str(r, PP_F_RISK, len);
	if (col == C_MITIGATION)
		return cli_str(r, PP_F_MITIGATION, len);
	const pp_node *lv = pp_node_child(r, col == C_PROB ? PP_F_PROBABILITY : PP_F_IMPACT);
	const char *v = pp_node_str(lv, PP_F_LEVEL, len);
	return v ? v : cli_str(lv, PP_F_RAW, len);
}

static const char *level_color(const char *level)
{
	if (!strcmp(level, "critical"))
		return "1;31";
	if (!strcmp(level, "high"))
		return "31";
	if (!strcmp(level, "medium"))
		return "33";
	if (!strcmp(level, "low"))
		return "32";
	return NULL;
}

/* The widest cell (or heading) of each column. */
static void natural_widths(const cli_draw *s, size_t w[NCOLS])
{
	size_t n = pp_doc_count(s->doc, PP_RISK), len;
	for (int c = 0; c < NCOLS; c++)
		w[c] = strlen(heads[c]);
	for (size_t i = 0; i < n; i++) {
		const pp_node *r = pp_doc_get(s->doc, PP_RISK, i);
		for (int c = 0; c < NCOLS; c++) {
			const char *v = cell(r, c, &len);
			size_t cw = cli_width(v, len);
			w[c] = cw > w[c] ? cw : w[c];
		}
	}
}

/* Fits the columns in the width: the levels keep their width (at most
 * LEVEL_MAX), risk and mitigation share the rest, the risk getting at
 * least two fifths of it when both must be cut. */
static void fit_widths(const cli_draw *s, size_t w[NCOLS])
{
	natural_widths(s, w);
	for (int c = C_PROB; c <= C_IMPACT; c++)
		w[c] = w[c] > LEVEL_MAX ? LEVEL_MAX : w[c];
	size_t fixed = INDENT + 3 * GAP + w[C_PROB] + w[C_IMPACT];
	size_t rest = s->width > fixed + 20 ? s->width - fixed : 20;
	if (w[C_RISK] + w[C_MITIGATION] <= rest)
		return;
	size_t risk = rest - (w[C_MITIGATION] < rest ? w[C_MITIGATION] : rest);
	if (risk < rest * 2 / 5)
		risk = rest * 2 / 5;
	if (risk > w[C_RISK])
		risk = w[C_RISK];
	w[C_RISK] = risk;
	w[C_MITIGATION] = rest - risk;
}

static void put_row_cells(const cli_draw *s, const pp_node *r, const size_t w[NCOLS])
{
	cli_put_indent(s, INDENT);
	for (int c = 0; c < NCOLS; c++) {
		size_t len;
		const char *v = cell(r, c, &len);
		const char *color = c == C_PROB || c == C_IMPACT ? level_color(v) : NULL;
		if (color)
			cli_sgr(s, color);
		cli_put(s->out, v, len, w[c], c + 1 < NCOLS);
		if (color)
			cli_sgr_end(s);
		if (c + 1 < NCOLS)
			fprintf(s->out, "%*s", GAP, "");
	}
	putc('\n', s->out);
}

static void put_heads(const cli_draw *s, const size_t w[NCOLS])
{
	cli_put_indent(s, INDENT);
	cli_sgr(s, "1");
	for (int c = 0; c < NCOLS; c++) {
		cli_put(s->out, heads[c], strlen(heads[c]), w[c], c + 1 < NCOLS);
		if (c + 1 < NCOLS)
			fprintf(s->out, "%*s", GAP, "");
	}
	cli_sgr_end(s);
	putc('\n', s->out);
	cli_put_indent(s, INDENT);
	cli_sgr(s, "2");
	for (int c = 0; c < NCOLS; c++) {
		for (size_t i = 0; i < w[c]; i++)
			fputs("\xE2\x94\x80", s->out); /* ─ */
		if (c + 1 < NCOLS)
			fprintf(s->out, "%*s", GAP, "");
	}
	cli_sgr_end(s);
	putc('\n', s->out);
}

void cli_show_risks(const cli_draw *s)
{
	size_t n = pp_doc_count(s->doc, PP_RISK);
	if (!n)
		return;
	size_t w[NCOLS];
	fit_widths(s, w);
	putc('\n', s->out);
	cli_put_styled(s, "1", "Risks", 5, s->width);
	putc('\n', s->out);
	put_heads(s, w);
	for (size_t i = 0; i < n; i++)
		put_row_cells(s, pp_doc_get(s->doc, PP_RISK, i), w);
}
