/*
 * test_threads.c: no global mutable state.  Every fixture (tests/fixtures)
 * and every plan of the shared corpus (../shared/corpus next to the
 * project, skipped when absent) is parsed and serialised once on one
 * thread; then 4 threads do the same at once, each in its own order, and
 * must get the same bytes; then 4 threads serialise one shared document at
 * once, racing to make its keys (a pp_doc may be read from many threads;
 * keys are made on first use).  Run under TSan by
 * scripts/test.d/20-tsan.sh.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "planparse.h"

#include <dirent.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NTHREADS 4

typedef struct input {
	char *path, *text, *json;
	size_t len, json_len;
} input;

typedef struct inputs {
	input *v;
	size_t n, cap;
} inputs;

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *p = malloc(cap);
	while (p) {
		if (n == cap) {
			char *q = realloc(p, cap *= 2);
			if (!q) {
				free(p);
				p = NULL;
				break;
			}
			p = q;
		}
		size_t r = fread(p + n, 1, cap - n, f);
		if (!r)
			break;
		n += r;
	}
	fclose(f);
	*len = n;
	return p;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);
	return a >= b && !strcmp(s + a - b, tail);
}

/* Adds every *.md under dir (recursively). */
static void collect(inputs *in, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		size_t l = strlen(dir) + strlen(e->d_name) + 2;
		char *path = malloc(l);
		assert_non_null(path);
		snprintf(path, l, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			collect(in, path);
			free(path);
			continue;
		}
		if (!ends_with(path, ".md")) {
			free(path);
			continue;
		}
		if (in->n == in->cap) {
			in->cap = in->cap ? in->cap * 2 : 64;
			in->v = realloc(in->v, in->cap * sizeof *in->v);
			assert_non_null(in->v);
		}
		input *it = &in->v[in->n++];
		memset(it, 0, sizeof *it);
		it->path = path;
		it->text = read_all(path, &it->len);
		assert_non_null(it->text);
	}
	closedir(d);
}

/* The directory of this source file, for the fixtures and the corpus. */
static char *here(const char *rel)
{
	const char *f = __FILE__;
	const char *slash = strrchr(f, '/');
	size_t dl = slash ? (size_t)(slash - f) : 1;
	size_t l = dl + strlen(rel) + 2;
	char *p = malloc(l);
	assert_non_null(p);
	snprintf(p, l, "%.*s/%s", (int)dl, slash ? f : ".", rel);
	return p;
}

static char *json_of(const input *it, size_t *len)
{
	pp_options o;
	pp_options_init(&o);
	o.path = it->path;
	pp_doc *doc = NULL;
	if (pp_parse(&doc, it->text, it->len, &o) != 0)
		return NULL;
	char *json = NULL;
	int rc = pp_doc_to_json(doc, &json, len);
	pp_doc_free(doc);
	return rc ? NULL : json;
}

typedef struct job {
	const inputs *in;
	size_t start;
	size_t mismatches;
} job;

static void *worker(void *arg)
{
	job *j = arg;
	for (size_t k = 0; k < j->in->n; k++) {
		const input *it = &j->in->v[(j->start + k) % j->in->n];
		size_t len = 0;
		char *json = json_of(it, &len);
		if (!json || len != it->json_len || memcmp(json, it->json, len) != 0)
			j->mismatches++;
		pp_free(json);
	}
	return NULL;
}

typedef struct reader {
	const pp_doc *doc;
	const char *expect;
	size_t len, mismatches;
	const pp_doc *fresh;      /* the same text parsed apart: keys to expect */
	pthread_barrier_t *start;
} reader;

/* Every key of the shared document (made on first use, so the threads
 * race to make them) must equal the key of the same text parsed apart,
 * whose keys were made before the threads started. */
static size_t key_mismatches(const reader *r)
{
	static const pp_kind kinds[] = { PP_TASK, PP_CHECKBOX };
	size_t bad = 0;
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < pp_doc_count(r->doc, kinds[k]); i++) {
			size_t la, lb;
			const char *a = pp_node_key(pp_doc_get(r->doc, kinds[k], i), &la);
			const char *b = pp_node_key(pp_doc_get(r->fresh, kinds[k], i), &lb);
			bad += !a || !b || la != lb || memcmp(a, b, la) != 0;
		}
	return bad;
}

static void *read_shared(void *arg)
{
	reader *r = arg;
	pthread_barrier_wait(r->start);
	r->mismatches += key_mismatches(r);
	for (int k = 0; k < 20; k++) {
		char *json = NULL;
		size_t len = 0;
		if (pp_doc_to_json(r->doc, &json, &len) || len != r->len || memcmp(json, r->expect, len))
			r->mismatches++;
		pp_free(json);
		for (size_t i = 0; i < pp_doc_count(r->doc, PP_TASK); i++)
			(void)pp_node_str(pp_doc_get(r->doc, PP_TASK, i), PP_F_TITLE, NULL);
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	inputs in = { 0 };
	char *fixtures = here("../fixtures"), *corpus = here("../../../shared/corpus");
	collect(&in, fixtures);
	size_t nfix = in.n;
	collect(&in, corpus);
	printf("test_threads: %zu fixtures, %zu corpus plans%s\n", nfix, in.n - nfix,
	       in.n == nfix ? " (no ../shared/corpus: skipped)" : "");
	assert_true(nfix > 0);
	for (size_t i = 0; i < in.n; i++) {
		in.v[i].json = json_of(&in.v[i], &in.v[i].json_len);
		assert_non_null(in.v[i].json);
	}

	pthread_t th[NTHREADS];
	job jobs[NTHREADS];
	for (int t = 0; t < NTHREADS; t++) {
		jobs[t] = (job){ &in, (size_t)t * in.n / NTHREADS, 0 };
		assert_int_equal(pthread_create(&th[t], NULL, worker, &jobs[t]), 0);
	}
	for (int t = 0; t < NTHREADS; t++) {
		assert_int_equal(pthread_join(th[t], NULL), 0);
		assert_int_equal(jobs[t].mismatches, 0);
	}

	/* one document, read from every thread at once: the longest input,
	 * so that making its keys takes long enough for the threads to race */
	size_t big = 0;
	for (size_t i = 1; i < in.n; i++)
		if (in.v[i].len > in.v[big].len)
			big = i;
	pp_doc *doc = NULL, *fresh = NULL;
	assert_int_equal(pp_parse(&doc, in.v[big].text, in.v[big].len, NULL), 0);
	assert_int_equal(pp_parse(&fresh, in.v[big].text, in.v[big].len, NULL), 0);
	/* the reference keys are made here, before any thread reads fresh */
	assert_non_null(pp_node_key(pp_doc_get(fresh, PP_TASK, 0), NULL));
	char *expect = NULL;
	size_t elen = 0;
	assert_int_equal(pp_doc_to_json(doc, &expect, &elen), 0);
	pthread_barrier_t start;
	assert_int_equal(pthread_barrier_init(&start, NULL, NTHREADS), 0);
	reader rd[NTHREADS];
	for (int t = 0; t < NTHREADS; t++) {
		rd[t] = (reader){ doc, expect, elen, 0, fresh, &start };
		assert_int_equal(pthread_create(&th[t], NULL, read_shared, &rd[t]), 0);
	}
	for (int t = 0; t < NTHREADS; t++) {
		assert_int_equal(pthread_join(th[t], NULL), 0);
		assert_int_equal(rd[t].mismatches, 0);
	}
	pthread_barrier_destroy(&start);
	pp_free(expect);
	pp_doc_free(doc);
	pp_doc_free(fresh);

	for (size_t i = 0; i < in.n; i++) {
		free(in.v[i].path);
		free(in.v[i].text);
		pp_free(in.v[i].json);
	}
	free(in.v);
	free(fixtures);
	free(corpus);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
