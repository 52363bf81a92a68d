/*
 * hostile_run.c: parses one hostile input (tests/hostile/hostile_cases.h)
 * once, through pp_parse() and pp_doc_to_json(), and prints what happened.
 * The bench (bench/hostile.sh) runs it under callgrind to count the
 * instructions at N, 2N and 4N; the ctest checks run every case at its
 * default size and check the result (never the time it took).
 *
 *   hostile_run --list              the cases, one a line: NAME N WHAT
 *   hostile_run CASE N [fail]       parse CASE at size N (fail: PP_LIMIT_FAIL)
 *   hostile_run --check CASE        CASE at its default size: must parse,
 *                                   or be refused with PP_ELIMIT under fail
 *
 * HOSTILE_MAX_TABLE_CELLS in the environment sets max_table_cells (the
 * bench's quick mode lowers it, to reach the limit at smaller sizes).
 *
 * Exit status: 0 success, 1 failure, 2 usage.
 */
#include "planparse.h"

#include "hostile_cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run(const char *name, size_t n, int fail, int verbose)
{
	size_t len;
	char *text = hostile_gen(name, n, &len);
	if (!text) {
		fprintf(stderr, "hostile_run: unknown case or out of memory: %s\n", name);
		return 2;
	}
	pp_options o;
	pp_options_init(&o);
	if (fail)
		o.on_limit = PP_LIMIT_FAIL;
	const char *cells = getenv("HOSTILE_MAX_TABLE_CELLS");
	if (cells)
		o.max_table_cells = strtoul(cells, NULL, 10);
	pp_doc *doc = NULL;
	int rc = pp_parse(&doc, text, len, &o);
	free(text);
	if (rc == PP_ELIMIT && fail) {
		if (verbose)
			printf("%s n=%zu bytes=%zu refused: %s\n", name, n, len, pp_strerror(rc));
		return 0;
	}
	if (rc) {
		fprintf(stderr, "hostile_run: %s n=%zu: %s\n", name, n, pp_strerror(rc));
		return 1;
	}
	char *json = NULL;
	size_t jlen = 0;
	rc = pp_doc_to_json(doc, &json, &jlen);
	size_t limits = 0;
	for (size_t i = 0; i < pp_doc_count(doc, PP_DIAGNOSTIC); i++) {
		const char *code = pp_node_str(pp_doc_get(doc, PP_DIAGNOSTIC, i), PP_F_CODE, NULL);
		if (code && !strcmp(code, "limit"))
			limits++;
	}
	if (verbose)
		printf("%s n=%zu bytes=%zu json=%zu checkboxes=%zu tables=%zu limit-diagnostics=%zu\n",
		       name, n, len, jlen, pp_doc_count(doc, PP_CHECKBOX),
		       pp_doc_count(doc, PP_TABLE), limits);
	pp_free(json);
	pp_doc_free(doc);
	if (rc) {
		fprintf(stderr, "hostile_run: %s: JSON: %s\n", name, pp_strerror(rc));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (size_t i = 0; i < HOSTILE_NCASES; i++)
			printf("%s %zu %s\n", hostile_cases[i].name, hostile_cases[i].n,
			       hostile_cases[i].what);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "--check")) {
		for (size_t i = 0; i < HOSTILE_NCASES; i++) {
			if (strcmp(hostile_cases[i].name, argv[2]))
				continue;
			int rc = run(argv[2], hostile_cases[i].n, 0, 1);
			return rc ? rc : run(argv[2], hostile_cases[i].n, 1, 1);
		}
		fprintf(stderr, "hostile_run: unknown case %s\n", argv[2]);
		return 2;
	}
	if (argc == 3 || (argc == 4 && !strcmp(argv[3], "fail")))
		return run(argv[1], strtoul(argv[2], NULL, 10), argc == 4, 1);
	fprintf(stderr, "usage: hostile_run --list | --check CASE | CASE N [fail]\n");
	return 2;
}
