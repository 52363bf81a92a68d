/*
 * main.c: the planparse command-line tool: arguments, input, and the
 * commands (json, show; lint and next live in lint.c and next.c).  It uses only the public API of libplanparse, as
 * md4c's md2html does; see docs/cli.md.
 */
#include "cli.h"
#include "io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PROG "planparse"
#define STDIN_NAME "<stdin>"

static const char usage_text[] =
	"Usage: " PROG " [OPTIONS] COMMAND FILE\n"
	"       " PROG " [OPTIONS] lint FILE...\n"
	"Read a plan written in Markdown and print its phases, tasks, checkboxes,\n"
	"status headers, risks and tables.  FILE \"-\" reads standard input.\n"
	"\n"
	"Commands:\n"
	"  json FILE        print the document as one line of JSON (planparse/1)\n"
	"  show FILE        draw the plan for a person: phases with progress bars,\n"
	"                   tasks, estimates, critical path, risks, overall progress\n"
	"                   and diagnostics\n"
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
	"  -h, --help       print this help and exit\n"
	"  --version        print the version and exit\n"
	"\n"
	"The JSON names standard input \"" STDIN_NAME "\" in source.path.\n"
	"\n"
	"Exit status:\n"
	"  0  success (diagnostics in the document do not change it, except for lint)\n"
	"  1  out of memory, or writing the output failed; lint: an error was reported\n"
	"  2  bad command line\n"
	"  3  FILE cannot be opened or read\n"
	"  4  the library refused the input (too large, parser failure)\n";

typedef struct args {
	const char *cmd, *file;
	char **files;          /* every FILE operand (lint takes several) */
	size_t nfiles;
	bool pretty, help, version, color_set, width_set, format_set, keys;
	cli_color color;
	cli_format format;
	int width;
} args;

static int usage_error(const char *fmt, const char *what)
{
	fprintf(stderr, PROG ": ");
	fprintf(stderr, fmt, what);
	fprintf(stderr, "\nTry '" PROG " --help' for more information.\n");
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

static int add_operand(args *a, char *arg)
{
	if (!a->cmd)
		a->cmd = arg;
	else if (!a->file || !strcmp(a->cmd, "lint"))
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

/* Checks the command, its operand and that the options fit the command. */
static int check_args(const args *a)
{
	if (!a->cmd)
		return usage_error("%s", "missing COMMAND (json, show, lint or next)");
	bool json = !strcmp(a->cmd, "json"), show = !strcmp(a->cmd, "show");
	bool lint = !strcmp(a->cmd, "lint"), next = !strcmp(a->cmd, "next");
	if (!json && !show && !lint && !next)
		return usage_error("unknown command '%s' (use json, show, lint or next)", a->cmd);
	if (!a->file)
		return usage_error("'%s' needs a FILE (or - for standard input)", a->cmd);
	if ((lint || next) && (a->pretty || a->color_set || a->width_set))
		return usage_error("%s applies only to 'json' and 'show'",
		                   a->pretty ? "--pretty" : a->color_set ? "--color" : "--width");
	if ((json || show) && a->format_set)
		return usage_error("%s applies only to 'lint' and 'next'", "--format");
	if (next && a->format == CLI_FORMAT_SARIF)
		return usage_error("%s", "'next' prints text or json, not sarif");
	if (show && a->pretty)
		return usage_error("%s applies only to 'json'", "--pretty");
	if (json && a->color_set)
		return usage_error("%s applies only to 'show'", "--color");
	if (json && a->width_set)
		return usage_error("%s applies only to 'show'", "--width");
	return 0;
}

const char *cli_input_name(const char *file)
{
	return strcmp(file, "-") ? file : STDIN_NAME;
}

/* The name of the input in messages and in the JSON. */
static const char *input_name(const args *a)
{
	return cli_input_name(a->file);
}

int cli_load(const char *file, pp_doc **doc)
{
	pp_options o;
	pp_options_init(&o);
	o.path = cli_input_name(file);
	char *text;
	size_t len;
	int err = cli_read_file(file, o.max_input, &text, &len);
	if (err) {
		fprintf(stderr, PROG ": %s: %s\n", o.path, strerror(err));
		return err == ENOMEM ? CLI_EFAIL : CLI_EINPUT;
	}
	int rc = pp_parse(doc, text ? text : "", len, &o);
	free(text); /* the document holds its own copy */
	if (rc) {
		fprintf(stderr, PROG ": %s: %s\n", o.path, pp_strerror(rc));
		return rc == PP_ENOMEM ? CLI_EFAIL : CLI_EPARSE;
	}
	return CLI_OK;
}

/* Reads and parses FILE.  Returns an exit code; *doc is set on success. */
static int load(const args *a, pp_doc **doc)
{
	return cli_load(a->file, doc);
}

static int cmd_json(const args *a, const pp_doc *doc)
{
	char *json;
	size_t len;
	int rc = pp_doc_to_json(doc, &json, &len);
	if (rc) {
		fprintf(stderr, PROG ": %s: %s\n", input_name(a), pp_strerror(rc));
		return rc == PP_ENOMEM ? CLI_EFAIL : CLI_EPARSE;
	}
	if (a->pretty)
		cli_json_pretty(stdout, json, len);
	else {
		fwrite(json, 1, len, stdout);
		putchar('\n');
	}
	pp_free(json);
	return CLI_OK;
}

static int cmd_show(const args *a, const pp_doc *doc)
{
	cli_show_opts o = {
		a->width_set ? a->width : cli_term_width(),
		cli_use_color(a->color),
		input_name(a),
	};
	if (cli_show(stdout, doc, &o)) {
		fprintf(stderr, PROG ": %s\n", strerror(ENOMEM));
		return CLI_EFAIL;
	}
	if (a->keys)
		cli_show_keys(stdout, doc, o.color);
	return CLI_OK;
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
	if (!strcmp(a.cmd, "lint"))
		return finish(cli_lint(stdout, a.files, a.nfiles, a.format));
	if (!strcmp(a.cmd, "next"))
		return finish(cli_next(stdout, a.file, a.format));
	pp_doc *doc = NULL;
	if ((rc = load(&a, &doc)))
		return rc;
	rc = !strcmp(a.cmd, "json") ? cmd_json(&a, doc) : cmd_show(&a, doc);
	pp_doc_free(doc);
	return finish(rc);
}
