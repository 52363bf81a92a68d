/*
 * lint.c: the diagnostics that need the whole tree (docs/lint.md):
 * duplicate-id, unknown-dependency, dependency-cycle, status-mismatch,
 * progress-mismatch and phase-numbering.  The recognisers report the
 * others (placeholder, malformed-checkbox, unknown-status, invalid-utf8,
 * limit) where they find them.  Runs after the roll-up, on the lists still
 * being built; doc.c sorts the diagnostics by position when it seals them.
 */
#include "internal.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static pp_node *const *built(const pp_doc *doc, pp_kind k)
{
	return doc->build[k].data;
}

/* ---- duplicate-id ------------------------------------------------------ */

/* A task that defines its ID has a state (a checkbox or a status cell); a
 * plain mention (`- T031, T032: ...`, a cross-reference table) has none. */
static bool defines(const pp_task_node *t)
{
	return t->state[0] != 'n' || strcmp(t->state, "none") != 0; /* most differ at once */
}

/* Whether a task's ID takes part: not a placeholder, and an `#N` ID only
 * when a dependency names it (targets: made on the first `#` ID, as most
 * documents have none). */
static bool counts(pp_doc *doc, const pp_task_node *t, pp_map *targets)
{
	if (!t->id.s || !t->id.len || t->id_placeholder)
		return false;
	if (t->id.s[0] != '#')
		return true;
	uint32_t nd = pp_built_count(doc, PP_DEPENDENCY);
	if (!targets->cap && nd) {
		pp_map_reserve(targets, nd); /* out of memory: the puts fail too, and say so */
		for (uint32_t i = 0; i < nd; i++) {
			const pp_dep_node *d = (const pp_dep_node *)pp_built(doc, PP_DEPENDENCY, i);
			pp_map_put(targets, d->to.s, d->to.len, NULL, 0, i);
		}
	}
	return pp_map_get(targets, t->id.s, t->id.len, NULL, 0) != PP_NO;
}

/* An ID by its first task (doc->id_first): whether its tasks take part
 * (all or none do) and the first of them that defines it. */
typedef struct id_info {
	bool counts;
	uint32_t def;
} id_info;

/* Two tasks share an ID.  When some tasks with that ID define it, only
 * they count; `#N` IDs (acceptance criteria, PR numbers) count only when a
 * dependency names them.  deps.c found each task's first task with its ID
 * (the first that counts, as all or none of them do); one pass notes per
 * ID the first that defines it, the second reports the tasks that count
 * but are not first. */
static int duplicate_ids(pp_doc *doc)
{
	pp_map targets = { &doc->arena, NULL, 0, 0 };
	uint32_t nt = pp_built_count(doc, PP_TASK);
	const uint32_t *same = doc->id_first;
	id_info *info = pp_sys_malloc(&doc->arena, ((size_t)nt + 1) * sizeof *info);
	for (uint32_t i = 0; same && info && i < nt && !doc->arena.oom; i++) {
		const pp_task_node *t = (const pp_task_node *)pp_built(doc, PP_TASK, i);
		uint32_t k = same[i];
		if (k == i)
			info[i] = (id_info){ counts(doc, t, &targets), PP_NO };
		if (k != PP_NO && info[k].counts && info[k].def == PP_NO && defines(t))
			info[k].def = i;
	}
	for (uint32_t i = 0; same && info && i < nt && !doc->arena.oom; i++) {
		const pp_task_node *t = (const pp_task_node *)pp_built(doc, PP_TASK, i);
		const id_info *f = same[i] == PP_NO ? NULL : &info[same[i]];
		if (!f || !f->counts || (f->def != PP_NO && !defines(t)))
			continue;
		uint32_t k = f->def != PP_NO ? f->def : same[i];
		if (k == i)
			continue;
		pp_diag(doc, "duplicate-id", "warning", t->n.offset,
			"task ID '%s' is already used by the task at line %u; dependencies on it "
			"cannot tell the two apart", t->id.s, pp_built(doc, PP_TASK, k)->line);
	}
	pp_map_free(&targets);
	pp_sys_free(&doc->arena, info);
	return doc->arena.oom || !same || !info ? PP_ENOMEM : 0;
}

/* ---- unknown-dependency ------------------------------------------------ */

/* "task T005", "phase 2", "this task" for a node name. */
static void who(char *buf, size_t size, pp_str name)
{
	if (name.len > 6 && memcmp(name.s, "phase:", 6) == 0)
		snprintf(buf, size, "phase %s", name.s + 6);
	else if (name.len > 5 && memcmp(name.s, "task:", 5) == 0)
		snprintf(buf, size, "this task");
	else
		snprintf(buf, size, "'%.200s'", name.s);
}

static void unknown_deps(pp_doc *doc)
{
	uint32_t nd = pp_built_count(doc, PP_DEPENDENCY);
	for (uint32_t i = 0; i < nd; i++) {
		const pp_dep_node *d = (const pp_dep_node *)pp_built(doc, PP_DEPENDENCY, i);
		if (d->resolved)
			continue;
		char from[256];
		who(from, sizeof from, d->from);
		bool fm = strcmp(d->source.s, "frontmatter") == 0;
		if (d->to.len > 6 && memcmp(d->to.s, "phase:", 6) == 0)
			pp_diag(doc, "unknown-dependency", "warning", d->n.offset,
				"%s depends on phase %s, but no phase has that number", from, d->to.s + 6);
		else
			pp_diag(doc, "unknown-dependency", fm ? "info" : "warning", d->n.offset,
				"%s depends on '%.200s', which is not a task ID in this document", from,
				d->to.s);
	}
}

/* ---- dependency-cycle -------------------------------------------------- */

#define WALK_MAX 12

/* Whether the dependency edges may hold a cycle: Kahn's algorithm over
 * their endpoints alone.  Nodes no edge touches cannot be on a cycle and
 * the graph names nodes by these strings too, so "no" here means the full
 * graph (tasks, phases, values, order) need not be built.  True when out
 * of memory: the full build then reports it. */
static bool may_cycle(pp_doc *doc)
{
	uint32_t nd = pp_built_count(doc, PP_DEPENDENCY), ne = 0, n = 0, done = 0;
	pp_map names = { &doc->arena, NULL, 0, 0 };
	uint32_t *end = pp_sys_malloc(&doc->arena, ((size_t)nd * 2 + 1) * sizeof(uint32_t)), *deg = NULL;
	bool cyc = !end || pp_map_reserve(&names, nd) < 0; /* most targets are sources too */
	for (uint32_t i = 0; !cyc && i < nd; i++) { /* end[2e]: from, end[2e + 1]: to */
		const pp_dep_node *d = (const pp_dep_node *)pp_built(doc, PP_DEPENDENCY, i);
		if (!d->from.s || !d->to.s)
			continue;
		uint32_t f = pp_map_put(&names, d->from.s, d->from.len, NULL, 0, n);
		n += f == n;
		uint32_t t = f == PP_NO ? PP_NO : pp_map_put(&names, d->to.s, d->to.len, NULL, 0, n);
		n += t == n;
		cyc = t == PP_NO;
		end[2 * ne] = f, end[2 * ne + 1] = t, ne++;
	}
	if (!cyc && !(deg = pp_sys_malloc(&doc->arena, ((size_t)n * 3 + ne + 1) * sizeof(uint32_t))))
		cyc = true;
	if (!cyc) { /* deg: prerequisites left per node; by_to: edges by target (CSR) */
		uint32_t *at = deg + n, *by_to = at + n + 1, *queue = by_to + ne;
		memset(deg, 0, (2 * (size_t)n + 1) * sizeof(uint32_t));
		for (uint32_t e = 0; e < ne; e++)
			deg[end[2 * e]]++, at[end[2 * e + 1] + 1]++;
		for (uint32_t v = 0; v < n; v++)
			at[v + 1] += at[v];
		for (uint32_t e = 0; e < ne; e++)
			by_to[at[end[2 * e + 1]]++] = e; /* at[v] moves to the end of v's bucket */
		uint32_t tail = 0;
		for (uint32_t v = 0; v < n; v++)
			if (!deg[v])
				queue[tail++] = v;
		for (; done < tail; done++) {
			uint32_t u = queue[done];
			for (uint32_t k = u ? at[u - 1] : 0; k < at[u]; k++)
				if (--deg[end[2 * by_to[k]]] == 0)
					queue[tail++] = end[2 * by_to[k]];
		}
		cyc = done < n;
	}
	pp_map_free(&names);
	pp_sys_free(&doc->arena, end);
	pp_sys_free(&doc->arena, deg);
	return cyc;
}

static int cycles(pp_doc *doc)
{
	pp_graph *g;
	if (!may_cycle(doc))
		return doc->arena.oom ? PP_ENOMEM : 0;
	int rc = pp_graph_make(&g, &doc->arena.al, built(doc, PP_TASK), pp_built_count(doc, PP_TASK),
	                       built(doc, PP_PHASE), pp_built_count(doc, PP_PHASE),
	                       built(doc, PP_DEPENDENCY), pp_built_count(doc, PP_DEPENDENCY));
	if (rc)
		return rc;
	for (size_t c = 0; c < pp_graph_cycle_count(g); c++) {
		uint32_t walk[WALK_MAX], edge;
		uint32_t len = pp_graph_cycle_walk(g, (uint32_t)c, walk, WALK_MAX, &edge);
		size_t size = pp_graph_cycle_size(g, c);
		if (!len) { /* out of memory */
			pp_graph_free(g);
			return PP_ENOMEM;
		}
		char msg[400];
		size_t m = 0;
		for (uint32_t i = 0; i <= len && i <= WALK_MAX && m < sizeof msg - 80; i++) {
			if (i == WALK_MAX && len > WALK_MAX) {
				m += (size_t)snprintf(msg + m, sizeof msg - m, " → …");
				break;
			}
			uint32_t v = i == len ? walk[0] : walk[i];
			m += (size_t)snprintf(msg + m, sizeof msg - m, "%s%.40s", i ? " → " : "",
			                      pp_graph_node_name(g, v, NULL));
		}
		const pp_node *at = edge == PP_NO ? NULL : pp_built(doc, PP_DEPENDENCY, edge);
		if (size > len)
			pp_diag(doc, "dependency-cycle", "error", at ? at->offset : 0,
				"dependency cycle: %s (each depends on the next; %zu tasks or phases in all "
				"depend on each other)", msg, size);
		else
			pp_diag(doc, "dependency-cycle", "error", at ? at->offset : 0,
				"dependency cycle: %s (each depends on the next)", msg);
	}
	pp_graph_free(g);
	return doc->arena.oom ? PP_ENOMEM : 0;
}

/* ---- status-mismatch --------------------------------------------------- */

/* scope is written "%s%.*s%s" from pre, text (at most max bytes), post:
 * formatted only in the diagnostic, as most scopes have none. */
typedef struct scope {
	const char *pre, *text, *post;
	int max;
} scope;

static void status_check(pp_doc *doc, const pp_status_node *st, const pp_progress_node *p,
                         scope sc)
{
	if (!st || st->placeholder || !st->value.s)
		return;
	long long open = (long long)(p->total - p->done);
	if (strcmp(st->value.s, "done") == 0 && open > 0)
		pp_diag(doc, "status-mismatch", "warning", st->n.offset,
			"%s%.*s%s is marked done ('%.60s') but %lld of %lld checkboxes are not checked",
			sc.pre, sc.max, sc.text, sc.post, st->raw.s ? st->raw.s : "", open,
			(long long)p->total);
	else if (strcmp(st->value.s, "todo") == 0 && p->done > 0)
		pp_diag(doc, "status-mismatch", "warning", st->n.offset,
			"%s%.*s%s is marked not started ('%.60s') but %lld of %lld checkboxes are checked",
			sc.pre, sc.max, sc.text, sc.post, st->raw.s ? st->raw.s : "", (long long)p->done,
			(long long)p->total);
}

static void status_mismatch(pp_doc *doc)
{
	status_check(doc, doc->root.status, &doc->root.progress, (scope){ "the document", "", "", 0 });
	for (uint32_t i = 0; i < pp_built_count(doc, PP_PHASE); i++) {
		const pp_phase_node *p = (const pp_phase_node *)pp_built(doc, PP_PHASE, i);
		status_check(doc, p->status, &p->progress,
		             (scope){ "'", p->heading.s ? p->heading.s : "", "'", 120 });
	}
}

/* ---- progress-mismatch ------------------------------------------------- */

/* A declared progress: `30%`, `3/8`, `3 of 8`; -1 when the value has none. */
static double declared_percent(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || (i && s[i - 1] >= '0' && s[i - 1] <= '9'))
			continue;
		double a = 0, b = 0, scale = 0;
		size_t j = i;
		for (; j < n && ((s[j] >= '0' && s[j] <= '9') || (s[j] == '.' && !scale)); j++)
			if (s[j] == '.')
				scale = 1;
			else if (scale)
				a += (s[j] - '0') * (scale /= 10);
			else
				a = a * 10 + (s[j] - '0');
		size_t k = j;
		while (k < n && s[k] == ' ')
			k++;
		if (k < n && s[k] == '%')
			return a;
		size_t d = k < n && s[k] == '/' ? k + 1 : k + 3 <= n && memcmp(s + k, "of ", 3) == 0 ? k + 3 : 0;
		if (!d)
			return -1;
		while (d < n && s[d] == ' ')
			d++;
		for (; d < n && s[d] >= '0' && s[d] <= '9'; d++)
			b = b * 10 + (s[d] - '0');
		return b > 0 && a <= b ? a * 100 / b : -1;
	}
	return -1;
}

/* `progress`, `completion`, `overall_progress`: by length first, as most
 * meta names are none of them. */
static bool progress_name(pp_str n)
{
	return (n.len == 8 && memcmp(n.s, "progress", 8) == 0) ||
	       (n.len == 10 && memcmp(n.s, "completion", 10) == 0) ||
	       (n.len == 16 && memcmp(n.s, "overall_progress", 16) == 0);
}

static void progress_mismatch(pp_doc *doc)
{
	for (uint32_t i = 0; i < pp_built_count(doc, PP_META); i++) {
		const pp_meta_node *m = (const pp_meta_node *)pp_built(doc, PP_META, i);
		if (!m->name.s || !m->value.s || m->placeholder || !progress_name(m->name))
			continue;
		const pp_progress_node *p = m->scope >= 0
			? &((const pp_phase_node *)pp_built(doc, PP_PHASE, (uint32_t)m->scope))->progress
			: &doc->root.progress;
		double want = declared_percent(m->value.s, m->value.len);
		if (want < 0 || p->total <= 0)
			continue;
		double got = (double)p->done * 100 / (double)p->total;
		if (fabs(want - got) < 1.0)
			continue;
		pp_diag(doc, "progress-mismatch", "warning", m->n.offset,
			"progress is declared as '%.60s' but %lld of %lld checkboxes are checked (%lld%%)",
			m->value.s, (long long)p->done, (long long)p->total,
			(long long)(p->done * 100 / p->total));
	}
}

/* ---- phase-numbering --------------------------------------------------- */

/* Whether a phase's number is a plain ordinal (`3`, `IV`, `B`), not `2.1`,
 * `4-8` or a placeholder. */
static bool plain_number(const pp_phase_node *p)
{
	if (p->ordinal == PP_NULL || !p->number.s || !p->number.len)
		return false;
	for (uint32_t i = 0; i < p->number.len; i++)
		if (p->number.s[i] == '.' || p->number.s[i] == '-')
			return false;
	return true;
}

typedef struct run {
	int32_t container;     /* nearest heading of a higher level, or -1 */
	uint8_t level;
	pp_str kind;
} run;

/* The heading that contains each phase: the nearest one above it with a
 * smaller level.  Sections and phases are both in document order. */
static void containers(pp_doc *doc, int32_t *out)
{
	int32_t last[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };
	uint32_t ns = pp_built_count(doc, PP_SECTION), np = pp_built_count(doc, PP_PHASE);
	for (uint32_t s = 0, p = 0; p < np; p++) {
		const pp_phase_node *ph = (const pp_phase_node *)pp_built(doc, PP_PHASE, p);
		for (; s < ns; s++) {
			const pp_section_node *sec = (const pp_section_node *)pp_built(doc, PP_SECTION, s);
			if (sec->n.offset >= ph->n.offset)
				break;
			uint8_t l = sec->level > 6 ? 6 : sec->level;
			last[l] = (int32_t)s;
			for (int k = l + 1; k < 8; k++)
				last[k] = -1;
		}
		out[p] = -1;
		for (int k = ph->level > 7 ? 7 : ph->level; k-- > 1;)
			if (last[k] >= 0) {
				out[p] = last[k];
				break;
			}
		uint8_t l = ph->level > 6 ? 6 : ph->level;
		for (int k = l; k < 8; k++)
			last[k] = -1;
	}
}

static void numbering_diag(pp_doc *doc, const pp_phase_node *p, const pp_phase_node *prev,
                           int64_t high)
{
	int64_t a = prev->ordinal, b = p->ordinal;
	const char *h = p->heading.s ? p->heading.s : "", *ph = prev->heading.s ? prev->heading.s : "";
	if (b == a)
		pp_diag(doc, "phase-numbering", "warning", p->n.offset,
			"'%.100s' has the same number as '%.100s' at line %u", h, ph, prev->n.line);
	else if (b < a)
		pp_diag(doc, "phase-numbering", "warning", p->n.offset,
			"'%.100s' comes after '%.100s' (line %u): the numbering goes backwards", h, ph,
			prev->n.line);
	else if (b == high + 2)
		pp_diag(doc, "phase-numbering", "warning", p->n.offset,
			"'%.100s' follows '%.100s' (line %u): number %lld is missing", h, ph,
			prev->n.line, (long long)high + 1);
	else
		pp_diag(doc, "phase-numbering", "warning", p->n.offset,
			"'%.100s' follows '%.100s' (line %u): numbers %lld to %lld are missing", h, ph,
			prev->n.line, (long long)high + 1, (long long)b - 1);
}

typedef struct group {
	uint32_t last;         /* its latest phase */
	int64_t lo, hi;        /* smallest and largest ordinal */
	int64_t high;          /* largest ordinal so far, in the second pass */
	int64_t start;         /* the ordinal its current run started at */
} group;

/* Phases are grouped by the heading that contains them, their level and
 * their kind; each group's numbers should count up by one.  A group whose
 * phases all have the same number (`Sprint 9 Timeline`, `Sprint 9
 * Criteria`) is a theme, not a numbering; a group may start again at the
 * number its run started at (two plans in one document);
 * numbered-heading phases (`2. Build`) skip sections that hold no tasks, so
 * their gaps are not reported. */
static int phase_numbering(pp_doc *doc)
{
	uint32_t np = pp_built_count(doc, PP_PHASE), ng = 0;
	if (np < 2)
		return 0;
	int32_t *cont = pp_sys_malloc(&doc->arena, np * sizeof *cont);
	run *runs = pp_sys_malloc(&doc->arena, np * sizeof *runs);
	uint32_t *gid = pp_sys_malloc(&doc->arena, np * sizeof *gid);
	group *gs = pp_sys_malloc(&doc->arena, np * sizeof *gs);
	pp_map groups = { &doc->arena, NULL, 0, 0 };  /* (container, level, kind) -> group */
	bool ok = cont && runs && gid && gs;
	if (ok)
		containers(doc, cont);
	for (uint32_t i = 0; ok && i < np; i++) {
		const pp_phase_node *p = (const pp_phase_node *)pp_built(doc, PP_PHASE, i);
		gid[i] = PP_NO;
		if (!plain_number(p))
			continue;
		memset(&runs[i], 0, sizeof runs[i]);
		runs[i].container = cont[i];
		runs[i].level = p->level;
		uint32_t g = pp_map_put(&groups, (const char *)&runs[i], (uint32_t)offsetof(run, level) + 1,
		                        p->kind.s, p->kind.len, ng);
		if (g == PP_NO)
			break;
		if (g == ng)
			gs[ng++] = (group){ PP_NO, p->ordinal, p->ordinal, 0, 0 };
		gid[i] = g;
		gs[g].lo = p->ordinal < gs[g].lo ? p->ordinal : gs[g].lo;
		gs[g].hi = p->ordinal > gs[g].hi ? p->ordinal : gs[g].hi;
	}
	for (uint32_t i = 0; ok && !doc->arena.oom && i < np; i++) {
		const pp_phase_node *p = (const pp_phase_node *)pp_built(doc, PP_PHASE, i);
		group *g = gid[i] == PP_NO ? NULL : &gs[gid[i]];
		if (!g || g->lo == g->hi)
			continue;
		/* a new run starts where the last one started (1, 2, 1, 2: two plans) */
		if (g->last == PP_NO || (p->ordinal == g->start && p->ordinal < g->high)) {
			g->last = i;
			g->high = g->start = p->ordinal;
			continue;
		}
		const pp_phase_node *q = (const pp_phase_node *)pp_built(doc, PP_PHASE, g->last);
		bool section = p->kind.len == 7 && memcmp(p->kind.s, "section", 7) == 0;
		if (p->ordinal <= q->ordinal || (p->ordinal > g->high + 1 && !section))
			numbering_diag(doc, p, q, g->high);
		g->last = i;
		g->high = p->ordinal > g->high ? p->ordinal : g->high;
	}
	pp_map_free(&groups);
	pp_sys_free(&doc->arena, cont);
	pp_sys_free(&doc->arena, runs);
	pp_sys_free(&doc->arena, gid);
	pp_sys_free(&doc->arena, gs);
	return doc->arena.oom ? PP_ENOMEM : 0;
}

int pp_lint(pp_doc *doc)
{
	int rc;
	if ((rc = duplicate_ids(doc)))
		return rc;
	unknown_deps(doc);
	if ((rc = cycles(doc)) || (rc = phase_numbering(doc)))
		return rc;
	status_mismatch(doc);
	progress_mismatch(doc);
	return doc->arena.oom ? PP_ENOMEM : 0;
}
