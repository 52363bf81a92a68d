/*
 * api_example.c: a short tour of the libplanparse C API (docs/api.md).
 *
 * Parses a small plan held in a string, prints its title, status, phases
 * with their progress and tasks, the risks, and the size of its JSON.
 * Build: the api_example target of cli/CMakeLists.txt.
 */
#include <planparse.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char plan[] =
	"# Search Service Rollout\n"
	"\n"
	"**Status:** In Progress\n"
	"**Owner:** Platform team\n"
	"\n"
	"## Phase 1: Index\n"
	"\n"
	"- [x] T001 Define the document schema (2h)\n"
	"- [ ] T002 Backfill the index, depends on T001\n"
	"\n"
	"## Phase 2: Serve\n"
	"\n"
	"- [ ] T003 Add the query endpoint\n"
	"\n"
	"| Risk | Likelihood | Impact | Mitigation |\n"
	"|------|------------|--------|------------|\n"
	"| Index too large | Medium | High | Shard by tenant |\n";

/* Strings may be NULL (a null value): print a dash instead. */
static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static void print_progress(const pp_node *progress)
{
	int64_t pct = pp_node_int(progress, PP_F_PERCENT);
	printf("%" PRId64 "/%" PRId64, pp_node_int(progress, PP_F_DONE),
	       pp_node_int(progress, PP_F_TOTAL));
	if (pct != PP_NULL) /* null when there is nothing to count */
		printf(" (%" PRId64 "%%)", pct);
}

static void print_phases(const pp_doc *doc)
{
	for (size_t i = 0; i < pp_doc_count(doc, PP_PHASE); i++) {
		const pp_node *ph = pp_doc_get(doc, PP_PHASE, i);
		printf("%s %s: %s  ", pp_node_str(ph, PP_F_KIND, NULL),
		       or_dash(pp_node_str(ph, PP_F_NUMBER, NULL)),
		       or_dash(pp_node_str(ph, PP_F_TITLE, NULL)));
		print_progress(pp_node_child(ph, PP_F_PROGRESS));
		putchar('\n');
		/* PP_F_TASKS lists the indices of the phase's top-level tasks */
		for (size_t k = 0; k < pp_node_list_count(ph, PP_F_TASKS); k++) {
			int64_t t = pp_node_list_int(ph, PP_F_TASKS, k);
			const pp_node *task = pp_doc_get(doc, PP_TASK, (size_t)t);
			printf("  [%s] %s %s\n", pp_node_str(task, PP_F_STATE, NULL),
			       or_dash(pp_node_str(task, PP_F_ID, NULL)),
			       or_dash(pp_node_str(task, PP_F_TITLE, NULL)));
		}
	}
}

static void print_risks(const pp_doc *doc)
{
	for (size_t i = 0; i < pp_doc_count(doc, PP_RISK); i++) {
		const pp_node *r = pp_doc_get(doc, PP_RISK, i);
		const pp_node *impact = pp_node_child(r, PP_F_IMPACT);
		printf("risk: %s (impact %s) -> %s\n", or_dash(pp_node_str(r, PP_F_RISK, NULL)),
		       or_dash(pp_node_str(impact, PP_F_LEVEL, NULL)),
		       or_dash(pp_node_str(r, PP_F_MITIGATION, NULL)));
	}
}

int main(void)
{
	pp_options opts;
	pp_options_init(&opts);           /* always start from the defaults */
	opts.path = "rollout.md";         /* copied; shown in the JSON */
	pp_doc *doc;
	int rc = pp_parse(&doc, plan, strlen(plan), &opts);
	if (rc) {
		fprintf(stderr, "pp_parse: %s\n", pp_strerror(rc));
		return 1;
	}
	const pp_node *root = pp_doc_root(doc);
	const pp_node *status = pp_node_child(root, PP_F_STATUS);
	printf("%s [%s]\n", or_dash(pp_node_str(root, PP_F_TITLE, NULL)),
	       or_dash(pp_node_str(status, PP_F_VALUE, NULL)));
	print_phases(doc);
	print_risks(doc);
	char *json;
	size_t len;
	if (pp_doc_to_json(doc, &json, &len) == 0) {
		pp_doc_free(doc); /* the JSON buffer does not depend on the document */
		printf("JSON: %zu bytes\n", len);
		pp_free(json);
	} else {
		pp_doc_free(doc);
	}
	return 0;
}
