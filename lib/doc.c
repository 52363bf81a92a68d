/*
 * doc.c: pp_parse() runs the stages in order; the document owns their
 * results.  Also the small shared node helpers: placing a node, listing it,
 * diagnostics, and sealing the lists once every stage has run.
 */
#include "internal.h"
#include "pp_version.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void pp_options_init(pp_options *opts)
{
	if (!opts)
		return;
	static const pp_options defaults = PP_OPTIONS_INIT;
	*opts = defaults;
}

const char *pp_version(void)
{
	return PP_VERSION_STRING;
}

const char *pp_strerror(int code)
{
	switch (code) {
	case PP_OK: return "success";
	case PP_EINVAL: return "invalid argument";
	case PP_ENOMEM: return "out of memory";
	case PP_ELIMIT: return "input exceeds a configured limit";
	case PP_EPARSE: return "the Markdown parser failed";
	case PP_ECONFLICT: return "the text changed since it was parsed (edit conflict)";
	case PP_EOVERLAP: return "edits overlap";
	case PP_ENOTFOUND: return "no task or checkbox has that key";
	case PP_EAMBIGUOUS: return "the target names several tasks or checkboxes";
	case PP_EUNSUPPORTED: return "that edit cannot be made in place";
	}
	return "unknown error";
}

/* ---- positions --------------------------------------------------------- */

uint32_t pp_line_of(const pp_doc *doc, uint32_t offset)
{
	uint32_t lo = 0, hi = doc->line_count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (doc->line_starts[mid] <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo : 1;
}

/* Columns count code points from the line start.  Nodes are mostly placed
 * in source order, so the count goes on from the last node placed on the
 * same line: many nodes on one long line cost the line once, not once each.
 * Only pp_parse() places nodes, so the cache is the parse's own state. */
static uint32_t column_in(const pp_doc *doc, uint32_t line, uint32_t offset)
{
	pp_doc *d = (pp_doc *)doc;
	uint32_t start = doc->line_count ? doc->line_starts[line - 1] : 0, col = 1;
	if (offset > doc->len)
		offset = doc->len;
	if (d->col_line == line && d->col_off <= offset && d->col_off >= start) {
		start = d->col_off;
		col = d->col_val;
	}
	for (uint32_t i = start; i < offset; i++) /* count lead bytes: code points */
		col += ((unsigned char)doc->src[i] & 0xC0) != 0x80;
	d->col_line = line;
	d->col_off = offset;
	d->col_val = col;
	return col;
}

uint32_t pp_column_of(const pp_doc *doc, uint32_t offset)
{
	return column_in(doc, pp_line_of(doc, offset), offset);
}

/* pp_line_of(), from the line of the last node placed: nodes come mostly
 * in source order, a few lines apart, so the search gallops forward from
 * there (a few steps) and only searches the whole index when the offset
 * lies before that line. */
static uint32_t line_near(const pp_doc *doc, uint32_t offset)
{
	const uint32_t *ls = doc->line_starts;
	uint32_t lo = doc->col_line, n = doc->line_count; /* lo: a 1-based line */
	if (!lo || lo > n || ls[lo - 1] > offset)
		return pp_line_of(doc, offset);
	/* ls[lo - 1] <= offset: the answer is lo or after, most often one of
	 * the next few lines: those one by one */
	for (uint32_t k = 0; k < 3; k++, lo++)
		if (lo == n || ls[lo] > offset)
			return lo;
	/* then find hi with ls[hi - 1] > offset (or hi = n + 1), doubling the step */
	uint32_t step = 1, hi = lo + 1;
	while (hi <= n && ls[hi - 1] <= offset) {
		lo = hi;
		step *= 2;
		hi = n - lo < step ? n + 1 : lo + step;
	}
	while (hi - lo > 1) { /* ls[lo - 1] <= offset < ls[hi - 1] */
		uint32_t mid = lo + (hi - lo) / 2;
		if (ls[mid - 1] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

uint32_t pp_line_end(const pp_doc *doc, uint32_t end)
{
	if (end == 0 || end > doc->len)
		return end;
	const char *s = doc->src;
	if (s[end - 1] == '\n' || s[end - 1] == '\r')
		return end;
	uint32_t i = end;
	while (i < doc->len && s[i] != '\n' && s[i] != '\r')
		i++;
	return i;
}

/* pp_node_place(), inlined into pp_node_new() (a node's most common path) */
static inline void place(pp_doc *doc, pp_node *n, uint32_t offset, uint32_t end)
{
	n->offset = offset;
	n->end = end < offset ? offset : end;
	n->line = line_near(doc, offset);
	n->column = column_in(doc, n->line, offset);
}

void pp_node_place(pp_doc *doc, pp_node *n, uint32_t offset, uint32_t end)
{
	place(doc, n, offset, end);
}

static bool listed(pp_kind kind)
{
	return kind >= PP_META && kind <= PP_DIAGNOSTIC;
}

void *pp_node_new(pp_doc *doc, pp_kind kind, size_t size, uint32_t offset, uint32_t end)
{
	pp_node *n = pp_alloc(&doc->arena, size);
	if (!n)
		return NULL;
	n->kind = (uint8_t)kind;
	place(doc, n, offset, end);
	/* where a task's or checkbox's key is made (keys.c): set here, while
	 * the node is in the cache, not by a walk over all of them later */
	if (kind == PP_TASK)
		((pp_task_node *)n)->doc = doc;
	else if (kind == PP_CHECKBOX)
		((pp_checkbox_node *)n)->doc = doc;
	if (listed(kind)) {
		pp_node **slot = pp_vec_push(&doc->arena, &doc->build[kind]);
		if (!slot)
			return NULL;
		*slot = n;
		n->index = doc->build[kind].n - 1;
	}
	return n;
}

/* ---- diagnostics ------------------------------------------------------- */

/* A message being formatted: at most cap - 1 bytes kept, n counts all. */
typedef struct fmt_out {
	char *p;
	size_t cap, n;
} fmt_out;

static void fmt_put(fmt_out *o, const char *s, size_t k)
{
	if (o->n + 1 < o->cap) {
		size_t room = o->cap - 1 - o->n;
		memcpy(o->p + o->n, s, k < room ? k : room);
	}
	o->n += k;
}

/* v in base 10 or 16 (upper case), at least `width` digits. */
static void fmt_num(fmt_out *o, bool neg, unsigned long long v, unsigned base, int width)
{
	char d[24];
	int k = (int)sizeof d;
	do {
		d[--k] = "0123456789ABCDEF"[v % base];
		v /= base;
	} while (v);
	while ((int)sizeof d - k < width)
		d[--k] = '0';
	if (neg)
		d[--k] = '-';
	fmt_put(o, d + k, sizeof d - (size_t)k);
}

static void fmt_signed(fmt_out *o, long long v)
{
	/* the magnitude of LLONG_MIN does not fit a long long */
	fmt_num(o, v < 0, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, 10, 1);
}

/* One conversion after the `%` at *f, or false (nothing read) when it is
 * not one of pp_vformat()'s. */
static bool fmt_conv(fmt_out *o, const char **f, va_list *ap)
{
	const char *c = *f;
	long prec = -1;
	if (c[0] == '0' && c[1] == '2' && c[2] == 'X') {
		fmt_num(o, false, va_arg(*ap, unsigned), 16, 2);
		*f = c + 3;
		return true;
	}
	/* a false answer starts the whole format over from its own va_list:
	 * arguments read here before it need no putting back */
	if (c[0] == '.' && c[1] == '*' && c[2] == 's') {
		prec = va_arg(*ap, int);
		if (prec < 0)
			return false; /* vsnprintf reads it as no precision */
		c += 2;
	} else if (c[0] == '.' && c[1] >= '0' && c[1] <= '9') {
		for (prec = 0, c++; *c >= '0' && *c <= '9' && prec < 100000; c++)
			prec = prec * 10 + (*c - '0');
		if (*c != 's')
			return false;
	}
	if (*c == 's') {
		const char *s = va_arg(*ap, const char *), *z;
		if (!s)
			return false; /* "(null)" is the C library's own */
		size_t k = prec < 0 ? strlen(s) : (z = memchr(s, 0, (size_t)prec)) ? (size_t)(z - s)
		                                                                   : (size_t)prec;
		fmt_put(o, s, k);
		c++;
	} else if (*c == '%') {
		fmt_put(o, "%", 1), c++;
	} else if (*c == 'd') {
		fmt_signed(o, va_arg(*ap, int)), c++;
	} else if (*c == 'u') {
		fmt_num(o, false, va_arg(*ap, unsigned), 10, 1), c++;
	} else if (c[0] == 'z' && c[1] == 'u') {
		fmt_num(o, false, va_arg(*ap, size_t), 10, 1), c += 2;
	} else if (c[0] == 'l' && c[1] == 'l' && c[2] == 'd') {
		fmt_signed(o, va_arg(*ap, long long)), c += 3;
	} else {
		return false;
	}
	*f = c;
	return true;
}

/* vsnprintf() does the most of a diagnostic's cost (thousands of them on a
 * big plan), for the few conversions messages use: done here, the same
 * bytes; a format with any other (or a null string) goes to vsnprintf(),
 * from its start. */
int pp_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
	va_list ap2, all;
	va_copy(ap2, ap);
	va_copy(all, ap);
	fmt_out o = { buf, cap, 0 };
	for (const char *f = fmt; *f;) {
		const char *pct = strchr(f, '%');
		size_t k = pct ? (size_t)(pct - f) : strlen(f);
		fmt_put(&o, f, k);
		if (!pct)
			break;
		f = pct + 1;
		if (!fmt_conv(&o, &f, &ap2)) {
			va_end(ap2);
			int n = vsnprintf(buf, cap, fmt, all);
			va_end(all);
			return n;
		}
	}
	va_end(ap2);
	va_end(all);
	if (cap)
		buf[o.n < cap ? o.n : cap - 1] = 0;
	return o.n > INT_MAX ? -1 : (int)o.n;
}

static void vdiag(pp_doc *doc, const char *code, const char *severity, uint32_t offset,
                  const char *fmt, va_list ap)
{
	/* formatted in the arena and cut to fit: the message is not copied */
	enum { CAP = 512 };
	char *buf = pp_alloc_raw(&doc->arena, CAP);
	if (!buf)
		return;
	int n = pp_vformat(buf, CAP, fmt, ap);
	if (n < 0)
		n = 0;
	if (n >= CAP)
		n = CAP - 1;
	buf[n] = 0;
	pp_alloc_shrink(&doc->arena, buf, CAP, (size_t)n + 1);
	pp_diag_node *d = pp_node_new(doc, PP_DIAGNOSTIC, sizeof *d, offset, offset);
	if (!d)
		return;
	d->code = (pp_str){ code, (uint32_t)strlen(code) };
	d->severity = (pp_str){ severity, (uint32_t)strlen(severity) };
	d->message = (pp_str){ buf, (uint32_t)n };
}

void pp_diag(pp_doc *doc, const char *code, const char *severity, uint32_t offset,
             const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(doc, code, severity, offset, fmt, ap);
	va_end(ap);
}

int pp_limit(pp_doc *doc, uint32_t offset, const char *fmt, ...)
{
	if (doc->opts.on_limit == PP_LIMIT_FAIL)
		return PP_ELIMIT;
	va_list ap;
	va_start(ap, fmt);
	vdiag(doc, "limit", "warning", offset, fmt, ap);
	va_end(ap);
	return doc->arena.oom ? PP_ENOMEM : 0;
}

/* ---- sealing ----------------------------------------------------------- */

/* Stable merge sort of node pointers by offset, for the lists that several
 * stages append to out of order (meta, risks, diagnostics).  Each stage
 * appends in source order, so a list is a few ascending runs: the sort
 * merges neighbouring runs (natural merge sort), a pass halving their
 * number, and leaves a list in order as it is. */
static uint32_t run_end(pp_node *const *a, uint32_t i, uint32_t n)
{
	while (++i < n && a[i]->offset >= a[i - 1]->offset)
		;
	return i;
}

static void sort_by_offset(pp_node **a, pp_node **tmp, uint32_t n)
{
	pp_node **src = a, **dst = tmp;
	for (;;) {
		uint32_t lo = 0, runs = 0;
		while (lo < n) {
			uint32_t mid = run_end(src, lo, n), hi = mid < n ? run_end(src, mid, n) : n;
			uint32_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				dst[k++] = src[j]->offset < src[i]->offset ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
			runs++;
			lo = hi;
		}
		pp_node **t = src;
		src = dst;
		dst = t;
		if (runs <= 1)
			break;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
}

int pp_sort_built(pp_doc *doc, pp_kind kind)
{
	uint32_t n = doc->build[kind].n;
	pp_node **list = doc->build[kind].data;
	if (n < 2)
		return 0;
	if (run_end(list, 0, n) == n)
		goto renumber; /* in order already */
	pp_node **tmp = pp_sys_malloc(&doc->arena, n * sizeof *tmp);
	if (!tmp)
		return PP_ENOMEM;
	sort_by_offset(list, tmp, n);
	pp_sys_free(&doc->arena, tmp);
renumber:
	for (uint32_t i = 0; i < n; i++)
		list[i]->index = i;
	return 0;
}

static int seal_lists(pp_doc *doc)
{
	int rc;
	if ((rc = pp_sort_built(doc, PP_META)) || (rc = pp_sort_built(doc, PP_RISK)) ||
	    (rc = pp_sort_built(doc, PP_DIAGNOSTIC)))
		return rc;
	for (int k = PP_META; k <= PP_DIAGNOSTIC; k++) {
		uint32_t n = doc->build[k].n;
		pp_node **list = pp_vec_seal(&doc->arena, &doc->build[k]);
		doc->build[k].n = 0;
		if (n && !list)
			return PP_ENOMEM;
		doc->lists[k] = list;
		doc->counts[k] = n;
	}
	return 0;
}

/* ---- parse ------------------------------------------------------------- */

static int read_options(pp_doc *doc, const pp_options *opts)
{
	pp_options_init(&doc->opts);
	if (opts) {
		if (opts->version < 1)
			return PP_EINVAL;
		/* a newer caller's struct starts with ours: read the fields we know */
		doc->opts = *opts;
		doc->opts.version = PP_OPTIONS_VERSION;
	}
	const pp_allocator *al = &doc->opts.allocator;
	if ((al->malloc || al->realloc || al->free) && !(al->malloc && al->realloc && al->free))
		return PP_EINVAL;
	if (!(doc->opts.hours_per_day > 0))
		doc->opts.hours_per_day = 8;
	if (!(doc->opts.days_per_week > 0))
		doc->opts.days_per_week = 5;
	/* zero limits mean the defaults */
	static const pp_options defaults = PP_OPTIONS_INIT;
	if (!doc->opts.max_depth)
		doc->opts.max_depth = defaults.max_depth;
	if (!doc->opts.max_table_cells)
		doc->opts.max_table_cells = defaults.max_table_cells;
	if (!doc->opts.max_line)
		doc->opts.max_line = defaults.max_line;
	if (!doc->opts.max_key)
		doc->opts.max_key = defaults.max_key;
	if (doc->opts.on_limit != PP_LIMIT_TEXT && doc->opts.on_limit != PP_LIMIT_FAIL)
		return PP_EINVAL;
	return 0;
}

/* The block tree, its events and the list introducers are scaffolding:
 * the stages after pp_deps_find() read only nodes, so they go before the
 * roll-ups and keys add their own memory (a lower peak). */
static void free_blocks(pp_doc *doc)
{
	pp_sys_free(&doc->arena, doc->blocks);
	pp_sys_free(&doc->arena, doc->events);
	pp_vec_free(&doc->arena, &doc->intros);
	doc->blocks = NULL;
	doc->events = NULL;
}

static int run_stages(pp_doc *doc, const char *text, size_t len)
{
	int rc;
	if ((rc = pp_input_prepare(doc, text, len)) ||
	    (rc = pp_front_matter(doc)) ||
	    (rc = pp_input_markdown(doc)) ||
	    (rc = pp_blocks_build(doc)) ||
	    (rc = pp_phases_find(doc)) ||
	    (rc = pp_tables_find(doc)) ||
	    (rc = pp_items_find(doc)) ||
	    (rc = pp_risks_find(doc)) ||
	    (rc = pp_meta_find(doc)) ||
	    (rc = pp_deps_find(doc)))
		return rc;
	free_blocks(doc);
	if ((rc = pp_rollup(doc)) ||
	    (rc = pp_lint(doc)) ||
	    (rc = seal_lists(doc)))
		return rc;
	return doc->arena.oom ? PP_ENOMEM : 0;
}

static void free_scaffold(pp_doc *doc)
{
	free_blocks(doc);
	for (int k = 0; k < PP_KIND_COUNT; k++)
		pp_vec_free(&doc->arena, &doc->build[k]);
}

int pp_parse(pp_doc **out, const char *text, size_t len, const pp_options *opts)
{
	if (!out)
		return PP_EINVAL;
	*out = NULL;
	if (!text && len)
		return PP_EINVAL;
	pp_doc tmp;
	memset(&tmp, 0, sizeof tmp);
	int rc = read_options(&tmp, opts);
	if (rc)
		return rc;
	if (len > tmp.opts.max_input || len > UINT32_MAX - 2)
		return PP_ELIMIT;
	tmp.arena.al = tmp.opts.allocator;
	pp_arena_expect(&tmp.arena, len * 4); /* of the ten times the text a parse takes */
	pp_doc *doc = pp_alloc(&tmp.arena, sizeof *doc);
	if (!doc) {
		pp_arena_free(&tmp.arena);
		return PP_ENOMEM;
	}
	*doc = tmp;
	/* the arena now lives inside the document; it holds the document itself */
	for (int k = 0; k < PP_KIND_COUNT; k++)
		doc->build[k] = (pp_vec)PP_VEC(pp_node *);
	doc->intros = (pp_vec)PP_VEC(pp_str);
	doc->root.n.kind = PP_DOCUMENT;
	if (doc->opts.path)
		doc->path = pp_str_dup(doc, doc->opts.path, strlen(doc->opts.path));
	doc->opts.path = doc->path.s;
	rc = run_stages(doc, text ? text : "", len);
	free_scaffold(doc);
	if (rc) {
		pp_arena a = doc->arena;
		pp_arena_free(&a);
		return rc;
	}
	*out = doc;
	return 0;
}

void pp_doc_free(pp_doc *doc)
{
	if (!doc)
		return;
	pp_keys_free(doc);
	pp_arena a = doc->arena; /* the document lives in its own arena */
	pp_arena_free(&a);
}
