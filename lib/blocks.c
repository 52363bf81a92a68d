/*
 * blocks.c: runs md4c over the Markdown and records what it reports as a
 * compact tree of blocks plus a flat array of inline events.  Nothing is
 * copied: text events keep source offsets (md4c hands out pointers into our
 * buffer).  md4c reports no positions of its own, so a block's span comes
 * from the text inside it, widened back to its list marker or `#`s.
 */
#include "internal.h"

#include <md4c.h>
#include <string.h>

typedef struct builder {
	pp_doc *doc;
	pp_vec blocks, events;
	uint32_t cur;        /* innermost open block */
	uint32_t last_off;   /* last source offset seen: empty blocks sit here */
	uint32_t depth;      /* open blocks below the document */
	uint32_t skipped;    /* open blocks past max_depth, not recorded */
	uint32_t deep_at;    /* where max_depth was first passed, or UINT32_MAX */
	/* enter_block() takes its own path while depth is below this: max_depth
	 * (skipped blocks only come at max_depth), but 0 for the document
	 * block and when something was inserted (enter_any()) */
	uint32_t fast_below;
	/* what text() tests, here so that it reads no pp_doc: the Markdown's
	 * bytes, and the event count it takes its own path below (the
	 * array's capacity, but 0 when something was inserted) */
	const char *md, *md_end;
	uint32_t body, text_below;
} builder;

/* Past max_depth no block is created: md4c goes on reporting their text,
 * which then lands in the deepest block kept (nothing is lost), with a
 * break where a skipped block ends so text of two paragraphs stays apart. */
static bool too_deep(builder *b)
{
	if (b->skipped || b->depth >= b->doc->opts.max_depth) {
		if (b->deep_at == UINT32_MAX)
			b->deep_at = b->last_off;
		b->skipped++;
		return true;
	}
	return false;
}

static pp_block *blk(builder *b, uint32_t i)
{
	return &PP_AT(b->blocks, pp_block, i);
}

static uint32_t src_off(builder *b, const char *p)
{
	pp_doc *doc = b->doc;
	if (p < doc->md || p > doc->md + doc->md_len)
		return b->last_off; /* one of md4c's static strings ("\n") */
	return doc->nins ? pp_md_offset(doc, p) : doc->body + (uint32_t)(p - doc->md);
}

/* Takes the next slot (the caller made room) for a block of type under the
 * current one, and makes it current. */
static inline pp_block *open_block(builder *b, MD_BLOCKTYPE type)
{
	uint32_t idx = b->blocks.n++;
	pp_block *nb = blk(b, idx);
	*nb = (pp_block){ .type = (uint8_t)type, .parent = idx ? b->cur : PP_NO, .next = PP_NO,
	                  .first_child = PP_NO, .last_child = PP_NO, .offset = UINT32_MAX,
	                  .ev_begin = b->events.n, .ev_end = b->events.n, .node = -1 };
	if (idx) {
		pp_block *p = blk(b, b->cur);
		if (p->last_child == PP_NO)
			p->first_child = idx;
		else
			blk(b, p->last_child)->next = idx;
		p->last_child = idx;
	}
	b->cur = idx;
	return nb;
}

/* What a block keeps of md4c's detail, but for code blocks (enter_any()).
 * A task mark's offset is taken as if nothing was inserted into the
 * Markdown: enter_any() maps it when something was. */
static inline void block_detail(builder *b, pp_block *nb, MD_BLOCKTYPE type, void *detail)
{
	if (type == MD_BLOCK_H) {
		nb->level = (uint8_t)((MD_BLOCK_H_DETAIL *)detail)->level;
	} else if (type == MD_BLOCK_OL) {
		nb->level = 1;
	} else if (type == MD_BLOCK_LI) {
		MD_BLOCK_LI_DETAIL *d = detail;
		if (d->is_task) {
			nb->flags |= BF_TASKMARK;
			nb->mark = d->task_mark;
			nb->mark_offset = b->doc->body + (uint32_t)d->task_mark_offset;
		}
	} else if (type == MD_BLOCK_TABLE) {
		nb->aux = ((MD_BLOCK_TABLE_DETAIL *)detail)->col_count;
	}
}

/* enter_block() in general: the document, depth past max_depth, a full
 * block array, code blocks, insertions.  Out of line, so that
 * enter_block() itself needs no call. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int enter_any(MD_BLOCKTYPE type, void *detail, builder *b)
{
	uint32_t idx = b->blocks.n;
	if (idx && too_deep(b))
		return b->doc->opts.on_limit == PP_LIMIT_FAIL ? -1 : 0;
	if (idx)
		b->depth++;
	if (!pp_vec_reserve(&b->doc->arena, &b->blocks, 1))
		return -1;
	pp_block *nb = open_block(b, type);
	block_detail(b, nb, type, detail);
	if (type == MD_BLOCK_LI && (nb->flags & BF_TASKMARK) && b->doc->nins)
		nb->mark_offset = pp_md_offset(b->doc, b->doc->md +
		                               ((MD_BLOCK_LI_DETAIL *)detail)->task_mark_offset);
	b->fast_below = b->doc->nins ? 0 : b->doc->opts.max_depth;
	if (type == MD_BLOCK_CODE) {
		MD_BLOCK_CODE_DETAIL *d = detail;
		if (d->lang.text && d->lang.size) {
			nb->aux = src_off(b, d->lang.text);
			nb->aux_len = d->lang.size;
		}
	}
	return 0;
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	builder *b = ud;
	/* nearly every block: under max_depth, room for it, nothing inserted */
	if (b->depth >= b->fast_below || b->blocks.n == b->blocks.cap || type == MD_BLOCK_CODE)
		return enter_any(type, detail, b);
	b->depth++;
	block_detail(b, open_block(b, type), type, detail);
	return 0;
}

/* Walks back from the first content byte of a list item over the task mark
 * and white space to its list marker (`-`, `*`, `+`, `12.`, `3)`). */
static uint32_t list_marker(const pp_doc *doc, uint32_t off)
{
	const char *s = doc->src;
	uint32_t i = off;
	while (i > doc->body && (s[i - 1] == ' ' || s[i - 1] == '\t'))
		i--;
	if (i > doc->body && (s[i - 1] == '-' || s[i - 1] == '*' || s[i - 1] == '+'))
		return i - 1;
	if (i > doc->body && (s[i - 1] == '.' || s[i - 1] == ')')) {
		uint32_t j = i - 1;
		while (j > doc->body && s[j - 1] >= '0' && s[j - 1] <= '9')
			j--;
		if (j < i - 1)
			return j;
	}
	return off;
}

/* Walks back from a heading's first text byte over spaces and `#`s. */
static uint32_t heading_start(const pp_doc *doc, uint32_t off)
{
	const char *s = doc->src;
	uint32_t i = off;
	while (i > doc->body && (s[i - 1] == ' ' || s[i - 1] == '\t'))
		i--;
	uint32_t j = i;
	while (j > doc->body && s[j - 1] == '#')
		j--;
	return j < i ? j : off;
}

static int push_event(builder *b, uint8_t kind, uint8_t type, uint32_t off, uint32_t len);

/* The span of the current block, now that it ends, but for the line end
 * of headings and table rows (leave_any()). */
static inline pp_block *close_block(builder *b, MD_BLOCKTYPE type)
{
	if (b->cur)
		b->depth--;
	pp_block *nb = blk(b, b->cur);
	nb->ev_end = b->events.n;
	/* its own text events (push_event()) span it so far; then its children */
	if (nb->first_child != PP_NO) {
		pp_block *f = blk(b, nb->first_child), *l = blk(b, nb->last_child);
		if (f->offset < nb->offset)
			nb->offset = f->offset;
		if (l->end > nb->end)
			nb->end = l->end;
	}
	if (nb->offset == UINT32_MAX)
		nb->offset = nb->end = b->last_off;
	if (type == MD_BLOCK_LI)
		nb->offset = list_marker(b->doc, (nb->flags & BF_TASKMARK)
			? nb->mark_offset - 1 : nb->offset);
	else if (type == MD_BLOCK_H)
		nb->offset = heading_start(b->doc, nb->offset);
	return nb;
}

/* Makes the parent of block nb, which ends, current. */
static inline void finish_block(builder *b, pp_block *nb)
{
	if (nb->end < nb->offset)
		nb->end = nb->offset;
	b->cur = nb->parent == PP_NO ? 0 : nb->parent;
}

/* leave_block() in general: skipped blocks, headings and table rows. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int leave_any(MD_BLOCKTYPE type, builder *b)
{
	if (b->skipped) {
		b->skipped--;
		const pp_event *last = b->events.n ? &PP_AT(b->events, pp_event, b->events.n - 1) : NULL;
		if (last && !(last->kind == EV_TEXT && last->type == MD_TEXT_SOFTBR))
			return push_event(b, EV_TEXT, MD_TEXT_SOFTBR, b->last_off, 0);
		return 0;
	}
	pp_block *nb = close_block(b, type);
	if (type == MD_BLOCK_H || type == MD_BLOCK_TR)
		nb->end = pp_line_end(b->doc, nb->end);
	finish_block(b, nb);
	return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	(void)detail;
	builder *b = ud;
	if (b->skipped || type == MD_BLOCK_H || type == MD_BLOCK_TR)
		return leave_any(type, b);
	finish_block(b, close_block(b, type));
	return 0;
}

/* Records an event in the slot after the last (the caller made sure there
 * is one).  A block's span starts from its own text: the text events
 * before its first child (leave_block() adds its children's spans). */
static inline void add_event(builder *b, uint8_t kind, uint8_t type, uint32_t off, uint32_t len)
{
	PP_AT(b->events, pp_event, b->events.n++) = (pp_event){ kind, type, off, len };
	pp_block *cur = blk(b, b->cur);
	if (kind == EV_TEXT && cur->first_child == PP_NO) {
		if (off < cur->offset)
			cur->offset = off;
		if (off + len > cur->end)
			cur->end = off + len;
	}
}

/* push_event() of a full array, out of line: room made, then the slot is
 * ours. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int push_grown(builder *b, uint8_t kind, uint8_t type, uint32_t off, uint32_t len)
{
	if (!pp_vec_reserve(&b->doc->arena, &b->events, 1))
		return -1;
	if (!b->doc->nins)
		b->text_below = b->events.cap;
	add_event(b, kind, type, off, len);
	return 0;
}

static int push_event(builder *b, uint8_t kind, uint8_t type, uint32_t off, uint32_t len)
{
	if (b->events.n == b->events.cap)
		return push_grown(b, kind, type, off, len);
	add_event(b, kind, type, off, len);
	return 0;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	(void)detail;
	builder *b = ud;
	return push_event(b, EV_ENTER, (uint8_t)type, b->last_off, 0);
}

static int leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	(void)detail;
	builder *b = ud;
	return push_event(b, EV_LEAVE, (uint8_t)type, b->last_off, 0);
}

/* text() in general, as it is when something was inserted or the event
 * array is full.  Out of line, so that text() itself needs no call. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int text_any(MD_TEXTTYPE type, const MD_CHAR *t, MD_SIZE size, builder *b)
{
	const pp_doc *doc = b->doc;
	/* src_off() and its range test once: md4c's static strings ("\n")
	 * are not in the buffer and stand, empty, at the last offset */
	if (t < doc->md || t > doc->md + doc->md_len)
		return push_event(b, EV_TEXT, (uint8_t)type, b->last_off, 0);
	uint32_t off = doc->nins ? pp_md_offset(doc, t) : doc->body + (uint32_t)(t - doc->md);
	uint32_t len = type == MD_TEXT_BR || type == MD_TEXT_SOFTBR ? 0 : size;
	b->last_off = off + len;
	return push_event(b, EV_TEXT, (uint8_t)type, off, len);
}

static int text(MD_TEXTTYPE type, const MD_CHAR *t, MD_SIZE size, void *ud)
{
	builder *b = ud;
	/* nearly every call: no insertions, room for it */
	if (b->events.n >= b->text_below)
		return text_any(type, t, size, b);
	if (t < b->md || t > b->md_end) { /* as in text_any() */
		add_event(b, EV_TEXT, (uint8_t)type, b->last_off, 0);
		return 0;
	}
	uint32_t off = b->body + (uint32_t)(t - b->md);
	uint32_t len = type == MD_TEXT_BR || type == MD_TEXT_SOFTBR ? 0 : size;
	b->last_off = off + len;
	add_event(b, EV_TEXT, (uint8_t)type, off, len);
	return 0;
}

int pp_blocks_build(pp_doc *doc)
{
	builder b = { doc, PP_VEC(pp_block), PP_VEC(pp_event), 0, doc->body, 0, 0, UINT32_MAX, 0,
	              doc->md, doc->md + doc->md_len, doc->body, 0 };
	MD_PARSER parser;
	memset(&parser, 0, sizeof parser);
	parser.abi_version = 0;
	/* GitHub's dialect without permissive autolinks: they are not needed
	 * here and make md4c 0.4.8 slow on some inputs. */
	parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS;
	parser.enter_block = enter_block;
	parser.leave_block = leave_block;
	parser.enter_span = enter_span;
	parser.leave_span = leave_span;
	parser.text = text;
	int rc = md_parse(doc->md, doc->md_len, &parser, &b);
	doc->blocks = b.blocks.data;
	doc->nblocks = b.blocks.n;
	doc->events = b.events.data;
	doc->nevents = b.events.n;
	if (doc->arena.oom)
		return PP_ENOMEM;
	if (b.deep_at != UINT32_MAX) {
		int lrc = pp_limit(doc, b.deep_at, "blocks nested deeper than %u: the text of "
		                   "deeper ones belongs to the block that holds them",
		                   doc->opts.max_depth);
		if (lrc)
			return lrc;
	}
	if (rc != 0 || !doc->nblocks)
		return PP_EPARSE;
	return 0;
}
