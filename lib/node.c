/*
 * node.c: the public accessors.  One table lists each kind's fields in
 * JSON order; pp_get() reads any field of any node.  The JSON writer walks
 * the same table, so the C API and the JSON cannot disagree.
 */
#include "internal.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

static const char *const kind_names[PP_KIND_COUNT] = {
	"none", "document", "meta", "section", "phase", "task", "checkbox", "risk",
	"table", "dependency", "diagnostic", "status", "estimate", "level",
	"progress", "row",
};

static const char *const field_names[PP_F_COUNT] = {
	"none", "index", "line", "column", "offset", "end",
	"title", "status", "progress",
	"key", "name", "value", "options", "placeholder", "scope", "raw",
	"level", "text",
	"kind", "number", "ordinal", "heading", "parent",
	"estimate", "task_estimate", "tasks",
	"id", "state", "mark_offset", "parallel", "tags",
	"priority", "owner", "depends_on", "attrs", "phase", "source",
	"mark", "role", "section", "task",
	"risk", "probability", "impact", "mitigation", "cells", "table",
	"header", "rows",
	"from", "to", "resolved",
	"code", "severity", "message",
	"min_hours", "max_hours", "points", "score",
	"done", "total", "cancelled", "in_progress", "percent",
	"path", "bytes", "lines",
};

#define SPAN PP_F_LINE, PP_F_COLUMN, PP_F_OFFSET, PP_F_END

static const pp_field f_document[] = { PP_F_TITLE, PP_F_STATUS, PP_F_PROGRESS, 0 };
static const pp_field f_meta[] = { PP_F_KEY, PP_F_NAME, PP_F_VALUE, PP_F_OPTIONS,
	PP_F_PLACEHOLDER, PP_F_SCOPE, SPAN, 0 };
static const pp_field f_section[] = { PP_F_LEVEL, PP_F_TEXT, PP_F_LINE, 0 };
static const pp_field f_phase[] = { PP_F_INDEX, PP_F_KIND, PP_F_NUMBER, PP_F_ORDINAL,
	PP_F_TITLE, PP_F_HEADING, PP_F_LEVEL, SPAN, PP_F_PARENT, PP_F_STATUS,
	PP_F_ESTIMATE, PP_F_TASK_ESTIMATE, PP_F_TASKS, PP_F_PROGRESS, 0 };
static const pp_field f_task[] = { PP_F_INDEX, PP_F_ID, PP_F_TEXT, PP_F_TITLE,
	PP_F_STATE, PP_F_MARK_OFFSET, PP_F_PARALLEL, PP_F_TAGS, PP_F_PRIORITY,
	PP_F_ESTIMATE, PP_F_OWNER, PP_F_DEPENDS_ON, PP_F_ATTRS, PP_F_PARENT,
	PP_F_PHASE, SPAN, PP_F_SOURCE, 0 };
static const pp_field f_checkbox[] = { PP_F_INDEX, PP_F_STATE, PP_F_MARK,
	PP_F_MARK_OFFSET, PP_F_TEXT, PP_F_ROLE, PP_F_SECTION, PP_F_PHASE, PP_F_TASK,
	SPAN, 0 };
static const pp_field f_risk[] = { PP_F_RISK, PP_F_PROBABILITY, PP_F_IMPACT,
	PP_F_MITIGATION, PP_F_OWNER, PP_F_STATUS, PP_F_ID, PP_F_CELLS, PP_F_TABLE,
	PP_F_LINE, 0 };
static const pp_field f_table[] = { PP_F_HEADER, PP_F_ROWS, PP_F_ROLE, PP_F_LINE, 0 };
static const pp_field f_dep[] = { PP_F_FROM, PP_F_TO, PP_F_SOURCE, PP_F_LINE,
	PP_F_RESOLVED, 0 };
static const pp_field f_diag[] = { PP_F_CODE, PP_F_SEVERITY, PP_F_MESSAGE,
	PP_F_LINE, PP_F_COLUMN, PP_F_OFFSET, 0 };
static const pp_field f_status[] = { PP_F_RAW, PP_F_VALUE, PP_F_OPTIONS,
	PP_F_PLACEHOLDER, PP_F_LINE, 0 };
static const pp_field f_estimate[] = { PP_F_RAW, PP_F_MIN_HOURS, PP_F_MAX_HOURS,
	PP_F_POINTS, PP_F_PLACEHOLDER, 0 };
static const pp_field f_level[] = { PP_F_RAW, PP_F_LEVEL, PP_F_SCORE,
	PP_F_PLACEHOLDER, 0 };
static const pp_field f_progress[] = { PP_F_DONE, PP_F_TOTAL, PP_F_CANCELLED,
	PP_F_IN_PROGRESS, PP_F_PERCENT, 0 };
static const pp_field f_row[] = { PP_F_CELLS, 0 };
static const pp_field f_none[] = { 0 };

const pp_field *pp_kind_fields(pp_kind kind)
{
	switch (kind) {
	case PP_DOCUMENT: return f_document;
	case PP_META: return f_meta;
	case PP_SECTION: return f_section;
	case PP_PHASE: return f_phase;
	case PP_TASK: return f_task;
	case PP_CHECKBOX: return f_checkbox;
	case PP_RISK: return f_risk;
	case PP_TABLE: return f_table;
	case PP_DEPENDENCY: return f_dep;
	case PP_DIAGNOSTIC: return f_diag;
	case PP_STATUS: return f_status;
	case PP_ESTIMATE: return f_estimate;
	case PP_LEVEL: return f_level;
	case PP_PROGRESS: return f_progress;
	case PP_ROW: return f_row;
	default: return f_none;
	}
}

const char *pp_kind_name(pp_kind kind)
{
	return kind > PP_NONE && kind < PP_KIND_COUNT ? kind_names[kind] : "none";
}

const char *pp_field_name(pp_field field)
{
	return field > PP_F_NONE && field < PP_F_COUNT ? field_names[field] : "none";
}

/* ---- typed setters for pp_get ------------------------------------------ */

static void v_str(pp_value *v, pp_str s)
{
	v->type = s.s ? PP_V_STR : PP_V_NULL;
	v->str = s;
}

/* A static NUL-terminated string (or NULL). */
static void v_cstr(pp_value *v, const char *s)
{
	v_str(v, s ? (pp_str){ s, (uint32_t)strlen(s) } : PP_NULLSTR);
}

static void v_int(pp_value *v, int64_t i)
{
	v->type = i == PP_NULL ? PP_V_NULL : PP_V_INT;
	v->i = i;
}

static void v_idx(pp_value *v, int32_t i) /* -1 is null */
{
	v_int(v, i < 0 ? PP_NULL : i);
}

static void v_bool(pp_value *v, bool b)
{
	v->type = PP_V_BOOL;
	v->i = b;
}

static void v_num(pp_value *v, double d)
{
	v->type = isnan(d) ? PP_V_NULL : PP_V_NUM;
	v->d = d;
}

static void v_node(pp_value *v, const void *n)
{
	v->type = n ? PP_V_NODE : PP_V_NULL;
	v->node = n;
}

static void v_list(pp_value *v, pp_vtype t, pp_list l)
{
	v->type = t;
	v->list = l;
}

/* ---- per-kind fields --------------------------------------------------- */

static void get_phase(const pp_phase_node *p, pp_field f, pp_value *v)
{
	switch (f) {
	case PP_F_KIND: v_str(v, p->kind); break;
	case PP_F_NUMBER: v_str(v, p->number); break;
	case PP_F_ORDINAL: v_int(v, p->ordinal); break;
	case PP_F_TITLE: v_str(v, p->title); break;
	case PP_F_HEADING: v_str(v, p->heading); break;
	case PP_F_LEVEL: v_int(v, p->level); break;
	case PP_F_PARENT: v_idx(v, p->parent); break;
	case PP_F_STATUS: v_node(v, p->status); break;
	case PP_F_ESTIMATE: v_node(v, p->estimate); break;
	case PP_F_TASK_ESTIMATE: v_node(v, p->task_estimate); break;
	case PP_F_TASKS: v_list(v, PP_V_LINT, p->tasks); break;
	case PP_F_PROGRESS: v_node(v, &p->progress); break;
	default: break;
	}
}

static void get_task(const pp_task_node *t, pp_field f, pp_value *v)
{
	switch (f) {
	case PP_F_ID: v_str(v, t->id); break;
	case PP_F_TEXT: v_str(v, t->text); break;
	case PP_F_TITLE: v_str(v, t->title); break;
	case PP_F_STATE: v_cstr(v, t->state); break;
	case PP_F_MARK_OFFSET: v_int(v, t->mark_offset); break;
	case PP_F_PARALLEL: v_bool(v, t->parallel); break;
	case PP_F_TAGS: v_list(v, PP_V_LSTR, t->tags); break;
	case PP_F_PRIORITY: v_str(v, t->priority); break;
	case PP_F_ESTIMATE: v_node(v, t->estimate); break;
	case PP_F_OWNER: v_str(v, t->owner); break;
	case PP_F_DEPENDS_ON: v_list(v, PP_V_LSTR, t->depends_on); break;
	case PP_F_ATTRS: v_list(v, PP_V_LNODE, t->attrs); break;
	case PP_F_PARENT: v_idx(v, t->parent); break;
	case PP_F_PHASE: v_idx(v, t->phase); break;
	case PP_F_SOURCE: v_cstr(v, t->from_table ? "table" : "list"); break;
	case PP_F_KEY: v_str(v, pp_key_of(t->doc, PP_TASK, t->n.index)); break; /* no JSON */
	default: break;
	}
}

static void get_checkbox(const pp_checkbox_node *c, pp_field f, pp_value *v)
{
	switch (f) {
	case PP_F_STATE: v_cstr(v, pp_mark_state(c->mark)); break;
	case PP_F_MARK: v_str(v, pp_mark_string(c->mark)); break;
	case PP_F_MARK_OFFSET: v_int(v, c->mark_offset); break;
	case PP_F_TEXT: v_str(v, c->text); break;
	case PP_F_ROLE: v_cstr(v, c->criteria ? "criteria" : "task"); break;
	case PP_F_SECTION: v_str(v, c->section); break;
	case PP_F_PHASE: v_idx(v, c->phase); break;
	case PP_F_TASK: v_idx(v, c->task); break;
	case PP_F_KEY: v_str(v, pp_key_of(c->doc, PP_CHECKBOX, c->n.index)); break; /* no JSON */
	default: break;
	}
}

static void get_risk(const pp_risk_node *r, pp_field f, pp_value *v)
{
	switch (f) {
	case PP_F_RISK: v_str(v, r->risk); break;
	case PP_F_PROBABILITY: v_node(v, r->probability); break;
	case PP_F_IMPACT: v_node(v, r->impact); break;
	case PP_F_MITIGATION: v_str(v, r->mitigation); break;
	case PP_F_OWNER: v_str(v, r->owner); break;
	case PP_F_STATUS: v_str(v, r->status); break;
	case PP_F_ID: v_str(v, r->id); break;
	case PP_F_CELLS: v_list(v, PP_V_LSTR, r->cells); break;
	case PP_F_TABLE: v_idx(v, r->table); break;
	default: break;
	}
}

static void get_small(const pp_node *n, pp_field f, pp_value *v)
{
	switch (n->kind) {
	case PP_DOCUMENT: {
		const pp_document_node *d = (const void *)n;
		/* the root lives inside its document: the source facts are there */
		const pp_doc *doc = (const pp_doc *)((const char *)d - offsetof(pp_doc, root));
		if (f == PP_F_TITLE) v_str(v, d->title);
		if (f == PP_F_STATUS) v_node(v, d->status);
		if (f == PP_F_PROGRESS) v_node(v, &d->progress);
		if (f == PP_F_PATH) v_str(v, doc->path);
		if (f == PP_F_BYTES) v_int(v, doc->len);
		if (f == PP_F_LINES) v_int(v, doc->line_count);
		break;
	}
	case PP_META: {
		const pp_meta_node *m = (const void *)n;
		if (f == PP_F_KEY) v_str(v, m->key);
		if (f == PP_F_NAME) v_str(v, m->name);
		if (f == PP_F_VALUE) v_str(v, m->value);
		if (f == PP_F_OPTIONS) v_list(v, PP_V_LSTR, m->options);
		if (f == PP_F_PLACEHOLDER) v_bool(v, m->placeholder);
		if (f == PP_F_SCOPE) v_idx(v, m->scope);
		break;
	}
	case PP_SECTION: {
		const pp_section_node *s = (const void *)n;
		if (f == PP_F_LEVEL) v_int(v, s->level);
		if (f == PP_F_TEXT) v_str(v, s->text);
		break;
	}
	case PP_TABLE: {
		const pp_table_node *t = (const void *)n;
		if (f == PP_F_HEADER) v_list(v, PP_V_LSTR, t->header);
		if (f == PP_F_ROWS) v_list(v, PP_V_LNODE, t->rows);
		if (f == PP_F_ROLE) v_str(v, t->role);
		break;
	}
	case PP_ROW:
		if (f == PP_F_CELLS) v_list(v, PP_V_LSTR, ((const pp_row_node *)n)->cells);
		break;
	case PP_DEPENDENCY: {
		const pp_dep_node *d = (const void *)n;
		if (f == PP_F_FROM) v_str(v, d->from);
		if (f == PP_F_TO) v_str(v, d->to);
		if (f == PP_F_SOURCE) v_str(v, d->source);
		if (f == PP_F_RESOLVED) v_bool(v, d->resolved);
		break;
	}
	case PP_DIAGNOSTIC: {
		const pp_diag_node *d = (const void *)n;
		if (f == PP_F_CODE) v_str(v, d->code);
		if (f == PP_F_SEVERITY) v_str(v, d->severity);
		if (f == PP_F_MESSAGE) v_str(v, d->message);
		break;
	}
	default:
		break;
	}
}

static void get_value(const pp_node *n, pp_field f, pp_value *v)
{
	switch (n->kind) {
	case PP_STATUS: {
		const pp_status_node *s = (const void *)n;
		if (f == PP_F_RAW) v_str(v, s->raw);
		if (f == PP_F_VALUE) v_str(v, s->value);
		if (f == PP_F_OPTIONS) v_list(v, PP_V_LSTR, s->options);
		if (f == PP_F_PLACEHOLDER) v_bool(v, s->placeholder);
		break;
	}
	case PP_ESTIMATE: {
		const pp_estimate_node *e = (const void *)n;
		if (f == PP_F_RAW) v_str(v, e->raw);
		if (f == PP_F_MIN_HOURS) v_num(v, e->min_hours);
		if (f == PP_F_MAX_HOURS) v_num(v, e->max_hours);
		if (f == PP_F_POINTS) v_num(v, e->points);
		if (f == PP_F_PLACEHOLDER) v_bool(v, e->placeholder);
		break;
	}
	case PP_LEVEL: {
		const pp_level_node *l = (const void *)n;
		if (f == PP_F_RAW) v_str(v, l->raw);
		if (f == PP_F_LEVEL) v_str(v, l->level);
		if (f == PP_F_SCORE) v_num(v, l->score);
		if (f == PP_F_PLACEHOLDER) v_bool(v, l->placeholder);
		break;
	}
	case PP_PROGRESS: {
		const pp_progress_node *p = (const void *)n;
		if (f == PP_F_DONE) v_int(v, p->done);
		if (f == PP_F_TOTAL) v_int(v, p->total);
		if (f == PP_F_CANCELLED) v_int(v, p->cancelled);
		if (f == PP_F_IN_PROGRESS) v_int(v, p->in_progress);
		if (f == PP_F_PERCENT) v_int(v, p->total ? p->done * 100 / p->total : PP_NULL);
		break;
	}
	default:
		get_small(n, f, v);
	}
}

void pp_get(const pp_node *n, pp_field f, pp_value *v)
{
	memset(v, 0, sizeof *v);
	if (!n)
		return;
	switch (f) { /* the span fields are common to every node */
	case PP_F_INDEX: v_int(v, n->index); return;
	case PP_F_LINE: v_int(v, n->line); return;
	case PP_F_COLUMN: v_int(v, n->column); return;
	case PP_F_OFFSET: v_int(v, n->offset); return;
	case PP_F_END: v_int(v, n->end); return;
	default: break;
	}
	switch (n->kind) {
	case PP_PHASE: get_phase((const void *)n, f, v); break;
	case PP_TASK: get_task((const void *)n, f, v); break;
	case PP_CHECKBOX: get_checkbox((const void *)n, f, v); break;
	case PP_RISK: get_risk((const void *)n, f, v); break;
	default: get_value(n, f, v); break;
	}
}

/* ---- public accessors -------------------------------------------------- */

const pp_node *pp_doc_root(const pp_doc *doc)
{
	return doc ? &doc->root.n : NULL;
}

size_t pp_doc_count(const pp_doc *doc, pp_kind kind)
{
	if (!doc || kind < PP_META || kind > PP_DIAGNOSTIC)
		return 0;
	return doc->counts[kind];
}

const pp_node *pp_doc_get(const pp_doc *doc, pp_kind kind, size_t index)
{
	return index < pp_doc_count(doc, kind) ? doc->lists[kind][index] : NULL;
}

pp_kind pp_node_kind(const pp_node *node)
{
	return node ? (pp_kind)node->kind : PP_NONE;
}

const char *pp_node_str(const pp_node *node, pp_field field, size_t *len)
{
	pp_value v;
	pp_get(node, field, &v);
	if (len)
		*len = v.type == PP_V_STR ? v.str.len : 0;
	return v.type == PP_V_STR ? v.str.s : NULL;
}

int64_t pp_node_int(const pp_node *node, pp_field field)
{
	pp_value v;
	pp_get(node, field, &v);
	return v.type == PP_V_INT || v.type == PP_V_BOOL ? v.i : PP_NULL;
}

double pp_node_num(const pp_node *node, pp_field field)
{
	pp_value v;
	pp_get(node, field, &v);
	return v.type == PP_V_NUM ? v.d : v.type == PP_V_INT ? (double)v.i : NAN;
}

const pp_node *pp_node_child(const pp_node *node, pp_field field)
{
	pp_value v;
	pp_get(node, field, &v);
	return v.type == PP_V_NODE ? v.node : NULL;
}

size_t pp_node_list_count(const pp_node *node, pp_field field)
{
	pp_value v;
	pp_get(node, field, &v);
	return v.type >= PP_V_LSTR ? v.list.n : 0;
}

const char *pp_node_list_str(const pp_node *node, pp_field field, size_t i, size_t *len)
{
	pp_value v;
	pp_get(node, field, &v);
	bool ok = v.type == PP_V_LSTR && i < v.list.n;
	const pp_str *s = ok ? &((const pp_str *)v.list.items)[i] : NULL;
	if (len)
		*len = s ? s->len : 0;
	return s ? s->s : NULL;
}

int64_t pp_node_list_int(const pp_node *node, pp_field field, size_t i)
{
	pp_value v;
	pp_get(node, field, &v);
	return v.type == PP_V_LINT && i < v.list.n ? ((const int32_t *)v.list.items)[i] : PP_NULL;
}

const pp_node *pp_node_list_node(const pp_node *node, pp_field field, size_t i)
{
	pp_value v;
	pp_get(node, field, &v);
	return v.type == PP_V_LNODE && i < v.list.n ? ((pp_node *const *)v.list.items)[i] : NULL;
}
