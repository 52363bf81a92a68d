/*
 * json.c: the "planparse/1" JSON.  Each node is written by walking its
 * kind's field table (node.c), so the JSON holds exactly what the accessors
 * return.  Output is compact, UTF-8, and independent of locale and machine.
 */
#include "internal.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Buffers handed to the caller carry their allocator in front, so
 * pp_free() can return them without the document. */
typedef struct out_header {
	pp_allocator al;
	max_align_t align[];
} out_header;

/* `"name":` of every field, made once per call from pp_field_name(); each
 * is copied as a whole row (a fixed-size copy is a few moves, where a
 * copy of its length may become a slow `rep movs`). */
#define JKEY_ROW 24
typedef struct jkeys {
	char text[PP_F_COUNT][JKEY_ROW];
	uint8_t len[PP_F_COUNT];
} jkeys;

typedef struct jbuf {
	pp_arena *mem;     /* only its allocator is used */
	out_header *h;
	size_t n, cap;
	bool oom;
	jkeys *keys;
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

/* One byte: commas and brackets, the most frequent writes. */
static void jchar(jbuf *j, char c)
{
	if (jreserve(j, 1))
		jdata(j)[j->n++] = c;
}

#define JLIT(j, lit) jput((j), (lit), sizeof(lit) - 1)

/* The lanes of v that need a look: an escape (", \\, a control character,
 * DEL) or a byte of a multi-byte sequence (checked as UTF-8).  The lowest
 * lane flagged is exact (pp_has_less()/pp_has_byte() may flag more above). */
static uint64_t special_lanes(uint64_t v)
{
	return (v & PP_HIGHS) | pp_has_less(v, 0x20) | pp_has_byte(v, '"') |
	       pp_has_byte(v, '\\') | pp_has_byte(v, 0x7F);
}

static bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
}

/* Writes the escape or the UTF-8 sequence at s[i] (a byte plain() refuses)
 * to o; returns the bytes of s it stands for. */
static size_t put_special(const char *s, size_t i, size_t n, char **out)
{
	char *o = *out;
	unsigned char c = (unsigned char)s[i];
	size_t used = 1;
	if (c == '"' || c == '\\') {
		*o++ = '\\', *o++ = (char)c;
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
		size_t bad = 1, l = pp_utf8_valid((const unsigned char *)s + i, n - i, &bad);
		if (l) {
			for (size_t k = 0; k < l; k++)
				*o++ = s[i + k];
		} else { /* never from the library's own strings; a path may */
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
		}
		used = l ? l : bad;
	}
	*out = o;
	return used;
}

static void jstr(jbuf *j, const char *s, size_t n)
{
	if (!jreserve(j, n * 6 + 2))
		return;
	char *o = jdata(j) + j->n, *start = o;
	*o++ = '"';
	for (size_t i = 0; i < n;) {
		if (n - i >= 8) {
			/* most text: 8 bytes stored as they are, those before the
			 * first special one kept (the reserve leaves room for all 8) */
			uint64_t v = pp_load8(s + i), m = special_lanes(v);
			size_t k = m ? pp_ctz(m) / 8 : 8;
			memcpy(o, &v, 8);
			o += k, i += k;
			if (k == 8)
				continue;
		} else {
			while (i < n && plain((unsigned char)s[i]))
				*o++ = s[i++];
			if (i == n)
				break;
		}
		i += put_special(s, i, n, &o);
	}
	*o++ = '"';
	j->n += (size_t)(o - start);
}

static void jint(jbuf *j, int64_t v)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
		"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
		"8081828384858687888990919293949596979899";
	if (!jreserve(j, 20))
		return;
	char *o = jdata(j) + j->n;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	if (v < 0)
		*o++ = '-';
	size_t k = 1;  /* digits: counted first, so they go straight in place */
	for (uint64_t t = u; t >= 10; t /= 10)
		k++;
	char *p = o + k;
	for (; u >= 100; u /= 100) {
		p -= 2;
		memcpy(p, pairs + 2 * (u % 100), 2);
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * u, 2);
	} else {
		*--p = (char)('0' + u);
	}
	j->n = (size_t)(o + k - jdata(j));
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

static void jkey(jbuf *j, pp_field f)
{
	if (jreserve(j, JKEY_ROW)) {
		memcpy(jdata(j) + j->n, j->keys->text[f], JKEY_ROW);
		j->n += j->keys->len[f];
	}
}

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
		jchar(j, '[');
		for (uint32_t i = 0; i < v->list.n; i++) {
			if (i)
				jchar(j, ',');
			if (v->type == PP_V_LSTR) {
				const pp_str *s = &((const pp_str *)v->list.items)[i];
				jstr(j, s->s, s->len);
			} else if (v->type == PP_V_LINT) {
				jint(j, ((const int32_t *)v->list.items)[i]);
			} else {
				jnode(j, ((pp_node *const *)v->list.items)[i]);
			}
		}
		jchar(j, ']');
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
	jchar(j, '{');
	const pp_field *f = pp_kind_fields((pp_kind)n->kind);
	for (int i = 0; f[i]; i++) {
		if (i)
			jchar(j, ',');
		jkey(j, f[i]);
		pp_get(n, f[i], &v);
		jvalue(j, &v);
	}
	jchar(j, '}');
}

static void jlist(jbuf *j, const pp_doc *doc, const char *name, pp_kind kind)
{
	JLIT(j, ",");
	jstr(j, name, strlen(name));
	JLIT(j, ":[");
	for (uint32_t i = 0; i < doc->counts[kind]; i++) {
		if (i)
			jchar(j, ',');
		jnode(j, doc->lists[kind][i]);
	}
	jchar(j, ']');
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
	jkeys keys = { 0 };  /* whole rows are copied: no uninitialised bytes */
	for (int f = 1; f < PP_F_COUNT; f++) {
		const char *name = pp_field_name((pp_field)f);
		size_t l = strlen(name);
		assert(l + 3 <= sizeof keys.text[f]); /* the longest is "task_estimate" */
		keys.text[f][0] = '"';
		memcpy(keys.text[f] + 1, name, l);
		memcpy(keys.text[f] + 1 + l, "\":", 2);
		keys.len[f] = (uint8_t)(l + 3);
	}
	jbuf j = { &mem, NULL, 0, 0, false, &keys };
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
