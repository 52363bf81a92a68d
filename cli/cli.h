/*
 * cli.h: private declarations shared by the files of the planparse tool.
 * The tool uses only the public header <planparse.h> (and utf8proc for
 * display widths); nothing here is part of the library.
 */
#ifndef PP_CLI_H
#define PP_CLI_H

#include <planparse.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes (docs/cli.md). */
enum {
	CLI_OK = 0,
	CLI_EFAIL = 1,   /* out of memory, or writing the output failed */
	CLI_EUSAGE = 2,  /* bad command line */
	CLI_EINPUT = 3,  /* FILE cannot be opened or read */
	CLI_EPARSE = 4   /* the library refused the input (limit, parser) */
};

/* ---- text.c: display widths and a growable buffer ---------------------- */

/* A growable byte buffer; oom is set (and further adds ignored) on failure. */
typedef struct cli_buf {
	char *s;
	size_t len, cap;
	bool oom;
} cli_buf;

void cli_buf_add(cli_buf *b, const char *s, size_t n);
void cli_buf_addz(cli_buf *b, const char *s);
void cli_buf_free(cli_buf *b);

/* Display width (terminal columns) of n bytes of UTF-8, as cli_put would
 * draw them: control characters and invalid bytes count as one U+FFFD. */
size_t cli_width(const char *s, size_t n);

/* Writes n bytes of UTF-8 in at most maxw columns, cutting on a code point
 * boundary and ending with "…" when it does not fit; pads with spaces to
 * maxw when pad is set.  Control characters and invalid bytes are drawn as
 * U+FFFD (tab and newline as a space), so a document cannot send escape
 * sequences to the terminal.  Returns the columns written. */
size_t cli_put(FILE *out, const char *s, size_t n, size_t maxw, bool pad);

/* ---- term.c: terminal --------------------------------------------------- */

typedef enum cli_color { CLI_COLOR_AUTO, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER } cli_color;

/* Whether to colour stdout: ALWAYS, NEVER, or AUTO (stdout is a terminal
 * and NO_COLOR is unset or empty). */
bool cli_use_color(cli_color when);

/* Columns to draw in: the terminal's width when stdout is a terminal, else
 * $COLUMNS, else 100; never less than 40. */
int cli_term_width(void);

/* ---- pretty.c ------------------------------------------------------------ */

/* Writes compact JSON re-indented by two spaces, keys in their order,
 * followed by a newline.  Returns 0, or -1 if writing failed. */
int cli_json_pretty(FILE *out, const char *json, size_t len);

/* ---- show.c / risks.c ---------------------------------------------------- */

typedef struct cli_show_opts {
	int width;   /* columns */
	bool color;  /* emit ANSI SGR sequences */
	const char *path;
} cli_show_opts;

/* Draws the document for a person.  Returns 0, or -1 when out of memory. */
int cli_show(FILE *out, const pp_doc *doc, const cli_show_opts *opts);

/* The drawing context shared by show.c, tasks.c and risks.c. */
typedef struct cli_draw {
	FILE *out;
	const pp_doc *doc;
	size_t width;
	bool color;
	size_t ntasks;
	size_t *first_child, *next_sibling; /* the task tree; CLI_NONE ends a list */
} cli_draw;

#define CLI_NONE SIZE_MAX

/* show.c: drawing helpers. */
void cli_sgr(const cli_draw *s, const char *code);  /* "1;32", or nothing without colour */
void cli_sgr_end(const cli_draw *s);
const char *cli_str(const pp_node *n, pp_field f, size_t *len); /* "" when null */
bool cli_str_is(const pp_node *n, pp_field f, const char *want);
/* Writes str (in colour code when not NULL) cut to maxw columns; returns the columns. */
size_t cli_put_styled(const cli_draw *s, const char *code, const char *str, size_t len,
                      size_t maxw);
size_t cli_put_indent(const cli_draw *s, size_t cols);
size_t cli_room(const cli_draw *s, size_t used); /* columns left after used */
/* An index field below limit, else CLI_NONE (null, absent or out of range). */
size_t cli_index(const pp_node *n, pp_field f, size_t limit);
/* Draws "[████░░░░] 3/8 37%" with cells bar cells; returns the columns. */
size_t cli_put_bar(const cli_draw *s, const pp_node *progress, size_t cells);
void cli_add_counts(cli_buf *b, const pp_node *progress); /* " · 2 in progress" */
void cli_add_status(cli_buf *b, const pp_node *status);   /* "in progress" */
/* Appends prefix and an estimate's sum as "12h", "12-16h", "5 pts" (nothing
 * when est is NULL or holds neither hours nor points). */
void cli_add_hours(cli_buf *b, const pp_node *est, const char *prefix);
/* show.c: "Critical path: T001 → T002 → T004 · 14h" (nothing without
 * dependencies).  Returns 0, or -1 when out of memory. */
int cli_show_critical(const cli_draw *s);

/* tasks.c: the task tree (parents come before children: no cycles), the
 * phases with their tasks, and the tasks outside every phase. */
int cli_show_tree(cli_draw *s);
void cli_show_phases(const cli_draw *s);
void cli_show_unphased(const cli_draw *s);

/* risks.c: the risk table (nothing when there are no risks). */
void cli_show_risks(const cli_draw *s);

/* ---- jobs.c: json, show and lint over many files ----------------------- */

#define CLI_JOBS_MAX 1024u

/* One input: a path as given ("-": stdin), or DIR/NAME.md from a folder. */
typedef struct cli_input {
	char *path;
	int err; /* not 0: a folder that could not be listed (errno) or holds no *.md */
} cli_input;

typedef struct cli_inputs {
	cli_input *v;
	size_t n, cap;
} cli_inputs;

/* Adds an operand: a folder adds its *.md files (not its subfolders'),
 * sorted by byte value; anything else is added as it is.  Returns 0 or
 * ENOMEM. */
int cli_inputs_add(cli_inputs *in, const char *operand);
void cli_inputs_free(cli_inputs *in);

/* The default of -j: the number of online processors. */
unsigned cli_jobs_default(void);

/* Renders one file: its output on out, its messages on err.  Called from
 * several threads at once: ctx must only be read (or updated atomically). */
typedef int (*cli_job_fn)(FILE *out, FILE *err, const char *file, void *ctx);

typedef struct cli_jobs {
	const cli_input *inputs;
	size_t n;
	unsigned jobs;   /* threads; 1 runs the files one after the other */
	cli_job_fn run;
	void *ctx;
	const char *sep; /* written between two files' non-empty outputs, or NULL */
} cli_jobs;

/* Runs every input and writes the outputs to stdout and the messages to
 * stderr in input order, as running the files one by one (with sep between
 * outputs) would.  Returns the highest exit code of any file. */
int cli_jobs_run(const cli_jobs *j);

/* ---- main.c / lint.c / next.c: the lint and next commands -------------- */

typedef enum cli_format { CLI_FORMAT_TEXT, CLI_FORMAT_JSON, CLI_FORMAT_SARIF } cli_format;

/* main.c: reads and parses a file ("-": stdin), printing any error on
 * err.  Returns an exit code; *doc is set on success. */
int cli_load(FILE *err, const char *file, pp_doc **doc);
/* main.c: the name of an input in messages ("<stdin>" for "-"). */
const char *cli_input_name(const char *file);

/* lint.c: a JSON string literal of n bytes. */
void cli_json_string(FILE *out, const char *s, size_t n);
/* lint.c: `planparse lint`: every file's diagnostics on stdout; returns the
 * highest exit code of any file (1 when some diagnostic is an error, 3/4
 * when a file could not be read). */
int cli_lint(const cli_inputs *in, unsigned jobs, cli_format fmt);
/* next.c: `planparse next`: the tasks ready to start; returns the exit code. */
int cli_next(FILE *out, const char *file, cli_format fmt);

/* ---- edit.c: check, uncheck, set, set-meta ------------------------------ */

/* Runs the command line when it names an editing command (true, exit code
 * in *rc); false when it does not. */
bool cli_edit_main(int argc, char **argv, int *rc);
/* show --keys: each task's (and lone checkbox's) key, line and text. */
void cli_show_keys(FILE *out, const pp_doc *doc, bool color);

#endif /* PP_CLI_H */
