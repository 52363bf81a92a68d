/*
 * jobs.c: json, show and lint over many files.  The operands are expanded
 * (a folder becomes its *.md files, sorted), then a small pool of threads
 * parses and renders the files into memory while the main thread writes
 * each file's output, and its messages, strictly in input order: the bytes
 * are those of running the files one by one.
 *
 * Workers claim the next file index under a mutex and may run at most a
 * window of files ahead of the writer, so memory holds a bounded number of
 * outputs however many files there are.  The library keeps no global
 * state, so each worker parses its own pp_doc.  Workers also call strerror
 * (through cli_load): glibc (2.32 and later), musl and the BSDs make it
 * safe for the errno values a read can return.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PROG "planparse"
#define NO_MD (-1)            /* cli_input.err: a folder without *.md files */
#define WINDOW_PER_THREAD 4   /* files a worker may run ahead of the writer */
#define PROGRESS_MIN_FILES 20 /* fewer files finish before progress would help */

/* ---- operands: files, and folders expanded to their *.md files -------- */

static int add_input(cli_inputs *in, char *path, int err)
{
	if (!path)
		return ENOMEM;
	if (in->n == in->cap) {
		size_t cap = in->cap ? in->cap * 2 : 16;
		cli_input *v = realloc(in->v, cap * sizeof *v);
		if (!v) {
			free(path);
			return ENOMEM;
		}
		in->v = v;
		in->cap = cap;
	}
	in->v[in->n++] = (cli_input){ path, err };
	return 0;
}

/* "NAME.md", not hidden (as the shell's *.md). */
static bool is_md_name(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 3 && strcmp(name + n - 3, ".md") == 0;
}

static char *join_path(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	bool slash = dl && dir[dl - 1] == '/';
	char *p = malloc(dl + 1 + nl + 1);
	if (p) {
		memcpy(p, dir, dl);
		if (!slash)
			p[dl++] = '/';
		memcpy(p + dl, name, nl + 1);
	}
	return p;
}

static int cmp_input(const void *a, const void *b)
{
	return strcmp(((const cli_input *)a)->path, ((const cli_input *)b)->path);
}

/* Adds DIR/NAME for each NAME.md in dir that is a file (or a link that
 * leads nowhere: reading it then reports why), sorted by byte value so the
 * order does not depend on the locale or the file system.  A folder that
 * cannot be listed, or holds no such file, is one input that fails. */
static int add_folder(cli_inputs *in, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return add_input(in, strdup(dir), errno ? errno : EIO);
	size_t first = in->n;
	struct dirent *e;
	int err = 0;
	errno = 0;
	while (!err && (e = readdir(d))) {
		if (!is_md_name(e->d_name))
			continue;
		char *p = join_path(dir, e->d_name);
		struct stat st;
		if (p && stat(p, &st) == 0 && !S_ISREG(st.st_mode))
			free(p); /* a subfolder named x.md, a device, a fifo */
		else
			err = add_input(in, p, 0);
		errno = 0;
	}
	int rerr = err ? 0 : errno; /* readdir failed */
	closedir(d);
	if (err)
		return err;
	if (in->n > first) /* (qsort may not be given the NULL of no inputs) */
		qsort(in->v + first, in->n - first, sizeof *in->v, cmp_input);
	if (rerr || in->n == first)
		return add_input(in, strdup(dir), rerr ? rerr : NO_MD);
	return 0;
}

int cli_inputs_add(cli_inputs *in, const char *operand)
{
	struct stat st;
	if (strcmp(operand, "-") != 0 && stat(operand, &st) == 0 && S_ISDIR(st.st_mode))
		return add_folder(in, operand);
	return add_input(in, strdup(operand), 0);
}

void cli_inputs_free(cli_inputs *in)
{
	for (size_t i = 0; i < in->n; i++)
		free(in->v[i].path);
	free(in->v);
	*in = (cli_inputs){ 0 };
}

unsigned cli_jobs_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > CLI_JOBS_MAX ? CLI_JOBS_MAX : (unsigned)n;
}

/* ---- one file's output, rendered into memory ------------------------- */

typedef struct slot {
	char *out, *err;      /* the file's stdout and stderr bytes (malloc'd) */
	size_t outlen, errlen;
	int rc;
	bool oom;             /* the memory streams failed: output incomplete */
	bool done;            /* filled by a worker, not yet taken by the writer */
} slot;

static int run_one(const cli_jobs *j, const cli_input *in, FILE *out, FILE *err)
{
	if (in->err) {
		fprintf(err, PROG ": %s: %s\n", in->path,
		        in->err == NO_MD ? "no .md files in this folder" : strerror(in->err));
		return CLI_EINPUT;
	}
	return j->run(out, err, in->path, j->ctx);
}

static void render(const cli_jobs *j, size_t i, slot *s)
{
	*s = (slot){ 0 };
	FILE *out = open_memstream(&s->out, &s->outlen);
	FILE *err = out ? open_memstream(&s->err, &s->errlen) : NULL;
	if (err)
		s->rc = run_one(j, &j->inputs[i], out, err);
	s->oom = !err || ferror(out) || ferror(err);
	if (out && fclose(out) != 0)
		s->oom = true;
	if (err && fclose(err) != 0)
		s->oom = true;
}

/* ---- the writer: outputs in input order, and the progress line ------- */

typedef struct writer {
	const cli_jobs *job;
	bool wrote;           /* some output was written: the next gets j->sep */
	bool progress;        /* draw "[k/n] path" on stderr */
	bool drawn;           /* the progress line is on the screen */
	struct timespec last; /* when it was last drawn */
	int rc;               /* the highest status so far */
} writer;

static void progress_clear(writer *w)
{
	if (w->drawn)
		fputs("\r\033[K", stderr);
	w->drawn = false;
}

/* At most ten times a second: a terminal is slow, files are fast. */
static void progress_draw(writer *w, size_t done)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (long)(now.tv_sec - w->last.tv_sec) * 1000 +
	          (now.tv_nsec - w->last.tv_nsec) / 1000000;
	if (done == w->job->n || ms < 100)
		return;
	w->last = now;
	w->drawn = true;
	const char *path = w->job->inputs[done].path;
	fprintf(stderr, "\r\033[K[%zu/%zu] ", done, w->job->n);
	cli_put(stderr, path, strlen(path), 50, false);
}

/* Writes file i's output and messages and frees them.  Returns false once
 * stdout has failed (there is no point rendering more). */
static bool emit(writer *w, size_t i, slot *s)
{
	const cli_jobs *j = w->job;
	if (s->errlen || s->oom)
		progress_clear(w);
	if (s->outlen) {
		if (w->wrote && j->sep)
			fputs(j->sep, stdout);
		fwrite(s->out, 1, s->outlen, stdout);
		w->wrote = true;
	}
	if (s->errlen || s->oom)
		fflush(stdout); /* messages after the output before them, as one by one */
	if (s->errlen)
		fwrite(s->err, 1, s->errlen, stderr);
	if (s->oom) {
		fprintf(stderr, PROG ": %s: %s\n", j->inputs[i].path, strerror(ENOMEM));
		s->rc = s->rc > CLI_EFAIL ? s->rc : CLI_EFAIL;
	}
	w->rc = s->rc > w->rc ? s->rc : w->rc;
	free(s->out);
	free(s->err);
	if (w->progress)
		progress_draw(w, i + 1);
	return !ferror(stdout);
}

static void run_sequential(writer *w)
{
	for (size_t i = 0; i < w->job->n; i++) {
		slot s;
		render(w->job, i, &s);
		if (!emit(w, i, &s))
			break;
	}
}

/* ---- the pool -------------------------------------------------------- */

typedef struct pool {
	const cli_jobs *job;
	pthread_mutex_t mu;
	pthread_cond_t filled;  /* a worker filled a slot (the writer waits) */
	pthread_cond_t room;    /* the writer took a slot (workers wait) */
	size_t next;            /* the next file to claim */
	size_t taken;           /* files the writer has taken */
	size_t window;          /* next - taken stays below it */
	bool stop;              /* stdout failed: claim nothing more */
	slot *slots;            /* a ring: file i uses slots[i % window] */
} pool;

static void *worker(void *arg)
{
	pool *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && p->next < p->job->n && p->next - p->taken >= p->window)
			pthread_cond_wait(&p->room, &p->mu);
		if (p->stop || p->next >= p->job->n)
			break;
		size_t i = p->next++;
		pthread_mutex_unlock(&p->mu);
		slot s;
		render(p->job, i, &s);
		s.done = true;
		pthread_mutex_lock(&p->mu);
		p->slots[i % p->window] = s;
		pthread_cond_signal(&p->filled);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Takes the files' outputs in order as the workers fill them. */
static void write_in_order(pool *p, writer *w)
{
	for (size_t i = 0; i < p->job->n; i++) {
		pthread_mutex_lock(&p->mu);
		slot *ring = &p->slots[i % p->window];
		while (!ring->done)
			pthread_cond_wait(&p->filled, &p->mu);
		slot s = *ring;
		*ring = (slot){ 0 };
		p->taken = i + 1;
		pthread_cond_broadcast(&p->room);
		pthread_mutex_unlock(&p->mu);
		if (!emit(w, i, &s)) {
			pthread_mutex_lock(&p->mu);
			p->stop = true;
			pthread_cond_broadcast(&p->room);
			pthread_mutex_unlock(&p->mu);
			return;
		}
	}
}

/* Returns false when not one thread could start (the caller then runs the
 * files itself). */
static bool run_pool(writer *w, unsigned nthreads)
{
	pool p = { .job = w->job, .window = (size_t)nthreads * WINDOW_PER_THREAD };
	p.slots = calloc(p.window, sizeof *p.slots);
	pthread_t *t = calloc(nthreads, sizeof *t);
	unsigned started = 0;
	if (p.slots && t && !pthread_mutex_init(&p.mu, NULL)) {
		pthread_cond_init(&p.filled, NULL);
		pthread_cond_init(&p.room, NULL);
		while (started < nthreads && !pthread_create(&t[started], NULL, worker, &p))
			started++;
		if (started)
			write_in_order(&p, w);
		for (unsigned k = 0; k < started; k++)
			pthread_join(t[k], NULL);
		pthread_cond_destroy(&p.filled);
		pthread_cond_destroy(&p.room);
		pthread_mutex_destroy(&p.mu);
	}
	for (size_t k = 0; p.slots && k < p.window; k++) { /* rendered after a write error */
		free(p.slots[k].out);
		free(p.slots[k].err);
	}
	free(p.slots);
	free(t);
	return started > 0;
}

int cli_jobs_run(const cli_jobs *j)
{
	/* One file has nothing to order: it goes straight to stdout, so a big
	 * document's output is not copied in memory. */
	if (j->n == 1)
		return run_one(j, &j->inputs[0], stdout, stderr);
	writer w = { .job = j, .rc = CLI_OK };
	w.progress = j->n > PROGRESS_MIN_FILES && isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO);
	if (w.progress)
		clock_gettime(CLOCK_MONOTONIC, &w.last);
	unsigned nthreads = j->jobs < j->n ? j->jobs : (unsigned)j->n;
	if (nthreads <= 1 || !run_pool(&w, nthreads))
		run_sequential(&w);
	progress_clear(&w);
	return w.rc;
}
