/*
 * headertest.c: include/planparse.h must compile on its own, first, under
 * -std=c11 -pedantic -Werror (built as an object library: the build is the
 * test).  headertest.cpp does the same as C++.
 */
#include "planparse.h"
#include "planparse.h" /* include guard */

static const pp_options defaults = PP_OPTIONS_INIT;

int pp_headertest_c(void);
int pp_headertest_c(void)
{
	pp_options o = PP_OPTIONS_INIT;
	return (int)(o.version + defaults.version) + PP_OK + PP_NONE + PP_F_NONE +
	       (PP_NULL < 0);
}
