/*
 * edit.c: the editing commands of the planparse tool (docs/cli.md):
 *
 *   planparse check FILE TARGET
 *   planparse uncheck FILE TARGET
 *   planparse set FILE TARGET STATE
 *   planparse set-meta [--phase N] FILE KEY VALUE
 *
 * They plan byte patches with the library (pp_plan_*), apply them, and
 * write the file atomically: a temporary file in the same folder, fsync,
 * the original mode, then rename over the original, which is first read
 * again and must still hold the bytes that were parsed.  --dry-run prints
 * a unified diff instead.  Only the public API is used.
 */
#define _XOPEN_SOURCE 700
#include "cli.h"
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PROG "planparse"
#define CTX 3  /* lines of context in the diff */

enum {
	CLI_ECHANGED = 5,  /* FILE changed between reading and writing: nothing written */
	CLI_ETARGET = 6    /* TARGET names nothing, several things, or cannot be edited so */
};

static const char edit_usage[] =
	"Usage: " PROG " [--dry-run] check FILE TARGET\n"
	"       " PROG " [--dry-run] uncheck FILE TARGET\n"
	"       " PROG " [--dry-run] set FILE TARGET STATE\n"
	"       " PROG " [--dry-run] [--phase N] set-meta FILE KEY VALUE\n"
	"TARGET is a task ID, a key (planparse show --keys) or line:N.  STATE is done,\n"
	"todo, in_progress, cancelled, deferred (tables also: blocked, paused,\n"
	"in_review, draft, approved) or one mark character ( xX/-~><!?@).\n"
	"set-meta sets a status header of the document, or of phase N (its number as\n"
	"written) with --phase; KEY \"status\" finds the scope's status header.\n"
	"  --dry-run   print a unified diff instead of writing FILE\n"
	"Exit status: 0 done (or nothing to change), 1 failure, 2 bad command line,\n"
	"3 FILE unreadable, 4 input refused, 5 FILE changed meanwhile (nothing\n"
	"written), 6 TARGET not found, ambiguous or not editable that way.\n";

typedef struct eargs {
	const char *cmd, *file, *op[3];
	int nop;
	bool dry_run;
	const char *phase;
} eargs;

static bool is_edit_cmd(const char *s)
{
	return !strcmp(s, "check") || !strcmp(s, "uncheck") || !strcmp(s, "set") ||
	       !strcmp(s, "set-meta");
}

static int eusage(const char *fmt, const char *what)
{
	fprintf(stderr, PROG ": ");
	fprintf(stderr, fmt, what);
	fprintf(stderr, "\nTry '" PROG " --help' for more information.\n");
	return CLI_EUSAGE;
}

static int parse_eargs(eargs *a, int argc, char **argv)
{
	bool options = true;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		if (options && !strcmp(s, "--")) {
			options = false;
		} else if (options && !strcmp(s, "--dry-run")) {
			a->dry_run = true;
		} else if (options && !strcmp(s, "--phase")) {
			if (i + 1 >= argc)
				return eusage("option '%s' needs a phase number", s);
			a->phase = argv[++i];
		} else if (options && !strncmp(s, "--phase=", 8)) {
			a->phase = s + 8;
		} else if (options && s[0] == '-' && s[1] && !(a->cmd && a->nop >= 1 && !a->file)) {
			return eusage("unknown option '%s'", s);
		} else if (!a->cmd) {
			a->cmd = s;
		} else if (!a->file) {
			a->file = s;
		} else if (a->nop < 3) {
			a->op[a->nop++] = s;
		} else {
			return eusage("unexpected argument '%s'", s);
		}
	}
	int want = !strcmp(a->cmd, "check") || !strcmp(a->cmd, "uncheck") ? 1 : 2;
	if (!a->file || a->nop != want)
		return eusage("%s", want == 1 ? "check and uncheck need FILE TARGET"
		              : !strcmp(a->cmd, "set") ? "set needs FILE TARGET STATE"
		                                       : "set-meta needs FILE KEY VALUE");
	if (!strcmp(a->file, "-"))
		return eusage("%s edits a file in place: it cannot read standard input", a->cmd);
	if (a->phase && strcmp(a->cmd, "set-meta"))
		return eusage("%s applies only to 'set-meta'", "--phase");
	return 0;
}

/* ---- reading ----------------------------------------------------------- */

typedef struct source {
	char *path;        /* resolved: the file the rename replaces */
	char *text;
	size_t len;
	struct stat st;
} source;

static int read_source(const char *file, source *s)
{
	memset(s, 0, sizeof *s);
	s->path = realpath(file, NULL);
	if (!s->path || stat(s->path, &s->st) != 0) {
		fprintf(stderr, PROG ": %s: %s\n", file, strerror(errno));
		return CLI_EINPUT;
	}
	if (!S_ISREG(s->st.st_mode)) {
		fprintf(stderr, PROG ": %s: not a regular file\n", file);
		return CLI_EINPUT;
	}
	int err = cli_read_file(s->path, (size_t)256 << 20, &s->text, &s->len);
	if (err) {
		fprintf(stderr, PROG ": %s: %s\n", file, strerror(err));
		return err == ENOMEM ? CLI_EFAIL : CLI_EINPUT;
	}
	return 0;
}

static void free_source(source *s)
{
	free(s->path);
	free(s->text);
}

/* ---- planning ---------------------------------------------------------- */

static int target_error(const char *file, const char *what, int rc)
{
	fprintf(stderr, PROG ": %s: %s: %s\n", file, what, pp_strerror(rc));
	return rc == PP_ENOMEM ? CLI_EFAIL : rc == PP_EINVAL ? CLI_EUSAGE : CLI_ETARGET;
}

/* STATE as the library reads it: `in-progress` and `in progress` too. */
static const char *state_arg(const char *s, char *buf, size_t n)
{
	if (strlen(s) <= 1 || strlen(s) >= n)
		return s;
	size_t i = 0;
	for (; s[i]; i++)
		buf[i] = s[i] == '-' || s[i] == ' ' ? '_' : s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32)
		                                                                       : s[i];
	buf[i] = 0;
	if (!strcmp(buf, "canceled"))
		return "cancelled";
	return buf;
}

static const pp_node *find_phase(const pp_doc *doc, const char *number)
{
	for (size_t i = 0; i < pp_doc_count(doc, PP_PHASE); i++) {
		const pp_node *p = pp_doc_get(doc, PP_PHASE, i);
		if (cli_str_is(p, PP_F_NUMBER, number))
			return p;
	}
	return NULL;
}

static int plan(const eargs *a, const pp_doc *doc, pp_edits **edits)
{
	if (!strcmp(a->cmd, "set-meta")) {
		const pp_node *scope = NULL;
		if (a->phase && !(scope = find_phase(doc, a->phase))) {
			fprintf(stderr, PROG ": %s: no phase numbered '%s'\n", a->file, a->phase);
			return CLI_ETARGET;
		}
		bool status = !strcmp(a->op[0], "status") || !strcmp(a->op[0], "Status");
		int rc = status ? pp_plan_status(edits, doc, scope, a->op[1])
		                : pp_plan_meta(edits, doc, scope, a->op[0], a->op[1]);
		return rc ? target_error(a->file, a->op[0], rc) : 0;
	}
	const pp_node *n;
	int rc = pp_doc_find(&n, doc, a->op[0], strlen(a->op[0]));
	if (rc)
		return target_error(a->file, a->op[0], rc);
	char buf[32];
	const char *state = !strcmp(a->cmd, "check") ? "done" : !strcmp(a->cmd, "uncheck") ? "todo"
	                  : state_arg(a->op[1], buf, sizeof buf);
	rc = pp_plan_state(edits, doc, n, state);
	return rc ? target_error(a->file, a->op[0], rc) : 0;
}

/* ---- the diff ---------------------------------------------------------- */

typedef struct lines {
	size_t *start;  /* start offsets; start[n] == len */
	size_t n;
} lines;

static int split_lines(const char *s, size_t len, lines *l)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n')))
			n++;
	l->start = malloc((n + 2) * sizeof *l->start);
	if (!l->start)
		return -1;
	l->n = 0;
	l->start[0] = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n')))
			l->start[++l->n] = i + 1;
	if (l->start[l->n] < len)
		l->start[++l->n] = len;
	return 0;
}

/* The line holding offset off (a line index; l->n at the end). */
static size_t line_at(const lines *l, size_t off)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (l->start[mid + 1] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void put_line(FILE *out, char sign, const char *s, size_t b, size_t e)
{
	fputc(sign, out);
	fwrite(s + b, 1, e - b, out);
	if (e == b || (s[e - 1] != '\n' && s[e - 1] != '\r'))
		fputs("\n\\ No newline at end of file\n", out);
}

/* Old lines [ob, oe) became new lines [nb, ne): one hunk with context. */
static void hunk(FILE *out, const char *o, const lines *ol, size_t ob, size_t oe,
                 const char *nw, const lines *nl, size_t nb, size_t ne)
{
	size_t cb = ob > CTX ? ob - CTX : 0, ca = oe + CTX < ol->n ? oe + CTX : ol->n;
	size_t before = ob - cb, after = ca - oe;
	fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", cb + (ca > cb), ca - cb,
	        nb - before + (ne - nb + before + after > 0), ne - nb + before + after);
	for (size_t i = cb; i < ob; i++)
		put_line(out, ' ', o, ol->start[i], ol->start[i + 1]);
	for (size_t i = ob; i < oe; i++)
		put_line(out, '-', o, ol->start[i], ol->start[i + 1]);
	for (size_t i = nb; i < ne; i++)
		put_line(out, '+', nw, nl->start[i], nl->start[i + 1]);
	for (size_t i = oe; i < ca; i++)
		put_line(out, ' ', o, ol->start[i], ol->start[i + 1]);
}

static bool eol_char(char c)
{
	return c == '\n' || c == '\r';
}

/* Lines in n bytes (a last line without an ending counts). */
static size_t count_lines(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n' || (s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n'));
	return k + (n && !eol_char(s[n - 1]));
}

/* The old lines [*ob, *oe) that edits i..j-1 touch, grouped while their
 * hunks would touch; returns j and adds the new length of the region to
 * *nbytes. */
static size_t edit_group(const source *s, const lines *ol, const pp_edits *edits, size_t i,
                         size_t *ob, size_t *oe, size_t *nbytes)
{
	size_t n = pp_edits_count(edits), j = i, rb, re = 0;
	rb = ol->start[line_at(ol, pp_edits_get(edits, i)->offset)];
	long delta = 0;
	for (; j < n; j++) {
		const pp_edit *f = pp_edits_get(edits, j);
		if (j > i && line_at(ol, f->offset) > line_at(ol, re) + 2 * CTX)
			break;
		size_t e = f->offset + f->length, le = line_at(ol, e);
		bool at_ls = e == s->len ? (!s->len || eol_char(s->text[s->len - 1])) : ol->start[le] == e;
		bool whole = at_ls && (!f->replacement_len ||
		                       eol_char(f->replacement[f->replacement_len - 1]));
		size_t r = whole ? e : ol->start[le + 1 <= ol->n ? le + 1 : ol->n];
		re = r > re ? r : re;
		delta += (long)f->replacement_len - (long)f->length;
	}
	*ob = line_at(ol, rb);
	*oe = re >= s->len ? ol->n : line_at(ol, re);
	*nbytes = (size_t)((long)(re - rb) + delta);
	return j;
}

/* A unified diff of old -> new, one hunk per group of nearby edits. */
static int print_diff(FILE *out, const char *name, const source *s, const char *nw, size_t nlen,
                      const pp_edits *edits)
{
	lines ol = { NULL, 0 }, nl = { NULL, 0 };
	if (split_lines(s->text ? s->text : "", s->len, &ol) || split_lines(nw, nlen, &nl)) {
		free(ol.start);
		return -1;
	}
	fprintf(out, "--- a/%s\n+++ b/%s\n", name, name);
	long shift = 0; /* new line index - old line index so far */
	for (size_t i = 0; i < pp_edits_count(edits);) {
		size_t ob, oe, nbytes;
		i = edit_group(s, &ol, edits, i, &ob, &oe, &nbytes);
		size_t nb = (size_t)((long)ob + shift);
		size_t nstart = nb < nl.n ? nl.start[nb] : nlen;
		size_t ne = nb + count_lines(nw + nstart, nbytes);
		hunk(out, s->text, &ol, ob, oe, nw, &nl, nb, ne > nl.n ? nl.n : ne);
		shift += (long)(ne - nb) - (long)(oe - ob);
	}
	free(ol.start);
	free(nl.start);
	return 0;
}

/* ---- writing ----------------------------------------------------------- */

/* Test hook (tests/cli/edit.sh): with PLANPARSE_TEST_PAUSE=PATH the tool
 * creates PATH once the temporary file is written and waits (at most 30 s)
 * until PATH is removed, so that a test can change FILE in between. */
static void test_pause(void)
{
	const char *p = getenv("PLANPARSE_TEST_PAUSE");
	if (!p || !*p)
		return;
	FILE *f = fopen(p, "w");
	if (!f)
		return;
	fclose(f);
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	for (int i = 0; i < 1500 && access(p, F_OK) == 0; i++)
		nanosleep(&ts, NULL);
}

/* Whether the file still holds what was read. */
static bool unchanged(const source *s)
{
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	if (stat(s->path, &st) != 0 || st.st_size != s->st.st_size || st.st_ino != s->st.st_ino ||
	    st.st_mtim.tv_sec != s->st.st_mtim.tv_sec || st.st_mtim.tv_nsec != s->st.st_mtim.tv_nsec)
		return false;
	if (cli_read_file(s->path, s->len + 1, &text, &len) != 0)
		return false;
	bool same = len == s->len && (!len || memcmp(text, s->text, len) == 0);
	free(text);
	return same;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t k = write(fd, s, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		s += k, n -= (size_t)k;
	}
	return 0;
}

static int write_atomic(const char *file, const source *s, const char *text, size_t len)
{
	char *dup = strdup(s->path), *base = strdup(s->path);
	if (!dup || !base) {
		free(dup), free(base);
		return CLI_EFAIL;
	}
	const char *dir = dirname(dup);
	size_t tn = strlen(dir) + strlen(basename(base)) + 32;
	char *tmp = malloc(tn);
	int rc = CLI_EFAIL, fd = -1;
	if (tmp) {
		snprintf(tmp, tn, "%s/.%s.planparse-XXXXXX", dir, basename(base));
		fd = mkstemp(tmp);
	}
	if (fd < 0 || write_all(fd, text, len) || fchmod(fd, s->st.st_mode & 07777) ||
	    fsync(fd)) {
		fprintf(stderr, PROG ": %s: cannot write a temporary file: %s\n", file, strerror(errno));
		goto out;
	}
	close(fd);
	fd = -1;
	test_pause();
	if (!unchanged(s)) {
		fprintf(stderr, PROG ": %s: the file changed since it was read; nothing written "
		                "(run the command again)\n", file);
		rc = CLI_ECHANGED;
		goto out;
	}
	if (rename(tmp, s->path) != 0) {
		fprintf(stderr, PROG ": %s: %s\n", file, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = CLI_OK;
out:
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(dup);
	free(base);
	return rc;
}

/* ---- the commands ------------------------------------------------------ */

static int run_edit(const eargs *a)
{
	source s;
	int rc = read_source(a->file, &s);
	if (rc) {
		free_source(&s);
		return rc;
	}
	pp_options o;
	pp_options_init(&o);
	o.path = a->file;
	pp_doc *doc = NULL;
	pp_edits *edits = NULL;
	char *out = NULL;
	size_t olen = 0;
	if ((rc = pp_parse(&doc, s.text ? s.text : "", s.len, &o)) != 0) {
		fprintf(stderr, PROG ": %s: %s\n", a->file, pp_strerror(rc));
		rc = rc == PP_ENOMEM ? CLI_EFAIL : CLI_EPARSE;
	} else if ((rc = plan(a, doc, &edits)) == 0) {
		int arc = pp_apply_edits(s.text ? s.text : "", s.len, pp_edits_get(edits, 0),
		                         pp_edits_count(edits), &out, &olen);
		if (arc) {
			fprintf(stderr, PROG ": %s: %s\n", a->file, pp_strerror(arc));
			rc = CLI_EFAIL;
		} else if (!pp_edits_count(edits)) {
			fprintf(stderr, PROG ": %s: nothing to change\n", a->file);
		} else if (a->dry_run) {
			rc = print_diff(stdout, a->file, &s, out, olen, edits) ? CLI_EFAIL : CLI_OK;
		} else {
			rc = write_atomic(a->file, &s, out, olen);
		}
	}
	pp_free(out);
	pp_edits_free(edits);
	pp_doc_free(doc);
	free_source(&s);
	return rc;
}

bool cli_edit_main(int argc, char **argv, int *rc)
{
	const char *cmd = NULL;
	for (int i = 1; i < argc && !cmd; i++) {
		/* skip option values, so `-j 2 check ...` finds check (and refuses -j) */
		if (!strcmp(argv[i], "--phase") || !strcmp(argv[i], "-j") ||
		    !strcmp(argv[i], "--jobs") || !strcmp(argv[i], "--format") ||
		    !strcmp(argv[i], "--width"))
			i++;
		else if (argv[i][0] != '-' || !argv[i][1])
			cmd = argv[i];
	}
	if (!cmd || !is_edit_cmd(cmd))
		return false;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(edit_usage, stdout);
			*rc = CLI_OK;
			return true;
		}
	eargs a = { 0 };
	*rc = parse_eargs(&a, argc, argv);
	if (!*rc)
		*rc = run_edit(&a);
	if (fflush(stdout) != 0 && !*rc)
		*rc = CLI_EFAIL;
	return true;
}

void cli_show_keys(FILE *out, const pp_doc *doc, bool color)
{
	size_t n = pp_doc_count(doc, PP_TASK);
	fprintf(out, "\nKeys:\n");
	for (size_t i = 0; i < n; i++) {
		const pp_node *t = pp_doc_get(doc, PP_TASK, i);
		size_t kl, tl;
		const char *k = pp_node_key(t, &kl), *tx = cli_str(t, PP_F_TEXT, &tl);
		fprintf(out, "  %s", color ? "\033[2m" : "");
		cli_put(out, k ? k : "", kl, 80, false);
		fprintf(out, "%s  line %lld  ", color ? "\033[0m" : "", (long long)pp_node_int(t, PP_F_LINE));
		cli_put(out, tx, tl, 60, false);
		fputc('\n', out);
	}
	for (size_t i = 0; i < pp_doc_count(doc, PP_CHECKBOX); i++) {
		const pp_node *c = pp_doc_get(doc, PP_CHECKBOX, i);
		if (pp_node_int(c, PP_F_TASK) != PP_NULL)
			continue;
		size_t kl, tl;
		const char *k = pp_node_key(c, &kl), *tx = cli_str(c, PP_F_TEXT, &tl);
		fprintf(out, "  %s", color ? "\033[2m" : "");
		cli_put(out, k ? k : "", kl, 80, false);
		fprintf(out, "%s  line %lld  ", color ? "\033[0m" : "", (long long)pp_node_int(c, PP_F_LINE));
		cli_put(out, tx, tl, 60, false);
		fputc('\n', out);
	}
}
