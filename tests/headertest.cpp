// headertest.cpp: include/planparse.h compiled as C++ (extern "C", no C-only
// constructs), with -pedantic -Werror.
#include "planparse.h"

int pp_headertest_cxx();
int pp_headertest_cxx()
{
	pp_options o = PP_OPTIONS_INIT;
	pp_doc *doc = nullptr;
	const pp_node *root = pp_doc_root(doc);
	return static_cast<int>(o.version) + (root == nullptr) + PP_KIND_COUNT;
}
