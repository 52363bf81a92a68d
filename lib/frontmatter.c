/*
 * frontmatter.c: a YAML block at the very start of the file (after an
 * optional BOM), between a `---` line and a `---` or `...` line.  It is
 * parsed with libyaml; each top-level key becomes a document-scoped status
 * header, and Markdown parsing starts after the closing line, so md4c never
 * sees it (it would read a thematic break and a setext heading).  A block
 * that is not valid YAML is left to Markdown, with a warning.
 */
#include "internal.h"

#include <string.h>
#include <yaml.h>

/* Whether [s, s+n) is `marker` followed only by spaces/tabs. */
static bool fence_line(const char *s, size_t n, const char *marker)
{
	if (n < 3 || memcmp(s, marker, 3) != 0)
		return false;
	for (size_t i = 3; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* Source offset of a libyaml mark: its line and its column in characters,
 * counted from the line where the YAML text starts. */
static uint32_t mark_offset(const pp_doc *doc, uint32_t first_line, yaml_mark_t m)
{
	size_t li = first_line + m.line;
	if (li >= doc->line_count)
		return doc->len;
	uint32_t off = doc->line_starts[li];
	for (size_t c = 0; c < m.column && off < doc->len; c++) {
		size_t adv;
		pp_cp(doc->src + off, doc->len - off, &adv);
		off += (uint32_t)adv;
	}
	return off;
}

/* The value of a top-level key as text: a scalar verbatim, a sequence of
 * scalars joined with ", ", anything else as its YAML source. */
static pp_str node_value(pp_doc *doc, yaml_document_t *yd, yaml_node_t *v,
                         uint32_t first_line)
{
	if (v->type == YAML_SCALAR_NODE)
		return pp_str_dup(doc, (const char *)v->data.scalar.value, v->data.scalar.length);
	if (v->type == YAML_SEQUENCE_NODE) {
		size_t total = 0;
		bool flat = true;
		for (yaml_node_item_t *it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top; it++) {
			yaml_node_t *e = yaml_document_get_node(yd, *it);
			if (!e || e->type != YAML_SCALAR_NODE)
				flat = false;
			else
				total += e->data.scalar.length + 2;
		}
		if (flat) {
			char *out = pp_alloc(&doc->arena, total + 1), *p = out;
			if (!out)
				return PP_NULLSTR;
			for (yaml_node_item_t *it = v->data.sequence.items.start;
			     it < v->data.sequence.items.top; it++) {
				yaml_node_t *e = yaml_document_get_node(yd, *it);
				if (p != out)
					memcpy(p, ", ", 2), p += 2;
				memcpy(p, e->data.scalar.value, e->data.scalar.length);
				p += e->data.scalar.length;
			}
			*p = 0;
			return (pp_str){ out, (uint32_t)(p - out) };
		}
	}
	uint32_t b = mark_offset(doc, first_line, v->start_mark);
	uint32_t e = mark_offset(doc, first_line, v->end_mark);
	pp_str raw = pp_str_trim((pp_str){ doc->src + b, e > b ? e - b : 0 });
	return pp_str_dup(doc, raw.s, raw.len);
}

static int add_entries(pp_doc *doc, yaml_document_t *yd, uint32_t first_line)
{
	yaml_node_t *root = yaml_document_get_root_node(yd);
	if (!root || root->type != YAML_MAPPING_NODE)
		return 0;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(yd, p->key);
		yaml_node_t *v = yaml_document_get_node(yd, p->value);
		if (!k || !v || k->type != YAML_SCALAR_NODE)
			continue;
		pp_str key = pp_str_dup(doc, (const char *)k->data.scalar.value, k->data.scalar.length);
		pp_str val = node_value(doc, yd, v, first_line);
		if (doc->arena.oom)
			return PP_ENOMEM;
		uint32_t kb = mark_offset(doc, first_line, k->start_mark);
		uint32_t ve = mark_offset(doc, first_line, v->end_mark);
		/* a block value's end mark sits on the next line: stop at its text */
		while (ve > kb && (doc->src[ve - 1] == ' ' || doc->src[ve - 1] == '\t' ||
		                   doc->src[ve - 1] == '\r' || doc->src[ve - 1] == '\n'))
			ve--;
		pp_meta_node *m = pp_meta_add(doc, key, val, -1, kb, ve > kb ? ve : kb + key.len);
		if (!m)
			return PP_ENOMEM;
		if (!doc->fm_title.s && m->name.len == 5 && memcmp(m->name.s, "title", 5) == 0)
			doc->fm_title = m->value;
	}
	return 0;
}

/* Parses [b, e) as YAML.  1 when it was valid, 0 when not, or PP_ENOMEM. */
static int load_yaml(pp_doc *doc, uint32_t b, uint32_t e, uint32_t first_line)
{
	yaml_parser_t parser;
	yaml_document_t yd;
	if (!yaml_parser_initialize(&parser))
		return PP_ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)doc->src + b, e - b);
	int rc;
	if (!yaml_parser_load(&parser, &yd)) {
		rc = parser.error == YAML_MEMORY_ERROR ? PP_ENOMEM : 0;
		if (!rc) {
			uint32_t at = mark_offset(doc, first_line, parser.problem_mark);
			pp_diag(doc, "invalid-front-matter", "warning", at,
				"front matter is not valid YAML (%s); read as Markdown",
				parser.problem ? parser.problem : "syntax error");
		}
	} else {
		rc = add_entries(doc, &yd, first_line);
		rc = rc ? rc : 1;
		yaml_document_delete(&yd);
	}
	yaml_parser_delete(&parser);
	return rc;
}

int pp_front_matter(pp_doc *doc)
{
	const char *s = doc->src;
	uint32_t n = doc->len, b = doc->body;
	uint32_t line = pp_line_of(doc, b) - 1; /* 0-based index of the `---` line */
	if (line + 1 >= doc->line_count)
		return 0;
	uint32_t first_end = doc->line_starts[line + 1];
	uint32_t e = first_end;
	while (e > b && (s[e - 1] == '\n' || s[e - 1] == '\r'))
		e--;
	if (!fence_line(s + b, e - b, "---"))
		return 0;
	for (uint32_t li = line + 1; li < doc->line_count; li++) {
		uint32_t lb = doc->line_starts[li];
		uint32_t le = li + 1 < doc->line_count ? doc->line_starts[li + 1] : n;
		uint32_t te = le;
		while (te > lb && (s[te - 1] == '\n' || s[te - 1] == '\r'))
			te--;
		if (!fence_line(s + lb, te - lb, "---") && !fence_line(s + lb, te - lb, "..."))
			continue;
		int rc = load_yaml(doc, first_end, lb, line + 1);
		if (rc < 0)
			return rc;
		if (rc == 1)
			doc->body = le;
		return 0;
	}
	return 0;
}
