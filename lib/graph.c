/*
 * graph.c: the dependency graph of docs/format.md section 7.  Nodes are
 * named by ID strings (tasks that share an ID are one node), edges run from
 * a node to its prerequisites and are kept in both directions in CSR form.
 * On top of that: Kahn's topological order, cycles as strongly connected
 * components (Tarjan's algorithm on an explicit stack), the tasks ready to
 * start and the critical path by max hours.  Every step is linear in nodes
 * plus edges and none recurses on the C stack, so a chain of a million
 * tasks is as safe as a short one.
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- a map from one or two strings ------------------------------------- */

/* Up to 8 bytes of a key as one word without reading past it (as wyhash
 * reads short keys): two overlapping 4-byte reads from 4 bytes up, else
 * the first, middle and last byte.  Keys of one length map one to one. */
static uint64_t key_word(const char *k, uint32_t l)
{
	uint32_t a, b;
	if (l >= 4) {
		memcpy(&a, k, 4);
		memcpy(&b, k + l - 4, 4);
		return (uint64_t)a << 32 | b;
	}
	if (!l)
		return 0;
	return (uint64_t)(unsigned char)k[0] << 16 | (uint64_t)(unsigned char)k[l >> 1] << 8 |
	       (unsigned char)k[l - 1];
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9E3779B97F4A7C15u;
	return h ^ (h >> 32);
}

/* A key's length, then its 8-byte words: a multiply per word instead of
 * one per byte (keys are mostly IDs of 4 to 8 bytes). */
static uint64_t hash_part(uint64_t h, const char *k, uint32_t l)
{
	h = mix(h, l);
	for (; l > 8; k += 8, l -= 8)
		h = mix(h, pp_load8(k));
	return mix(h, key_word(k, l));
}

static uint32_t hash2(const char *k1, uint32_t l1, const char *k2, uint32_t l2)
{
	uint64_t h = hash_part(0, k1, l1);
	if (l2)
		h = hash_part(h, k2, l2);
	return (uint32_t)((h * 0xBF58476D1CE4E5B9u) >> 32); /* high bits: every input bit counts */
}

static bool slot_is(const pp_map_slot *s, uint32_t h, const char *k1, uint32_t l1,
                    const char *k2, uint32_t l2)
{
	return s->hash == h && s->l1 == l1 && s->l2 == l2 &&
	       (l1 == 0 || memcmp(s->k1, k1, l1) == 0) && (l2 == 0 || memcmp(s->k2, k2, l2) == 0);
}

/* Moves the entries into a table of cap slots (a power of two above them). */
static int map_resize(pp_map *m, uint32_t cap)
{
	pp_map_slot *slots = pp_sys_malloc(m->mem, (size_t)cap * sizeof *slots);
	if (!slots)
		return PP_ENOMEM;
	for (uint32_t i = 0; i < cap; i++)
		slots[i].val = PP_NO;
	for (uint32_t i = 0; i < m->cap; i++) {
		if (m->slots[i].val == PP_NO)
			continue;
		uint32_t j = m->slots[i].hash & (cap - 1);
		while (slots[j].val != PP_NO)
			j = (j + 1) & (cap - 1);
		slots[j] = m->slots[i];
	}
	pp_sys_free(m->mem, m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

static int map_grow(pp_map *m)
{
	uint32_t cap = m->cap ? m->cap * 2 : 64;
	return cap < m->cap ? PP_ENOMEM : map_resize(m, cap);
}

int pp_map_reserve(pp_map *m, uint32_t n)
{
	uint64_t cap = m->cap ? m->cap : 64;
	while ((uint64_t)(n + 1) * 4 >= cap * 3) /* pp_map_put()'s rule to grow */
		cap *= 2;
	if (cap > UINT32_MAX / 2)
		return 0; /* left to the puts */
	return cap == m->cap ? 0 : map_resize(m, (uint32_t)cap);
}

uint32_t pp_map_put(pp_map *m, const char *k1, uint32_t l1, const char *k2, uint32_t l2,
                    uint32_t val)
{
	if ((uint64_t)(m->n + 1) * 4 >= (uint64_t)m->cap * 3 && map_grow(m) < 0)
		return PP_NO;
	uint32_t h = hash2(k1, l1, k2, l2), i = h & (m->cap - 1);
	for (; m->slots[i].val != PP_NO; i = (i + 1) & (m->cap - 1))
		if (slot_is(&m->slots[i], h, k1, l1, k2, l2))
			return m->slots[i].val;
	m->slots[i] = (pp_map_slot){ k1, k2, l1, l2, h, val };
	m->n++;
	return val;
}

uint32_t pp_map_get(const pp_map *m, const char *k1, uint32_t l1, const char *k2, uint32_t l2)
{
	if (!m->cap)
		return PP_NO;
	uint32_t h = hash2(k1, l1, k2, l2);
	for (uint32_t i = h & (m->cap - 1); m->slots[i].val != PP_NO; i = (i + 1) & (m->cap - 1))
		if (slot_is(&m->slots[i], h, k1, l1, k2, l2))
			return m->slots[i].val;
	return PP_NO;
}

void pp_map_free(pp_map *m)
{
	pp_sys_free(m->mem, m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}

/* ---- the graph --------------------------------------------------------- */

struct pp_graph {
	pp_arena mem;            /* the allocator only: nothing lives in its chunks */
	uint32_t n, nt, np;      /* nodes, tasks, phases */
	pp_str *name;
	int32_t *task, *phase;   /* first task / phase of each node, or -1 */
	double *hours;
	uint8_t *done, *oncycle, *pre_ok;
	uint32_t *pre_at, *pre, *pre_edge;  /* prerequisites of v: pre[pre_at[v] .. pre_at[v+1]) */
	uint32_t *dep_at, *dep;             /* dependants, the same way */
	uint32_t *comp, *cyc_pos;           /* per node: its cycle (PP_NO) and place in it */
	uint32_t *order, norder;
	uint32_t *cyc_at, *cyc_node, ncyc;
	uint32_t *ready, nready;
	uint32_t *crit, ncrit;
	double crit_hours;
	char *names;             /* "task:I" and "phase:N" names */
	uint32_t *task_node;     /* per task: its node */
};

bool pp_state_finished(const char *state)
{
	return strcmp(state, "done") == 0 || strcmp(state, "cancelled") == 0;
}

static void *alloc_n(pp_graph *g, size_t n, size_t size)
{
	if (n && size > SIZE_MAX / n)
		return g->mem.oom = true, NULL;
	return pp_sys_malloc(&g->mem, (n ? n : 1) * size);
}

void pp_graph_free(pp_graph *g)
{
	if (!g)
		return;
	void *arrays[] = { g->name, g->task, g->phase, g->hours, g->done, g->oncycle, g->pre_ok,
		g->pre_at, g->pre, g->pre_edge, g->dep_at, g->dep, g->comp, g->cyc_pos, g->order,
		g->cyc_at, g->cyc_node, g->ready, g->crit, g->names, g->task_node };
	pp_arena mem = g->mem;
	for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
		pp_sys_free(&mem, arrays[i]);
	pp_sys_free(&mem, g);
}

/* ---- nodes ------------------------------------------------------------- */

typedef struct build {
	pp_graph *g;
	pp_map names;
	uint32_t cap;            /* room in the node arrays */
	pp_node *const *tasks, *const *phases, *const *deps;
	uint32_t nd;
	uint32_t *phase_node;    /* per phase: its node, or PP_NO */
} build;

/* realloc, or malloc the first time (the allocator never sees realloc(NULL)). */
static void *grow(pp_graph *g, void *p, size_t size)
{
	return p ? pp_sys_realloc(&g->mem, p, size) : pp_sys_malloc(&g->mem, size);
}

static int node_room(build *b)
{
	pp_graph *g = b->g;
	if (g->n < b->cap)
		return 0;
	uint32_t cap = b->cap * 2 + 16;
	pp_str *name = grow(g, g->name, (size_t)cap * sizeof *name);
	if (!name)
		return PP_ENOMEM;
	g->name = name;
	int32_t *task = grow(g, g->task, (size_t)cap * sizeof *task);
	if (!task)
		return PP_ENOMEM;
	g->task = task;
	int32_t *phase = grow(g, g->phase, (size_t)cap * sizeof *phase);
	if (!phase)
		return PP_ENOMEM;
	g->phase = phase;
	b->cap = cap;
	return 0;
}

/* The node named s, made when absent; PP_NO on out-of-memory. */
static uint32_t node_for(build *b, pp_str s, int32_t task, int32_t phase)
{
	pp_graph *g = b->g;
	uint32_t v = pp_map_put(&b->names, s.s, s.len, NULL, 0, g->n);
	if (v != g->n)
		return v;
	if (node_room(b) < 0)
		return PP_NO;
	g->name[v] = s;
	g->task[v] = task;
	g->phase[v] = phase;
	g->n++;
	return v;
}

static pp_str synth(char **at, const char *prefix, const char *s, uint32_t len)
{
	/* sprintf("%s%.*s") without its cost: %.*s stops at a NUL */
	char *p = *at;
	const char *nul = memchr(s, 0, len);
	size_t pl = strlen(prefix), n = pl + (nul ? (size_t)(nul - s) : len);
	memcpy(p, prefix, pl);
	memcpy(p + pl, s, n - pl);
	p[n] = 0;
	*at += n + 1;
	return (pp_str){ p, (uint32_t)n };
}

/* Tasks and phases become nodes in document order. */
static int add_items(build *b)
{
	pp_graph *g = b->g;
	size_t room = (size_t)g->nt * 24 + 1;
	for (uint32_t i = 0; i < g->np; i++)
		room += ((const pp_phase_node *)b->phases[i])->number.len + 8;
	if (!(g->names = alloc_n(g, room, 1)) || !(g->task_node = alloc_n(g, g->nt, sizeof(uint32_t))) ||
	    !(b->phase_node = alloc_n(g, g->np, sizeof(uint32_t))))
		return PP_ENOMEM;
	char *at = g->names, num[24];
	for (uint32_t i = 0, j = 0; i < g->nt || j < g->np;) {
		bool task = j >= g->np ||
			(i < g->nt && b->tasks[i]->offset < b->phases[j]->offset);
		uint32_t v;
		if (task) {
			const pp_task_node *t = (const pp_task_node *)b->tasks[i];
			pp_str s = t->id;
			if (!s.s || !s.len || t->id_placeholder)
				s = synth(&at, "task:", num, (uint32_t)pp_u32_dec(num, i));
			v = node_for(b, s, (int32_t)i, -1);
			g->task_node[i++] = v;
		} else {
			const pp_phase_node *p = (const pp_phase_node *)b->phases[j];
			v = b->phase_node[j] = PP_NO - 1;
			if (p->number.s)
				v = b->phase_node[j] = node_for(b, synth(&at, "phase:", p->number.s,
				                                          p->number.len), -1, (int32_t)j);
			if (v < PP_NO - 1 && g->phase[v] < 0)
				g->phase[v] = (int32_t)j;
			j++;
		}
		if (v == PP_NO)
			return PP_ENOMEM;
	}
	return 0;
}

/* ---- edges ------------------------------------------------------------- */

/* Reads the edges into both CSR arrays, one per distinct (from, to): the
 * prerequisites are bucketed by node (stable: document order), duplicates
 * dropped with a per-target stamp, and the dependants made from what is
 * left.  Linear, and no hash table over the edges. */
static int add_edges(build *b)
{
	pp_graph *g = b->g;
	uint32_t nd = b->nd, ne = 0;
	uint32_t *pair = alloc_n(g, (size_t)nd * 2, sizeof(uint32_t));
	uint32_t *kept = alloc_n(g, nd, sizeof(uint32_t));
	int rc = pair && kept ? 0 : PP_ENOMEM;
	for (uint32_t k = 0; !rc && k < nd; k++) {
		const pp_dep_node *d = (const pp_dep_node *)b->deps[k];
		if (!d->from.s || !d->to.s)
			continue;
		uint32_t f = node_for(b, d->from, -1, -1), t = f == PP_NO ? PP_NO : node_for(b, d->to, -1, -1);
		if (t == PP_NO)
			rc = PP_ENOMEM;
		pair[2 * ne] = f, pair[2 * ne + 1] = t, kept[ne++] = k;
	}
	uint32_t n = g->n, *stamp = NULL;
	if (!rc && (!(g->pre_at = alloc_n(g, n + 1, sizeof(uint32_t))) ||
	            !(g->dep_at = alloc_n(g, n + 1, sizeof(uint32_t))) ||
	            !(g->pre = alloc_n(g, ne, sizeof(uint32_t))) ||
	            !(g->pre_edge = alloc_n(g, ne, sizeof(uint32_t))) ||
	            !(g->dep = alloc_n(g, ne, sizeof(uint32_t))) ||
	            !(stamp = alloc_n(g, n, sizeof(uint32_t)))))
		rc = PP_ENOMEM;
	if (!rc) {
		memset(g->pre_at, 0, (n + 1) * sizeof(uint32_t));
		memset(g->dep_at, 0, (n + 1) * sizeof(uint32_t));
		for (uint32_t k = 0; k < ne; k++)
			g->pre_at[pair[2 * k] + 1]++;
		for (uint32_t v = 0; v < n; v++)
			g->pre_at[v + 1] += g->pre_at[v], stamp[v] = PP_NO;
		for (uint32_t k = 0; k < ne; k++) { /* pre_at[v] moves to the end of v's bucket */
			uint32_t at = g->pre_at[pair[2 * k]]++;
			g->pre[at] = pair[2 * k + 1];
			g->pre_edge[at] = kept[k];
		}
		uint32_t out = 0, from = 0;
		for (uint32_t v = 0; v < n; v++) { /* compact, dropping repeated targets */
			uint32_t end = g->pre_at[v];
			g->pre_at[v] = out;
			for (uint32_t k = from; k < end; k++) {
				uint32_t t = g->pre[k];
				if (stamp[t] == v)
					continue;
				stamp[t] = v;
				g->pre[out] = t;
				g->pre_edge[out++] = g->pre_edge[k];
			}
			from = end;
		}
		g->pre_at[n] = out;
		for (uint32_t k = 0; k < out; k++)
			g->dep_at[g->pre[k] + 1]++;
		for (uint32_t v = 0; v < n; v++)
			g->dep_at[v + 1] += g->dep_at[v];
		for (uint32_t v = 0; v < n; v++)
			for (uint32_t k = g->pre_at[v]; k < g->pre_at[v + 1]; k++)
				g->dep[g->dep_at[g->pre[k]]++] = v;
		for (uint32_t v = n; v > 0; v--)
			g->dep_at[v] = g->dep_at[v - 1];
		g->dep_at[0] = 0;
	}
	pp_sys_free(&g->mem, pair);
	pp_sys_free(&g->mem, kept);
	pp_sys_free(&g->mem, stamp);
	return rc;
}

/* ---- done and hours ---------------------------------------------------- */

static bool phase_finished(build *b, uint32_t p, const uint32_t *ntask, const uint32_t *nfin)
{
	const pp_phase_node *ph = (const pp_phase_node *)b->phases[p];
	if (ph->status && ph->status->value.s && strcmp(ph->status->value.s, "done") == 0)
		return true;
	if (ntask[p])
		return nfin[p] == ntask[p];
	return ph->progress.total > 0 && ph->progress.done == ph->progress.total;
}

static double max_hours(const pp_estimate_node *e)
{
	return e && !isnan(e->max_hours) ? e->max_hours : NAN;
}

static int node_values(build *b)
{
	pp_graph *g = b->g;
	uint32_t n = g->n;
	uint32_t *cnt = alloc_n(g, (size_t)g->np * 2, sizeof(uint32_t));
	if (!cnt || !(g->done = alloc_n(g, n, 1)) || !(g->hours = alloc_n(g, n, sizeof(double)))) {
		pp_sys_free(&g->mem, cnt);
		return PP_ENOMEM;
	}
	uint32_t *ntask = cnt, *nfin = cnt + g->np;
	memset(cnt, 0, (size_t)g->np * 2 * sizeof(uint32_t));
	for (uint32_t v = 0; v < n; v++)
		g->done[v] = g->task[v] >= 0 || g->phase[v] >= 0;
	for (uint32_t i = 0; i < g->nt; i++) {
		const pp_task_node *t = (const pp_task_node *)b->tasks[i];
		bool fin = pp_state_finished(t->state);
		if (!fin)
			g->done[g->task_node[i]] = 0;
		for (int32_t p = t->phase; p >= 0 && (uint32_t)p < g->np;
		     p = ((const pp_phase_node *)b->phases[p])->parent)
			ntask[p]++, nfin[p] += fin;
	}
	for (uint32_t p = 0; p < g->np; p++) /* phases that share a number: all must be done */
		if (b->phase_node[p] < PP_NO - 1 && !phase_finished(b, p, ntask, nfin))
			g->done[b->phase_node[p]] = 0;
	for (uint32_t v = 0; v < n; v++) {
		double h = NAN;
		if (g->task[v] >= 0) {
			h = max_hours(((const pp_task_node *)b->tasks[g->task[v]])->estimate);
		} else if (g->phase[v] >= 0) {
			const pp_phase_node *p = (const pp_phase_node *)b->phases[g->phase[v]];
			h = max_hours(p->estimate);
			if (isnan(h))
				h = max_hours(p->task_estimate);
		}
		g->hours[v] = isnan(h) ? 0 : h;
	}
	pp_sys_free(&g->mem, cnt);
	return 0;
}

/* ---- cycles: Tarjan's strongly connected components, iteratively ------- */

typedef struct tarjan {
	uint32_t *index, *low, *stack, *call, *next;
	uint8_t *on;
} tarjan;

/* Visits the component tree from root; comp[] gets a component number per
 * node (the number of its root), size[] its size. */
static void strong_from(pp_graph *g, tarjan *t, uint32_t root, uint32_t *counter,
                        uint32_t *sp, uint32_t *size)
{
	uint32_t cp = 0;
	t->call[cp++] = root;
	t->index[root] = t->low[root] = (*counter)++;
	t->next[root] = g->pre_at[root];
	t->stack[(*sp)++] = root;
	t->on[root] = 1;
	while (cp) {
		uint32_t v = t->call[cp - 1];
		if (t->next[v] < g->pre_at[v + 1]) {
			uint32_t w = g->pre[t->next[v]++];
			if (t->index[w] == PP_NO) {
				t->index[w] = t->low[w] = (*counter)++;
				t->next[w] = g->pre_at[w];
				t->stack[(*sp)++] = w;
				t->on[w] = 1;
				t->call[cp++] = w;
			} else if (t->on[w] && t->index[w] < t->low[v]) {
				t->low[v] = t->index[w];
			}
			continue;
		}
		cp--;
		if (cp && t->low[v] < t->low[t->call[cp - 1]])
			t->low[t->call[cp - 1]] = t->low[v];
		if (t->low[v] != t->index[v])
			continue;
		uint32_t w, k = 0;
		do {
			w = t->stack[--(*sp)];
			t->on[w] = 0;
			g->comp[w] = v;
			k++;
		} while (w != v);
		size[v] = k;
	}
}

static bool self_loop(const pp_graph *g, uint32_t v)
{
	for (uint32_t k = g->pre_at[v]; k < g->pre_at[v + 1]; k++)
		if (g->pre[k] == v)
			return true;
	return false;
}

/* Numbers the cycles by their first member, lists members in node order. */
static int list_cycles(pp_graph *g, uint32_t *size)
{
	uint32_t n = g->n, nc = 0, total = 0;
	uint32_t *id = alloc_n(g, n, sizeof(uint32_t));
	if (!id || !(g->oncycle = alloc_n(g, n, 1)) || !(g->cyc_pos = alloc_n(g, n, sizeof(uint32_t)))) {
		pp_sys_free(&g->mem, id);
		return PP_ENOMEM;
	}
	for (uint32_t v = 0; v < n; v++)
		id[v] = PP_NO;
	for (uint32_t v = 0; v < n; v++) {
		uint32_t r = g->comp[v];
		g->oncycle[v] = size[r] > 1 || self_loop(g, v);
		if (!g->oncycle[v]) {
			g->comp[v] = PP_NO;
			continue;
		}
		if (id[r] == PP_NO)
			id[r] = nc++;
		total++;
	}
	g->ncyc = nc;
	if (!(g->cyc_at = alloc_n(g, nc + 1, sizeof(uint32_t))) ||
	    !(g->cyc_node = alloc_n(g, total, sizeof(uint32_t)))) {
		pp_sys_free(&g->mem, id);
		return PP_ENOMEM;
	}
	memset(g->cyc_at, 0, (nc + 1) * sizeof(uint32_t));
	for (uint32_t v = 0; v < n; v++)
		if (g->oncycle[v])
			g->cyc_at[id[g->comp[v]] + 1]++;
	for (uint32_t c = 0; c < nc; c++)
		g->cyc_at[c + 1] += g->cyc_at[c];
	uint32_t *fill = size; /* reuse: per cycle, members placed so far */
	memset(fill, 0, (size_t)nc * sizeof(uint32_t));
	for (uint32_t v = 0; v < n; v++) {
		if (!g->oncycle[v])
			continue;
		uint32_t c = id[g->comp[v]];
		g->cyc_pos[v] = fill[c];
		g->cyc_node[g->cyc_at[c] + fill[c]++] = v;
		g->comp[v] = c;
	}
	pp_sys_free(&g->mem, id);
	return 0;
}

static int find_cycles(pp_graph *g)
{
	uint32_t n = g->n, counter = 0, sp = 0;
	tarjan t = { 0 };
	uint32_t *size = alloc_n(g, n, sizeof(uint32_t));
	int rc = 0;
	if (!size || !(g->comp = alloc_n(g, n, sizeof(uint32_t))) ||
	    !(t.index = alloc_n(g, n, sizeof(uint32_t))) || !(t.low = alloc_n(g, n, sizeof(uint32_t))) ||
	    !(t.stack = alloc_n(g, n, sizeof(uint32_t))) || !(t.call = alloc_n(g, n, sizeof(uint32_t))) ||
	    !(t.next = alloc_n(g, n, sizeof(uint32_t))) || !(t.on = alloc_n(g, n, 1)))
		rc = PP_ENOMEM;
	if (!rc) {
		for (uint32_t v = 0; v < n; v++)
			t.index[v] = PP_NO, t.on[v] = 0, size[v] = 0;
		for (uint32_t v = 0; v < n; v++)
			if (t.index[v] == PP_NO)
				strong_from(g, &t, v, &counter, &sp, size);
		rc = list_cycles(g, size);
	}
	void *tmp[] = { size, t.index, t.low, t.stack, t.call, t.next, t.on };
	for (size_t i = 0; i < sizeof tmp / sizeof *tmp; i++)
		pp_sys_free(&g->mem, tmp[i]);
	return rc;
}

/* ---- order, critical path, ready tasks --------------------------------- */

/* Kahn's algorithm, prerequisites first; skip_cycles leaves nodes on a
 * cycle out (their dependants then count without them).  Writes the order
 * to out and returns its length. */
static uint32_t kahn(const pp_graph *g, uint32_t *cnt, uint32_t *out, bool skip_cycles)
{
	uint32_t n = g->n, head = 0, tail = 0;
	for (uint32_t v = 0; v < n; v++) {
		cnt[v] = 0;
		if (skip_cycles && g->oncycle[v])
			continue;
		for (uint32_t k = g->pre_at[v]; k < g->pre_at[v + 1]; k++)
			cnt[v] += !(skip_cycles && g->oncycle[g->pre[k]]);
	}
	for (uint32_t v = 0; v < n; v++)
		if (cnt[v] == 0 && !(skip_cycles && g->oncycle[v]))
			out[tail++] = v;
	while (head < tail) {
		uint32_t u = out[head++];
		for (uint32_t k = g->dep_at[u]; k < g->dep_at[u + 1]; k++) {
			uint32_t d = g->dep[k];
			if (!(skip_cycles && g->oncycle[d]) && --cnt[d] == 0)
				out[tail++] = d;
		}
	}
	return tail;
}

static bool better(double h1, uint32_t l1, double h2, uint32_t l2)
{
	return h1 > h2 || (h1 == h2 && l1 > l2);
}

static int critical_path(pp_graph *g, uint32_t *cnt)
{
	uint32_t n = g->n;
	uint32_t *order = alloc_n(g, n, sizeof(uint32_t)), *len = alloc_n(g, n, sizeof(uint32_t));
	uint32_t *pred = alloc_n(g, n, sizeof(uint32_t));
	double *best = alloc_n(g, n, sizeof(double));
	int rc = order && len && pred && best ? 0 : PP_ENOMEM;
	uint32_t m = rc ? 0 : kahn(g, cnt, order, true), end = PP_NO;
	for (uint32_t i = 0; i < m; i++) {
		uint32_t v = order[i], p = PP_NO;
		for (uint32_t k = g->pre_at[v]; k < g->pre_at[v + 1]; k++) {
			uint32_t u = g->pre[k];
			if (g->oncycle[u])
				continue;
			if (p == PP_NO || better(best[u], len[u], best[p], len[p]) ||
			    (best[u] == best[p] && len[u] == len[p] && u < p))
				p = u;
		}
		pred[v] = p;
		best[v] = g->hours[v] + (p == PP_NO ? 0 : best[p]);
		len[v] = 1 + (p == PP_NO ? 0 : len[p]);
		if (end == PP_NO || better(best[v], len[v], best[end], len[end]) ||
		    (best[v] == best[end] && len[v] == len[end] && v < end))
			end = v;
	}
	if (!rc && end != PP_NO) {
		g->ncrit = len[end];
		g->crit_hours = best[end];
		if (!(g->crit = alloc_n(g, g->ncrit, sizeof(uint32_t))))
			rc = PP_ENOMEM;
		for (uint32_t v = end, i = g->ncrit; !rc && v != PP_NO; v = pred[v])
			g->crit[--i] = v;
	}
	pp_sys_free(&g->mem, order);
	pp_sys_free(&g->mem, len);
	pp_sys_free(&g->mem, pred);
	pp_sys_free(&g->mem, best);
	return rc;
}

/* Whether every prerequisite of each node is finished. */
static int prereqs_done(pp_graph *g)
{
	if (!(g->pre_ok = alloc_n(g, g->n, 1)))
		return PP_ENOMEM;
	for (uint32_t v = 0; v < g->n; v++) {
		g->pre_ok[v] = 1;
		for (uint32_t k = g->pre_at[v]; k < g->pre_at[v + 1] && g->pre_ok[v]; k++)
			g->pre_ok[v] = g->done[g->pre[k]];
	}
	return 0;
}

static int ready_tasks(build *b)
{
	pp_graph *g = b->g;
	if (prereqs_done(g) < 0 || !(g->ready = alloc_n(g, g->nt, sizeof(uint32_t))))
		return PP_ENOMEM;
	for (uint32_t i = 0; i < g->nt; i++) {
		const pp_task_node *t = (const pp_task_node *)b->tasks[i];
		uint32_t v = g->task_node[i];
		bool ok = !pp_state_finished(t->state) && !g->oncycle[v] && g->pre_ok[v];
		for (int32_t p = t->phase; ok && p >= 0 && (uint32_t)p < g->np;
		     p = ((const pp_phase_node *)b->phases[p])->parent) {
			uint32_t pv = b->phase_node[p];
			ok = pv >= PP_NO - 1 || g->pre_ok[pv];
		}
		if (ok)
			g->ready[g->nready++] = i;
	}
	return 0;
}

static int analyse(build *b)
{
	pp_graph *g = b->g;
	int rc;
	if ((rc = add_items(b)) || (rc = add_edges(b)) || (rc = node_values(b)) ||
	    (rc = find_cycles(g)))
		return rc;
	uint32_t *cnt = alloc_n(g, g->n, sizeof(uint32_t));
	if (!cnt || !(g->order = alloc_n(g, g->n, sizeof(uint32_t))))
		rc = PP_ENOMEM;
	if (!rc)
		g->norder = kahn(g, cnt, g->order, false);
	if (!rc)
		rc = critical_path(g, cnt);
	pp_sys_free(&g->mem, cnt);
	return rc ? rc : ready_tasks(b);
}

int pp_graph_make(pp_graph **out, const pp_allocator *al,
                  pp_node *const *tasks, uint32_t nt, pp_node *const *phases, uint32_t np,
                  pp_node *const *deps, uint32_t nd)
{
	pp_arena mem = { *al, NULL, false };
	*out = NULL;
	pp_graph *g = pp_sys_malloc(&mem, sizeof *g);
	if (!g)
		return PP_ENOMEM;
	memset(g, 0, sizeof *g);
	g->mem = mem;
	g->nt = nt;
	g->np = np;
	build b = { g, { &g->mem, NULL, 0, 0 }, 0, tasks, phases, deps, nd, NULL };
	int rc = analyse(&b);
	pp_map_free(&b.names);
	pp_sys_free(&g->mem, b.phase_node);
	if (!rc && g->mem.oom)
		rc = PP_ENOMEM;
	if (rc) {
		pp_graph_free(g);
		return rc;
	}
	*out = g;
	return 0;
}

uint32_t pp_graph_cycle_walk(const pp_graph *g, uint32_t c, uint32_t *out, uint32_t max,
                             uint32_t *edge)
{
	*edge = PP_NO;
	if (c >= g->ncyc || !max)
		return 0;
	uint32_t first = g->cyc_at[c], size = g->cyc_at[c + 1] - first, s = g->cyc_node[first];
	pp_arena mem = g->mem;
	uint32_t *parent = pp_sys_malloc(&mem, (size_t)size * sizeof(uint32_t));
	uint32_t *queue = pp_sys_malloc(&mem, (size_t)size * sizeof(uint32_t));
	uint32_t len = 0, last = PP_NO;
	if (parent && queue) {
		for (uint32_t i = 0; i < size; i++)
			parent[i] = PP_NO;
		uint32_t head = 0, tail = 0;
		queue[tail++] = s;
		parent[0] = s;
		while (head < tail && last == PP_NO) {
			uint32_t u = queue[head++];
			for (uint32_t k = g->pre_at[u]; k < g->pre_at[u + 1] && last == PP_NO; k++) {
				uint32_t w = g->pre[k];
				if (w == s)
					last = u;
				else if (g->comp[w] == c && parent[g->cyc_pos[w]] == PP_NO)
					parent[g->cyc_pos[w]] = u, queue[tail++] = w;
			}
		}
		/* the walk s -> ... -> last, read backwards from last */
		for (uint32_t v = last; v != PP_NO; v = v == s ? PP_NO : parent[g->cyc_pos[v]])
			len++;
		uint32_t i = len;
		for (uint32_t v = last; v != PP_NO; v = v == s ? PP_NO : parent[g->cyc_pos[v]])
			if (--i < max)
				out[i] = v;
		uint32_t next = len > 1 ? out[1] : s;
		for (uint32_t k = g->pre_at[s]; k < g->pre_at[s + 1] && *edge == PP_NO; k++)
			if (g->pre[k] == next)
				*edge = g->pre_edge[k];
	}
	pp_sys_free(&mem, parent);
	pp_sys_free(&mem, queue);
	return len;
}

/* ---- public accessors -------------------------------------------------- */

int pp_graph_new(pp_graph **out, const pp_doc *doc)
{
	if (!out)
		return PP_EINVAL;
	*out = NULL;
	if (!doc)
		return PP_EINVAL;
	return pp_graph_make(out, &doc->arena.al, doc->lists[PP_TASK], doc->counts[PP_TASK],
	                     doc->lists[PP_PHASE], doc->counts[PP_PHASE],
	                     doc->lists[PP_DEPENDENCY], doc->counts[PP_DEPENDENCY]);
}

size_t pp_graph_node_count(const pp_graph *g)
{
	return g ? g->n : 0;
}

const char *pp_graph_node_name(const pp_graph *g, size_t node, size_t *len)
{
	bool ok = g && node < g->n;
	if (len)
		*len = ok ? g->name[node].len : 0;
	return ok ? g->name[node].s : NULL;
}

int64_t pp_graph_node_task(const pp_graph *g, size_t node)
{
	return g && node < g->n && g->task[node] >= 0 ? g->task[node] : PP_NULL;
}

int64_t pp_graph_node_phase(const pp_graph *g, size_t node)
{
	return g && node < g->n && g->phase[node] >= 0 ? g->phase[node] : PP_NULL;
}

int64_t pp_graph_node_done(const pp_graph *g, size_t node)
{
	return g && node < g->n ? g->done[node] : PP_NULL;
}

size_t pp_graph_prereq_count(const pp_graph *g, size_t node)
{
	return g && node < g->n ? g->pre_at[node + 1] - g->pre_at[node] : 0;
}

int64_t pp_graph_prereq(const pp_graph *g, size_t node, size_t i)
{
	return i < pp_graph_prereq_count(g, node) ? g->pre[g->pre_at[node] + i] : PP_NULL;
}

size_t pp_graph_order_count(const pp_graph *g)
{
	return g ? g->norder : 0;
}

int64_t pp_graph_order_node(const pp_graph *g, size_t i)
{
	return g && i < g->norder ? g->order[i] : PP_NULL;
}

size_t pp_graph_cycle_count(const pp_graph *g)
{
	return g ? g->ncyc : 0;
}

size_t pp_graph_cycle_size(const pp_graph *g, size_t c)
{
	return g && c < g->ncyc ? g->cyc_at[c + 1] - g->cyc_at[c] : 0;
}

int64_t pp_graph_cycle_node(const pp_graph *g, size_t c, size_t i)
{
	return i < pp_graph_cycle_size(g, c) ? g->cyc_node[g->cyc_at[c] + i] : PP_NULL;
}

size_t pp_graph_ready_count(const pp_graph *g)
{
	return g ? g->nready : 0;
}

int64_t pp_graph_ready_task(const pp_graph *g, size_t i)
{
	return g && i < g->nready ? g->ready[i] : PP_NULL;
}

size_t pp_graph_critical_count(const pp_graph *g)
{
	return g ? g->ncrit : 0;
}

int64_t pp_graph_critical_node(const pp_graph *g, size_t i)
{
	return g && i < g->ncrit ? g->crit[i] : PP_NULL;
}

double pp_graph_critical_hours(const pp_graph *g)
{
	return g ? g->crit_hours : NAN;
}
