/*
 * planparse.h: the public interface of libplanparse.
 *
 * libplanparse reads a plan document written in Markdown (an implementation
 * plan, a spec-kit tasks.md, a roadmap, a risk register...) and builds a
 * read-only tree of its phases, tasks, checkboxes, status headers, risks and
 * tables, each with its exact source position.
 *
 * The model is described in docs/format.md; ownership and lifetimes in
 * docs/api.md.  In short:
 *
 *   - pp_parse() returns a pp_doc that owns every node and string reachable
 *     from it.  Everything stays valid, unchanged, until pp_doc_free().
 *   - Nodes are opaque handles (const pp_node *).  Read them with the scalar
 *     accessors below, which accept NULL and fields that the node's kind does
 *     not have and then return NULL / PP_NULL / 0.
 *   - Functions that can fail return 0 or a negative PP_E* code; the result
 *     goes to an out-parameter given first.  pp_strerror() names the code.
 *   - There is no global state: a pp_doc may be read from many threads at
 *     once, and separate documents may be parsed concurrently.
 */
#ifndef PLANPARSE_H
#define PLANPARSE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(PP_SHARED)
#  ifdef PP_BUILDING
#    define PP_EXTERN __declspec(dllexport)
#  else
#    define PP_EXTERN __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && defined(PP_BUILDING)
#  define PP_EXTERN __attribute__((visibility("default")))
#else
#  define PP_EXTERN
#endif

/** Error codes.  Every failing call returns one of these (all negative). */
typedef enum pp_error {
	PP_OK = 0,
	PP_EINVAL = -1,  /**< an argument was NULL or out of range */
	PP_ENOMEM = -2,  /**< an allocation failed; nothing leaked */
	PP_ELIMIT = -3,  /**< the input exceeds a limit in pp_options */
	PP_EPARSE = -4,  /**< the Markdown parser gave up (should not happen) */
	PP_ECONFLICT = -5,   /**< pp_apply_edits(): an edit's expected bytes are not at
	                          its offset (the text changed: parse it again) */
	PP_EOVERLAP = -6,    /**< pp_apply_edits(): two edits overlap */
	PP_ENOTFOUND = -7,   /**< pp_doc_find(): no task or checkbox has that key */
	PP_EAMBIGUOUS = -8,  /**< pp_doc_find(): the target names several */
	PP_EUNSUPPORTED = -9 /**< a planner cannot make that edit in place (no mark,
	                          no status cell, a value that would not read back) */
} pp_error;

/** The special integer that pp_node_int() returns for a null or absent value. */
#define PP_NULL INT64_MIN

/** Allocator used for everything a document owns.  All three are required
 *  when any is set; ctx is passed back unchanged.  realloc is never called
 *  with a NULL pointer or a size of zero. */
typedef struct pp_allocator {
	void *(*malloc)(size_t size, void *ctx);
	void *(*realloc)(void *ptr, size_t size, void *ctx);
	void (*free)(void *ptr, void *ctx);
	void *ctx;
} pp_allocator;

/** Version of the pp_options layout; store it in pp_options.version. */
#define PP_OPTIONS_VERSION 1

/** What pp_parse() does when the input exceeds a structural limit of
 *  pp_options (max_depth, max_table_cells, max_line). */
typedef enum pp_limit_action {
	PP_LIMIT_TEXT = 0,  /**< keep the excess as plain text of the enclosing block
	                         and add one `limit` diagnostic at the first place
	                         a limit was reached (the default) */
	PP_LIMIT_FAIL = 1   /**< pp_parse() fails with PP_ELIMIT */
} pp_limit_action;

/** Options of a parse.  Always start from pp_options_init() (or
 *  PP_OPTIONS_INIT), then set the fields you need: the version field lets
 *  later releases add fields without breaking callers built against this one. */
typedef struct pp_options {
	unsigned version;        /**< PP_OPTIONS_VERSION */
	const char *path;        /**< name of the source, shown in JSON and messages; may be NULL */
	pp_allocator allocator;  /**< all NULL: the C library's malloc/realloc/free */
	size_t max_input;        /**< largest input accepted, in bytes (default 256 MiB; at most 4 GiB - 2) */
	double hours_per_day;    /**< estimate conversion (default 8) */
	double days_per_week;    /**< estimate conversion (default 5) */
	unsigned max_depth;      /**< deepest nesting of blocks kept as structure, counted
	                              below the document (a paragraph in an item of a list
	                              is 3 deep; default 256; 0: the default).  Deeper
	                              blocks are not created: their text belongs to the
	                              deepest block kept. */
	size_t max_table_cells;  /**< table cells in the whole document, counted as
	                              GFM pads them (rows x header columns; default
	                              1,000,000; 0: the default).  Rows beyond it are
	                              read as a paragraph after the table. */
	size_t max_line;         /**< longest line, in bytes (default 1 MiB; 0: the
	                              default).  Bytes of a line past it are plain text
	                              (no Markdown inline syntax). */
	unsigned max_key;        /**< longest metadata key, in bytes (default 64; 0: the
	                              default).  A longer "key" is a sentence, not a key:
	                              not a limit, it never fails a parse. */
	int on_limit;            /**< pp_limit_action (default PP_LIMIT_TEXT) */
} pp_options;

/** Static initialiser with the defaults of pp_options_init(). */
#define PP_OPTIONS_INIT \
	{ PP_OPTIONS_VERSION, NULL, { NULL, NULL, NULL, NULL }, (size_t)256 << 20, 8.0, 5.0, \
	  256, 1000000, (size_t)1 << 20, 64, PP_LIMIT_TEXT }

/** Fills *opts with the defaults. */
PP_EXTERN void pp_options_init(pp_options *opts);

/** A parsed document; opaque. */
typedef struct pp_doc pp_doc;
/** A node of a document; opaque, owned by its document. */
typedef struct pp_node pp_node;

/**
 * Parses len bytes of text (UTF-8, LF, CRLF or CR line endings, optional
 * BOM; need not be NUL-terminated; invalid UTF-8 and NUL bytes are accepted
 * and reported as diagnostics).  opts may be NULL for the defaults.
 *
 * On success stores a new document in *out and returns 0; the caller frees
 * it with pp_doc_free().  On failure stores NULL and returns PP_EINVAL,
 * PP_ENOMEM or PP_ELIMIT.  The text is copied: the caller may free it as
 * soon as pp_parse() returns.
 */
PP_EXTERN int pp_parse(pp_doc **out, const char *text, size_t len, const pp_options *opts);

/** Frees a document and every node and string it owns.  NULL is ignored. */
PP_EXTERN void pp_doc_free(pp_doc *doc);

/** A static, human-readable message for an error code ("out of memory"). */
PP_EXTERN const char *pp_strerror(int code);

/** The library's version, "MAJOR.MINOR.PATCH"; a static string. */
PP_EXTERN const char *pp_version(void);

/**
 * Serialises the document as the JSON of docs/format.md ("planparse/1"):
 * one compact object, UTF-8, byte-identical for the same input and options.
 * Stores a NUL-terminated buffer in *out and its length (without the NUL) in
 * *len (len may be NULL).  Free the buffer with pp_free(); it does not depend
 * on the document, which may be freed first.  Returns 0 or a PP_E* code.
 */
PP_EXTERN int pp_doc_to_json(const pp_doc *doc, char **out, size_t *len);

/** Frees a buffer returned by pp_doc_to_json().  NULL is ignored. */
PP_EXTERN void pp_free(void *ptr);

/* ------------------------------------------------------------------------ */
/* Nodes                                                                     */

/** The kinds of node.  Each kind but PP_DOCUMENT is also a list of the
 *  document, in document order: pp_doc_count() / pp_doc_get(). */
typedef enum pp_kind {
	PP_NONE = 0,
	PP_DOCUMENT,    /**< the root: title, status, progress */
	PP_META,        /**< a status header (key/value); also a task's attr */
	PP_SECTION,     /**< a heading */
	PP_PHASE,       /**< a phase, stage, milestone, sprint... */
	PP_TASK,        /**< a unit of work, from a list item or a table row */
	PP_CHECKBOX,    /**< a list item with a task mark */
	PP_RISK,        /**< a row of a risk table or an item of a risk list */
	PP_TABLE,       /**< a table */
	PP_DEPENDENCY,  /**< an edge "from depends on to" */
	PP_DIAGNOSTIC,  /**< a problem found in the document */
	PP_STATUS,      /**< a status value (child of a document, phase or risk) */
	PP_ESTIMATE,    /**< an effort estimate (child of a phase or task) */
	PP_LEVEL,       /**< a risk probability or impact (child of a risk) */
	PP_PROGRESS,    /**< checkbox counts (child of the document or a phase) */
	PP_ROW,         /**< a table row: its cells (child of a table) */
	PP_KIND_COUNT
} pp_kind;

/** The JSON name of a kind ("phase"), or "none" for an unknown kind. */
PP_EXTERN const char *pp_kind_name(pp_kind kind);

/**
 * Fields of nodes.  Which field a kind has, and of which type, is listed in
 * docs/api.md and follows the JSON of docs/format.md: the field's JSON name
 * is pp_field_name().  Asking a node for a field it does not have returns
 * the accessor's null value.
 */
typedef enum pp_field {
	PP_F_NONE = 0,
	PP_F_INDEX, PP_F_LINE, PP_F_COLUMN, PP_F_OFFSET, PP_F_END,
	PP_F_TITLE, PP_F_STATUS, PP_F_PROGRESS,
	PP_F_KEY, PP_F_NAME, PP_F_VALUE, PP_F_OPTIONS, PP_F_PLACEHOLDER, PP_F_SCOPE,
	PP_F_RAW,
	PP_F_LEVEL, PP_F_TEXT,
	PP_F_KIND, PP_F_NUMBER, PP_F_ORDINAL, PP_F_HEADING, PP_F_PARENT,
	PP_F_ESTIMATE, PP_F_TASK_ESTIMATE, PP_F_TASKS,
	PP_F_ID, PP_F_STATE, PP_F_MARK_OFFSET, PP_F_PARALLEL, PP_F_TAGS,
	PP_F_PRIORITY, PP_F_OWNER, PP_F_DEPENDS_ON, PP_F_ATTRS, PP_F_PHASE,
	PP_F_SOURCE,
	PP_F_MARK, PP_F_ROLE, PP_F_SECTION, PP_F_TASK,
	PP_F_RISK, PP_F_PROBABILITY, PP_F_IMPACT, PP_F_MITIGATION, PP_F_CELLS,
	PP_F_TABLE,
	PP_F_HEADER, PP_F_ROWS,
	PP_F_FROM, PP_F_TO, PP_F_RESOLVED,
	PP_F_CODE, PP_F_SEVERITY, PP_F_MESSAGE,
	PP_F_MIN_HOURS, PP_F_MAX_HOURS, PP_F_POINTS, PP_F_SCORE,
	PP_F_DONE, PP_F_TOTAL, PP_F_CANCELLED, PP_F_IN_PROGRESS, PP_F_PERCENT,
	PP_F_PATH, PP_F_BYTES, PP_F_LINES,  /**< of PP_DOCUMENT: the JSON's "source" */
	PP_F_COUNT
} pp_field;

/** The JSON name of a field ("mark_offset"), or "none". */
PP_EXTERN const char *pp_field_name(pp_field field);

/** The root node of the document (kind PP_DOCUMENT), or NULL for NULL. */
PP_EXTERN const pp_node *pp_doc_root(const pp_doc *doc);

/** How many nodes of a kind the document lists (0 for PP_DOCUMENT and the
 *  child-only kinds PP_STATUS, PP_ESTIMATE, PP_LEVEL, PP_PROGRESS, PP_ROW). */
PP_EXTERN size_t pp_doc_count(const pp_doc *doc, pp_kind kind);

/** The index-th node of a kind (0-based, document order), or NULL. */
PP_EXTERN const pp_node *pp_doc_get(const pp_doc *doc, pp_kind kind, size_t index);

/** The kind of a node; PP_NONE for NULL. */
PP_EXTERN pp_kind pp_node_kind(const pp_node *node);

/**
 * A string field: a pointer into the document, NUL-terminated, valid until
 * pp_doc_free(); its length in bytes goes to *len when len is not NULL.
 * Returns NULL (and 0 in *len) when the value is null or absent.
 */
PP_EXTERN const char *pp_node_str(const pp_node *node, pp_field field, size_t *len);

/** An integer or boolean field (booleans are 0 or 1; indices are 0-based;
 *  lines and columns 1-based), or PP_NULL when null or absent. */
PP_EXTERN int64_t pp_node_int(const pp_node *node, pp_field field);

/** A number field (estimate hours and points), or NaN when null or absent. */
PP_EXTERN double pp_node_num(const pp_node *node, pp_field field);

/** A child node (PP_F_STATUS, PP_F_ESTIMATE, PP_F_PROGRESS, ...), or NULL. */
PP_EXTERN const pp_node *pp_node_child(const pp_node *node, pp_field field);

/** How many items a list field holds (0 when absent). */
PP_EXTERN size_t pp_node_list_count(const pp_node *node, pp_field field);

/** Item i of a list of strings (PP_F_TAGS, PP_F_OPTIONS, PP_F_CELLS,
 *  PP_F_HEADER, PP_F_DEPENDS_ON), as pp_node_str(); NULL when out of range. */
PP_EXTERN const char *pp_node_list_str(const pp_node *node, pp_field field, size_t i, size_t *len);

/** Item i of a list of integers (PP_F_TASKS), or PP_NULL. */
PP_EXTERN int64_t pp_node_list_int(const pp_node *node, pp_field field, size_t i);

/** Item i of a list of nodes (PP_F_ATTRS, PP_F_ROWS), or NULL. */
PP_EXTERN const pp_node *pp_node_list_node(const pp_node *node, pp_field field, size_t i);

/* ------------------------------------------------------------------------ */
/* Dependency graph                                                          */
/*
 * The graph of the document's dependency edges (PP_DEPENDENCY nodes; see
 * docs/format.md section 7).  Its nodes are named by ID strings: one node
 * per distinct task ID (tasks that share an ID form one node), "task:I" for
 * task I when it has no ID (or a placeholder ID), "phase:N" per phase
 * number, and one node per target that names nothing in the document.
 * Nodes are numbered in document order.  An edge runs from a node to each
 * of its prerequisites.
 *
 * pp_graph_new() computes everything at once, in time linear in the number
 * of tasks, phases and edges and without recursion; the accessors only read.
 * Accessors take NULL and out-of-range indices and then return 0 / PP_NULL
 * / NULL / NaN.
 *
 * Ownership: the caller owns the graph and frees it with pp_graph_free().
 * It is allocated with the document's allocator and points at strings of
 * the document: free the graph before (or together with) its document.  A
 * graph is immutable and may be read from many threads at once.
 */

/** A dependency graph of one document; opaque. */
typedef struct pp_graph pp_graph;

/**
 * Builds the dependency graph of doc.  Stores it in *out and returns 0, or
 * stores NULL and returns PP_EINVAL (a NULL argument) or PP_ENOMEM.
 */
PP_EXTERN int pp_graph_new(pp_graph **out, const pp_doc *doc);

/** Frees a graph.  NULL is ignored. */
PP_EXTERN void pp_graph_free(pp_graph *graph);

/** The number of nodes. */
PP_EXTERN size_t pp_graph_node_count(const pp_graph *graph);

/** The name of a node ("T001", "phase:2", "task:7", or an unresolved
 *  target as written), NUL-terminated, valid while the graph lives; its
 *  length goes to *len when len is not NULL.  NULL when out of range. */
PP_EXTERN const char *pp_graph_node_name(const pp_graph *graph, size_t node, size_t *len);

/** The index of the first task a node stands for, or PP_NULL. */
PP_EXTERN int64_t pp_graph_node_task(const pp_graph *graph, size_t node);

/** The index of the first phase a node stands for, or PP_NULL. */
PP_EXTERN int64_t pp_graph_node_phase(const pp_graph *graph, size_t node);

/** Whether a node is finished (1) or not (0), PP_NULL when out of range.
 *  A task node is finished when all its tasks are done or cancelled; a
 *  phase node when its status is done, or when it holds tasks (else
 *  checkboxes) and all of them are finished; an unresolved target never. */
PP_EXTERN int64_t pp_graph_node_done(const pp_graph *graph, size_t node);

/** The number of prerequisites of a node (distinct edges out of it). */
PP_EXTERN size_t pp_graph_prereq_count(const pp_graph *graph, size_t node);

/** Prerequisite i of a node, as a node index, or PP_NULL. */
PP_EXTERN int64_t pp_graph_prereq(const pp_graph *graph, size_t node, size_t i);

/** The number of nodes in the topological order: every node that is not on
 *  a cycle and does not depend, directly or not, on a node of a cycle. */
PP_EXTERN size_t pp_graph_order_count(const pp_graph *graph);

/** Node i of the topological order (prerequisites first; among nodes that
 *  are free at the same time, document order first), or PP_NULL. */
PP_EXTERN int64_t pp_graph_order_node(const pp_graph *graph, size_t i);

/** The number of dependency cycles.  Each is reported once: a cycle is a
 *  strongly connected component of more than one node, or a node that
 *  depends on itself. */
PP_EXTERN size_t pp_graph_cycle_count(const pp_graph *graph);

/** The number of nodes of cycle c (0 when out of range). */
PP_EXTERN size_t pp_graph_cycle_size(const pp_graph *graph, size_t cycle);

/** Member i of cycle c, as a node index (members in document order), or
 *  PP_NULL.  Cycles are ordered by their first member. */
PP_EXTERN int64_t pp_graph_cycle_node(const pp_graph *graph, size_t cycle, size_t i);

/** The number of tasks ready to start: not done or cancelled, not on a
 *  cycle, every prerequisite of its node finished, and every prerequisite
 *  of each phase that holds it finished.  An unresolved prerequisite is
 *  never finished. */
PP_EXTERN size_t pp_graph_ready_count(const pp_graph *graph);

/** Ready task i, as a task index (plan order), or PP_NULL. */
PP_EXTERN int64_t pp_graph_ready_task(const pp_graph *graph, size_t i);

/** The number of nodes on the critical path: the chain of dependencies
 *  with the largest sum of max_hours (task nodes: the first task's
 *  estimate; phase nodes: the phase's estimate, else its task_estimate;
 *  none: 0), ties broken by the longer chain, then document order; nodes on
 *  cycles are left out.  0 when the document has no tasks or phases. */
PP_EXTERN size_t pp_graph_critical_count(const pp_graph *graph);

/** Node i of the critical path, first prerequisite first, or PP_NULL. */
PP_EXTERN int64_t pp_graph_critical_node(const pp_graph *graph, size_t i);

/** The total max_hours of the critical path (0 when it has no estimate;
 *  NaN for NULL). */
PP_EXTERN double pp_graph_critical_hours(const pp_graph *graph);

/* ------------------------------------------------------------------------ */
/* Editing in place (docs/edit.md)                                           */
/*
 * The planners below never rewrite a document: they return the few byte
 * patches (pp_edit) that make one change, each carrying the bytes it
 * expects to replace.  pp_apply_edits() checks those bytes before it
 * changes anything, so a patch planned on a stale parse is refused
 * (PP_ECONFLICT) instead of corrupting the file: parse again and re-plan.
 *
 * Every planner checks its own work before returning: it applies the
 * patches to a copy, parses the copy with the document's options and
 * makes sure the target now reads as asked (else PP_EUNSUPPORTED).
 *
 * Targets: every task and every checkbox has a key (pp_node_key()): its
 * task ID when that ID is unique in the document, else
 * `phase:N/section:SLUG/TEXT-SLUG` (the parts that apply), with `#1`, `#2`
 * appended, in document order, only when several targets share it.  A
 * checkbox that is also a task has its task's key.  Keys are made at the
 * first call that needs one (safe from many threads at once); NULL from
 * pp_node_key() then means out of memory.
 */

/** One byte patch: replace length bytes at offset (which must equal
 *  expected, expected_len == length; expected NULL: not checked) by
 *  replacement_len bytes.  length 0 inserts.  Offsets count bytes of the
 *  text that was parsed (BOM and front matter included). */
typedef struct pp_edit {
	size_t offset, length;
	const char *replacement;
	size_t replacement_len;
	const char *expected;
	size_t expected_len;
} pp_edit;

/** A list of edits made by a planner; opaque.  The caller owns it and
 *  frees it with pp_edits_free().  It holds its own copies of every byte
 *  (it does not depend on the document, which may be freed first) and is
 *  allocated with the document's allocator. */
typedef struct pp_edits pp_edits;

/** Frees a list of edits.  NULL is ignored. */
PP_EXTERN void pp_edits_free(pp_edits *edits);

/** The number of edits in a list (0 for NULL; 0 when nothing needs to
 *  change). */
PP_EXTERN size_t pp_edits_count(const pp_edits *edits);

/** Edit i of a list, or NULL.  The edits of a list are contiguous, sorted
 *  by offset and never overlap: pp_edits_get(e, 0) may be passed to
 *  pp_apply_edits() with pp_edits_count(e).  Valid until pp_edits_free(). */
PP_EXTERN const pp_edit *pp_edits_get(const pp_edits *edits, size_t i);

/** The key of a task or checkbox (see above), as pp_node_str(node,
 *  PP_F_KEY, len); NULL for other nodes.  Not part of the JSON. */
PP_EXTERN const char *pp_node_key(const pp_node *node, size_t *len);

/**
 * Finds the task or checkbox that target names: a key, a task ID, or
 * `line:N` (the task or checkbox whose item starts on line N).  A task is
 * returned rather than the checkbox of the same item.  Stores the node in
 * *out and returns 0; else stores NULL and returns PP_ENOTFOUND, or
 * PP_EAMBIGUOUS when it names several (a key shared by several targets
 * without its `#k`, a duplicated ID).  It never guesses.
 */
PP_EXTERN int pp_doc_find(const pp_node **out, const pp_doc *doc, const char *target,
                          size_t len);

/**
 * Plans setting the state of a task or checkbox.  state is "done", "todo",
 * "in_progress", "cancelled" or "deferred" (a task of a table also takes
 * the status values "blocked", "paused", "in_review", "draft", "approved"),
 * or a single mark character of docs/format.md (" xX/-~><!?@").
 *
 * A checkbox (or a list task with a mark) gets exactly its mark byte
 * changed, to the mark the document already uses most for that state
 * (else x, space, /, -, >).  A task of a table gets its status cell
 * rewritten, in the words the column already uses, keeping the column
 * padded as before.  No edit when the target already has that state.
 *
 * Stores a new list in *out and returns 0; else stores NULL and returns
 * PP_EINVAL (NULL argument, unknown state, a mark for a table task),
 * PP_EUNSUPPORTED (a task without a mark or status cell) or PP_ENOMEM.
 */
PP_EXTERN int pp_plan_state(pp_edits **out, const pp_doc *doc, const pp_node *target,
                            const char *state);

/**
 * Plans setting a status header: key (as it should be written when
 * inserted, "Last Updated") to value (one line, written as given).  scope
 * is NULL or the root for the document, or a phase node.  The first
 * header of that scope whose name matches (`last_updated`) gets its value
 * bytes replaced; when there is none, one line is inserted in the style of
 * the headers the document already has (the same emphasis or plain
 * `Key: value`, list bullet or quote prefix, front matter or metadata
 * table), after that scope's headers, else after the title (document) or
 * the phase heading.  Inserted lines end with the file's own line ending.
 *
 * Stores a new list in *out and returns 0; else stores NULL and returns
 * PP_EINVAL (NULL, empty or multi-line key or value, a key holding `*`,
 * `|` or `:`), PP_EUNSUPPORTED or PP_ENOMEM.
 */
PP_EXTERN int pp_plan_meta(pp_edits **out, const pp_doc *doc, const pp_node *scope,
                           const char *key, const char *value);

/**
 * Plans setting the status of the document (scope NULL or the root) or of
 * a phase: pp_plan_meta() on the scope's first status header (`Status`,
 * `State`, `Phase Status`...), keeping its key; "Status" when it has none.
 * value is written as given ("Done", "In Progress").  Returns as
 * pp_plan_meta().
 */
PP_EXTERN int pp_plan_status(pp_edits **out, const pp_doc *doc, const pp_node *scope,
                             const char *value);

/**
 * Applies n edits (any order) to len bytes of text.  Before anything is
 * written, every edit with expected set must find exactly those bytes at
 * its offset (else PP_ECONFLICT, also for an edit past the end) and no two
 * edits may overlap or insert at the same offset (else PP_EOVERLAP).
 * Stores a NUL-terminated new text in *out and its length in *out_len
 * (out_len may be NULL); free it with pp_free().  On failure stores NULL
 * and returns PP_EINVAL, PP_ECONFLICT, PP_EOVERLAP or PP_ENOMEM.
 */
PP_EXTERN int pp_apply_edits(const char *text, size_t len, const pp_edit *edits, size_t n,
                             char **out, size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif /* PLANPARSE_H */
