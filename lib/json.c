/*
 * json.c: the "planparse/1" JSON.  Each node is written by walking its
 * kind's field table (node.c), so the JSON holds exactly what the accessors
 * return.  Output is compact, UTF-8, and independent of locale and machine.
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Buffers handed to the caller carry their allocator in front, so
 * pp_free() can return them without the document. */
typedef struct out_header {
	pp_allocator al;
	max_align_t align[];
} out_header;

typedef struct jbuf {
	pp_arena *mem;     /* only its allocator is used */
	out_header *h;
	size_t n, cap;
	bool oom;
} jbuf;

static char *jdata(jbuf *j)
{
	return (char *)(j->h + 1);
}

static bool jreserve(jbuf *j, size_t more)
{
	if (j->oom)
		return false;
	if (j->n + more + 1 <= j->cap)
		return true;
	size_t cap = j->cap ? j->cap : 4096;
	while (cap < j->n + more + 1)
		cap *= 2;
	out_header *h = j->h ? pp_sys_realloc(j->mem, j->h, sizeof *h + cap)
	                     : pp_sys_malloc(j->mem, sizeof *h + cap);
	if (!h)
		return !(j->oom = true);
	j->h = h;
	j->cap = cap;
	return true;
}

static void jput(jbuf *j, const char *s, size_t n)
{
	if (jreserve(j, n)) {
		memcpy(jdata(j) + j->n, s, n);
		j->n += n;
	}
}

#define JLIT(j, lit) jput((j), (lit), sizeof(lit) - 1)

/* Whether one of the 8 bytes at p needs a look: an escape (", \\, a control
 * character, DEL) or a byte of a multi-byte sequence (checked as UTF-8). */
static bool special8(const char *p)
{
	uint64_t v = pp_load8(p);
	return (v & PP_HIGHS) || pp_has_less(v, 0x20) || pp_has_byte(v, '"') ||
	       pp_has_byte(v, '\\') || pp_has_byte(v, 0x7F);
}

static bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
}

static void jstr(jbuf *j, const char *s, size_t n)
{
	if (!jreserve(j, n * 6 + 2))
		return;
	char *o = jdata(j) + j->n, *start = o;
	*o++ = '"';
	for (size_t i = 0; i < n;) {
		while (n - i >= 8 && !special8(s + i)) { /* most text: copied a word at a time */
			memcpy(o, s + i, 8);
			o += 8, i += 8;
		}
		while (i < n && plain((unsigned char)s[i]))
			*o++ = s[i++];
		if (i == n)
			break;
		unsigned char c = (unsigned char)s[i++];
		if (c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = (char)c;
		} else if (c == '\n') {
			*o++ = '\\', *o++ = 'n';
		} else if (c == '\t') {
			*o++ = '\\', *o++ = 't';
		} else if (c == '\r') {
			*o++ = '\\', *o++ = 'r';
		} else if (c < 0x80) { /* other control characters and DEL */
			static const char hex[] = "0123456789abcdef";
			memcpy(o, "\\u00", 4);
			o[4] = hex[c >> 4], o[5] = hex[c & 15];
			o += 6;
		} else {
			size_t bad, l = pp_utf8_check((const unsigned char *)s + i - 1, n - i + 1, &bad);
			if (l) {
				memcpy(o, s + i - 1, l);
				o += l;
			} else {
				memcpy(o, "\xEF\xBF\xBD", 3);
				o += 3;
			}
			i += (l ? l : bad) - 1;
		}
	}
	*o++ = '"';
	j->n += (size_t)(o - start);
}

static void jint(jbuf *j, int64_t v)
{
	char b[24], *e = b + sizeof b, *p = e;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		*--p = '-';
	jput(j, p, (size_t)(e - p));
}

/* Numbers without printf's locale: integers exactly, else six decimals
 * with trailing zeros dropped. */
static void jnum(jbuf *j, double d)
{
	if (!isfinite(d)) {
		JLIT(j, "null");
		return;
	}
	if (d == floor(d) && fabs(d) < 9e15) {
		jint(j, (int64_t)d);
		return;
	}
	bool neg = d < 0;
	double a = fabs(d);
	int64_t scaled = (int64_t)llround(a * 1e6);
	int64_t ip = scaled / 1000000, fp = scaled % 1000000;
	char b[48];
	int n = snprintf(b, sizeof b, "%s%lld.%06lld", neg ? "-" : "", (long long)ip, (long long)fp);
	while (n > 0 && b[n - 1] == '0')
		n--;
	if (n > 0 && b[n - 1] == '.')
		n--;
	jput(j, b, (size_t)n);
}

static void jnode(jbuf *j, const pp_node *n);

static void jvalue(jbuf *j, const pp_value *v)
{
	switch (v->type) {
	case PP_V_NULL: JLIT(j, "null"); break;
	case PP_V_STR: jstr(j, v->str.s, v->str.len); break;
	case PP_V_INT: jint(j, v->i); break;
	case PP_V_BOOL: if (v->i) JLIT(j, "true"); else JLIT(j, "false"); break;
	case PP_V_NUM: jnum(j, v->d); break;
	case PP_V_NODE: jnode(j, v->node); break;
	case PP_V_LSTR:
	case PP_V_LINT:
	case PP_V_LNODE:
		JLIT(j, "[");
		for (uint32_t i = 0; i < v->list.n; i++) {
			if (i)
				JLIT(j, ",");
			if (v->type == PP_V_LSTR) {
				const pp_str *s = &((const pp_str *)v->list.items)[i];
				jstr(j, s->s, s->len);
			} else if (v->type == PP_V_LINT) {
				jint(j, ((const int32_t *)v->list.items)[i]);
			} else {
				jnode(j, ((pp_node *const *)v->list.items)[i]);
			}
		}
		JLIT(j, "]");
		break;
	}
}

/* Nodes nest at most three deep (table > row, phase > status), so this
 * recursion is bounded whatever the input. */
static void jnode(jbuf *j, const pp_node *n)
{
	pp_value v;
	if (n->kind == PP_ROW) { /* a row is just its cells */
		pp_get(n, PP_F_CELLS, &v);
		jvalue(j, &v);
		return;
	}
	JLIT(j, "{");
	const pp_field *f = pp_kind_fields((pp_kind)n->kind);
	for (int i = 0; f[i]; i++) {
		if (i)
			JLIT(j, ",");
		const char *name = pp_field_name(f[i]);
		jstr(j, name, strlen(name));
		JLIT(j, ":");
		pp_get(n, f[i], &v);
		jvalue(j, &v);
	}
	JLIT(j, "}");
}

static void jlist(jbuf *j, const pp_doc *doc, const char *name, pp_kind kind)
{
	JLIT(j, ",");
	jstr(j, name, strlen(name));
	JLIT(j, ":[");
	for (uint32_t i = 0; i < doc->counts[kind]; i++) {
		if (i)
			JLIT(j, ",");
		jnode(j, doc->lists[kind][i]);
	}
	JLIT(j, "]");
}

static void jdoc(jbuf *j, const pp_doc *doc)
{
	pp_value v;
	JLIT(j, "{\"schema\":\"planparse/1\",\"source\":{\"path\":");
	if (doc->path.s)
		jstr(j, doc->path.s, doc->path.len);
	else
		JLIT(j, "null");
	JLIT(j, ",\"bytes\":");
	jint(j, doc->len);
	JLIT(j, ",\"lines\":");
	jint(j, doc->line_count);
	JLIT(j, "},\"title\":");
	pp_get(&doc->root.n, PP_F_TITLE, &v);
	jvalue(j, &v);
	JLIT(j, ",\"status\":");
	pp_get(&doc->root.n, PP_F_STATUS, &v);
	jvalue(j, &v);
	jlist(j, doc, "meta", PP_META);
	jlist(j, doc, "sections", PP_SECTION);
	jlist(j, doc, "phases", PP_PHASE);
	jlist(j, doc, "tasks", PP_TASK);
	jlist(j, doc, "checkboxes", PP_CHECKBOX);
	jlist(j, doc, "risks", PP_RISK);
	jlist(j, doc, "tables", PP_TABLE);
	jlist(j, doc, "dependencies", PP_DEPENDENCY);
	JLIT(j, ",\"progress\":");
	jnode(j, &doc->root.progress.n);
	jlist(j, doc, "diagnostics", PP_DIAGNOSTIC);
	JLIT(j, "}");
}

int pp_doc_to_json(const pp_doc *doc, char **out, size_t *len)
{
	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (!doc || !out)
		return PP_EINVAL;
	pp_arena mem = { doc->arena.al, NULL, false };
	jbuf j = { &mem, NULL, 0, 0, false };
	jdoc(&j, doc);
	if (j.oom || !jreserve(&j, 0)) {
		pp_sys_free(&mem, j.h);
		return PP_ENOMEM;
	}
	j.h->al = doc->arena.al;
	jdata(&j)[j.n] = 0;
	*out = jdata(&j);
	if (len)
		*len = j.n;
	return 0;
}

void pp_free(void *ptr)
{
	if (!ptr)
		return;
	out_header *h = (out_header *)ptr - 1;
	pp_arena mem = { h->al, NULL, false };
	pp_sys_free(&mem, h);
}
