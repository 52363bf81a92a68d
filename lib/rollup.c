/*
 * rollup.c: what needs the whole tree: the title, the document's and each
 * phase's status, each phase's top-level tasks, progress over checkboxes,
 * and the estimate sums.
 */
#include "internal.h"

#include <math.h>
#include <md4c.h>
#include <string.h>

static void set_title(pp_doc *doc)
{
	for (uint32_t i = 0; i < pp_built_count(doc, PP_SECTION); i++) {
		const pp_section_node *s = (const pp_section_node *)pp_built(doc, PP_SECTION, i);
		if (s->level == 1) {
			doc->root.title = s->text;
			if (s->text.s && pp_is_placeholder(s->text.s, s->text.len))
				pp_diag(doc, "placeholder", "info", s->n.offset,
					"document title '%s' is a template placeholder", s->text.s);
			return;
		}
	}
	doc->root.title = doc->fm_title;
}

/* The first status header of each scope: the document's, each phase's. */
static int set_statuses(pp_doc *doc)
{
	bool doc_done = false;
	int rc = pp_sort_built(doc, PP_META);
	if (rc)
		return rc;
	for (uint32_t i = 0; i < pp_built_count(doc, PP_META); i++) {
		const pp_meta_node *m = (const pp_meta_node *)pp_built(doc, PP_META, i);
		if (!m->name.s || !pp_is_status_key(m->name.s, m->name.len))
			continue;
		pp_phase_node *p = m->scope >= 0 ? (pp_phase_node *)pp_built(doc, PP_PHASE, (uint32_t)m->scope) : NULL;
		/* a heading's own mark counts only when no header says otherwise */
		bool from_heading = p && p->status && p->status->n.offset == p->n.offset;
		if ((p && p->status && !from_heading) || (!p && doc_done))
			continue; /* the scope already has its first status header */
		pp_str raw = m->raw.s ? m->raw : m->value.s ? m->value : PP_S("");
		pp_status_node *st = pp_status_make(doc, raw, m->n.offset, m->n.end);
		if (!st)
			return PP_ENOMEM;
		if (p)
			p->status = st;
		else
			doc->root.status = st, doc_done = true;
	}
	return 0;
}

/* Each phase lists its own top-level tasks (counting pass, then fill).
 * Indices stay in range: the lists being built are read directly. */
static int set_phase_tasks(pp_doc *doc)
{
	pp_phase_node *const *ps = doc->build[PP_PHASE].data;
	const pp_task_node *const *ts = doc->build[PP_TASK].data;
	uint32_t np = pp_built_count(doc, PP_PHASE), nt = pp_built_count(doc, PP_TASK);
	for (uint32_t i = 0; i < nt; i++)
		if (ts[i]->phase >= 0 && ts[i]->parent < 0)
			ps[ts[i]->phase]->tasks.n++;
	for (uint32_t i = 0; i < np; i++) {
		pp_phase_node *p = ps[i];
		if (p->tasks.n && !(p->tasks.items = pp_alloc(&doc->arena, p->tasks.n * sizeof(int32_t))))
			return PP_ENOMEM;
		p->tasks.n = 0;
	}
	for (uint32_t i = 0; i < nt; i++) {
		if (ts[i]->phase < 0 || ts[i]->parent >= 0)
			continue;
		pp_phase_node *p = ps[ts[i]->phase];
		((int32_t *)p->tasks.items)[p->tasks.n++] = (int32_t)i;
	}
	return 0;
}

/* What a checkbox adds to a progress node, by the class of its mark. */
static void count(pp_progress_node *p, pp_mark_class kind)
{
	if (kind == PP_MARK_CANCELLED) {
		p->cancelled++;
		return;
	}
	p->total++;
	p->done += kind == PP_MARK_DONE;
	p->in_progress += kind == PP_MARK_IN_PROGRESS;
}

/* Progress over checkboxes: each counts in its phase and every phase that
 * encloses it (phases nest at most six deep, one per heading level).  The
 * loops stay in range, so they read the lists being built directly. */
static void set_progress(pp_doc *doc)
{
	pp_phase_node *const *ps = doc->build[PP_PHASE].data;
	const pp_checkbox_node *const *cs = doc->build[PP_CHECKBOX].data;
	uint32_t np = pp_built_count(doc, PP_PHASE), nc = pp_built_count(doc, PP_CHECKBOX);
	doc->root.progress.n.kind = PP_PROGRESS;
	for (uint32_t i = 0; i < np; i++)
		ps[i]->progress.n.kind = PP_PROGRESS;
	for (uint32_t i = 0; i < nc; i++) {
		pp_mark_class kind = pp_mark_class_of(cs[i]->mark);
		count(&doc->root.progress, kind);
		for (int32_t p = cs[i]->phase; p >= 0; p = ps[p]->parent)
			count(&ps[p]->progress, kind);
	}
}

/* task_estimate: the sum over the tasks of a phase's whole extent. */
static int set_task_estimates(pp_doc *doc)
{
	pp_phase_node *const *ps = doc->build[PP_PHASE].data;
	const pp_task_node *const *ts = doc->build[PP_TASK].data;
	for (uint32_t i = 0; i < pp_built_count(doc, PP_TASK); i++) {
		const pp_estimate_node *e = ts[i]->estimate;
		if (!e || e->placeholder)
			continue;
		for (int32_t p = ts[i]->phase; p >= 0;) {
			pp_phase_node *ph = ps[p];
			pp_estimate_node *s = ph->task_estimate;
			if (!s) {
				s = ph->task_estimate = pp_node_new(doc, PP_ESTIMATE, sizeof *s, ph->n.offset, ph->n.end);
				if (!s)
					return PP_ENOMEM;
				s->min_hours = s->max_hours = s->points = NAN;
			}
			if (!isnan(e->min_hours))
				s->min_hours = (isnan(s->min_hours) ? 0 : s->min_hours) + e->min_hours;
			if (!isnan(e->max_hours))
				s->max_hours = (isnan(s->max_hours) ? 0 : s->max_hours) + e->max_hours;
			if (!isnan(e->points))
				s->points = (isnan(s->points) ? 0 : s->points) + e->points;
			p = ph->parent;
		}
	}
	return 0;
}

/* A phase's own estimate from its meta (`**Estimated Time**: 2-3 days`)
 * when its heading has none: the first such entry in the phase's scope. */
static int set_phase_estimates(pp_doc *doc)
{
	static const char *const names[] = { "estimate", "estimated", "estimated_time",
		"estimated_effort", "estimated_duration", "estimated_hours", "duration_estimate",
		"time_estimate", "effort_estimate", "effort", "duration", "time", "est", "eta", NULL };
	for (uint32_t i = 0; i < pp_built_count(doc, PP_META); i++) {
		const pp_meta_node *m = (const pp_meta_node *)pp_built(doc, PP_META, i);
		if (m->scope < 0 || !m->name.s || !(m->raw.s || m->value.s))
			continue;
		char c = m->name.s[0];
		if (c != 'e' && c != 'd' && c != 't')
			continue; /* the first bytes of names: most entries (status, owner) have others */
		pp_phase_node *p = (pp_phase_node *)pp_built(doc, PP_PHASE, (uint32_t)m->scope);
		bool known = false;
		for (int k = 0; names[k] && !known; k++) /* first bytes first: most differ */
			known = names[k][0] == m->name.s[0] && strcmp(names[k], m->name.s) == 0;
		if (!known || p->estimate)
			continue;
		pp_str v = m->value.s ? m->value : m->raw;
		uint32_t nd = doc->build[PP_DIAGNOSTIC].n;
		p->estimate = pp_estimate_parse(doc, v.s, v.len, m->n.offset, m->n.end);
		if (m->placeholder && doc->build[PP_DIAGNOSTIC].n == nd + 1)
			doc->build[PP_DIAGNOSTIC].n = nd; /* the meta entry has said so already */
	}
	return doc->arena.oom ? PP_ENOMEM : 0;
}

int pp_rollup(pp_doc *doc)
{
	int rc;
	set_title(doc);
	if ((rc = set_statuses(doc)) || (rc = set_phase_tasks(doc)) ||
	    (rc = set_phase_estimates(doc)) || (rc = set_task_estimates(doc)))
		return rc;
	set_progress(doc);
	return doc->arena.oom ? PP_ENOMEM : 0;
}
