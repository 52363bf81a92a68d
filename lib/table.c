/*
 * table.c: GFM tables become table nodes (header and rows as text) with a
 * role read from the header: risk, tasks, meta, dependencies or other.
 * Rows of a task table become tasks when items.c reaches the table, so the
 * task list stays in document order.  The column names are listed in
 * docs/format-tables.md.
 */
#include "internal.h"

#include <md4c.h>
#include <stdio.h>
#include <string.h>

struct cols;

/* A table with what the stages after this one need: the folded header
 * names (pp_table_col compares them) and where the rows came from. */
typedef struct table_x {
	pp_table_node pub;     /* first: a pp_table_node * points here */
	pp_str *folded;        /* header.n folded names */
	pp_byteset firsts;     /* the set of their first bytes */
	struct table_x *first; /* an earlier table with the same header, else itself (first_of) */
	struct cols *cols;     /* the first's: its task columns, once read */
} table_x;

typedef struct row_x {
	pp_row_node pub;
	uint32_t tr;           /* its TR block (cells' inline events) */
} row_x;

/* ---- column names ------------------------------------------------------ */
/* Folded names; `x*` matches a header that starts with the word x (`Owner(s)
 * or team(s)`), `*x` one that ends with it (`Story ID`). */

static const char *const task_cols[] = {
	"task", "task id", "tasks", "work item", "story", "item",
	"tarea", "tarefa", "aufgabe", "tâche", "задача", "任务", "タスク", "작업", NULL,
};
static const char *const id_cols[] = { "id", "#", "*id", "*#", "no.", "nr.", "№", NULL };
static const char *const status_cols[] = {
	"status", "state", "current status", "estado", "statut", "stand", "situação",
	"статус", "状态", "狀態", "ステータス", "상태", NULL,
};
static const char *const owner_cols[] = {
	"owner*", "owners*", "assignee*", "assigned to", "responsible", "dri", "lead",
	"verantwortlich", "responsable", "responsável", "ответственный", "исполнитель",
	"负责人", "担当", "担当者", "담당자", NULL,
};
static const char *const dep_cols[] = {
	"depends on", "dependencies", "dependency", "depends", "blocked by",
	"prerequisites", "prerequisite", "after", "requires", "deps",
	"abhängigkeiten", "dependencias", "dependências", "dépendances",
	"зависимости", "依赖", "前置任务", "依存", "依存関係", NULL,
};
static const char *const meta_first[] = {
	"metadata", "field", "key", "property", "attribute", NULL,
};
static const char *const title_cols[] = {
	"title", "name", "description", "summary", "*title", "*name", "deliverable",
	"descripción", "descrição", "beschreibung", "описание", "描述", "説明", NULL,
};
static const char *const priority_cols[] = { "priority", "prio", "prioridad", "priorität",
	"priorité", "приоритет", "优先级", "優先度", "우선순위", NULL };
/* A header that is or starts with one of these makes a risk table. */
static const char *const risk_heads[] = {
	"risk*", "risks*", "risiko*", "risiken*", "riesgo*", "riesgos*", "risque*",
	"risques*", "risco*", "riscos*", "риск*", "риски*", "风险*", "風險*", "リスク*",
	"위험*", NULL,
};
/* Columns that only a risk table has: they confirm a risk column that is
 * not at the front (`Phase | ... | Risks Mitigated` is not a risk table). */
static const char *const risk_evidence[] = {
	"probability*", "likelihood*", "impact*", "severity*", "mitigation*",
	"wahrscheinlichkeit*", "probabilidad*", "вероятность*", "概率*", "影响*", "影響*",
	"対策*", "对策*", NULL,
};

static bool alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool name_match(pp_str f, const char *name)
{
	if (name[0] != '*' && (!f.len || f.s[0] != name[0]))
		return false; /* the header starts with the name, or is it */
	size_t l = strlen(name);
	if (l > 1 && name[l - 1] == '*')
		return f.len >= l - 1 && memcmp(f.s, name, l - 1) == 0 &&
		       (f.len == l - 1 || !alnum(f.s[l - 1]));
	if (l > 1 && name[0] == '*')
		return f.len >= l - 1 && memcmp(f.s + f.len - (l - 1), name + 1, l - 1) == 0 &&
		       (f.len == l - 1 || !alnum(f.s[f.len - l]));
	return f.len == l && memcmp(f.s, name, l) == 0;
}

bool pp_names_match(pp_str f, const char *const *names)
{
	for (int i = 0; f.s && names[i]; i++)
		if (name_match(f, names[i]))
			return true;
	return false;
}

/* The first column matching any of names.  Names are taken one by one,
 * each against the columns before the best so far (the same answer as
 * column by column): a name whose first byte starts no header (most of
 * them) is dropped with one test, not one per column. */
int pp_table_col(const pp_table_node *t, const char *const *names)
{
	const table_x *x = (const table_x *)t;
	if (!t || !names)
		return -1;
	uint32_t best = t->header.n;
	for (int i = 0; names[i]; i++) {
		unsigned char b = (unsigned char)names[i][0];
		if (b != '*' && !pp_byteset_has(&x->firsts, b))
			continue;
		for (uint32_t c = 0; c < best; c++)
			if (x->folded[c].s && name_match(x->folded[c], names[i]))
				best = c;
	}
	return best < t->header.n ? (int)best : -1;
}

/* ---- roles ------------------------------------------------------------- */

static bool is_task_table(const pp_table_node *t)
{
	if (pp_table_col(t, task_cols) >= 0)
		return true;
	return pp_table_col(t, id_cols) >= 0 &&
	       (pp_table_col(t, status_cols) >= 0 || pp_table_col(t, dep_cols) >= 0 ||
	        pp_table_col(t, (const char *const[]){ "estimate*", "estimated*", "effort*",
	                     "hours", "days", "points", "story points", "sp", NULL }) >= 0);
}

static bool is_risk_table(const pp_table_node *t)
{
	int r = pp_table_col(t, risk_heads), id = pp_table_col(t, id_cols);
	if (r < 0 || pp_table_col(t, task_cols) >= 0)
		return false;
	/* the risk column leads (after an ID column), or the table has the
	 * columns of a risk register */
	return r == 0 || (r == 1 && id == 0) || pp_table_col(t, risk_evidence) >= 0;
}

static pp_str table_role(const pp_table_node *t)
{
	const table_x *x = (const table_x *)t;
	if (is_risk_table(t))
		return PP_S("risk");
	if (is_task_table(t))
		return PP_S("tasks");
	if (t->header.n == 2 && pp_names_match(x->folded[0], meta_first))
		return PP_S("meta");
	if (pp_table_col(t, dep_cols) >= 0)
		return PP_S("dependencies");
	return PP_S("other");
}

/* ---- building ---------------------------------------------------------- */

/* A row's first byte: back over the leading `|` and white space. */
static uint32_t row_start(const pp_doc *doc, uint32_t off)
{
	while (off > doc->body && (doc->src[off - 1] == ' ' || doc->src[off - 1] == '\t' ||
	                           doc->src[off - 1] == '|'))
		off--;
	return off;
}

/* The cells of a TR as text, padded with "" to ncols (md4c pads short rows
 * with empty cells already; this is belt and braces). */
static int read_cells(pp_doc *doc, uint32_t tr, uint32_t ncols, pp_list *out)
{
	pp_str *cells = pp_alloc(&doc->arena, (ncols ? ncols : 1) * sizeof *cells);
	if (!cells)
		return PP_ENOMEM;
	uint32_t c = 0;
	for (uint32_t i = doc->blocks[tr].first_child; i != PP_NO && c < ncols;
	     i = doc->blocks[i].next) {
		cells[c] = pp_inl_text(doc, pp_own_inl(doc, &doc->blocks[i]));
		if (!cells[c++].s)
			return PP_ENOMEM;
	}
	for (; c < ncols; c++)
		cells[c] = PP_S("");
	*out = (pp_list){ cells, ncols };
	return 0;
}

/* Folded header names by their text (pp_memo): tables of a document
 * repeat their headers (`ID`, `Task`, `Status`), and the folded names are
 * only read. */
static pp_str fold_name(pp_doc *doc, pp_memo *m, pp_str h)
{
	return pp_memo_str(doc, m, h, pp_key_fold);
}

static int fold_header(pp_doc *doc, pp_memo *m, table_x *x)
{
	const pp_str *h = x->pub.header.items;
	x->folded = pp_alloc(&doc->arena, (x->pub.header.n + 1) * sizeof *x->folded);
	if (!x->folded)
		return PP_ENOMEM;
	for (uint32_t c = 0; c < x->pub.header.n; c++) {
		if (!(x->folded[c] = fold_name(doc, m, h[c])).s)
			return PP_ENOMEM;
		if (x->folded[c].len) {
			pp_byteset_add(&x->firsts, (unsigned char)x->folded[c].s[0]);
		}
	}
	return 0;
}

/* The TRs of a table in order: those of THEAD, then those of TBODY. */
static int collect_rows(pp_doc *doc, uint32_t tb, pp_vec *trs)
{
	for (uint32_t s = doc->blocks[tb].first_child; s != PP_NO; s = doc->blocks[s].next)
		for (uint32_t r = doc->blocks[s].first_child; r != PP_NO; r = doc->blocks[r].next) {
			uint32_t *slot = pp_vec_push(&doc->arena, trs);
			if (!slot)
				return PP_ENOMEM;
			*slot = r;
		}
	return 0;
}

static int add_rows(pp_doc *doc, table_x *x, const uint32_t *trs, uint32_t n, uint32_t ncols)
{
	pp_node **rows = pp_alloc(&doc->arena, (n ? n : 1) * sizeof *rows);
	if (!rows)
		return PP_ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		const pp_block *tr = &doc->blocks[trs[i]];
		row_x *r = pp_node_new(doc, PP_ROW, sizeof *r, row_start(doc, tr->offset), tr->end);
		if (!r || read_cells(doc, trs[i], ncols, &r->pub.cells) < 0)
			return PP_ENOMEM;
		r->pub.n.index = i;
		r->tr = trs[i];
		rows[i] = &r->pub.n;
	}
	x->pub.rows = (pp_list){ rows, n };
	return 0;
}

/* Whether two tables have the same folded header, name for name (what
 * the roles and columns are read from). */
static bool same_header(const table_x *a, const table_x *b)
{
	if (a->pub.header.n != b->pub.header.n)
		return false;
	for (uint32_t c = 0; c < a->pub.header.n; c++) {
		pp_str f = a->folded[c], g = b->folded[c];
		if (f.s != g.s && (f.len != g.len || memcmp(f.s, g.s, f.len) != 0))
			return false;
	}
	return true;
}

/* The first tables of the headers seen, a slot per hash of the header:
 * what is read from a header alone (the role, the columns) is read once
 * per header, not once per table. */
#define HEAD_SLOTS 16

typedef struct head_memo {
	table_x *first[HEAD_SLOTS];
} head_memo;

static table_x *first_of(head_memo *m, table_x *x)
{
	unsigned h = x->pub.header.n;
	for (uint32_t c = 0; c < x->pub.header.n && c < 3; c++) {
		pp_str f = x->folded[c];
		h = h * 31u + f.len * 7u + (f.len ? (unsigned char)f.s[0] : 0);
	}
	table_x **slot = &m->first[h & (HEAD_SLOTS - 1)];
	if (*slot && same_header(*slot, x))
		return *slot;
	*slot = x;
	return x;
}

/* What the table walk keeps from table to table. */
typedef struct table_walk {
	pp_memo names;
	head_memo heads;
} table_walk;

static int make_table(pp_doc *doc, table_walk *w, uint32_t tb)
{
	pp_block *b = &doc->blocks[tb];
	pp_vec trs = PP_VEC(uint32_t);
	int rc = collect_rows(doc, tb, &trs);
	uint32_t ntr = trs.n, *tr = trs.data, ncols = b->aux;
	table_x *x = NULL;
	if (!rc && ntr) {
		x = pp_node_new(doc, PP_TABLE, sizeof *x, row_start(doc, doc->blocks[tr[0]].offset),
		                b->end);
		rc = !x ? PP_ENOMEM : read_cells(doc, tr[0], ncols, &x->pub.header);
	}
	if (!rc && x)
		rc = add_rows(doc, x, tr + 1, ntr - 1, ncols);
	if (!rc && x)
		rc = fold_header(doc, &w->names, x);
	pp_vec_free(&doc->arena, &trs);
	if (rc || !x)
		return rc;
	x->first = first_of(&w->heads, x);
	x->pub.role = x->first != x ? x->first->pub.role : table_role(&x->pub);
	b->node = (int32_t)x->pub.n.index;
	return 0;
}

int pp_tables_find(pp_doc *doc)
{
	table_walk w;
	memset(&w, 0, sizeof w);
	for (uint32_t i = 0; i < doc->nblocks; i++) {
		if (doc->blocks[i].type != MD_BLOCK_TABLE)
			continue;
		int rc = make_table(doc, &w, i);
		if (rc)
			return rc;
		i = pp_subtree_last(doc, i); /* no table in a table */
	}
	return doc->arena.oom ? PP_ENOMEM : 0;
}

/* ---- table tasks ------------------------------------------------------- */

/* Empty, or a dash standing for nothing. */
static bool blank(pp_str s)
{
	static const char *const nothing[] = { "-", "--", "\xE2\x80\x94", "\xE2\x80\x93",
		"n/a", "none", "\xE2\x80\x94\xE2\x80\x94", NULL };
	if (!s.s || !s.len)
		return true;
	if (s.len > 6) /* these match only the same bytes (no case), all short */
		return false;
	/* each starts with '-', 'n' (any case) or 0xE2, which only those match
	 * (pp_match_word: ASCII only ASCII, bar full-width brackets) */
	if (s.s[0] != '-' && (s.s[0] | 0x20) != 'n' && (unsigned char)s.s[0] != 0xE2)
		return false;
	for (int i = 0; nothing[i]; i++)
		if (pp_match_word(s.s, s.len, nothing[i]) == s.len)
			return true;
	return false;
}

static bool blank_row(const pp_row_node *r)
{
	const pp_str *c = r->cells.items;
	for (uint32_t i = 0; i < r->cells.n; i++)
		if (!blank(c[i]))
			return false;
	return true;
}

struct cols {
	int id, text, status, est, owner, deps, prio;
	const char *unit;      /* unit a bare number in the estimate column has */
};
typedef struct cols cols;

/* The unit an estimate column's name carries, as one of its words:
 * `Estimated Hours`, `Days`, `Story Points`, `Effort (h)`. */
static const char *col_unit(pp_str f)
{
	static const struct { const char *word, *unit; } units[] = {
		{ "hours", "h" }, { "hrs", "h" }, { "h", "h" }, { "horas", "h" }, { "stunden", "h" },
		{ "heures", "h" }, { "часы", "h" }, { "часов", "h" }, { "小时", "h" }, { "時間", "h" },
		{ "工时", "h" }, { "days", "d" }, { "d", "d" }, { "tage", "d" }, { "días", "d" },
		{ "dias", "d" }, { "jours", "d" }, { "дни", "d" }, { "дней", "d" }, { "天", "d" },
		{ "人日", "d" }, { "weeks", "w" }, { "w", "w" }, { "wochen", "w" }, { "semanas", "w" },
		{ "points", "points" }, { "pts", "points" }, { "sp", "points" },
		{ "puntos", "points" }, { "pontos", "points" },
	};
	uint32_t i = 0;
	while (i < f.len) {
		uint32_t j = i;
		while (j < f.len && !strchr(" ()[]/,.-", f.s[j]))
			j++;
		for (size_t u = 0; j > i && u < sizeof units / sizeof *units; u++)
			if (units[u].word[0] == f.s[i] && strlen(units[u].word) == j - i &&
			    memcmp(f.s + i, units[u].word, j - i) == 0)
				return units[u].unit;
		i = j + 1;
	}
	return NULL;
}

static int est_col(const table_x *x)
{
	static const char *const est_cols[] = {
		"estimate*", "estimated*", "estimation*", "est.*", "effort*", "*effort", "*estimate",
		"time*", "duration*", "size*", "aufwand*", "schätzung*", "estimación*",
		"estimativa*", "esforço*", "оценка*", "трудозатраты*", "预估*", "估时*", "見積*",
		"工数*", NULL,
	};
	int c = pp_table_col(&x->pub, est_cols);
	for (uint32_t i = 0; c < 0 && i < x->pub.header.n; i++)
		if (col_unit(x->folded[i]))
			c = (int)i;
	return c;
}

static void find_cols(const table_x *x, cols *c)
{
	const pp_table_node *t = &x->pub;
	c->id = pp_table_col(t, id_cols);
	c->status = pp_table_col(t, status_cols);
	c->owner = pp_table_col(t, owner_cols);
	c->deps = pp_table_col(t, dep_cols);
	c->prio = pp_table_col(t, priority_cols);
	c->est = est_col(x);
	c->unit = c->est >= 0 ? col_unit(x->folded[c->est]) : NULL;
	c->text = -1;
	for (uint32_t i = 0; c->text < 0 && i < t->header.n; i++)
		if ((int)i != c->id && pp_names_match(x->folded[i], task_cols))
			c->text = (int)i;
	for (uint32_t i = 0; c->text < 0 && i < t->header.n; i++)
		if ((int)i != c->id && pp_names_match(x->folded[i], title_cols))
			c->text = (int)i;
	/* else the first column that no other field reads; none: the ID cell
	 * stands for the task (`| Task ID | Depends On |`) */
	for (int i = 0; c->text < 0 && i < (int)t->header.n; i++)
		if (i != c->id && i != c->status && i != c->est && i != c->owner &&
		    i != c->deps && i != c->prio)
			c->text = i;
	if (c->text < 0)
		c->text = c->id;
}

static pp_str cell(const pp_row_node *r, int c)
{
	return c >= 0 && (uint32_t)c < r->cells.n ? ((const pp_str *)r->cells.items)[c] : PP_NULLSTR;
}

/* The block of cell c of a TR, or PP_NO. */
static uint32_t cell_block(const pp_doc *doc, uint32_t tr, int c)
{
	uint32_t i = doc->blocks[tr].first_child;
	for (int k = 0; i != PP_NO && k < c; k++)
		i = doc->blocks[i].next;
	return i;
}

/* The text of a strong span that opens a cell (`**Cutover overrun** - ...`). */
static pp_str lead_bold(pp_doc *doc, uint32_t tr, int c)
{
	uint32_t cb = c >= 0 ? cell_block(doc, tr, c) : PP_NO;
	if (cb == PP_NO)
		return PP_NULLSTR;
	pp_inl r = pp_own_inl(doc, &doc->blocks[cb]);
	if (r.ee <= r.eb || doc->events[r.eb].kind != EV_ENTER ||
	    doc->events[r.eb].type != MD_SPAN_STRONG)
		return PP_NULLSTR;
	uint32_t depth = 0, k;
	for (k = r.eb; k < r.ee; k++) {
		depth += doc->events[k].kind == EV_ENTER;
		if (doc->events[k].kind == EV_LEAVE && --depth == 0)
			break;
	}
	return pp_text(doc, r.eb + 1, k, 0, UINT32_MAX);
}

static pp_str strip_title(pp_doc *doc, pp_str t)
{
	bool ph;
	size_t k = pp_id_token(t.s, t.len, &ph);
	const char *est;
	size_t el;
	while (k < t.len && strchr(" :-.", t.s[k]))
		k++;
	t = (pp_str){ t.s + k, t.len - (uint32_t)k };
	t.len -= (uint32_t)pp_estimate_suffix(t.s, t.len, &est, &el);
	t = pp_str_trim(t);
	while (t.len && strchr(" :-", t.s[t.len - 1]))
		t.len--;
	return t.len ? pp_str_dup(doc, t.s, t.len) : PP_NULLSTR;
}

/* An estimate cell: the value itself, or a bare number in a column whose
 * name carries the unit (`Estimated Hours` | `6`). */
static pp_estimate_node *cell_estimate(pp_doc *doc, pp_str v, const char *unit,
                                       const pp_node *at)
{
	if (blank(v))
		return NULL;
	pp_estimate_node *e = pp_estimate_parse(doc, v.s, v.len, at->offset, at->end);
	if (e || !unit || v.len > 64)
		return e;
	char buf[80];
	int n = snprintf(buf, sizeof buf, "%.*s %s", (int)v.len, v.s, unit);
	e = pp_estimate_parse(doc, buf, (size_t)n, at->offset, at->end);
	if (e)
		e->raw = pp_str_dup(doc, v.s, v.len);
	return e;
}

/* Adds one dependency; a trailing `(note)` is dropped, and a part that is
 * then empty or a dash (`— (parallel track)`) is none. */
static int push_dep(pp_doc *doc, pp_vec *v, pp_str s)
{
	s = pp_str_trim(s);
	if (s.len && s.s[s.len - 1] == ')') {
		const char *open = NULL;
		for (uint32_t i = 0; i < s.len; i++)
			if (s.s[i] == '(')
				open = s.s + i;
		if (open)
			s = pp_str_trim((pp_str){ s.s, (uint32_t)(open - s.s) });
	}
	if (blank(s))
		return 0;
	pp_str *slot = pp_vec_push(&doc->arena, v);
	if (!slot)
		return PP_ENOMEM;
	*slot = pp_str_dup(doc, s.s, s.len);
	return 0;
}

/* Splits a depends-on cell at commas and semicolons (`T001, T002`), and a
 * part made only of IDs at spaces (`T001 T002`). */
static int split_deps(pp_doc *doc, pp_str v, pp_vec *out)
{
	v = pp_str_trim(v);
	if (v.len >= 2 && v.s[0] == '[' && v.s[v.len - 1] == ']')
		v = (pp_str){ v.s + 1, v.len - 2 };
	uint32_t b = 0;
	for (uint32_t i = 0; i <= v.len; i++) {
		bool sep = i == v.len || v.s[i] == ',' || v.s[i] == ';' ||
			(i + 3 <= v.len && (memcmp(v.s + i, "\xE3\x80\x81", 3) == 0 ||  /* 、 */
			                    memcmp(v.s + i, "\xEF\xBC\x8C", 3) == 0));  /* ， */
		if (!sep)
			continue;
		pp_str part = pp_str_trim((pp_str){ v.s + b, i - b });
		bool ph, ids = part.len > 0;
		for (uint32_t k = 0; ids && k < part.len;) {
			size_t l = pp_id_token(part.s + k, part.len - k, &ph);
			ids = l > 0 && (k + l == part.len || part.s[k + l] == ' ');
			for (k += (uint32_t)l; k < part.len && part.s[k] == ' '; k++)
				;
		}
		for (uint32_t k = 0, w = 0; ids && k <= part.len; k++)
			if (k == part.len || part.s[k] == ' ') {
				if (k > w && push_dep(doc, out, (pp_str){ part.s + w, k - w }) < 0)
					return PP_ENOMEM;
				w = k + 1;
			}
		if (!ids && push_dep(doc, out, part) < 0)
			return PP_ENOMEM;
		b = i + (i < v.len && (unsigned char)v.s[i] >= 0x80 ? 3 : 1);
		i = b - 1;
	}
	return 0;
}

static void set_id(pp_doc *doc, pp_task_node *t, pp_str idcell)
{
	bool ph = false;
	size_t k, len = 0;
	pp_str id = PP_NULLSTR;
	if (!blank(idcell)) {
		id = pp_str_trim(idcell);
		ph = pp_id_token(id.s, id.len, &ph) == id.len ? ph : pp_is_placeholder(id.s, id.len);
	} else if ((k = pp_id_token(t->text.s, t->text.len, &ph)) > 0) {
		id = (pp_str){ t->text.s, (uint32_t)k };
	} else if ((k = pp_id_inside(t->text.s, t->text.len, &len, &ph)) < t->text.len) {
		id = (pp_str){ t->text.s + k, (uint32_t)len };
	}
	if (!id.s)
		return;
	t->id = pp_str_dup(doc, id.s, id.len);
	t->id_placeholder = ph;
	if (ph)
		pp_diag(doc, "placeholder", "info", t->n.offset,
			"task ID '%s' is a template placeholder", t->id.s ? t->id.s : "");
}

static const char *state_of(pp_doc *doc, pp_str v)
{
	if (blank(v))
		return "none";
	const char *w = pp_status_word(doc, v.s, v.len);
	return w ? w : "unknown";
}

/* A cell's value, else what read(text) finds in the task's text (read
 * only when the cell is blank). */
static pp_str text_or(pp_doc *doc, pp_str cellv, pp_str (*read)(const char *, size_t),
                      pp_str text)
{
	if (!blank(cellv))
		return pp_str_dup(doc, cellv.s, cellv.len);
	pp_str fallback = read(text.s, text.len);
	return fallback.s ? pp_str_dup(doc, fallback.s, fallback.len) : PP_NULLSTR;
}

static int row_task(pp_doc *doc, const row_x *r, const cols *c, int32_t phase)
{
	pp_task_node *t = pp_node_new(doc, PP_TASK, sizeof *t, r->pub.n.offset, r->pub.n.end);
	if (!t)
		return PP_ENOMEM;
	t->from_table = true;
	t->parent = -1;
	t->phase = phase;
	t->mark_offset = PP_NULL;
	t->text = cell(&r->pub, c->text);
	set_id(doc, t, cell(&r->pub, c->id));
	pp_str bold = lead_bold(doc, r->tr, c->text);
	t->title = strip_title(doc, bold.len ? bold : t->text);
	t->state = state_of(doc, cell(&r->pub, c->status));
	t->estimate = cell_estimate(doc, cell(&r->pub, c->est), c->unit, &t->n);
	if (c->est < 0)
		pp_estimate_tail(doc, t->text.s, t->text.len, t->n.offset, t->n.end, &t->estimate);
	pp_str own = cell(&r->pub, c->owner);
	if (own.len > 1 && own.s[0] == '@') /* `@ana` in a cell: the name, as in lists */
		own.s++, own.len--;
	t->owner = text_or(doc, own, pp_owner, t->text);
	t->priority = text_or(doc, cell(&r->pub, c->prio), pp_priority, t->text);
	pp_vec deps = PP_VEC(pp_str);
	if (c->deps >= 0 && split_deps(doc, cell(&r->pub, c->deps), &deps) < 0)
		return PP_ENOMEM;
	uint32_t nd = deps.n;
	t->depends_on = (pp_list){ pp_vec_seal(&doc->arena, &deps), nd };
	if (!t->depends_on.items)
		t->depends_on.n = 0;
	return doc->arena.oom ? PP_ENOMEM : 0;
}

/* The task columns of a table: those of the table first_of() gave it,
 * read once. */
static void columns_of(pp_doc *doc, table_x *x, cols *c)
{
	table_x *f = x->first;
	if (f->cols) {
		*c = *f->cols;
		return;
	}
	find_cols(f, c);
	if ((f->cols = pp_alloc(&doc->arena, sizeof *f->cols)) != NULL)
		*f->cols = *c;
}

const pp_table_node *pp_table_first(const pp_table_node *t)
{
	return &((const table_x *)t)->first->pub;
}

int pp_table_tasks(pp_doc *doc, pp_table_node *t, int32_t phase)
{
	cols c;
	if (!t)
		return 0;
	columns_of(doc, (table_x *)t, &c);
	for (uint32_t i = 0; i < t->rows.n; i++) {
		const row_x *r = ((row_x *const *)t->rows.items)[i];
		if (blank_row(&r->pub))
			continue;
		int rc = row_task(doc, r, &c, phase);
		if (rc)
			return rc;
	}
	return 0;
}

int pp_table_status_col(const pp_table_node *t)
{
	return pp_table_col(t, status_cols);
}
