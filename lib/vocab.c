#include "internal.h"
/* placeholder until the vocabulary lands */
const char *pp_status_word(pp_doc *doc, const char *s, size_t n) { (void)doc; (void)s; (void)n; return NULL; }
bool pp_is_status_key(const char *name, size_t n) { (void)name; (void)n; return false; }
bool pp_is_known_key(const char *name, size_t n) { (void)name; (void)n; return false; }
const char *pp_level_word(pp_doc *doc, const char *s, size_t n) { (void)doc; (void)s; (void)n; return NULL; }
bool pp_is_placeholder(const char *s, size_t n) { (void)s; (void)n; return false; }
