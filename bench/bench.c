/*
 * bench.c: times libplanparse against md4c alone and cmark-gfm on the same
 * inputs, in one run.
 *
 *   pp_bench [--runs N] [--min-time S] [--mode M]... FILE...
 *   pp_bench --once MODE FILE          one untimed iteration (for callgrind)
 *
 * Modes:
 *   md4c   md_parse() with no-op callbacks and the library's flags
 *          (MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS): the floor
 *   pp     pp_parse() + pp_doc_free(): tree, recognisers, roll-ups
 *   json   pp_parse() + pp_doc_to_json() + pp_free() + pp_doc_free()
 *   cmark  cmark-gfm's AST with the table and tasklist extensions
 *          (parser_new, attach, feed, finish, node_free, parser_free)
 *
 * Each (mode, file) pair runs in a forked child, so that its peak RSS
 * (getrusage ru_maxrss) is its own.  The child reads the file into a buffer
 * with a NUL after the end (md4c 0.4.8 may read one byte past it; the
 * library makes its own copy), runs one warm-up iteration, then at least N
 * timed iterations and until --min-time seconds have passed, and reports the
 * median.  Output: one tab-separated line per pair on stdout,
 *
 *   mode  file  bytes  runs  median_s  MB/s  peak_rss_kb  base_rss_kb
 *
 * where MB is 10^6 bytes and base_rss_kb is the RSS after reading the input,
 * before the first parse.  Then, on stderr, a table per file with the ratio
 * of each mode's time to md4c's.  Benchmarks are not tests: nothing here
 * fails on a time.
 */
#define _POSIX_C_SOURCE 200809L

#include <planparse.h>
#include <md4c.h>
#ifdef PP_BENCH_CMARK
#  include <cmark-gfm.h>
#  include <cmark-gfm-extension_api.h>
#  ifdef PP_BENCH_CMARK_EXT_HEADER
#    include <cmark-gfm-core-extensions.h>
#  else
/* Debian 12 ships libcmark-gfm-extensions without its -dev package. */
void cmark_gfm_core_extensions_ensure_registered(void);
#  endif
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { M_MD4C, M_PP, M_JSON, M_CMARK, M_COUNT };
static const char *const mode_names[M_COUNT] = { "md4c", "pp", "json", "cmark" };

typedef struct input {
	char *text;     /* NUL after the end */
	size_t len;
} input;

/* ---- one iteration of each mode ---------------------------------------- */

static int md_noop_block(MD_BLOCKTYPE t, void *d, void *u) { (void)t; (void)d; (void)u; return 0; }
static int md_noop_span(MD_SPANTYPE t, void *d, void *u) { (void)t; (void)d; (void)u; return 0; }
static int md_noop_text(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *u)
{
	(void)t; (void)s; (void)n; (void)u;
	return 0;
}

static int run_md4c(const input *in)
{
	MD_PARSER p;
	memset(&p, 0, sizeof p);
	p.abi_version = 0;
	p.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS;
	p.enter_block = md_noop_block;
	p.leave_block = md_noop_block;
	p.enter_span = md_noop_span;
	p.leave_span = md_noop_span;
	p.text = md_noop_text;
	return md_parse(in->text, (MD_SIZE)in->len, &p, NULL);
}

static int run_pp(const input *in, int json)
{
	pp_doc *doc;
	int rc = pp_parse(&doc, in->text, in->len, NULL);
	if (rc < 0)
		return rc;
	if (json) {
		char *out;
		size_t n;
		rc = pp_doc_to_json(doc, &out, &n);
		if (rc == 0)
			pp_free(out);
	}
	pp_doc_free(doc);
	return rc;
}

#ifdef PP_BENCH_CMARK
static int run_cmark(const input *in)
{
	static const char *const exts[] = { "table", "tasklist" };
	cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
	if (!p)
		return -1;
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (!e || !cmark_parser_attach_syntax_extension(p, e)) {
			cmark_parser_free(p);
			return -1;
		}
	}
	cmark_parser_feed(p, in->text, in->len);
	cmark_node *doc = cmark_parser_finish(p);
	cmark_node_free(doc);
	cmark_parser_free(p);
	return doc ? 0 : -1;
}
#endif

/* The unit that callgrind counts: valgrind --toggle-collect=bench_iteration. */
__attribute__((noinline)) int bench_iteration(int mode, const input *in);
__attribute__((noinline)) int bench_iteration(int mode, const input *in)
{
	switch (mode) {
	case M_MD4C: return run_md4c(in);
	case M_PP: return run_pp(in, 0);
	case M_JSON: return run_pp(in, 1);
#ifdef PP_BENCH_CMARK
	case M_CMARK: return run_cmark(in);
#endif
	}
	return -1;
}

static int mode_available(int mode)
{
#ifdef PP_BENCH_CMARK
	(void)mode;
	return 1;
#else
	return mode != M_CMARK;
#endif
}

/* ---- the child: time one mode on one file ------------------------------ */

static int read_file(const char *path, input *in)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap + 1);
	for (;;) {
		if (!buf)
			break;
		len += fread(buf + len, 1, cap - len, f);
		if (len < cap)
			break;
		char *nb = realloc(buf, cap * 2 + 1);
		if (!nb) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = nb;
		cap *= 2;
	}
	int err = ferror(f);
	fclose(f);
	if (!buf || err) {
		free(buf);
		return -1;
	}
	buf[len] = 0;
	in->text = buf;
	in->len = len;
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static long maxrss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

#define MAX_RUNS 2000

static int time_mode(int mode, const char *path, int runs, double min_time)
{
	input in;
	if (read_file(path, &in) != 0) {
		fprintf(stderr, "pp_bench: %s: %s\n", path, strerror(errno));
		return 1;
	}
	long base = maxrss_kb();
	static double t[MAX_RUNS];
	if (bench_iteration(mode, &in) != 0) { /* warm-up */
		fprintf(stderr, "pp_bench: %s: %s failed\n", path, mode_names[mode]);
		return 1;
	}
	int n = 0;
	double start = now();
	while (n < MAX_RUNS && (n < runs || now() - start < min_time)) {
		double t0 = now();
		bench_iteration(mode, &in);
		t[n++] = now() - t0;
	}
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	double med = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
	printf("%s\t%s\t%zu\t%d\t%.9f\t%.2f\t%ld\t%ld\n", mode_names[mode], path, in.len, n,
	       med, (double)in.len / med / 1e6, maxrss_kb(), base);
	fflush(stdout);
	free(in.text);
	return 0;
}

/* ---- the parent: one child per (mode, file) ---------------------------- */

typedef struct result {
	double median, mbps;
	long rss, base;
	size_t bytes;
	int ok;
} result;

static int run_child(int mode, const char *path, int runs, double min_time, result *r)
{
	int fd[2];
	if (pipe(fd) != 0)
		return -1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fd[0]);
		if (dup2(fd[1], STDOUT_FILENO) < 0)
			_exit(1);
		_exit(time_mode(mode, path, runs, min_time));
	}
	close(fd[1]);
	char line[4096];
	size_t n = 0;
	ssize_t k;
	while (n < sizeof line - 1 && (k = read(fd[0], line + n, sizeof line - 1 - n)) > 0)
		n += (size_t)k;
	line[n] = 0;
	close(fd[0]);
	int status;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	fputs(line, stdout);
	char *p = line;
	for (int field = 0; field < 2 && p; field++) /* skip mode and file */
		p = strchr(p, '\t') ? strchr(p, '\t') + 1 : NULL;
	if (!p)
		return -1;
	int runs_done;
	if (sscanf(p, "%zu\t%d\t%lf\t%lf\t%ld\t%ld", &r->bytes, &runs_done, &r->median, &r->mbps,
	           &r->rss, &r->base) != 6)
		return -1;
	r->ok = 1;
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
	        "usage: pp_bench [--runs N] [--min-time SECONDS] [--mode md4c|pp|json|cmark]... FILE...\n"
	        "       pp_bench --once MODE FILE\n");
}

static int mode_of(const char *s)
{
	for (int m = 0; m < M_COUNT; m++)
		if (strcmp(s, mode_names[m]) == 0)
			return m;
	return -1;
}

int main(int argc, char **argv)
{
	int runs = 5, want[M_COUNT] = { 0 }, any = 0, i = 1;
	double min_time = 0.0;
#ifdef PP_BENCH_CMARK
	cmark_gfm_core_extensions_ensure_registered();
#endif
	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--once") == 0 && i + 2 < argc) {
			int m = mode_of(argv[i + 1]);
			input in;
			if (m < 0 || !mode_available(m) || read_file(argv[i + 2], &in) != 0)
				return usage(), 2;
			int rc = bench_iteration(m, &in);
			free(in.text);
			return rc != 0;
		} else if (strcmp(a, "--runs") == 0 && i + 1 < argc) {
			runs = atoi(argv[++i]);
		} else if (strcmp(a, "--min-time") == 0 && i + 1 < argc) {
			min_time = atof(argv[++i]);
		} else if (strcmp(a, "--mode") == 0 && i + 1 < argc) {
			int m = mode_of(argv[++i]);
			if (m < 0)
				return usage(), 2;
			want[m] = any = 1;
		} else {
			return usage(), 2;
		}
	}
	if (i == argc || runs < 1)
		return usage(), 2;
	if (!any)
		for (int m = 0; m < M_COUNT; m++)
			want[m] = 1;
	printf("# mode\tfile\tbytes\truns\tmedian_s\tMB/s\tpeak_rss_kb\tbase_rss_kb\n");
	int failed = 0;
	for (; i < argc; i++) {
		result r[M_COUNT];
		memset(r, 0, sizeof r);
		for (int m = 0; m < M_COUNT; m++) {
			if (!want[m])
				continue;
			if (!mode_available(m)) {
				printf("# %s: skipped (built without cmark-gfm)\n", mode_names[m]);
				continue;
			}
			if (run_child(m, argv[i], runs, min_time, &r[m]) != 0) {
				fprintf(stderr, "pp_bench: %s: %s failed\n", argv[i], mode_names[m]);
				failed = 1;
			}
		}
		fprintf(stderr, "%s\n", argv[i]);
		for (int m = 0; m < M_COUNT; m++) {
			if (!r[m].ok)
				continue;
			fprintf(stderr, "  %-6s %9.2f MB/s", mode_names[m], r[m].mbps);
			if (r[M_MD4C].ok)
				fprintf(stderr, "  %5.2fx md4c's time", r[m].median / r[M_MD4C].median);
			fprintf(stderr, "  peak RSS %.2fx input\n",
			        r[m].bytes ? (double)r[m].rss * 1024 / (double)r[m].bytes : 0.0);
		}
	}
	return failed;
}
