/*
 * main.c: the planparse command-line tool: arguments, input, and the
 * commands json and show (lint and next live in lint.c and next.c; many
 * files are run in parallel by jobs.c).  It uses only the public API of
 * libplanparse, as md4c's md2html does; see docs/cli.md.
 */
#include "cli.h"
#include "io.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define PROG "planparse"
#define STDIN_NAME "<stdin>"

static const char usage_text[] =
	"Usage: " PROG " [OPTIONS] json|show|lint FILE...\n"
	"       " PROG " [OPTIONS] next FILE\n"
	"       " PROG " check|uncheck|set|set-meta [--dry-run] FILE ...\n"
	"Read plans written in Markdown and print their phases, tasks, checkboxes,\n"
	"status headers, risks and tables.  FILE \"-\" reads standard input; a\n"
	"folder stands for its *.md files (not its subfolders'), in byte order.\n"
	"\n"
	"Commands:\n"
	"  json FILE...     print each document as one line of JSON (planparse/1),\n"
	"                   one line per file (JSON Lines)\n"
	"  show FILE...     draw each plan for a person: phases with progress bars,\n"
	"                   tasks, estimates, critical path, risks, overall progress\n"
	"                   and diagnostics; a blank line between files\n"
	"  lint FILE...     print each file's diagnostics as file:line:column:\n"
	"                   severity: message [code]; exit 1 when one is an error\n"
	"  next FILE        list the tasks ready to start, in plan order\n"
	"  check FILE TARGET, uncheck FILE TARGET, set FILE TARGET STATE,\n"
	"  set-meta FILE KEY VALUE\n"
	"                   edit FILE in place (docs/cli.md; '" PROG " set --help')\n"
	"\n"
	"Options:\n"
	"  --pretty         json: indent the JSON by two spaces (same keys, same order)\n"
	"  --color[=WHEN]   show: colour the output: auto (default: only when stdout\n"
	"                   is a terminal and NO_COLOR is unset), always, never;\n"
	"                   --color alone means always\n"
	"  --width=N        show: draw in N columns (default: the terminal's width,\n"
	"                   else $COLUMNS, else 100)\n"
	"  --format=FORMAT  lint: text (default), json or sarif (SARIF 2.1.0);\n"
	"                   next: text (default) or json\n"
	"  --keys           show: list each task's key (a TARGET for check and set)\n"
	"  -j N, --jobs=N   json, show, lint: parse N files at a time (1 to 1024;\n"
	"                   default: the number of processors; 1: one by one).\n"
	"                   The output is in the order of the FILEs all the same.\n"
	"  -h, --help       print this help and exit\n"
	"  --version        print the version and exit\n"
	"\n"
	"The JSON names standard input \"" STDIN_NAME "\" in source.path.\n"
	"\n"
	"Exit status:\n"
	"  0  success (diagnostics in the document do not change it, except for lint)\n"
	"  1  out of memory, or writing the output failed; lint: an error was reported\n"
	"  2  bad command line\n"
	"  3  FILE cannot be opened or read, or a folder holds no *.md file\n"
	"  4  the library refused the input (too large, parser failure)\n"
	"With several files, one that fails is reported on stderr in its place, the\n"
	"others still run, and the status is the highest of any file's: 4, else 3,\n"
	"else 1, else 0.\n";

typedef struct args {
	const char *cmd, *file;
	char **files;          /* every FILE operand (json, show, lint take several) */
	size_t nfiles;
	bool pretty, help, version, color_set, width_set, format_set, keys, jobs_set;
	cli_color color;
	cli_format format;
	int width;
	unsigned jobs;
} args;

static int usage_error(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, PROG ": ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry '" PROG " --help' for more information.\n");
	va_end(ap);
	return CLI_EUSAGE;
}

static int parse_color(args *a, const char *when)
{
	a->color_set = true;
	if (!when || strcmp(when, "always") == 0)
		a->color = CLI_COLOR_ALWAYS;
	else if (strcmp(when, "never") == 0)
		a->color = CLI_COLOR_NEVER;
	else if (strcmp(when, "auto") == 0)
		a->color = CLI_COLOR_AUTO;
	else
		return usage_error("invalid --color '%s' (use auto, always or never)", when);
	return 0;
}

static int parse_format(args *a, const char *f)
{
	a->format_set = true;
	if (f && strcmp(f, "text") == 0)
		a->format = CLI_FORMAT_TEXT;
	else if (f && strcmp(f, "json") == 0)
		a->format = CLI_FORMAT_JSON;
	else if (f && strcmp(f, "sarif") == 0)
		a->format = CLI_FORMAT_SARIF;
	else
		return usage_error("invalid --format '%s' (use text, json or sarif)", f ? f : "");
	return 0;
}

static int parse_width(args *a, const char *n)
{
	char *end;
	long v = n && *n ? strtol(n, &end, 10) : 0;
	if (!n || !*n || *end || v < 20 || v > 10000)
		return usage_error("invalid --width '%s' (a number from 20 to 10000)",
		                   n ? n : "");
	a->width = (int)v;
	a->width_set = true;
	return 0;
}

static int parse_jobs(args *a, const char *n)
{
	char *end;
	long v = n && *n ? strtol(n, &end, 10) : 0;
	if (!n || !*n || *end || v < 1 || v > (long)CLI_JOBS_MAX)
		return usage_error("invalid -j '%s' (a number from 1 to 1024)", n ? n : "");
	a->jobs = (unsigned)v;
	a->jobs_set = true;
	return 0;
}

/* Reads one option; *skip is set when it also used the next argument. */
static int parse_option(args *a, const char *opt, const char *next, int *skip)
{
	if (!strcmp(opt, "-h") || !strcmp(opt, "--help"))
		a->help = true;
	else if (!strcmp(opt, "--version"))
		a->version = true;
	else if (!strcmp(opt, "--pretty"))
		a->pretty = true;
	else if (!strcmp(opt, "--keys"))
		a->keys = true;
	else if (!strcmp(opt, "--color") || !strcmp(opt, "--colour"))
		return parse_color(a, NULL);
	else if (!strncmp(opt, "--color=", 8) || !strncmp(opt, "--colour=", 9))
		return parse_color(a, strchr(opt, '=') + 1);
	else if (!strncmp(opt, "--width=", 8))
		return parse_width(a, opt + 8);
	else if (!strncmp(opt, "--format=", 9))
		return parse_format(a, opt + 9);
	else if (!strncmp(opt, "--jobs=", 7))
		return parse_jobs(a, opt + 7);
	else if (!strncmp(opt, "-j", 2) && opt[2])
		return parse_jobs(a, opt + 2);
	else if (!strcmp(opt, "-j") || !strcmp(opt, "--jobs")) {
		if (!next)
			return usage_error("option '%s' needs a number", opt);
		*skip = 1;
		return parse_jobs(a, next);
	}
	else if (!strcmp(opt, "--format")) {
		if (!next)
			return usage_error("option '%s' needs a value", opt);
		*skip = 1;
		return parse_format(a, next);
	}
	else if (!strcmp(opt, "--width")) {
		if (!next)
			return usage_error("option '%s' needs a number", opt);
		*skip = 1;
		return parse_width(a, next);
	} else
		return usage_error("unknown option '%s'", opt);
	return 0;
}

static bool many_files(const char *cmd)
{
	return !strcmp(cmd, "json") || !strcmp(cmd, "show") || !strcmp(cmd, "lint");
}

static int add_operand(args *a, char *arg)
{
	if (!a->cmd)
		a->cmd = arg;
	else if (!a->file || many_files(a->cmd))
		a->files[a->nfiles++] = arg, a->file = a->file ? a->file : arg;
	else
		return usage_error("unexpected argument '%s'", arg);
	return 0;
}

static int parse_args(args *a, int argc, char **argv)
{
	bool options = true;
	for (int i = 1; i < argc; i++) {
		char *arg = argv[i];
		int rc = 0, skip = 0;
		if (options && !strcmp(arg, "--"))
			options = false;
		else if (options && arg[0] == '-' && arg[1] != '\0')
			rc = parse_option(a, arg, i + 1 < argc ? argv[i + 1] : NULL, &skip);
		else
			rc = add_operand(a, arg);
		if (rc)
			return rc;
		i += skip;
	}
	return 0;
}

/* The commands, as bits for option_fits(). */
enum { C_JSON = 1, C_SHOW = 2, C_LINT = 4, C_NEXT = 8 };

static int option_fits(bool given, const char *name, unsigned cmd, unsigned fits,
                       const char *where)
{
	return !given || (cmd & fits) ? 0 : usage_error("%s applies only to %s", name, where);
}

/* Checks the command, its operand and that the options fit the command. */
static int check_args(const args *a)
{
	if (!a->cmd)
		return usage_error("missing COMMAND (json, show, lint or next)");
	unsigned cmd = !strcmp(a->cmd, "json") ? C_JSON : !strcmp(a->cmd, "show") ? C_SHOW
	             : !strcmp(a->cmd, "lint") ? C_LINT : !strcmp(a->cmd, "next") ? C_NEXT : 0;
	if (!cmd)
		return usage_error("unknown command '%s' (use json, show, lint or next)", a->cmd);
	if (!a->file)
		return usage_error("'%s' needs a FILE (or - for standard input)", a->cmd);
	int rc;
	if ((rc = option_fits(a->pretty, "--pretty", cmd, C_JSON, "'json'")) ||
	    (rc = option_fits(a->color_set, "--color", cmd, C_SHOW, "'show'")) ||
	    (rc = option_fits(a->width_set, "--width", cmd, C_SHOW, "'show'")) ||
	    (rc = option_fits(a->keys, "--keys", cmd, C_SHOW, "'show'")) ||
	    (rc = option_fits(a->format_set, "--format", cmd, C_LINT | C_NEXT, "'lint' and 'next'")) ||
	    (rc = option_fits(a->jobs_set, "-j", cmd, C_JSON | C_SHOW | C_LINT,
	                      "'json', 'show' and 'lint'")))
		return rc;
	if (cmd == C_NEXT && a->format == CLI_FORMAT_SARIF)
		return usage_error("'next' prints text or json, not sarif");
	return 0;
}

const char *cli_input_name(const char *file)
{
	return strcmp(file, "-") ? file : STDIN_NAME;
}

int cli_load(FILE *err, const char *file, pp_doc **doc)
{
	pp_options o;
	pp_options_init(&o);
	o.path = cli_input_name(file);
	char *text;
	size_t len;
	int rerr = cli_read_file(file, o.max_input, &text, &len);
	if (rerr) {
		fprintf(err, PROG ": %s: %s\n", o.path, strerror(rerr));
		return rerr == ENOMEM ? CLI_EFAIL : CLI_EINPUT;
	}
	int rc = pp_parse(doc, text ? text : "", len, &o);
	free(text); /* the document holds its own copy */
	if (rc) {
		fprintf(err, PROG ": %s: %s\n", o.path, pp_strerror(rc));
		return rc == PP_ENOMEM ? CLI_EFAIL : CLI_EPARSE;
	}
	return CLI_OK;
}

/* What json and show read in every thread, settled before any starts
 * (the terminal's width and colour are looked up once). */
typedef struct render_opts {
	bool pretty, keys, color;
	int width;
} render_opts;

static int json_file(FILE *out, FILE *err, const char *file, void *ctx)
{
	const render_opts *ro = ctx;
	pp_doc *doc = NULL;
	int rc = cli_load(err, file, &doc);
	if (rc)
		return rc;
	char *json;
	size_t len;
	rc = pp_doc_to_json(doc, &json, &len);
	pp_doc_free(doc);
	if (rc) {
		fprintf(err, PROG ": %s: %s\n", cli_input_name(file), pp_strerror(rc));
		return rc == PP_ENOMEM ? CLI_EFAIL : CLI_EPARSE;
	}
	if (ro->pretty)
		cli_json_pretty(out, json, len);
	else {
		fwrite(json, 1, len, out);
		putc('\n', out);
	}
	pp_free(json);
	return CLI_OK;
}

static int show_file(FILE *out, FILE *err, const char *file, void *ctx)
{
	const render_opts *ro = ctx;
	pp_doc *doc = NULL;
	int rc = cli_load(err, file, &doc);
	if (rc)
		return rc;
	cli_show_opts o = { ro->width, ro->color, cli_input_name(file) };
	if (cli_show(out, doc, &o)) {
		fprintf(err, PROG ": %s: %s\n", o.path, strerror(ENOMEM));
		rc = CLI_EFAIL;
	} else if (ro->keys)
		cli_show_keys(out, doc, o.color);
	pp_doc_free(doc);
	return rc;
}

/* json, show and lint: every FILE, folders expanded, -j files at a time. */
static int run_files(const args *a)
{
	cli_inputs in = { 0 };
	for (size_t i = 0; i < a->nfiles; i++)
		if (cli_inputs_add(&in, a->files[i])) {
			fprintf(stderr, PROG ": %s\n", strerror(ENOMEM));
			cli_inputs_free(&in);
			return CLI_EFAIL;
		}
	unsigned jobs = a->jobs_set ? a->jobs : cli_jobs_default();
	int rc;
	if (!strcmp(a->cmd, "lint"))
		rc = cli_lint(&in, jobs, a->format);
	else {
		bool json = !strcmp(a->cmd, "json");
		render_opts ro = { a->pretty, a->keys, false, 0 };
		if (!json) {
			ro.color = cli_use_color(a->color);
			ro.width = a->width_set ? a->width : cli_term_width();
		}
		cli_jobs j = { in.v, in.n, jobs, json ? json_file : show_file, &ro, json ? NULL : "\n" };
		rc = cli_jobs_run(&j);
	}
	cli_inputs_free(&in);
	return rc;
}

static int finish(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, PROG ": write error: %s\n", strerror(errno));
		return rc ? rc : CLI_EFAIL;
	}
	return rc;
}

static int run(args *a);

int main(int argc, char **argv)
{
	int erc;
	if (cli_edit_main(argc, argv, &erc)) /* check, uncheck, set, set-meta: edit.c */
		return erc;
	args a = { 0 };
	a.color = CLI_COLOR_AUTO;
	a.files = calloc((size_t)argc + 1, sizeof *a.files);
	if (!a.files) {
		fprintf(stderr, PROG ": %s\n", strerror(ENOMEM));
		return CLI_EFAIL;
	}
	int rc = parse_args(&a, argc, argv);
	if (!rc)
		rc = run(&a);
	free(a.files);
	return rc;
}

static int run(args *a_)
{
	args a = *a_;
	int rc;
	if (a.help) {
		fputs(usage_text, stdout);
		return finish(CLI_OK);
	}
	if (a.version) {
		printf(PROG " %s\n", pp_version());
		return finish(CLI_OK);
	}
	if ((rc = check_args(&a)))
		return rc;
	if (!strcmp(a.cmd, "next"))
		return finish(cli_next(stdout, a.file, a.format));
	return finish(run_files(&a));
}
