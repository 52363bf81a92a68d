/*
 * next.c: `planparse next FILE` lists the tasks ready to start, in plan
 * order: not done or cancelled, not on a dependency cycle, and every
 * prerequisite (of the task and of the phases that hold it) finished.  The
 * answer comes from the library's dependency graph (pp_graph_new).
 */
#include "cli.h"

#include <errno.h>
#include <string.h>

static const char *task_title(const pp_node *t, size_t *n)
{
	const char *s = pp_node_str(t, PP_F_TITLE, n);
	return s && *n ? s : cli_str(t, PP_F_TEXT, n);
}

static void next_text(FILE *out, const pp_doc *doc, const pp_graph *g)
{
	size_t n = pp_graph_ready_count(g), idw = 1, len;
	for (size_t i = 0; i < n; i++) {
		const pp_node *t = pp_doc_get(doc, PP_TASK, (size_t)pp_graph_ready_task(g, i));
		const char *id = pp_node_str(t, PP_F_ID, &len);
		size_t w = id ? cli_width(id, len) : 1;
		idw = w > idw ? w : idw;
	}
	if (idw > 24)
		idw = 24;
	for (size_t i = 0; i < n; i++) {
		const pp_node *t = pp_doc_get(doc, PP_TASK, (size_t)pp_graph_ready_task(g, i));
		const char *id = pp_node_str(t, PP_F_ID, &len);
		size_t w = cli_put(out, id ? id : "-", id ? len : 1, idw, true);
		fprintf(out, "%*s  ", (int)(idw - (w < idw ? w : idw)), "");
		const char *title = task_title(t, &len);
		cli_put(out, title, len, 1000, false);
		fprintf(out, "  (line %lld)\n", (long long)pp_node_int(t, PP_F_LINE));
	}
}

static void next_json(FILE *out, const pp_doc *doc, const pp_graph *g)
{
	size_t n = pp_graph_ready_count(g), len;
	fputs("[", out);
	for (size_t i = 0; i < n; i++) {
		int64_t ti = pp_graph_ready_task(g, i);
		const pp_node *t = pp_doc_get(doc, PP_TASK, (size_t)ti);
		const char *id = pp_node_str(t, PP_F_ID, &len);
		fprintf(out, "%s\n  {\"task\": %lld, \"id\": ", i ? "," : "", (long long)ti);
		if (id)
			cli_json_string(out, id, len);
		else
			fputs("null", out);
		fputs(", \"title\": ", out);
		const char *title = task_title(t, &len);
		cli_json_string(out, title, len);
		int64_t ph = pp_node_int(t, PP_F_PHASE);
		fprintf(out, ", \"state\": \"%s\", \"line\": %lld", cli_str(t, PP_F_STATE, &len),
		        (long long)pp_node_int(t, PP_F_LINE));
		if (ph == PP_NULL)
			fputs(", \"phase\": null}", out);
		else
			fprintf(out, ", \"phase\": %lld}", (long long)ph);
	}
	fputs(n ? "\n]\n" : "]\n", out);
}

/* Tasks on a cycle are never ready: say so on stderr, as lint would. */
static void cycle_note(const char *name, const pp_graph *g)
{
	size_t c = pp_graph_cycle_count(g), members = 0;
	for (size_t i = 0; i < c; i++)
		members += pp_graph_cycle_size(g, i);
	if (c)
		fprintf(stderr, "planparse: %s: %zu task%s or phase%s on %zu dependency cycle%s "
		        "cannot start ('planparse lint %s' names them)\n", name, members,
		        members == 1 ? "" : "s", members == 1 ? "" : "s", c, c == 1 ? "" : "s", name);
}

int cli_next(FILE *out, const char *file, cli_format fmt)
{
	pp_doc *doc = NULL;
	int rc = cli_load(stderr, file, &doc);
	if (rc)
		return rc;
	pp_graph *g = NULL;
	if ((rc = pp_graph_new(&g, doc)) != 0) {
		fprintf(stderr, "planparse: %s: %s\n", cli_input_name(file), pp_strerror(rc));
		pp_doc_free(doc);
		return CLI_EFAIL;
	}
	if (fmt == CLI_FORMAT_JSON)
		next_json(out, doc, g);
	else
		next_text(out, doc, g);
	cycle_note(cli_input_name(file), g);
	pp_graph_free(g);
	pp_doc_free(doc);
	return CLI_OK;
}
