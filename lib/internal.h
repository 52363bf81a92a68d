/*
 * internal.h: the types shared by the stages of lib/.  Nothing here is ABI.
 *
 * Pipeline (one file per stage):
 *   doc.c      pp_parse(): runs the stages, owns the pp_doc
 *   arena.c    bump allocator and growable vectors over the caller's allocator
 *   input.c    private copy, BOM, line index, UTF-8 check, front matter,
 *              the GitHub short-delimiter-row rewrite
 *   blocks.c   md4c callbacks -> block tree + inline events (spans, no copies)
 *   text.c     inline events -> plain text; lines of a block; string helpers
 *   phase.c    headings -> sections and phases
 *   items.c    list items -> checkboxes and tasks (+ attrs)
 *   table.c    tables -> tables, table tasks, metadata tables
 *   risk.c     risk tables and risk lists
 *   meta.c     status headers of every source
 *   vocab.c    status words, levels, placeholders (the tables of docs/format.md)
 *   estimate.c effort estimates
 *   frontmatter.c  YAML front matter (libyaml)
 *   taskfields.c   what a task's text says: ID, markers, priority, owner
 *   deps.c     dependency edges of every source
 *   rollup.c   progress, phase task lists, diagnostics that need the whole tree
 *   lint.c     diagnostics over the whole tree (graph.c: the dependency graph)
 *   keys.c     edit keys of tasks and checkboxes, made on first use
 *   node.c     public accessors over nodes (one field table for all kinds)
 *   json.c     the JSON writer, driven by the same field table
 *   edit.c     edit planners and pp_apply_edits()
 *
 * The block tree, its events and the list introducers are freed after
 * pp_deps_find(), the last stage that reads them (doc.c).
 */
#ifndef PP_INTERNAL_H
#define PP_INTERNAL_H

#include "planparse.h"

#include <md4c.h>  /* event types: MD_TEXTTYPE (pp_next_line()) */

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define PP_NO UINT32_MAX  /* "no index" in internal uint32_t links */

/* ---- memory ------------------------------------------------------------ */

typedef struct pp_chunk pp_chunk;

struct pp_chunk {
	pp_chunk *next;
	size_t used, cap;
	max_align_t data[];
};

typedef struct pp_arena {
	pp_allocator al;
	pp_chunk *head;
	bool oom;           /* sticky: some allocation failed */
	size_t grow;        /* the next chunk's size: the chunks' so far, at first
	                       what pp_arena_expect() said */
} pp_arena;

/* pp_alloc_raw() when the head chunk has no room: a new chunk (arena.c). */
void *pp_alloc_chunk(pp_arena *a, size_t size);

/* pp_alloc() without the zeroing, for buffers written before they are read.
 * Inline: tens of thousands of nodes and strings are bumped off the head
 * chunk, where a call costs more than the bump. */
static inline void *pp_alloc_raw(pp_arena *a, size_t size)
{
	size = (size + 7) & ~(size_t)7;
	pp_chunk *c = a->head;
	if (c && c->cap - c->used >= size) {
		void *p = (char *)c->data + c->used;
		c->used += size;
		return p;
	}
	return pp_alloc_chunk(a, size);
}

/* Zeroed, 8-aligned; NULL + a->oom on failure. */
static inline void *pp_alloc(pp_arena *a, size_t size)
{
	void *p = pp_alloc_raw(a, size);
	if (p)
		memset(p, 0, (size + 7) & ~(size_t)7);
	return p;
}

char *pp_strndup(pp_arena *a, const char *s, size_t n);

/* Gives back the tail of p, allocated with size bytes, beyond its first
 * keep bytes when p is still the arena's last allocation (else nothing). */
static inline void pp_alloc_shrink(pp_arena *a, void *p, size_t size, size_t keep)
{
	pp_chunk *c = a->head;
	size = (size + 7) & ~(size_t)7;
	keep = (keep + 7) & ~(size_t)7;
	if (c && keep <= size && c->used >= size && (char *)c->data + c->used - size == (char *)p)
		c->used -= size - keep;
}

void pp_arena_free(pp_arena *a);
/* How much the arena will likely hold: its first chunk is in proportion. */
void pp_arena_expect(pp_arena *a, size_t bytes);
void *pp_sys_malloc(pp_arena *a, size_t size);     /* caller's allocator, outside the arena */
void *pp_sys_realloc(pp_arena *a, void *p, size_t size);
void pp_sys_free(pp_arena *a, void *p);

/* A growable array of fixed-size elements, grown with the caller's
 * allocator; pp_vec_free() or pp_vec_seal() (copy into the arena) ends it. */
typedef struct pp_vec {
	void *data;
	uint32_t n, cap;
	uint32_t size;      /* element size */
} pp_vec;

void *pp_vec_grow(pp_arena *a, pp_vec *v);         /* pp_vec_push() of a full vector */

/* Zeroed new element or NULL.  Inline while there is room (the common
 * case: capacity doubles). */
static inline void *pp_vec_push(pp_arena *a, pp_vec *v)
{
	if (v->n == v->cap)
		return pp_vec_grow(a, v);
	void *p = (char *)v->data + (size_t)v->n++ * v->size;
	switch (v->size) { /* the common sizes zeroed inline, not by a call */
	case 4: memset(p, 0, 4); break;
	case 8: memset(p, 0, 8); break;
	case 16: memset(p, 0, 16); break;
	default: memset(p, 0, v->size);
	}
	return p;
}

void *pp_vec_seal(pp_arena *a, pp_vec *v);         /* arena copy of the data; frees the vector */
void pp_vec_free(pp_arena *a, pp_vec *v);
/* Room for k more elements (not zeroed), doubling as pp_vec_push() does;
 * false on out-of-memory. */
bool pp_vec_reserve(pp_arena *a, pp_vec *v, uint32_t k);
#define PP_VEC(type) { NULL, 0, 0, sizeof(type) }
#define PP_AT(v, type, i) (((type *)(v).data)[i])

/* ---- 16 bytes at a time ----------------------------------------------
 *
 * SSE2 (every x86-64, with gcc or clang) for the scans that look at most
 * bytes of the input; PP_NO_SIMD, or any other target, takes the portable
 * loops, which give the same answers (scripts/test.d/15-nosimd.sh runs the
 * tests on such a build). */
#if defined(__SSE2__) && defined(__GNUC__) && !defined(PP_NO_SIMD)
#define PP_SSE2 1
#include <emmintrin.h>
#endif

/* ---- 8 bytes at a time ------------------------------------------------
 *
 * Loops over every byte of the input (UTF-8 check, line index, the private
 * copy's scans, plain text) first skip 8 bytes per step while none of them
 * is a byte they stop at.  These tests say only whether a word holds such a
 * byte; the byte loops after them decide, so results do not change. */

#define PP_ONES 0x0101010101010101u
#define PP_HIGHS 0x8080808080808080u

static inline uint64_t pp_load8(const char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

/* Non-zero when some byte of v is below c (1 <= c <= 0x80). */
static inline uint64_t pp_has_less(uint64_t v, unsigned char c)
{
	return (v - PP_ONES * c) & ~v & PP_HIGHS;
}

/* Index of the lowest set bit of m (m != 0): the first byte a mask of
 * 8- or 16-byte tests marks. */
static inline unsigned pp_ctz(uint64_t m)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctzll(m);
#else
	unsigned k = 0;
	for (; !(m & 1); m >>= 1)
		k++;
	return k;
#endif
}

/* A set of bytes (the first bytes of a word list, say): one bit each. */
typedef struct pp_byteset {
	uint64_t bits[4];
} pp_byteset;

static inline void pp_byteset_add(pp_byteset *b, unsigned char c)
{
	b->bits[c >> 6] |= (uint64_t)1 << (c & 63);
}

static inline bool pp_byteset_has(const pp_byteset *b, unsigned char c)
{
	return b->bits[c >> 6] >> (c & 63) & 1;
}

/* Non-zero when some byte of v is c. */
static inline uint64_t pp_has_byte(uint64_t v, unsigned char c)
{
	return pp_has_less(v ^ (PP_ONES * c), 1);
}

/* ---- strings and lists ------------------------------------------------- */

/* A NUL-terminated string owned by the arena (or static). s == NULL is null. */
typedef struct pp_str {
	const char *s;
	uint32_t len;
} pp_str;

#define PP_S(lit) ((pp_str){ (lit), (uint32_t)(sizeof(lit) - 1) })
#define PP_NULLSTR ((pp_str){ NULL, 0 })

/* A sealed list: pp_str[], int32_t[] or pp_node *[] by context. */
typedef struct pp_list {
	void *items;
	uint32_t n;
} pp_list;

/* ---- nodes (public kinds) ---------------------------------------------- */

struct pp_node {
	uint8_t kind;          /* pp_kind */
	uint32_t index;
	uint32_t offset, end;  /* source bytes [offset, end) */
	uint32_t line, column; /* 1-based; column in code points */
};

typedef struct pp_status_node {
	pp_node n;
	pp_str raw, value;     /* value: done, in_progress, ...; null for a template */
	pp_list options;       /* pp_str: normalised alternatives of a template */
	bool placeholder;
} pp_status_node;

typedef struct pp_estimate_node {
	pp_node n;
	pp_str raw;
	double min_hours, max_hours, points;  /* NaN when absent */
	bool placeholder;
} pp_estimate_node;

typedef struct pp_level_node {
	pp_node n;
	pp_str raw, level;     /* level: low, medium, high, critical or null */
	double score;          /* NaN when absent */
	bool placeholder;
} pp_level_node;

typedef struct pp_progress_node {
	pp_node n;
	int64_t done, total, cancelled, in_progress;
} pp_progress_node;

typedef struct pp_meta_node {
	pp_node n;
	pp_str key, name, value;
	pp_str raw;            /* the value as written (kept for templates) */
	pp_list options;       /* pp_str */
	bool placeholder;
	int32_t scope;         /* phase index or -1 */
} pp_meta_node;

typedef struct pp_section_node {
	pp_node n;
	uint8_t level;
	pp_str text;
} pp_section_node;

typedef struct pp_phase_node {
	pp_node n;
	pp_str kind, number, title, heading;
	int64_t ordinal;       /* PP_NULL when not a number */
	uint8_t level;
	int32_t parent;
	uint32_t extent_end;   /* source offset where the phase's extent ends */
	uint32_t block;        /* its heading block */
	pp_status_node *status;
	pp_estimate_node *estimate, *task_estimate;
	pp_list tasks;         /* int32_t */
	pp_progress_node progress;
} pp_phase_node;

/* Tasks and checkboxes are most of a document's nodes: what a word says
 * (a state, a role, the source) is kept as a static string or a flag. */
typedef struct pp_task_node {
	pp_node n;
	pp_str id, text, title, priority, owner;
	const char *state;     /* static: a mark's state, a status value, "none" */
	int64_t mark_offset;   /* PP_NULL when none */
	pp_list tags, depends_on;  /* pp_str */
	pp_list attrs;         /* pp_meta_node * */
	int32_t parent, phase;
	pp_estimate_node *estimate;
	const pp_doc *doc;     /* where its key is made (keys.c; not in the JSON) */
	bool parallel, id_placeholder;
	bool from_table;       /* source "table", else "list" */
} pp_task_node;

typedef struct pp_checkbox_node {
	pp_node n;
	pp_str text, section;
	int64_t mark_offset;
	int32_t phase, task;
	const pp_doc *doc;     /* where its key is made (keys.c) */
	char mark;             /* the mark character; the state is pp_mark_state(mark) */
	bool criteria;         /* role "criteria", else "task" */
} pp_checkbox_node;

typedef struct pp_risk_node {
	pp_node n;
	pp_str risk, mitigation, owner, status, id;
	pp_level_node *probability, *impact;
	pp_list cells;         /* pp_str */
	int32_t table;
} pp_risk_node;

typedef struct pp_row_node {
	pp_node n;
	pp_list cells;         /* pp_str */
} pp_row_node;

typedef struct pp_table_node {
	pp_node n;
	pp_list header;        /* pp_str */
	pp_list rows;          /* pp_row_node * */
	pp_str role;           /* risk, tasks, meta, dependencies, other */
} pp_table_node;

typedef struct pp_dep_node {
	pp_node n;
	pp_str from, to, source;
	bool resolved;
} pp_dep_node;

typedef struct pp_diag_node {
	pp_node n;
	pp_str code, severity, message;
} pp_diag_node;

typedef struct pp_document_node {
	pp_node n;
	pp_str title;
	pp_status_node *status;
	pp_progress_node progress;
} pp_document_node;

/* ---- blocks and inline events ------------------------------------------ */

enum { EV_TEXT, EV_ENTER, EV_LEAVE };

/* One inline event of a leaf block.  Text events point at source bytes;
 * breaks (MD_TEXT_BR / SOFTBR) have len 0 at the offset where they stand. */
typedef struct pp_event {
	uint8_t kind;     /* EV_* */
	uint8_t type;     /* MD_TEXTTYPE for text, MD_SPANTYPE for spans */
	uint32_t off, len;
} pp_event;

enum {
	BF_TASKMARK = 1,    /* list item with a task mark (GFM or extended) */
	BF_TAKEN = 2,       /* consumed by a recogniser (risk key lines, attrs) */
	BF_IN_TASK = 4      /* inside a task item (its key lines are attrs) */
};

typedef struct pp_block {
	uint8_t type;       /* MD_BLOCKTYPE */
	uint8_t flags;      /* BF_* */
	uint8_t level;      /* heading level; list: 1 when ordered */
	char mark;          /* list item task mark character, 0 when none */
	uint32_t parent, next, first_child, last_child;  /* PP_NO when none */
	uint32_t offset, end;       /* source span */
	uint32_t ev_begin, ev_end;  /* inline events (leaf blocks) */
	/* By block type (a block has one type, so these share memory: blocks
	 * are the bulk of the parse's scaffolding). */
	union {
		uint32_t mark_offset;   /* list item: offset of the mark character */
		uint32_t aux;           /* code block: offset of the info string; table: columns;
		                           list: 1 + index of its introducer in doc->intros, or 0 */
	};
	union {
		int32_t node;           /* list item: its task index; table: its table index; else -1 */
		uint32_t aux_len;       /* code block: length of the info string */
	};
} pp_block;

/* ---- the document ------------------------------------------------------ */

typedef struct pp_keyset pp_keyset;  /* keys.c */

struct pp_doc {
	pp_arena arena;
	pp_options opts;
	const char *src;          /* private copy of the input, NUL after the end */
	uint32_t len;
	uint32_t body;            /* offset where Markdown starts (after BOM, front matter) */
	const char *md;           /* what md4c reads: src + body, or a rewritten copy */
	uint32_t md_len;
	uint32_t *ins_at;         /* rewrite: md offsets where bytes were inserted */
	uint32_t *ins_sum;        /* rewrite: bytes inserted up to and including each */
	uint32_t nins;
	pp_str path;
	uint32_t *line_starts;    /* offsets of line starts */
	uint32_t line_count;
	bool utf8_clean;          /* the input holds no invalid UTF-8 and no NUL */

	pp_block *blocks;         /* blocks[0] is the document */
	uint32_t nblocks;
	pp_event *events;
	uint32_t nevents;

	pp_document_node root;
	pp_node **lists[PP_KIND_COUNT];   /* sealed node lists by kind */
	uint32_t counts[PP_KIND_COUNT];
	pp_vec build[PP_KIND_COUNT];      /* lists being built: pp_node * */

	uint32_t col_line, col_off, col_val;  /* pp_column_of()'s last answer */
	pp_vec intros;            /* pp_str: pp_list_introducer() answers (see there) */
	const char *intro_sec;    /* the last section text folded as an introducer */
	pp_str intro_fold;        /* and what it folded to */

	pp_str fm_title;          /* front matter `title`, the title's fallback */
	struct pp_vocab_index *vocab_index;  /* vocab.c: phrases by first byte, made on first use */
	/* keys.c: the keys of tasks and checkboxes, made on first use by
	 * whichever thread asks first (a document is otherwise read-only) */
	_Atomic(pp_keyset *) keys;
	int err;                  /* first hard error (PP_ENOMEM ...) */
	/* deps.c (added for lint.c): per task, the first task with its ID, PP_NO
	 * when it has none (no ID or a placeholder); NULL before pp_deps_find() */
	uint32_t *id_first;
};

/* ---- stage entry points (each returns 0 or a PP_E* code) ---------------- */

int pp_input_prepare(pp_doc *doc, const char *text, size_t len);
/* Length of a valid UTF-8 sequence at s (n > 0), or 0 with *bad set to the
 * length of the invalid subpart that one U+FFFD replaces.  NUL is invalid. */
size_t pp_utf8_check(const unsigned char *s, size_t n, size_t *bad);

/* pp_utf8_check() with the sequences of nearly all Latin, Cyrillic,
 * punctuation, arrow and CJK text inline: 2 bytes, and 3 bytes with a lead
 * other than E0 and ED (whose second bytes have narrower ranges). */
static inline size_t pp_utf8_valid(const unsigned char *s, size_t n, size_t *bad)
{
	unsigned c = s[0];
	if (c - 0xC2u <= 0xDFu - 0xC2u && n >= 2 && (s[1] & 0xC0) == 0x80)
		return 2;
	if (c - 0xE1u <= 0xEFu - 0xE1u && c != 0xED && n >= 3 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80)
		return 3;
	return pp_utf8_check(s, n, bad);
}
/* Source offset of a byte that md4c handed us (a pointer into doc->md). */
uint32_t pp_md_offset(const pp_doc *doc, const char *p);
int pp_front_matter(pp_doc *doc);
int pp_input_markdown(pp_doc *doc);
int pp_blocks_build(pp_doc *doc);
int pp_phases_find(pp_doc *doc);
int pp_items_find(pp_doc *doc);
int pp_tables_find(pp_doc *doc);
int pp_risks_find(pp_doc *doc);
int pp_meta_find(pp_doc *doc);
int pp_deps_find(pp_doc *doc);   /* deps.c: dependency edges, task depends_on */
int pp_rollup(pp_doc *doc);
int pp_lint(pp_doc *doc);        /* lint.c: diagnostics over the whole tree */

/* keys.c: the key of task or checkbox `index`, made (once, for all) on
 * first use; null on out-of-memory.  pp_keys_ready() makes them all: 0 or
 * PP_ENOMEM.  pp_keys_free() is for pp_doc_free(). */
pp_str pp_key_of(const pp_doc *doc, pp_kind kind, uint32_t index);
int pp_keys_ready(const pp_doc *doc);
void pp_keys_free(pp_doc *doc);

/* ---- node helpers (doc.c) ---------------------------------------------- */

/* A new node of a kind, zeroed, placed at [offset, end); listed when the
 * kind is one of the document's lists.  NULL on out-of-memory. */
void *pp_node_new(pp_doc *doc, pp_kind kind, size_t size, uint32_t offset, uint32_t end);
/* Sets line/column of a node from its offset. */
void pp_node_place(pp_doc *doc, pp_node *n, uint32_t offset, uint32_t end);
uint32_t pp_line_of(const pp_doc *doc, uint32_t offset);
uint32_t pp_column_of(const pp_doc *doc, uint32_t offset);
/* The end of the line holding the byte before end (closing markup such as
 * `**` or `#`s included), without the line terminator. */
uint32_t pp_line_end(const pp_doc *doc, uint32_t end);
/* The node being built of a kind, by index (valid until the list is sealed).
 * Inline: the stages call these in their inner loops. */
static inline pp_node *pp_built(pp_doc *doc, pp_kind kind, uint32_t index)
{
	return index < doc->build[kind].n ? PP_AT(doc->build[kind], pp_node *, index) : NULL;
}

static inline uint32_t pp_built_count(const pp_doc *doc, pp_kind kind)
{
	return doc->build[kind].n;
}
/* Sorts a list being built by offset (stable); fixes the indices. */
int pp_sort_built(pp_doc *doc, pp_kind kind);
/* Adds a diagnostic; code and severity are static strings. */
void pp_diag(pp_doc *doc, const char *code, const char *severity, uint32_t offset,
             const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* vsnprintf(), the same bytes and return value, without its cost for the
 * conversions diagnostics use: %s, %.Ns, %.*s, %d, %u, %zu, %lld, %02X and
 * %% (any other: vsnprintf() itself). */
int pp_vformat(char *buf, size_t cap, const char *fmt, va_list ap);

/* A limit of pp_options was reached at offset: PP_ELIMIT under
 * PP_LIMIT_FAIL, else adds a `limit` diagnostic (message from fmt) and
 * returns 0.  Callers report each kind of limit once. */
int pp_limit(pp_doc *doc, uint32_t offset, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* ---- text (text.c) ----------------------------------------------------- */

/* Plain text of events [eb, ee) restricted to source bytes [from, to):
 * markup removed, entities decoded, breaks and white space collapsed to one
 * space, trimmed, invalid UTF-8 and NUL read as U+FFFD. */
pp_str pp_text(pp_doc *doc, uint32_t eb, uint32_t ee, uint32_t from, uint32_t to);
/* A run of inline events [eb, ee). */
typedef struct pp_inl {
	uint32_t eb, ee;
} pp_inl;

/* The events directly inside a block (before its first child block). */
pp_inl pp_own_inl(const pp_doc *doc, const pp_block *b);
/* Plain text of a run of events. */
pp_str pp_inl_text(pp_doc *doc, pp_inl r);
/* The first paragraph of a list item: its own text when the list is tight
 * (md4c reports no P block then), else its first P or heading child.
 * *para gets that child block or NULL.  False when the item has none. */
bool pp_item_first(const pp_doc *doc, const pp_block *li, pp_inl *r, const pp_block **para);

/* The soft or hard break that ends the line at event i of a run ending at
 * ee, or ee.  Inline: the stages split every run they read. */
static inline uint32_t pp_line_break(const pp_doc *doc, uint32_t i, uint32_t ee)
{
	for (; i < ee; i++) {
		const pp_event *e = &doc->events[i];
		if (e->kind == EV_TEXT && (e->type == MD_TEXT_BR || e->type == MD_TEXT_SOFTBR))
			break;
	}
	return i;
}

/* Next line of a run, split at soft and hard breaks, starting at event
 * *pos (start with r.eb); false at the end. */
static inline bool pp_next_line(const pp_doc *doc, pp_inl r, uint32_t *pos, pp_inl *line)
{
	if (*pos >= r.ee)
		return false;
	*line = (pp_inl){ *pos, pp_line_break(doc, *pos, r.ee) };
	*pos = line->ee < r.ee ? line->ee + 1 : line->ee;
	return true;
}

/* Trims ASCII and Unicode white space; returns an arena copy when it changed. */
pp_str pp_str_trim(pp_str s);
/* An arena copy of s[0..n). */
pp_str pp_str_dup(pp_doc *doc, const char *s, size_t n);
/* pp_str_dup() of bytes of the source or the arena, which need no copy
 * when a NUL already follows them (the tail of a string). */
pp_str pp_str_keep(pp_doc *doc, const char *s, size_t n);
/* Folded key: NFC, case folded, white space collapsed, trailing ':' removed. */
pp_str pp_key_fold(pp_doc *doc, const char *s, size_t n);
/* pp_key_fold() into any arena (keys.c folds after the parse, in its own). */
pp_str pp_fold_in(pp_arena *a, const char *s, size_t n);
/* The same fold, always through utf8proc: what pp_fold_in() does with
 * code points pp_fold_cp() does not know (tests compare the two). */
pp_str pp_fold_utf8proc(pp_arena *a, const char *s, size_t n);
/* The NFC + case fold of code point c, when it is one code point that
 * folds alone (no neighbour it may meet in this set changes it: no
 * combining marks, jamo or other composition partners are in it); else
 * -1.  Covers ASCII but NUL, Latin-1 but ß, basic Cyrillic, common
 * punctuation and symbols, kana, CJK ideographs, Hangul syllables,
 * full-width ASCII and emoji. */
int32_t pp_fold_cp(int32_t c);
/* Key name: the folded key with spaces and '-' as '_'. */
pp_str pp_key_name(pp_doc *doc, const char *s, size_t n);

/* vocab.c: a small direct-mapped memo of strings (a slot per hash of the
 * bytes; a new key takes its slot over).  A document repeats its few keys
 * and header names, so one seen before costs a comparison, not a fold. */
#define PP_MEMO_SLOTS 128
typedef struct pp_memo {
	pp_str key[PP_MEMO_SLOTS], val[PP_MEMO_SLOTS];
} pp_memo;
unsigned pp_memo_slot(const char *s, uint32_t n);
/* make(doc, key) as memoised in m (a null result is not kept). */
pp_str pp_memo_str(pp_doc *doc, pp_memo *m, pp_str key,
                   pp_str (*make)(pp_doc *doc, const char *s, size_t n));
/* Case-insensitive (Unicode simple case folding) prefix match of a word,
 * full-width ASCII punctuation read as ASCII.  Returns bytes consumed or 0. */
size_t pp_match_word(const char *s, size_t n, const char *word);
/* Writes v in decimal and a NUL to out (>= 11 bytes); returns the digits
 * written.  snprintf("%u") without its cost: graph and dependency names
 * (`task:12`) are made for thousands of tasks. */
size_t pp_u32_dec(char *out, uint32_t v);
/* Decodes one code point (U+FFFD for bad bytes); *adv gets its length.
 * Full-width brackets, parentheses and colon are read as ASCII. */
int32_t pp_cp(const char *s, size_t n, size_t *adv);
bool pp_is_space_cp(int32_t cp);

/* ---- shared recogniser helpers ---------------------------------------- */

/* phase.c: index of the innermost phase whose extent holds offset, or -1. */
int32_t pp_phase_at(const pp_doc *doc, uint32_t offset);
/* phase.c: how many of the n nodes ns (in offset order) start at or
 * before offset (a binary search). */
uint32_t pp_count_upto(pp_node *const *ns, uint32_t n, uint32_t offset);
/* phase.c: text of the nearest heading at or above offset, or null. */
pp_str pp_section_at(const pp_doc *doc, uint32_t offset);
/* phase.c: pp_phase_at() and pp_section_at() for a walk in document
 * order: from where the last call of the walk stopped, so O(1) amortised
 * while offsets grow (any order gives the same answers).  Start a walk
 * with a zeroed cursor. */
typedef struct pp_at_cursor {
	uint32_t phases, phase_off, sections, section_off;
} pp_at_cursor;
int32_t pp_phase_next(const pp_doc *doc, pp_at_cursor *c, uint32_t offset);
pp_str pp_section_next(const pp_doc *doc, pp_at_cursor *c, uint32_t offset);

/* items.c: the state a task mark character stands for (MODEL 5), as a
 * class and as its name, and the mark as a static one-character string
 * (null for no mark). */
typedef enum pp_mark_class {
	PP_MARK_TODO, PP_MARK_DONE, PP_MARK_IN_PROGRESS, PP_MARK_CANCELLED, PP_MARK_DEFERRED
} pp_mark_class;
pp_mark_class pp_mark_class_of(char mark);
const char *pp_mark_state(char mark);
pp_str pp_mark_string(char mark);

/* items.c: whether a list item looks like a task whatever its list: a task
 * mark (GFM or extended) or a leading task ID. */
bool pp_item_task_like(pp_doc *doc, const pp_block *li);

/* items.c: the folded text (pp_key_fold) of what introduces a list: the
 * label paragraph directly before it (`**Tasks**:`, `Success Criteria:`),
 * else the nearest heading above it; null when neither.  Headings further
 * up do not count. */
pp_str pp_list_introducer(pp_doc *doc, uint32_t list_block);

/* meta.c: key lines.  A key line is a line of a paragraph (split at soft and
 * hard breaks, and at ` | ` when the next segment starts with an emphasised
 * key) that starts with a strong/emphasis span whose text ends with `:` or
 * is directly followed by `:` (emphasised), or a plain `Key: value` line. */
typedef struct pp_keyline {
	pp_str key;            /* as written, without markup and the ':' */
	pp_str value;          /* text of the rest of the line; len 0: a label */
	uint32_t offset, end;  /* source span of the whole key line */
	bool emphasised;
} pp_keyline;

enum {
	PP_KL_EMPH = 1,        /* emphasised keys */
	PP_KL_PLAIN_KNOWN = 2, /* plain `Key: value` with a known-vocabulary key */
	PP_KL_PLAIN_ANY = 4    /* plain `Key: value` with any short key */
};

typedef int (*pp_keyline_fn)(pp_doc *doc, const pp_keyline *kl, void *ud);
/* Calls fn for each key line of a run of events, in order; fn returning
 * non-zero stops the scan with that value.  Returns 0, fn's value, or
 * PP_ENOMEM. */
int pp_keylines(pp_doc *doc, pp_inl run, unsigned mode, pp_keyline_fn fn, void *ud);

/* table.c: a column of a table whose folded header is one of names
 * (NULL-terminated list of folded names), or -1. */
int pp_table_col(const pp_table_node *t, const char *const *names);
/* table.c: the tasks of a table whose role is "tasks" (called by items.c
 * at the table's place in document order, so tasks stay in order). */
int pp_table_tasks(pp_doc *doc, pp_table_node *t, int32_t phase);
/* table.c: the column a task table reads a task's state from, or -1. */
int pp_table_status_col(const pp_table_node *t);
/* table.c: whether a folded header name f is one of names, as
 * pp_table_col() matches them: whole, or `word*` a prefix and `*word` a
 * suffix ending on a word boundary. */
bool pp_names_match(pp_str f, const char *const *names);
/* The last block of the subtree of block i (blocks are in document
 * pre-order).  A table holds only its rows and cells, and cells
 * hold only inline content: walks over the blocks for headings, paragraphs
 * or lists step from a table to the block after it. */
static inline uint32_t pp_subtree_last(const pp_doc *doc, uint32_t i)
{
	while (doc->blocks[i].last_child != PP_NO)
		i = doc->blocks[i].last_child;
	return i;
}
/* table.c: an earlier table of the document with the same header as t (t
 * itself when none is remembered): what is read from a header alone can be
 * read once for both. */
const pp_table_node *pp_table_first(const pp_table_node *t);

/* taskfields.c: reading a task's text (plain text, markup removed). */
size_t pp_id_token(const char *s, size_t n, bool *placeholder);
size_t pp_id_inside(const char *s, size_t n, size_t *len, bool *placeholder);
size_t pp_marker(const char *s, size_t n, pp_str *inner);
pp_str pp_priority(const char *s, size_t n);
pp_str pp_owner(const char *s, size_t n);
/* What the recognisers that look all over a task's text find, in one scan
 * that tests each byte they may start at for those still looking. */
enum {
	PP_SCAN_PRIO = 1,      /* pp_priority() */
	PP_SCAN_OWNER = 2,     /* pp_owner() */
	PP_SCAN_INSIDE = 4,    /* pp_id_inside() */
	PP_SCAN_DASH = 8       /* the first byte from dash_from on that may start a
	                          dash (`-`, `|`, 0xE2), for pp_estimate_tail_in() */
};
typedef struct pp_task_marks {
	pp_str prio, owner;    /* null when none (or not looked for) */
	size_t inside, inside_len;  /* an ID inside: its start, n when none */
	bool inside_ph;
	size_t dash, dash_from;     /* n when none */
} pp_task_marks;
void pp_task_scan(const char *s, size_t n, unsigned want, size_t dash_from, pp_task_marks *o);
/* The scans of a task's text (taskfields.c, estimate.c) look only at the
 * bytes that may start what they look for, found 16 at a time; inline, as
 * each passes its own constant bytes. */
/* Bit k set when s[k] (k < 16) may be byte a or b, or (lead) 0xE0, 0xE2,
 * 0xF0 or 0xF2, the bytes that give 0xF2 or'ed with 0x12 (the emoji here
 * start with 0xE2 or 0xF0).  Without SSE2, two 8-byte words give the same
 * bits or more (the top bit of each byte, gathered by a multiplication),
 * or, on an unknown byte order, every bit. */
static inline unsigned pp_match16(const char *s, unsigned char a, unsigned char b, bool lead)
{
#ifdef PP_SSE2
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)a)),
	                         _mm_cmpeq_epi8(v, _mm_set1_epi8((char)b)));
	if (lead)
		m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x12)),
		                                   _mm_set1_epi8((char)0xF2)));
	return (unsigned)_mm_movemask_epi8(m);
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	unsigned r = 0;
	for (int h = 1; h >= 0; h--) {
		uint64_t v = pp_load8(s + 8 * h);
		uint64_t m = pp_has_byte(v, a) | pp_has_byte(v, b) |
		             (lead ? pp_has_byte(v | PP_ONES * 0x12, 0xF2) : 0);
		r = r << 8 | (unsigned)(((m >> 7) * 0x0102040810204080u) >> 56);
	}
	return r;
#else
	(void)s, (void)a, (void)b, (void)lead;
	return 0xFFFF;
#endif
}

/* The positions from s[i] on (bit 0: s[i]; at most 16) that may hold a
 * byte pp_match16() looks for.  The scans look only at those; a superset
 * does no harm (they test each one).  Near the end the last 16 bytes of s
 * are read again, shifted; a text shorter than 16 bytes is all
 * candidates. */
static inline unsigned pp_byte_lanes(const char *s, size_t n, size_t i, unsigned char a,
                                     unsigned char b, bool lead)
{
	size_t left = n - i;
	if (n < 16)
		return (1u << left) - 1;
	if (left >= 16)
		return pp_match16(s + i, a, b, lead);
	return pp_match16(s + n - 16, a, b, lead) >> (16 - left);
}

/* ---- vocabularies (vocab.c) -------------------------------------------- */

/* Normalised status ("done", ...) of a value, or NULL when unknown. */
const char *pp_status_word(pp_doc *doc, const char *s, size_t n);
/* Whether a folded key names a status (status, state, estado, ...). */
bool pp_is_status_key(const char *name, size_t n);
/* Whether a folded key is in the known metadata vocabulary. */
bool pp_is_known_key(const char *name, size_t n);
/* Whether the ASCII word w (any case) is the first word of a known key:
 * a cheap test before a key is made and folded. */
bool pp_known_key_word(const char *w, size_t n);
/* Whether the key lists agree with their first-byte index (a unit test). */
bool pp_key_index_ok(void);
/* Risk level of a value: "low", "medium", "high", "critical" or NULL. */
const char *pp_level_word(pp_doc *doc, const char *s, size_t n);
/* Whether a whole value is template text left unfilled. */
bool pp_is_placeholder(const char *s, size_t n);

/* Adds a status header (meta entry): name, placeholder, template options and
 * status detection follow the rules of docs/format.md.  scope is a phase
 * index or -1.  NULL on out-of-memory. */
pp_meta_node *pp_meta_add(pp_doc *doc, pp_str key, pp_str value, int32_t scope,
                          uint32_t offset, uint32_t end);
/* pp_meta_add() with the key's name (pp_key_name of key) already made. */
pp_meta_node *pp_meta_add_named(pp_doc *doc, pp_str key, pp_str name, pp_str value,
                                int32_t scope, uint32_t offset, uint32_t end);

/* A status node for a raw value (template alternatives handled).  NULL on OOM. */
pp_status_node *pp_status_make(pp_doc *doc, pp_str raw, uint32_t offset, uint32_t end);
/* pp_status_make() of a raw value whose pp_status_word() the caller has
 * already read: word (NULL: not read). */
pp_status_node *pp_status_make_as(pp_doc *doc, pp_str raw, const char *word, uint32_t offset,
                                  uint32_t end);

/* ---- estimates (estimate.c) -------------------------------------------- */

/* Parses a whole estimate ("2-3 days", "8h", "5 SP"); NULL when s is not one. */
pp_estimate_node *pp_estimate_parse(pp_doc *doc, const char *s, size_t n,
                                    uint32_t offset, uint32_t end);
/* Length of a trailing estimate in s, in parentheses or after a dash
 * ("Build (40-50h)"), 0 when none; *inner and *inner_len get the estimate text. */
size_t pp_estimate_suffix(const char *s, size_t n, const char **inner, size_t *inner_len);
/* pp_estimate_suffix() and pp_estimate_parse() of the estimate it finds, in
 * one reading: returns the suffix's length (0 when none); *node gets the
 * estimate, or NULL when none (or out of memory). */
size_t pp_estimate_tail(pp_doc *doc, const char *s, size_t n, uint32_t offset, uint32_t end,
                        pp_estimate_node **node);
/* pp_estimate_tail() when the caller knows where the first byte of s
 * that may start a dash (`-`, `|`, 0xE2) is: dash (n or more: none). */
size_t pp_estimate_tail_in(pp_doc *doc, const char *s, size_t n, size_t dash, uint32_t offset,
                           uint32_t end, pp_estimate_node **node);

/* ---- field access (node.c), shared with json.c ------------------------ */

typedef enum pp_vtype {
	PP_V_NULL, PP_V_STR, PP_V_INT, PP_V_BOOL, PP_V_NUM, PP_V_NODE,
	PP_V_LSTR, PP_V_LINT, PP_V_LNODE
} pp_vtype;

typedef struct pp_value {
	pp_vtype type;
	pp_str str;
	int64_t i;
	double d;
	const pp_node *node;
	pp_list list;
} pp_value;

/* The fields of a kind, in JSON order, ending with PP_F_NONE. */
const pp_field *pp_kind_fields(pp_kind kind);
/* Reads a field; type PP_V_NULL when null or absent. */
void pp_get(const pp_node *n, pp_field f, pp_value *v);

/* ---- dependency graph (graph.c), shared by deps.c, lint.c ------------- */

/* A hash map from one or two strings (k2 may be empty) to a uint32_t, with
 * the caller's allocator.  Keys are not copied: they must outlive the map. */
typedef struct pp_map_slot {
	const char *k1, *k2;
	uint32_t l1, l2, hash, val;   /* val PP_NO: empty slot */
} pp_map_slot;

typedef struct pp_map {
	pp_arena *mem;
	pp_map_slot *slots;
	uint32_t cap, n;
} pp_map;

/* Inserts (k1, k2) -> val unless present.  Returns the value already there,
 * or val when inserted; PP_NO on out-of-memory (mem->oom set). */
uint32_t pp_map_put(pp_map *m, const char *k1, uint32_t l1, const char *k2, uint32_t l2,
                    uint32_t val);
/* Makes room for n entries at once, so that n puts never grow the map
 * (one allocation instead of a doubling and rehash per power of two).
 * 0, or PP_ENOMEM (mem->oom set). */
int pp_map_reserve(pp_map *m, uint32_t n);
uint32_t pp_map_get(const pp_map *m, const char *k1, uint32_t l1, const char *k2, uint32_t l2);
void pp_map_free(pp_map *m);

/* Builds the graph of docs/format.md section 7 from node lists (the lists
 * being built, during the parse, or the sealed ones).  mem gives the
 * allocator; the graph points at the nodes' strings. */
int pp_graph_make(pp_graph **out, const pp_allocator *al,
                  pp_node *const *tasks, uint32_t nt, pp_node *const *phases, uint32_t np,
                  pp_node *const *deps, uint32_t nd);
/* Cycle c as a closed walk through its first member: writes at most max
 * node indices (first == last omitted) to out; returns the walk's length
 * (0 when out of memory), and the dependency node of its first edge in
 * *edge (or PP_NO). */
uint32_t pp_graph_cycle_walk(const pp_graph *g, uint32_t c, uint32_t *out, uint32_t max,
                             uint32_t *edge);
/* Whether a task's state counts as finished for its dependants. */
bool pp_state_finished(const char *state);

#endif /* PP_INTERNAL_H */
