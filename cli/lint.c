/*
 * lint.c: `planparse lint FILE...` prints each document's diagnostics as
 * compilers do (`file:line:column: severity: message [code]`), as JSON, or
 * as SARIF 2.1.0 for code-scanning services.  The diagnostics are the
 * library's (docs/lint.md); this file only formats them.  Files are
 * linted in parallel by jobs.c.
 */
#include "cli.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* The codes of docs/lint.md with their default severity and a summary, in
 * the order SARIF lists them as rules. */
static const struct rule {
	const char *code, *level, *text;
} rules[] = {
	{ "dependency-cycle", "error", "Tasks or phases depend on each other in a cycle" },
	{ "unknown-dependency", "warning", "A dependency names no task or phase of the document" },
	{ "duplicate-id", "warning", "Two tasks have the same ID" },
	{ "status-mismatch", "warning", "A declared status disagrees with the checkboxes" },
	{ "progress-mismatch", "warning", "A declared progress disagrees with the checkboxes" },
	{ "phase-numbering", "warning", "Phase numbers have a gap, a duplicate or go backwards" },
	{ "malformed-checkbox", "warning", "A task mark that is not a checkbox" },
	{ "unknown-status", "warning", "A status value outside the status vocabulary" },
	{ "placeholder", "note", "Template text left unfilled" },
	{ "invalid-utf8", "warning", "Bytes that are not UTF-8" },
	{ "limit", "warning", "An input limit was reached; the rest was read as plain text" },
};

#define NRULES (sizeof rules / sizeof *rules)

static size_t rule_index(const char *code)
{
	for (size_t i = 0; code && i < NRULES; i++)
		if (strcmp(rules[i].code, code) == 0)
			return i;
	return NRULES;
}

/* A JSON string: quotes, backslashes and control characters escaped. */
void cli_json_string(FILE *out, const char *s, size_t n)
{
	putc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20 || c == 0x7F)
			fprintf(out, "\\u%04x", c);
		else
			putc(c, out);
	}
	putc('"', out);
}

static void json_str(FILE *out, const char *s)
{
	cli_json_string(out, s ? s : "", s ? strlen(s) : 0);
}

/* A relative URI reference for a path: `./` dropped, bytes outside the
 * unreserved set and `/` percent-encoded. */
static void put_uri(FILE *out, const char *path)
{
	static const char ok[] = "-._~/";
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	putc('"', out);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr(ok, *p))
			putc(*p, out);
		else
			fprintf(out, "%%%02X", *p);
	}
	putc('"', out);
}

/* ---- the three formats ------------------------------------------------- */

typedef struct lint_state {
	FILE *out;
	cli_format fmt;
	size_t emitted;      /* results of this file written so far (for the commas) */
	bool error;          /* some diagnostic has severity error */
} lint_state;

static void emit_text(lint_state *st, const char *path, const pp_node *d)
{
	fprintf(st->out, "%s:%lld:%lld: %s: %s [%s]\n", path,
	        (long long)pp_node_int(d, PP_F_LINE), (long long)pp_node_int(d, PP_F_COLUMN),
	        pp_node_str(d, PP_F_SEVERITY, NULL), pp_node_str(d, PP_F_MESSAGE, NULL),
	        pp_node_str(d, PP_F_CODE, NULL));
}

static void emit_json(lint_state *st, const char *path, const pp_node *d)
{
	FILE *o = st->out;
	fputs(st->emitted ? ",\n  {\"file\": " : "\n  {\"file\": ", o);
	json_str(o, path);
	fprintf(o, ", \"line\": %lld, \"column\": %lld, \"offset\": %lld, \"severity\": ",
	        (long long)pp_node_int(d, PP_F_LINE), (long long)pp_node_int(d, PP_F_COLUMN),
	        (long long)pp_node_int(d, PP_F_OFFSET));
	json_str(o, pp_node_str(d, PP_F_SEVERITY, NULL));
	fputs(", \"code\": ", o);
	json_str(o, pp_node_str(d, PP_F_CODE, NULL));
	fputs(", \"message\": ", o);
	json_str(o, pp_node_str(d, PP_F_MESSAGE, NULL));
	putc('}', o);
}

static const char *sarif_level(const char *severity)
{
	if (severity && strcmp(severity, "error") == 0)
		return "error";
	if (severity && strcmp(severity, "warning") == 0)
		return "warning";
	return "note";
}

static void emit_sarif(lint_state *st, const char *path, const pp_node *d)
{
	FILE *o = st->out;
	const char *code = pp_node_str(d, PP_F_CODE, NULL);
	size_t r = rule_index(code);
	fputs(st->emitted ? ",\n        {\"ruleId\": " : "\n        {\"ruleId\": ", o);
	json_str(o, code);
	if (r < NRULES)
		fprintf(o, ", \"ruleIndex\": %zu", r);
	fprintf(o, ", \"level\": \"%s\", \"message\": {\"text\": ",
	        sarif_level(pp_node_str(d, PP_F_SEVERITY, NULL)));
	json_str(o, pp_node_str(d, PP_F_MESSAGE, NULL));
	fputs("}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", o);
	put_uri(o, path);
	fprintf(o, "}, \"region\": {\"startLine\": %lld, \"startColumn\": %lld}}}]}",
	        (long long)pp_node_int(d, PP_F_LINE), (long long)pp_node_int(d, PP_F_COLUMN));
}

static void sarif_head(FILE *o)
{
	fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	      "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
	      "      \"tool\": {\"driver\": {\"name\": \"planparse\", \"version\": ", o);
	json_str(o, pp_version());
	fputs(", \"rules\": [", o);
	for (size_t i = 0; i < NRULES; i++)
		fprintf(o, "%s\n        {\"id\": \"%s\", \"name\": \"%s\", \"shortDescription\": "
		        "{\"text\": \"%s\"}, \"defaultConfiguration\": {\"level\": \"%s\"}}",
		        i ? "," : "", rules[i].code, rules[i].code, rules[i].text, rules[i].level);
	fputs("]}},\n      \"results\": [", o);
}

static void lint_doc(lint_state *st, const char *path, const pp_doc *doc)
{
	for (size_t i = 0; i < pp_doc_count(doc, PP_DIAGNOSTIC); i++) {
		const pp_node *d = pp_doc_get(doc, PP_DIAGNOSTIC, i);
		st->error |= cli_str_is(d, PP_F_SEVERITY, "error");
		if (st->fmt == CLI_FORMAT_JSON)
			emit_json(st, path, d);
		else if (st->fmt == CLI_FORMAT_SARIF)
			emit_sarif(st, path, d);
		else
			emit_text(st, path, d);
		st->emitted++;
	}
}

/* What every file's job reads, and whether any wrote a diagnostic (the
 * JSON and SARIF closings differ on an empty list). */
typedef struct lint_ctx {
	cli_format fmt;
	atomic_bool emitted;
} lint_ctx;

/* One file's diagnostics; their JSON and SARIF items are joined across
 * files with the "," cli_jobs_run writes between non-empty outputs. */
static int lint_file(FILE *out, FILE *err, const char *file, void *ctx_)
{
	lint_ctx *ctx = ctx_;
	pp_doc *doc = NULL;
	int rc = cli_load(err, file, &doc);
	if (rc)
		return rc;
	lint_state st = { out, ctx->fmt, 0, false };
	lint_doc(&st, cli_input_name(file), doc);
	pp_doc_free(doc);
	if (st.emitted)
		atomic_store(&ctx->emitted, true);
	return st.error ? CLI_EFAIL : CLI_OK;
}

int cli_lint(const cli_inputs *in, unsigned jobs, cli_format fmt)
{
	lint_ctx ctx = { fmt, false };
	cli_jobs j = { in->v, in->n, jobs, lint_file, &ctx, fmt == CLI_FORMAT_TEXT ? NULL : "," };
	if (fmt == CLI_FORMAT_JSON)
		fputs("[", stdout);
	else if (fmt == CLI_FORMAT_SARIF)
		sarif_head(stdout);
	int rc = cli_jobs_run(&j);
	bool emitted = atomic_load(&ctx.emitted);
	if (fmt == CLI_FORMAT_JSON)
		fputs(emitted ? "\n]\n" : "]\n", stdout);
	else if (fmt == CLI_FORMAT_SARIF)
		fputs(emitted ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n", stdout);
	return rc;
}
