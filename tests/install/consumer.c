/* consumer.c: a program built against an installed libplanparse
 * (tests/install/run.sh).  Prints "planparse VERSION: N tasks, M done". */
#include <planparse.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	static const char plan[] = "# Plan\n\n## Phase 1: Build\n\n"
	                           "- [x] T001 Write it\n- [ ] T002 Ship it\n";
	pp_options opts = PP_OPTIONS_INIT;
	pp_doc *doc;
	int rc = pp_parse(&doc, plan, strlen(plan), &opts);
	if (rc < 0) {
		fprintf(stderr, "consumer: %s\n", pp_strerror(rc));
		return 1;
	}
	const pp_node *progress = pp_node_child(pp_doc_root(doc), PP_F_PROGRESS);
	printf("planparse %s: %zu tasks, %lld done\n", pp_version(),
	       pp_doc_count(doc, PP_TASK), (long long)pp_node_int(progress, PP_F_DONE));
	pp_doc_free(doc);
	return 0;
}
