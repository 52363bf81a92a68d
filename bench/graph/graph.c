/*
 * bench/graph/graph.c: how the dependency graph scales.  For N, 2N and 4N
 * tasks (N = 25,000 by default, so 4N is 100,000 tasks) it writes a plan in
 * memory where each task depends on ten earlier ones (1,000,000 edges at
 * 4N), parses it, and times pp_graph_new() (topological order, Tarjan's
 * cycles, ready tasks, critical path): the best of three runs.  A deep chain
 * (every task depends on the one before) checks that nothing recurses.
 * Linear time shows as a time ratio of about 2 from N to 2N and 4 from N
 * to 4N.
 *
 *   build/bench/graph/pp_bench_graph [N]
 */
#define _POSIX_C_SOURCE 199309L
#include <planparse.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EDGES 10

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A plan of n tasks; chain: each depends on the one before, else on ten
 * earlier tasks picked by a fixed pseudo-random sequence. */
static char *make_plan(size_t n, int chain, size_t *len, size_t *edges)
{
	size_t cap = n * (24 + EDGES * 12) + 64, at = 0;
	char *md = malloc(cap);
	unsigned long x = 12345;
	if (!md)
		return NULL;
	at += (size_t)sprintf(md, "# Bench\n\n");
	*edges = 0;
	for (size_t i = 0; i < n; i++) {
		at += (size_t)sprintf(md + at, "- [ ] W-%zu task (%zuh)", i, 1 + i % 7);
		size_t k = chain ? (i ? 1 : 0) : (i < EDGES ? i : EDGES);
		for (size_t e = 0; e < k; e++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			size_t j = chain ? i - 1 : (size_t)(x >> 33) % i;
			at += (size_t)sprintf(md + at, "%s W-%zu", e ? "," : ", depends on", j);
		}
		*edges += k;
		md[at++] = '\n';
	}
	*len = at;
	return md;
}

typedef struct result {
	size_t tasks, edges, kept_edges;
	double parse, graph;
} result;

static int run(size_t n, int chain, result *r)
{
	size_t len;
	char *md = make_plan(n, chain, &len, &r->edges);
	pp_doc *doc;
	if (!md)
		return -1;
	double t0 = now();
	if (pp_parse(&doc, md, len, NULL)) {
		free(md);
		return -1;
	}
	r->parse = now() - t0;
	r->tasks = pp_doc_count(doc, PP_TASK);
	r->kept_edges = pp_doc_count(doc, PP_DEPENDENCY);
	r->graph = 1e9;
	for (int k = 0; k < 3; k++) {
		pp_graph *g;
		t0 = now();
		if (pp_graph_new(&g, doc))
			return -1;
		double t = now() - t0;
		r->graph = t < r->graph ? t : r->graph;
		if (k == 0 && (pp_graph_order_count(g) != r->tasks || pp_graph_cycle_count(g)))
			fprintf(stderr, "unexpected graph: order %zu of %zu\n", pp_graph_order_count(g), r->tasks);
		pp_graph_free(g);
	}
	pp_doc_free(doc);
	free(md);
	return 0;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 25000;
	for (int chain = 0; chain < 2; chain++) {
		result base = { 0 };
		printf("%s\n%10s %10s %10s %12s %12s %8s %8s\n",
		       chain ? "deep chain (each task depends on the one before)"
		             : "random DAG (each task depends on 10 earlier ones)",
		       "tasks", "edges", "distinct", "parse s", "graph s", "parse x", "graph x");
		for (size_t m = 1; m <= 4; m *= 2) {
			result r;
			if (run(n * m, chain, &r)) {
				fprintf(stderr, "pp_bench_graph: out of memory\n");
				return 1;
			}
			if (m == 1)
				base = r;
			printf("%10zu %10zu %10zu %12.4f %12.4f %8.2f %8.2f\n", r.tasks, r.edges,
			       r.kept_edges, r.parse, r.graph, r.parse / base.parse, r.graph / base.graph);
		}
	}
	return 0;
}
