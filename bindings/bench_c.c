/*
 * bench_c.c: the C side of bench/bindings.sh.  Times pp_parse() plus a walk
 * of every task that reads each of its fields through the accessors, then
 * pp_doc_free(): the work the Python and Go bindings do for tasks.
 *
 *   bench_c FILE [RUNS]    prints "c: best MS ms, median MS ms (RUNS runs, N tasks)"
 */
#define _POSIX_C_SOURCE 200809L
#include <planparse.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const pp_field task_fields[] = {
	PP_F_INDEX, PP_F_ID, PP_F_TEXT, PP_F_TITLE, PP_F_STATE, PP_F_MARK_OFFSET,
	PP_F_PARALLEL, PP_F_TAGS, PP_F_PRIORITY, PP_F_ESTIMATE, PP_F_OWNER,
	PP_F_DEPENDS_ON, PP_F_ATTRS, PP_F_PARENT, PP_F_PHASE, PP_F_LINE,
	PP_F_COLUMN, PP_F_OFFSET, PP_F_END, PP_F_SOURCE,
};

/* Reads every field of a task; returns a checksum so nothing is optimised out. */
static size_t walk_task(const pp_node *t)
{
	size_t sum = 0, len;
	for (size_t i = 0; i < sizeof task_fields / sizeof *task_fields; i++) {
		pp_field f = task_fields[i];
		if (pp_node_str(t, f, &len))
			sum += len;
		sum += (size_t)pp_node_int(t, f);
		for (size_t k = 0; k < pp_node_list_count(t, f); k++)
			sum += pp_node_list_str(t, f, k, &len) ? len : 1;
	}
	const pp_node *e = pp_node_child(t, PP_F_ESTIMATE);
	if (e)
		sum += (size_t)pp_node_num(e, PP_F_MIN_HOURS) + (size_t)pp_node_num(e, PP_F_MAX_HOURS);
	return sum;
}

static volatile size_t sink; /* keeps the walk from being optimised out */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_c FILE [RUNS]\n");
		return 2;
	}
	int runs = argc > 2 ? atoi(argv[2]) : 10;
	FILE *f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0)
		return perror(argv[1]), 1;
	long size = ftell(f);
	char *text = malloc((size_t)size + 1);
	rewind(f);
	if (!text || fread(text, 1, (size_t)size, f) != (size_t)size)
		return perror(argv[1]), 1;
	fclose(f);
	double *ms = calloc((size_t)(runs > 0 ? runs : 1), sizeof *ms);
	size_t tasks = 0, sum = 0;
	for (int r = 0; r < runs; r++) {
		double t0 = now_ms();
		pp_doc *doc;
		int rc = pp_parse(&doc, text, (size_t)size, NULL);
		if (rc < 0)
			return fprintf(stderr, "bench_c: %s\n", pp_strerror(rc)), 1;
		tasks = pp_doc_count(doc, PP_TASK);
		for (size_t i = 0; i < tasks; i++)
			sum += walk_task(pp_doc_get(doc, PP_TASK, i));
		pp_doc_free(doc);
		ms[r] = now_ms() - t0;
	}
	qsort(ms, (size_t)runs, sizeof *ms, cmp);
	sink = sum;
	printf("c: best %.1f ms, median %.1f ms (%d runs, %zu tasks)\n",
	       ms[0], ms[runs / 2], runs, tasks);
	free(ms);
	free(text);
	return 0;
}
