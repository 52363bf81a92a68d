/*
 * risk.c: risks, from three sources.
 *   - Risk tables (role "risk", decided in table.c): one risk per body row,
 *     columns mapped by name in the languages of docs/format.md.
 *   - Risk lists: the items of a list introduced by a risks label or
 *     heading, `Risk text: mitigation`, or with nested `Mitigation:`,
 *     `Likelihood:`, `Impact:` items.
 *   - Risk heads: a heading `Risk N: text` / `Risk: text` (or a paragraph
 *     line of that form) followed by Likelihood/Impact/Mitigation key lines.
 * Key lines and items that fill a risk are marked BF_TAKEN, so meta.c does
 * not read them as status headers.  The word lists are in
 * docs/format-tables.md.
 */
#include "internal.h"

#include <math.h>
#include <md4c.h>
#include <string.h>
#include <utf8proc.h>

/* Folded column and key names; `x*` matches a name that starts with the
 * word x, `*x` one that ends with it (see pp_table_col). */
static const char *const prob_names[] = {
	"probability*", "likelihood*", "chance", "prob", "prob.", "wahrscheinlichkeit*",
	"eintrittswahrscheinlichkeit*", "probabilidad*", "probabilidade*", "probabilité*",
	"вероятность*", "概率*", "可能性*", "発生確率*", "확률*", "발생 가능성*", NULL,
};
static const char *const impact_names[] = {
	"impact*", "severity*", "consequence*", "consequences", "auswirkung*", "auswirkungen*",
	"schwere*", "tragweite", "impacto*", "gravité*", "влияние*", "последствия*", "影响*",
	"影響*", "영향*", "严重性*", "深刻度*", NULL,
};
static const char *const mitig_names[] = {
	"mitigation*", "mitigations*", "response*", "contingency*", "plan", "action",
	"actions", "countermeasure*", "countermeasures*", "massnahme*", "massnahmen*",
	"gegenmassnahme*", "gegenmassnahmen*", "mitigación*", "mitigacion*", "mitigação*",
	"atténuation*", "mesure*", "mesures*", "меры*", "смягчение*", "митигация*", "对策*",
	"缓解*", "缓解措施*", "対策*", "대응*", "대책*", "완화*", NULL,
};
static const char *const owner_names[] = {
	"owner*", "owners*", "*owner", "assignee*", "responsible", "dri", "verantwortlich",
	"responsable", "responsável", "ответственный", "владелец", "负责人", "担当", "担当者",
	"담당자", NULL,
};
static const char *const status_names[] = {
	"status*", "*status", "state", "estado", "statut", "stand", "статус", "状态", "ステータス",
	"상태", NULL,
};
static const char *const id_names[] = { "id", "#", "*id", "*#", "no.", "nr.", "№", NULL };
static const char *const risk_names[] = {
	"risk*", "risks*", "risiko*", "risiken*", "riesgo*", "riesgos*", "risque*",
	"risques*", "risco*", "riscos*", "риск*", "риски*", "风险*", "風險*", "リスク*",
	"위험*", NULL,
};
/* Risk columns that hold a level or a class, not the risk itself. */
static const char *const not_text[] = {
	"*level", "*score", "*rating", "*priority", "*category", "*type", "*rank", NULL,
};

/* Words that start a risk head (`Risk 2: ...`), matched case-insensitively. */
static const char *const head_words[] = {
	"risk", "riesgo", "risiko", "risque", "risco", "риск", "风险", "リスク", "위험", NULL,
};

static bool alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool blank(pp_str s)
{
	return !s.s || !s.len || (s.len == 1 && s.s[0] == '-') ||
	       (s.len == 3 && (memcmp(s.s, "\xE2\x80\x94", 3) == 0 || memcmp(s.s, "\xE2\x80\x93", 3) == 0));
}

static pp_str dup_or_null(pp_doc *doc, pp_str s)
{
	s = pp_str_trim(s);
	return blank(s) ? PP_NULLSTR : pp_str_dup(doc, s.s, s.len);
}

/* ---- levels ------------------------------------------------------------ */

/* The first number in a value (`3`, `0.4`, `80%`, `High (4)`), or NaN. */
static double first_number(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || (i && alnum(s[i - 1])))
			continue;
		double v = 0, scale = 1;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			v = v * 10 + (s[i++] - '0');
		if (i + 1 < n && (s[i] == '.' || s[i] == ',') && s[i + 1] >= '0' && s[i + 1] <= '9')
			for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
				v += (s[i] - '0') * (scale /= 10);
		return v;
	}
	return NAN;
}

/* `High/Med/Low`, `H | M | L`: every alternative a level word. */
static bool level_template(pp_doc *doc, const char *s, size_t n)
{
	size_t b = 0, alts = 0, k = 0;
	while (k < n && s[k] != '/' && s[k] != '|') /* levels are short: no calls */
		k++;
	if (k == n)
		return false; /* one alternative: make_level reads it as a level */
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '/' && s[i] != '|')
			continue;
		pp_str a = pp_str_trim((pp_str){ s + b, (uint32_t)(i - b) });
		if (!a.len || !pp_level_word(doc, a.s, a.len))
			return false;
		alts++;
		b = i + 1;
	}
	return alts >= 2;
}

static pp_level_node *make_level(pp_doc *doc, pp_str raw, uint32_t offset, uint32_t end)
{
	raw = pp_str_trim(raw);
	if (blank(raw))
		return NULL;
	pp_level_node *l = pp_node_new(doc, PP_LEVEL, sizeof *l, offset, end);
	if (!l)
		return NULL;
	l->raw = pp_str_dup(doc, raw.s, raw.len);
	l->placeholder = level_template(doc, raw.s, raw.len) || pp_is_placeholder(raw.s, raw.len);
	const char *w = l->placeholder ? NULL : pp_level_word(doc, raw.s, raw.len);
	l->level = w ? (pp_str){ w, (uint32_t)strlen(w) } : PP_NULLSTR;
	l->score = l->placeholder ? NAN : first_number(raw.s, raw.len);
	if (l->placeholder)
		pp_diag(doc, "placeholder", "info", offset,
			"risk level '%s' is a template placeholder", l->raw.s ? l->raw.s : "");
	return l;
}

/* ---- risk fields from key lines --------------------------------------- */

typedef enum rfield { RF_NONE, RF_PROB, RF_IMPACT, RF_MITIG, RF_OWNER, RF_STATUS } rfield;

/* The name lists of the fields, in the order they are tried. */
static const struct {
	const char *const *names;
	rfield field;
} field_lists[] = {
	{ prob_names, RF_PROB }, { impact_names, RF_IMPACT }, { mitig_names, RF_MITIG },
	{ owner_names, RF_OWNER }, { status_names, RF_STATUS },
};
#define FIELD_LISTS (sizeof field_lists / sizeof *field_lists)

/* The fields of the keys read before, by their bytes: risks repeat their
 * few keys (`Likelihood`, `Impact`, `Mitigation`) item after item, and a
 * comparison costs less than a fold and the name lists.  A direct-mapped
 * table: a slot per hash of the bytes, a new key takes its slot over.
 * With it, what a list of names can match at all: the first bytes of its
 * names other than `*x` ones, and the last bytes of its `*x` ones (those
 * match a key that ends as they do). */
#define FIELD_SLOTS 16

typedef struct field_memo {
	const char *key[FIELD_SLOTS];
	uint32_t len[FIELD_SLOTS];
	rfield field[FIELD_SLOTS];
	pp_byteset firsts[FIELD_LISTS], lasts[FIELD_LISTS];
} field_memo;

static void field_memo_init(field_memo *m)
{
	memset(m, 0, sizeof *m);
	for (size_t l = 0; l < FIELD_LISTS; l++)
		for (const char *const *w = field_lists[l].names; *w; w++) {
			if ((*w)[0] == '*')
				pp_byteset_add(&m->lasts[l], (unsigned char)(*w)[strlen(*w) - 1]);
			else
				pp_byteset_add(&m->firsts[l], (unsigned char)(*w)[0]);
		}
}

static rfield field_of_fold(const field_memo *m, pp_str f)
{
	unsigned char b = f.len ? (unsigned char)f.s[0] : 0;
	unsigned char z = f.len ? (unsigned char)f.s[f.len - 1] : 0;
	for (size_t l = 0; l < FIELD_LISTS; l++)
		if ((pp_byteset_has(&m->firsts[l], b) || pp_byteset_has(&m->lasts[l], z)) &&
		    pp_names_match(f, field_lists[l].names))
			return field_lists[l].field;
	return RF_NONE;
}

static rfield field_of(pp_doc *doc, field_memo *m, pp_str key)
{
	unsigned x = pp_memo_slot(key.s, key.len) & (FIELD_SLOTS - 1);
	if (m->key[x] && m->len[x] == key.len && memcmp(m->key[x], key.s, key.len) == 0)
		return m->field[x];
	pp_str f = pp_key_fold(doc, key.s, key.len);
	rfield r = field_of_fold(m, f);
	if (f.s) { /* (not out of memory) */
		m->key[x] = key.s;
		m->len[x] = key.len;
		m->field[x] = r;
	}
	return r;
}

/* Splits `Key: value` at the first colon followed by a space or the end;
 * false when there is none or the key is long (a sentence, not a key). */
static bool split_key(const pp_doc *doc, pp_str t, pp_str *key, pp_str *value)
{
	for (uint32_t i = 0; i < t.len && i <= doc->opts.max_key; i++) {
		if ((unsigned char)t.s[i] < 0x80 && t.s[i] != ':')
			continue; /* (what pp_cp reads as itself) */
		size_t adv;
		int32_t cp = pp_cp(t.s + i, t.len - i, &adv);
		if (cp != ':') {
			i += (uint32_t)adv - 1;
			continue;
		}
		uint32_t after = i + (uint32_t)adv;
		if (after < t.len && t.s[after] != ' ' && adv == 1)
			continue;
		*key = pp_str_trim((pp_str){ t.s, i });
		*value = pp_str_trim((pp_str){ t.s + after, t.len - after });
		return key->len > 0;
	}
	return false;
}

/* Fills one field of a risk from `Key: value`; false when the key is not
 * a risk field (or the field is already set). */
static bool fill(pp_doc *doc, field_memo *fm, pp_risk_node *r, pp_str text, uint32_t offset,
                 uint32_t end)
{
	pp_str key, value;
	if (!split_key(doc, text, &key, &value) || !value.len)
		return false;
	switch (field_of(doc, fm, key)) {
	case RF_PROB:
		return !r->probability && (r->probability = make_level(doc, value, offset, end)) != NULL;
	case RF_IMPACT:
		return !r->impact && (r->impact = make_level(doc, value, offset, end)) != NULL;
	case RF_MITIG:
		return !r->mitigation.s && (r->mitigation = dup_or_null(doc, value)).s != NULL;
	case RF_OWNER:
		return !r->owner.s && (r->owner = dup_or_null(doc, value)).s != NULL;
	case RF_STATUS:
		return !r->status.s && (r->status = dup_or_null(doc, value)).s != NULL;
	default:
		return false;
	}
}

static pp_risk_node *new_risk(pp_doc *doc, pp_str text, uint32_t offset, uint32_t end)
{
	pp_risk_node *r = pp_node_new(doc, PP_RISK, sizeof *r, offset, end);
	if (!r)
		return NULL;
	r->risk = dup_or_null(doc, text);
	r->table = -1;
	r->cells = (pp_list){ NULL, 0 };
	return r;
}

/* ---- risk tables ------------------------------------------------------- */

typedef struct rcols {
	int id, risk, prob, impact, mitig, owner, status;
} rcols;

static bool taken_col(const rcols *c, int i)
{
	return i == c->id || i == c->prob || i == c->impact || i == c->mitig ||
	       i == c->owner || i == c->status;
}

static void risk_cols(pp_doc *doc, const pp_table_node *t, rcols *c)
{
	const pp_str *h = t->header.items;
	c->id = pp_table_col(t, id_names);
	c->prob = pp_table_col(t, prob_names);
	c->impact = pp_table_col(t, impact_names);
	c->mitig = pp_table_col(t, mitig_names);
	c->owner = pp_table_col(t, owner_names);
	c->status = pp_table_col(t, status_names);
	c->risk = -1;
	for (uint32_t i = 0; c->risk < 0 && i < t->header.n; i++) {
		pp_str f = pp_key_fold(doc, h[i].s, h[i].len);
		if (!taken_col(c, (int)i) && pp_names_match(f, risk_names) && !pp_names_match(f, not_text))
			c->risk = (int)i;
	}
	for (uint32_t i = 0; c->risk < 0 && i < t->header.n; i++)
		if ((int)i != c->id)
			c->risk = (int)i;
}

static pp_str cell_of(const pp_row_node *r, int c)
{
	return c >= 0 && (uint32_t)c < r->cells.n ? ((const pp_str *)r->cells.items)[c] : PP_NULLSTR;
}

static bool blank_row(const pp_row_node *r)
{
	for (uint32_t i = 0; i < r->cells.n; i++)
		if (!blank(pp_str_trim(cell_of(r, (int)i))))
			return false;
	return true;
}

static int row_risk(pp_doc *doc, const pp_table_node *t, const pp_row_node *row, const rcols *c)
{
	pp_risk_node *r = pp_node_new(doc, PP_RISK, sizeof *r, row->n.offset, row->n.end);
	if (!r)
		return PP_ENOMEM;
	uint32_t o = row->n.offset, e = row->n.end;
	bool ph;
	r->table = (int32_t)t->n.index;
	r->cells = row->cells;
	r->risk = dup_or_null(doc, cell_of(row, c->risk));
	r->id = dup_or_null(doc, cell_of(row, c->id));
	if (c->id < 0 && r->risk.s && pp_id_token(r->risk.s, r->risk.len, &ph) == r->risk.len)
		r->id = r->risk; /* `| R-001 | ... |` under a Risk column */
	r->probability = make_level(doc, cell_of(row, c->prob), o, e);
	r->impact = make_level(doc, cell_of(row, c->impact), o, e);
	r->mitigation = dup_or_null(doc, cell_of(row, c->mitig));
	r->owner = dup_or_null(doc, cell_of(row, c->owner));
	r->status = dup_or_null(doc, cell_of(row, c->status));
	return doc->arena.oom ? PP_ENOMEM : 0;
}

static int table_risks(pp_doc *doc)
{
	const pp_table_node *read = NULL; /* the first table of the header of c */
	rcols c = { -1, -1, -1, -1, -1, -1, -1 };
	for (uint32_t i = 0; i < pp_built_count(doc, PP_TABLE); i++) {
		const pp_table_node *t = (const pp_table_node *)pp_built(doc, PP_TABLE, i);
		if (!t->role.s || strcmp(t->role.s, "risk") != 0)
			continue;
		if (pp_table_first(t) != read) { /* a header not read just before */
			read = pp_table_first(t);
			risk_cols(doc, t, &c);
		}
		for (uint32_t k = 0; k < t->rows.n; k++) {
			const pp_row_node *row = ((pp_row_node *const *)t->rows.items)[k];
			int rc = blank_row(row) ? 0 : row_risk(doc, t, row, &c);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---- risk lists -------------------------------------------------------- */

static bool word_in(const char *s, size_t n, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if ((!n || words[i][0] == s[0]) && strlen(words[i]) == n && memcmp(s, words[i], n) == 0)
			return true;
	return false;
}

/* Whether a folded introducer may name risks, on its bytes alone: every
 * ASCII word risk_intro() accepts holds `ri` (risks, riesgos, risiken,
 * risques, riscos, and `risk` before a tail), every other one a non-ASCII
 * byte.  Most lists have an introducer that is dropped here. */
static bool may_name_risks(pp_str f)
{
	uint32_t i = 0;
	for (; i + 8 <= f.len; i += 8) { /* 8 bytes a step past those with neither */
		uint64_t v = pp_load8(f.s + i);
		if ((v & PP_HIGHS) | pp_has_byte(v, 'r'))
			break;
	}
	for (; i < f.len; i++)
		if ((unsigned char)f.s[i] >= 0x80 ||
		    (f.s[i] == 'r' && i + 1 < f.len && f.s[i + 1] == 'i'))
			return true;
	return false;
}

/* Whether a folded introducer names risks: `risks`, `known risks`, `risks
 * and mitigations`, `risk management`, `technical risks`, `riesgos`... */
static bool risk_intro(pp_str f)
{
	static const char *const plural[] = { "risks", "riesgos", "risiken", "risques", "riscos",
		"риски", NULL };
	static const char *const cjk[] = { "风险", "風險", "リスク", "위험", NULL };
	static const char *const tails[] = { "", "and mitigations", "& mitigations",
		"and mitigation", "& mitigation", "management", "mitigation", "mitigations",
		"register", "assessment", "assessment and mitigation", "assessment & mitigation",
		"and issues", "& issues", "and open questions", "& open questions", "y mitigaciones",
		"und massnahmen", "et mitigations", "и меры", NULL };
	if (!f.s || !f.len || !may_name_risks(f))
		return false;
	const char *sp = memchr(f.s, ' ', f.len), *last = f.s + f.len;
	size_t first_len = sp ? (size_t)(sp - f.s) : f.len;
	while (last > f.s && last[-1] != ' ')
		last--;
	if (word_in(last, (size_t)(f.s + f.len - last), plural))
		return true;
	if (word_in(f.s, first_len, plural) || (first_len == 4 && memcmp(f.s, "risk", 4) == 0)) {
		const char *rest = sp ? sp + 1 : f.s + f.len;
		return word_in(rest, (size_t)(f.s + f.len - rest), tails);
	}
	for (int i = 0; cjk[i]; i++) {
		size_t l = strlen(cjk[i]);
		if (f.len >= l && (memcmp(f.s, cjk[i], l) == 0 || memcmp(f.s + f.len - l, cjk[i], l) == 0))
			return true;
	}
	return false;
}

/* Marks an item (and its first paragraph) as read by a risk. */
static void take_item(pp_doc *doc, uint32_t li)
{
	doc->blocks[li].flags |= BF_TAKEN;
	uint32_t c = doc->blocks[li].first_child;
	if (c != PP_NO && doc->blocks[c].type == MD_BLOCK_P)
		doc->blocks[c].flags |= BF_TAKEN;
}

static bool is_list(const pp_block *b)
{
	return b->type == MD_BLOCK_UL || b->type == MD_BLOCK_OL;
}

static pp_str item_text(pp_doc *doc, uint32_t li)
{
	pp_inl r;
	const pp_block *para;
	if (!pp_item_first(doc, &doc->blocks[li], &r, &para))
		return PP_NULLSTR;
	return pp_inl_text(doc, r);
}

/* Fills a risk from the `Key: value` items of the lists nested in li. */
static int nested_keys(pp_doc *doc, field_memo *fm, pp_risk_node *r, uint32_t li)
{
	for (uint32_t l = doc->blocks[li].first_child; l != PP_NO; l = doc->blocks[l].next) {
		if (!is_list(&doc->blocks[l]))
			continue;
		for (uint32_t k = doc->blocks[l].first_child; k != PP_NO; k = doc->blocks[k].next) {
			pp_str t = item_text(doc, k);
			const pp_block *kb = &doc->blocks[k];
			if (t.s && fill(doc, fm, r, t, kb->offset, kb->end))
				take_item(doc, k);
		}
	}
	return doc->arena.oom ? PP_ENOMEM : 0;
}

static int item_risk(pp_doc *doc, field_memo *fm, uint32_t li)
{
	const pp_block *b = &doc->blocks[li];
	pp_str t = item_text(doc, li), key, value;
	if (!t.s || !t.len)
		return doc->arena.oom ? PP_ENOMEM : 0;
	bool split = split_key(doc, t, &key, &value) && value.len;
	if (split && field_of(doc, fm, key) != RF_NONE)
		return 0; /* a stray `Impact: High` item, not a risk */
	pp_risk_node *r = new_risk(doc, split ? key : t, b->offset, b->end);
	if (!r)
		return PP_ENOMEM;
	if (split)
		r->mitigation = dup_or_null(doc, value);
	take_item(doc, li); /* `- **Risk**: mitigation` is not a status header */
	return nested_keys(doc, fm, r, li);
}

static int list_risks(pp_doc *doc, field_memo *fm, uint32_t list)
{
	for (uint32_t li = doc->blocks[list].first_child; li != PP_NO; li = doc->blocks[li].next) {
		int rc = item_risk(doc, fm, li);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- risk heads -------------------------------------------------------- */

/* Reads `Risk N: text` / `Risk: text` (after leading emoji or numbering);
 * returns where the text starts, 0 when s is not a risk head. */
static size_t risk_head(const char *s, size_t n, bool *numbered)
{
	size_t i = 0, adv, k = 0;
	while (i < n) { /* leading emoji, numbering, punctuation */
		utf8proc_category_t c = utf8proc_category(pp_cp(s + i, n - i, &adv));
		if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO)
			break;
		i += adv;
	}
	for (int w = 0; !k && head_words[w]; w++)
		k = pp_match_word(s + i, n - i, head_words[w]);
	if (!k || (i + k < n && alnum(s[i + k]) && !(s[i + k] >= '0' && s[i + k] <= '9')))
		return 0;
	i += k;
	while (i < n && (s[i] == ' ' || s[i] == '#'))
		i++;
	size_t o = i;
	bool digit = false;
	while (i < n && i - o < 12 && (alnum(s[i]) || s[i] == '-' || s[i] == '.'))
		digit |= s[i] >= '0' && s[i] <= '9', i++;
	*numbered = digit || i - o == 1;
	if (!*numbered)
		i = o;
	while (i < n && s[i] == '.' ) /* `Risk 1.` */
		i++;
	while (i < n && s[i] == ' ')
		i++;
	int32_t sep = i < n ? pp_cp(s + i, n - i, &adv) : -1;
	if (sep != ':' && !(*numbered && (sep == '-' || sep == 0x2013 || sep == 0x2014 || sep == ')')))
		return 0;
	i += adv;
	while (i < n && s[i] == ' ')
		i++;
	return i < n ? i : 0;
}

/* Whether a non-ASCII letter may start a head word: pp_match_word matches
 * an ASCII letter only with itself (any case), so only the first letters
 * of the other head words, and the upper case of `р`. */
static bool head_start_cp(int32_t cp)
{
	return cp == 0x0440 || cp == 0x0420 || cp == 0x98CE || cp == 0x30EA || cp == 0xC704;
}

/* Whether the first line of a run may be a risk head, read on the events
 * without making the text: false when its first letter is an ASCII letter
 * other than `r` or an `r` followed by an ASCII byte other than `i` (every
 * ASCII head word starts with `ri`, and risk_head skips only what is no
 * letter before it), a non-ASCII letter no head word starts with, or when
 * it has no letter.  A byte that is no valid UTF-8 or an entity leaves it
 * to risk_head.  Most paragraphs and headings are dropped here. */
static bool may_be_head(const pp_doc *doc, pp_inl run)
{
	for (uint32_t i = run.eb; i < run.ee; i++) {
		const pp_event *e = &doc->events[i];
		if (e->kind != EV_TEXT || e->type == MD_TEXT_HTML)
			continue; /* pp_text renders neither */
		if (e->type == MD_TEXT_BR || e->type == MD_TEXT_SOFTBR)
			return false; /* the end of the first line (pp_next_line) */
		if (e->type == MD_TEXT_ENTITY || e->type == MD_TEXT_NULLCHAR)
			return true;
		const unsigned char *s = (const unsigned char *)doc->src + e->off;
		for (uint32_t k = 0; k < e->len; k++) {
			if (s[k] >= 0x80) { /* as risk_head reads it: letter or not */
				size_t adv;
				int32_t cp = pp_cp((const char *)s + k, e->len - k, &adv);
				utf8proc_category_t c = utf8proc_category(cp);
				if (cp == 0xFFFD || (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO))
					return cp == 0xFFFD || head_start_cp(cp);
				k += (uint32_t)adv - 1;
				continue;
			}
			if ((unsigned char)((s[k] | 0x20) - 'a') < 26)
				return (s[k] | 0x20) == 'r' &&
				       (k + 1 == e->len || s[k + 1] >= 0x80 || (s[k + 1] | 0x20) == 'i');
		}
	}
	return false;
}

/* Fills a risk from the lines of a paragraph (from line `from` on), a line
 * holding several `**Key**: v | **Key**: v` pairs split at ` | `. */
static int para_keys(pp_doc *doc, field_memo *fm, pp_risk_node *r, uint32_t p, uint32_t from)
{
	const pp_block *b = &doc->blocks[p];
	pp_inl run = pp_own_inl(doc, b), line;
	uint32_t pos = run.eb, n = 0, filled = 0;
	while (pp_next_line(doc, run, &pos, &line)) {
		if (n++ < from)
			continue;
		pp_str t = pp_inl_text(doc, line);
		uint32_t s = 0;
		for (uint32_t i = 0; t.s && i <= t.len; i++) {
			if (i < t.len && !(i + 3 <= t.len && memcmp(t.s + i, " | ", 3) == 0))
				continue;
			if (i < s)
				continue; /* ` | | `: this pipe's space was the last one's */
			filled += fill(doc, fm, r, (pp_str){ t.s + s, i - s }, b->offset, b->end);
			s = i + 3;
		}
	}
	return doc->arena.oom ? -1 : (int)filled;
}

/* Fills a risk from the key lines and key items after block `from` (its
 * following siblings, up to the next heading); a paragraph head stops at the
 * first block without any.  Returns the end of the last block read, or 0. */
static uint32_t follow_keys(pp_doc *doc, field_memo *fm, pp_risk_node *r, uint32_t from,
                            bool stop_early)
{
	uint32_t last = 0;
	for (uint32_t i = doc->blocks[from].next; i != PP_NO; i = doc->blocks[i].next) {
		pp_block *b = &doc->blocks[i];
		int got = 0;
		bool head;
		if (b->type == MD_BLOCK_H || (b->flags & BF_TAKEN))
			break;
		if (b->type == MD_BLOCK_P) {
			pp_str t = pp_inl_text(doc, pp_own_inl(doc, b));
			if (t.s && risk_head(t.s, t.len, &head))
				break; /* the next risk */
			if ((got = para_keys(doc, fm, r, i, 0)) > 0)
				b->flags |= BF_TAKEN;
		} else if (is_list(b)) {
			for (uint32_t k = b->first_child; k != PP_NO; k = doc->blocks[k].next) {
				pp_str t = item_text(doc, k);
				if (t.s && fill(doc, fm, r, t, doc->blocks[k].offset, doc->blocks[k].end))
					take_item(doc, k), got++;
			}
		}
		if (got > 0)
			last = b->end;
		else if (stop_early)
			break;
	}
	return last;
}

/* A heading or paragraph that reads `Risk N: text`, and the key lines that
 * fill it.  Unnumbered heads (`Risk: text`) and paragraph heads need at
 * least one key line: `**Risk:** low` alone is a status header. */
static int head_risk(pp_doc *doc, field_memo *fm, uint32_t bi)
{
	pp_block *b = &doc->blocks[bi];
	pp_inl run = pp_own_inl(doc, b), first;
	uint32_t pos = run.eb;
	bool numbered, para = b->type == MD_BLOCK_P;
	if (!may_be_head(doc, run))
		return doc->arena.oom ? PP_ENOMEM : 0;
	if (!pp_next_line(doc, run, &pos, &first))
		return 0;
	pp_str t = pp_inl_text(doc, first);
	size_t at = t.s ? risk_head(t.s, t.len, &numbered) : 0;
	if (!at)
		return doc->arena.oom ? PP_ENOMEM : 0;
	pp_risk_node tmp;
	memset(&tmp, 0, sizeof tmp);
	int own = para ? para_keys(doc, fm, &tmp, bi, 1) : 0;
	uint32_t end = own < 0 ? 0 : follow_keys(doc, fm, &tmp, bi, para);
	if (own < 0 || doc->arena.oom)
		return PP_ENOMEM;
	if (!own && !end && (para || !numbered))
		return 0;
	pp_risk_node *r = new_risk(doc, (pp_str){ t.s + at, t.len - (uint32_t)at },
	                           b->offset, end > b->end ? end : b->end);
	if (!r)
		return PP_ENOMEM;
	r->probability = tmp.probability;
	r->impact = tmp.impact;
	r->mitigation = tmp.mitigation;
	r->owner = tmp.owner;
	r->status = tmp.status;
	if (para)
		b->flags |= BF_TAKEN;
	return 0;
}

/* risk_intro() of a list's introducer: the lists of a section share their
 * heading's folded text (the same string), so the last answer is kept. */
typedef struct intro_memo {
	pp_str last;
	bool risks;
} intro_memo;

static bool risk_list(pp_doc *doc, uint32_t list, intro_memo *m)
{
	pp_str f = pp_list_introducer(doc, list);
	if (!f.s || f.s != m->last.s || f.len != m->last.len) {
		m->last = f;
		m->risks = risk_intro(f);
	}
	return m->risks;
}

int pp_risks_find(pp_doc *doc)
{
	int rc = table_risks(doc);
	uint32_t skip = 0;
	intro_memo memo = { PP_NULLSTR, false };
	field_memo fields;
	field_memo_init(&fields);
	for (uint32_t i = 1; !rc && i < doc->nblocks; i++) {
		const pp_block *b = &doc->blocks[i];
		if (i < skip || (b->flags & BF_TAKEN))
			continue;
		if (is_list(b) && risk_list(doc, i, &memo)) {
			rc = list_risks(doc, &fields, i);
			skip = pp_subtree_last(doc, i) + 1;
		} else if (b->type == MD_BLOCK_H || b->type == MD_BLOCK_P) {
			rc = head_risk(doc, &fields, i);
		} else if (b->type == MD_BLOCK_TABLE) {
			i = pp_subtree_last(doc, i); /* no list, heading or paragraph in a table */
		}
	}
	return rc ? rc : (doc->arena.oom ? PP_ENOMEM : 0);
}
