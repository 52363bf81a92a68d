#include "internal.h"
pp_meta_node *pp_meta_add(pp_doc *doc, pp_str key, pp_str value, int32_t scope, uint32_t offset, uint32_t end)
{
	pp_meta_node *m = pp_node_new(doc, PP_META, sizeof *m, offset, end);
	if (!m) return NULL;
	m->key = key; m->value = value; m->scope = scope;
	m->name = pp_key_name(doc, key.s, key.len);
	return m;
}
pp_status_node *pp_status_make(pp_doc *doc, pp_str raw, uint32_t offset, uint32_t end)
{
	pp_status_node *s = pp_node_new(doc, PP_STATUS, sizeof *s, offset, end);
	if (s) s->raw = raw;
	return s;
}
int pp_meta_find(pp_doc *doc) { (void)doc; return 0; }
int pp_keylines(pp_doc *doc, pp_inl run, unsigned mode, pp_keyline_fn fn, void *ud) { (void)doc; (void)run; (void)mode; (void)fn; (void)ud; return 0; }
