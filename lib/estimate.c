#include "internal.h"
pp_estimate_node *pp_estimate_parse(pp_doc *doc, const char *s, size_t n, uint32_t offset, uint32_t end)
{ (void)doc; (void)s; (void)n; (void)offset; (void)end; return NULL; }
size_t pp_estimate_suffix(const char *s, size_t n, const char **inner, size_t *inner_len)
{ (void)s; (void)n; (void)inner; (void)inner_len; return 0; }
