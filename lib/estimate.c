/*
 * estimate.c: effort estimates (`8h`, `2-3 days`, `1–2w`, `3 SP`, `2 Tage`,
 * `3天`) read into hours and points.  A value is a sum of terms, each a
 * quantity (a number, a range or a template placeholder such as `X`) and a
 * unit; days and weeks convert with the document's options.  The rules and
 * the unit words are listed in docs/format-tables.md.
 */
#include "internal.h"

#include <math.h>
#include <string.h>
#include <utf8proc.h>

typedef enum unit { U_NONE, U_MIN, U_HOUR, U_DAY, U_WEEK, U_POINT } unit;

/* Unit words, compared case-insensitively; the longest match wins, so `h`
 * and `hours` can both be listed.  `m` is minutes: in an estimate (`1h 30m`)
 * months are rare and would be written out.  Grouped by first letter: a
 * plain group (every word ASCII letters only) per letter, and the other
 * groups (non-ASCII bytes or a space) apart.  A plain word ends on a word
 * boundary only where the run of ASCII letters at the text ends, so only
 * the word of that run's length in the letter's group is tried; the other
 * groups are tried when their first byte may_start() the text (two words
 * never match the same text with the same length, so the order of the
 * groups does not matter).  The non-ASCII words are in lower case or
 * have none (read_unit() relies on it). */
typedef struct unit_word {
	const char *word;
	uint8_t len;
	unit u;
} unit_word;

#define W(w, u) { w, sizeof w - 1, u }

static const unit_word units_m[] = {
	W("min", U_MIN), W("mins", U_MIN), W("minute", U_MIN), W("minutes", U_MIN),
	W("m", U_MIN), W("minuten", U_MIN), W("minutos", U_MIN),
};
static const unit_word units_other[] = {
	W("минут", U_MIN), W("мин", U_MIN), W("分钟", U_MIN), W("分", U_MIN),
	W("час", U_HOUR), W("часа", U_HOUR), W("часов", U_HOUR), W("ч", U_HOUR),
	W("小时", U_HOUR), W("小時", U_HOUR), W("時間", U_HOUR), W("시간", U_HOUR),
	W("день", U_DAY), W("дня", U_DAY), W("дней", U_DAY), W("дн", U_DAY), W("天", U_DAY),
	W("日", U_DAY), W("日間", U_DAY), W("일", U_DAY), W("неделя", U_WEEK),
	W("недели", U_WEEK), W("недель", U_WEEK), W("нед", U_WEEK), W("周", U_WEEK),
	W("週", U_WEEK), W("週間", U_WEEK), W("주", U_WEEK), W("очков", U_POINT),
	W("点", U_POINT),
};
static const unit_word units_h[] = {
	W("h", U_HOUR), W("hr", U_HOUR), W("hrs", U_HOUR), W("hour", U_HOUR),
	W("hours", U_HOUR), W("hora", U_HOUR), W("horas", U_HOUR), W("heure", U_HOUR),
	W("heures", U_HOUR),
};
static const unit_word units_s[] = {
	W("std", U_HOUR), W("stunde", U_HOUR), W("stunden", U_HOUR), W("semana", U_WEEK),
	W("semanas", U_WEEK), W("semaine", U_WEEK), W("semaines", U_WEEK), W("sp", U_POINT),
};
static const unit_word units_story[] = {
	W("story point", U_POINT), W("story points", U_POINT),
};
static const unit_word units_d[] = {
	W("d", U_DAY), W("day", U_DAY), W("days", U_DAY), W("dia", U_DAY),
	W("dias", U_DAY),
};
static const unit_word units_dia[] = {
	W("día", U_DAY), W("días", U_DAY),
};
static const unit_word units_t[] = {
	W("tag", U_DAY), W("tage", U_DAY), W("tagen", U_DAY),
};
static const unit_word units_j[] = {
	W("j", U_DAY), W("jour", U_DAY), W("jours", U_DAY),
};
static const unit_word units_w[] = {
	W("w", U_WEEK), W("wk", U_WEEK), W("wks", U_WEEK), W("week", U_WEEK),
	W("weeks", U_WEEK), W("woche", U_WEEK), W("wochen", U_WEEK),
};
static const unit_word units_p[] = {
	W("pt", U_POINT), W("pts", U_POINT), W("point", U_POINT), W("points", U_POINT),
	W("punkte", U_POINT), W("puntos", U_POINT), W("pontos", U_POINT),
};

#define GROUP(first, words) { first, words, sizeof words / sizeof *words }

struct unit_group {
	unsigned char first;  /* the words' first byte; 0x80: non-ASCII */
	const unit_word *words;
	size_t n;
};

static const struct unit_group group_other = GROUP(0x80, units_other),
	group_story = GROUP('s', units_story), group_dia = GROUP('d', units_dia);

static const struct unit_group *const unit_groups[] = { &group_other, &group_story, &group_dia };

#define PLAIN(letter, words, more) \
	[letter - 'a'] = { words, sizeof words / sizeof *words, more }

/* The plain groups by first letter (lower case), each with the other group
 * of its letter (an ASCII letter starts no word of the others). */
static const struct plain_group {
	const unit_word *words;
	size_t n;
	const struct unit_group *more;
} plain_groups[26] = {
	PLAIN('d', units_d, &group_dia), PLAIN('h', units_h, NULL), PLAIN('j', units_j, NULL),
	PLAIN('m', units_m, NULL), PLAIN('p', units_p, NULL), PLAIN('s', units_s, &group_story),
	PLAIN('t', units_t, NULL), PLAIN('w', units_w, NULL),
};

/* Template quantities: `X hours`, `[X] days`, `{N}h`, `TBD days`. */
static const char *const ph_words[] = { "XX", "X", "N", "Y", "TBD", "TBA", "??", "?", NULL };

/* Whole values that are an unfilled estimate on their own. */
static const char *const ph_values[] = { "tbd", "tba", "tbc", "xxx", "x", "?", "??", NULL };

/* T-shirt sizes: `S/M/L` or `Small | Medium | Large` is a template. */
static const char *const sizes[] = {
	"xs", "s", "m", "l", "xl", "xxl", "small", "medium", "large", "x-large",
	"extra large", "extra small", NULL,
};

/* Conversion rates: the document's options, or the defaults when only the
 * length of an estimate matters (pp_estimate_suffix has no document). */
typedef struct conv {
	double hpd, dpw;
} conv;

typedef struct est {
	double lo, hi;        /* hours; NaN when none */
	double points;
	bool placeholder;
	int terms;
} est;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool ascii_letter(char c)
{
	return (unsigned char)((c | 0x20) - 'a') < 26;
}

static size_t skip_space(const char *s, size_t n, size_t i)
{
	size_t adv;
	for (; i < n; i += adv) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) { /* the ASCII spaces of pp_is_space_cp */
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
				break;
			adv = 1;
		} else if (!pp_is_space_cp(pp_cp(s + i, n - i, &adv))) {
			break;
		}
	}
	return i;
}

/* Whether a word may end at i: the end, or a code point that is not a
 * letter or digit (so `8h` matches but `8hello` does not). */
static bool word_end(const char *s, size_t n, size_t i)
{
	size_t adv;
	if (i >= n)
		return true;
	if ((unsigned char)s[i] < 0x80) /* ASCII letters are Lu/Ll, digits Nd */
		return !ascii_letter(s[i]) && !is_digit(s[i]);
	int32_t cp = pp_cp(s + i, n - i, &adv);
	utf8proc_category_t c = utf8proc_category(cp);
	return !(c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) &&
	       !(c == UTF8PROC_CATEGORY_ND);
}

/* A decimal number (`2`, `1.5`, `1,5`); returns its length or 0. */
static size_t read_number(const char *s, size_t n, double *v)
{
	size_t i = 0;
	double x = 0, scale = 0;
	while (i < n && is_digit(s[i]))
		x = x * 10 + (s[i++] - '0');
	if (i == 0)
		return 0;
	if (i + 1 < n && (s[i] == '.' || s[i] == ',') && is_digit(s[i + 1])) {
		scale = 1;
		for (i++; i < n && is_digit(s[i]); i++)
			x += (s[i] - '0') * (scale /= 10);
	}
	*v = x;
	return i;
}

/* A placeholder quantity: `X`, `[X]`, `{N}`, `TBD`; returns its length. */
static size_t read_ph(const char *s, size_t n)
{
	if (n >= 3 && (s[0] == '[' || s[0] == '{')) {
		char close = s[0] == '[' ? ']' : '}';
		const char *e = memchr(s + 1, close, n - 1 < 16 ? n - 1 : 16);
		return e && e > s + 1 ? (size_t)(e - s) + 1 : 0;
	}
	switch (n ? s[0] : 0) {
	case 'X': case 'N': case 'Y': case 'T': case '?':
		break;
	default:
		return 0; /* no placeholder word starts otherwise */
	}
	for (int i = 0; ph_words[i]; i++) {
		size_t l = strlen(ph_words[i]);
		if (n >= l && memcmp(s, ph_words[i], l) == 0 && (l == n || !is_digit(s[l])) &&
		    (l == n || !(s[l] >= 'A' && s[l] <= 'Z')))
			return l;
	}
	return 0;
}

/* A range separator between two quantities: `-`, `–`, `—`, `~`, `to`. */
static size_t read_range_sep(const char *s, size_t n, size_t i)
{
	size_t j = skip_space(s, n, i), k;
	if (j < n && (s[j] == '-' || s[j] == '~'))
		return skip_space(s, n, j + 1);
	if (j < n && (unsigned char)s[j] >= 0x80 && /* ASCII matches none of these */
	    ((k = pp_match_word(s + j, n - j, "\xE2\x80\x93")) || /* – */
	     (k = pp_match_word(s + j, n - j, "\xE2\x80\x94")) || /* — */
	     (k = pp_match_word(s + j, n - j, "\xEF\xBD\x9E"))))   /* ～ */
		return skip_space(s, n, j + k);
	if (j > i && j < n && (s[j] | 0x20) == 't' && /* only ASCII t starts `to` */
	    (k = pp_match_word(s + j, n - j, "to")) && j + k < n && s[j + k] == ' ')
		return skip_space(s, n, j + k);
	return 0;
}

/* A quantity: a number, a placeholder, or a range of either.  *ph is set
 * for placeholders; lo/hi are NaN then. */
static size_t read_qty(const char *s, size_t n, double *lo, double *hi, bool *ph)
{
	size_t i = read_number(s, n, lo), k;
	*ph = false;
	if (!i) {
		if (!(i = read_ph(s, n)))
			return 0;
		*ph = true;
		*lo = NAN;
	}
	*hi = *lo;
	size_t j = read_range_sep(s, n, i);
	if (j && (k = read_number(s + j, n - j, hi)) > 0 && !*ph)
		return j + k;
	if (j && *ph && (k = read_ph(s + j, n - j)) > 0)
		return j + k;
	*hi = *lo;
	return i;
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* pp_match_word's test of the first bytes, inline: an ASCII word needs
 * the same ASCII letter, and ASCII never matches non-ASCII (bar the
 * full-width forms of 0xEF).  Most unit words fail here. */
static bool may_start(unsigned char c, unsigned char w)
{
	if (c < 0x80 && w < 0x80)
		return c && ascii_lower(c) == ascii_lower(w);
	return (c < 0x80) == (w < 0x80) || c == 0xEF || w == 0xEF;
}

/* Whether the ASCII letters s[0..len) are the lower-case word w. */
static bool same_letters(const char *s, const char *w, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((s[i] | 0x20) != w[i])
			return false;
	return true;
}

/* The plain unit word that is the run of run ASCII letters at s, when a
 * word boundary ends the run; else 0.  Only the words of the run's length
 * in the group of its first letter are compared. */
static size_t plain_unit(const char *s, size_t n, size_t run, unit *u)
{
	const struct plain_group *grp = &plain_groups[(s[0] | 0x20) - 'a'];
	for (size_t i = 0; i < grp->n; i++) {
		if (grp->words[i].len != run || !same_letters(s, grp->words[i].word, run))
			continue;
		if (!word_end(s, n, run))
			return 0;
		*u = grp->words[i].u;
		return run;
	}
	return 0;
}

/* The longest word of grp at s, when longer than best, that ends on a
 * word boundary (compared by pp_match_word()); else best.  low[0..ll):
 * a non-ASCII first code point lower-cased, as UTF-8, which the non-ASCII
 * words (lower case or without case) must start with. */
static size_t group_unit(const struct unit_group *grp, const char *s, size_t n,
                         const unsigned char *low, size_t ll, size_t best, unit *u)
{
	unsigned char c0 = (unsigned char)s[0], c1 = n > 1 ? (unsigned char)s[1] : 0;
	for (size_t i = 0; i < grp->n; i++) {
		const char *w = grp->words[i].word;
		/* ASCII first bytes on both sides: byte 1 is the next to compare */
		if (c0 < 0x80 && grp->first < 0x80 && w[1] && !may_start(c1, (unsigned char)w[1]))
			continue;
		if (c0 >= 0x80 && grp->first >= 0x80 &&
		    (grp->words[i].len < ll || memcmp(w, low, ll) != 0))
			continue;
		size_t k = pp_match_word(s, n, w);
		if (k > best && word_end(s, n, k)) {
			best = k;
			*u = grp->words[i].u;
		}
	}
	return best;
}

/* The longest unit word at s that ends on a word boundary: the plain one
 * (an ASCII letter starts it) and those of the other groups. */
static size_t read_unit(const char *s, size_t n, unit *u)
{
	size_t best = 0, run = 0, adv;
	unsigned char c0 = n ? (unsigned char)s[0] : 0;
	if (c0 < 0x80) {
		if (!ascii_letter((char)c0))
			return 0; /* every unit word starts with a letter or non-ASCII */
		while (run < n && ascii_letter(s[run]))
			run++;
		const struct plain_group *grp = &plain_groups[(c0 | 0x20) - 'a'];
		best = plain_unit(s, n, run, u);
		/* an ASCII letter matches only its own letter's groups (may_start) */
		if (grp->more)
			best = group_unit(grp->more, s, n, NULL, 0, best, u);
	} else {
		unsigned char low[4];
		size_t ll = (size_t)utf8proc_encode_char(utf8proc_tolower(pp_cp(s, n, &adv)), low);
		for (size_t g = 0; g < sizeof unit_groups / sizeof *unit_groups; g++)
			if (may_start(c0, unit_groups[g]->first))
				best = group_unit(unit_groups[g], s, n, low, ll, best, u);
	}
	if (best && best < n && s[best] == '.') /* `2 hrs.`, `3 Std.` */
		best++;
	return best;
}

static double factor(const conv *c, unit u)
{
	switch (u) {
	case U_MIN: return 1.0 / 60;
	case U_DAY: return c->hpd;
	case U_WEEK: return c->hpd * c->dpw;
	default: return 1;
	}
}

static void add_term(const conv *c, est *e, double lo, double hi, bool ph, unit u)
{
	e->terms++;
	e->placeholder |= ph;
	if (ph)
		return;
	if (lo > hi) { double t = lo; lo = hi; hi = t; }
	if (u == U_POINT) { /* a range of points keeps its upper bound */
		e->points = (isnan(e->points) ? 0 : e->points) + hi;
		return;
	}
	double f = factor(c, u);
	e->lo = (isnan(e->lo) ? 0 : e->lo) + lo * f;
	e->hi = (isnan(e->hi) ? 0 : e->hi) + hi * f;
}

/* One term: `2-3 days`, `8h`, `2h-3h`, `X hours`; returns its length. */
static size_t read_term(const conv *c, const char *s, size_t n, est *e)
{
	double lo, hi, lo2, hi2;
	bool ph, ph2;
	unit u = U_NONE, u2 = U_NONE;
	size_t i = read_qty(s, n, &lo, &hi, &ph), k;
	if (!i)
		return 0;
	i = skip_space(s, n, i);
	if (!(k = read_unit(s + i, n - i, &u)))
		return 0;
	i += k;
	size_t j = read_range_sep(s, n, i);
	if (j && lo == hi && !ph && (k = read_qty(s + j, n - j, &lo2, &hi2, &ph2)) > 0 &&
	    !ph2 && lo2 == hi2) { /* `2h-3h`, `1d–2w` */
		size_t m = skip_space(s, n, j + k), ku = read_unit(s + m, n - m, &u2);
		if (ku && (u2 == U_POINT) == (u == U_POINT)) {
			add_term(c, e, lo * factor(c, u), hi2 * factor(c, u2), false,
			         u == U_POINT ? U_POINT : U_HOUR);
			return m + ku;
		}
	}
	add_term(c, e, lo, hi, ph, u);
	return i;
}

/* Reads a sum of terms (`1h 30min`, `1d 4h`), after an optional `~` or
 * `≈`; returns the length read (0 when s does not start with one). */
static size_t read_est(const conv *c, const char *s, size_t n, est *e)
{
	size_t i = skip_space(s, n, 0), k, end = 0;
	e->lo = e->hi = e->points = NAN;
	e->placeholder = false;
	e->terms = 0;
	if (i < n && s[i] == '~')
		i = skip_space(s, n, i + 1);
	else if (i < n && (unsigned char)s[i] == 0xE2 && /* ≈ has no other form */
	         (k = pp_match_word(s + i, n - i, "\xE2\x89\x88")))
		i = skip_space(s, n, i + k);
	while (i < n && (k = read_term(c, s + i, n - i, e)) > 0) {
		end = i + k;
		i = skip_space(s, n, end);
		if (i < n && s[i] == '+')
			i = skip_space(s, n, i + 1);
	}
	return e->terms ? end : 0;
}

/* ---- whole-value templates --------------------------------------------- */

static bool in_folded(pp_doc *doc, const char *s, size_t n, const char *const *words)
{
	pp_str f = pp_key_fold(doc, s, n);
	for (int i = 0; f.s && words[i]; i++)
		if (strlen(words[i]) == f.len && memcmp(words[i], f.s, f.len) == 0)
			return true;
	return false;
}

/* `S/M/L`, `Small | Medium | Large`: every alternative a size. */
static bool size_template(pp_doc *doc, const char *s, size_t n)
{
	size_t b = 0, alts = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '|' && s[i] != '/')
			continue;
		pp_str a = pp_str_trim((pp_str){ s + b, (uint32_t)(i - b) });
		if (!in_folded(doc, a.s, a.len, sizes))
			return false;
		alts++;
		b = i + 1;
	}
	return alts >= 2;
}

static bool whole_placeholder(pp_doc *doc, const char *s, size_t n)
{
	if (n >= 2 && ((s[0] == '[' && s[n - 1] == ']') || (s[0] == '{' && s[n - 1] == '}')))
		return true;
	return in_folded(doc, s, n, ph_values) || size_template(doc, s, n) ||
	       pp_is_placeholder(s, n);
}

/* ---- entry points ------------------------------------------------------ */

static pp_estimate_node *make(pp_doc *doc, pp_str raw, const est *e, uint32_t offset,
                              uint32_t end)
{
	pp_estimate_node *node = pp_node_new(doc, PP_ESTIMATE, sizeof *node, offset, end);
	if (!node)
		return NULL;
	node->raw = pp_str_dup(doc, raw.s, raw.len);
	node->min_hours = e->placeholder ? NAN : e->lo;
	node->max_hours = e->placeholder ? NAN : e->hi;
	node->points = e->placeholder ? NAN : e->points;
	node->placeholder = e->placeholder;
	if (e->placeholder)
		pp_diag(doc, "placeholder", "info", offset,
			"estimate '%s' is a template placeholder", node->raw.s ? node->raw.s : "");
	return node;
}

pp_estimate_node *pp_estimate_parse(pp_doc *doc, const char *s, size_t n,
                                    uint32_t offset, uint32_t end)
{
	if (!s)
		return NULL;
	pp_str raw = pp_str_trim((pp_str){ s, (uint32_t)n });
	if (!raw.len)
		return NULL;
	est e;
	conv c = { doc->opts.hours_per_day, doc->opts.days_per_week };
	if (read_est(&c, raw.s, raw.len, &e) == raw.len)
		return make(doc, raw, &e, offset, end);
	if (!whole_placeholder(doc, raw.s, raw.len))
		return NULL;
	e.lo = e.hi = e.points = NAN;
	e.placeholder = true;
	return make(doc, raw, &e, offset, end);
}

/* The rates of a reader that has no document: the option defaults. */
static const conv defaults = { 8, 5 };

/* The estimate's text inside brackets, after an optional `Est:` label. */
static bool bracket_inner(const conv *c, const char *s, size_t n, const char **in,
                          size_t *il, est *e)
{
	static const char *const labels[] = { "estimated", "estimate", "est.", "est",
		"effort", "time", "eta", NULL };
	pp_str t = pp_str_trim((pp_str){ s, (uint32_t)n });
	/* the labels start with e or t, which only e or t in either case match */
	bool label = t.len && ((t.s[0] | 0x20) == 'e' || (t.s[0] | 0x20) == 't');
	for (int i = 0; label && labels[i]; i++) {
		size_t k = pp_match_word(t.s, t.len, labels[i]);
		size_t j = k ? skip_space(t.s, t.len, k) : 0;
		if (k && j < t.len && t.s[j] == ':') {
			t = pp_str_trim((pp_str){ t.s + j + 1, t.len - (uint32_t)j - 1 });
			break;
		}
	}
	/* `([X hours])`: a template estimate in brackets of its own */
	if (t.len > 2 && t.s[0] == '[' && t.s[t.len - 1] == ']')
		t = pp_str_trim((pp_str){ t.s + 1, t.len - 2 });
	if (!t.len || read_est(c, t.s, t.len, e) != t.len)
		return false;
	*in = t.s;
	*il = t.len;
	return true;
}

/* `(40-50h)` / `[8h]` at the end of s[0..e): the bracket's start or n. */
static size_t bracket_suffix(const conv *rates, const char *s, size_t e, const char **in,
                             size_t *il, est *x)
{
	size_t close_len;
	if (!e)
		return SIZE_MAX;
	size_t b = e - 1;
	if ((unsigned char)s[b] < 0x80 && s[b] != ')' && s[b] != ']')
		return SIZE_MAX; /* most texts: no bracket, full-width or not, at the end */
	while (b && ((unsigned char)s[b] & 0xC0) == 0x80)
		b--;
	int32_t close = pp_cp(s + b, e - b, &close_len);
	if (close != ')' && close != ']')
		return SIZE_MAX;
	int32_t open = close == ')' ? '(' : '[';
	for (size_t i = b; i-- > 0;) {
		/* only ASCII and the full-width forms (EF BC ..) read as `(` or `[` */
		unsigned char c = (unsigned char)s[i];
		size_t adv = 1;
		if (c < 0x80 ? c != open : c != 0xEF || pp_cp(s + i, e - i, &adv) != open)
			continue;
		if (!bracket_inner(rates, s + i + adv, b - i - adv, in, il, x))
			return SIZE_MAX;
		return i;
	}
	return SIZE_MAX;
}

/* `— 3d`, `- 2 days`: the first spaced dash whose rest is an estimate;
 * no byte before s[from] starts a dash. */
static size_t dash_suffix(const conv *c, const char *s, size_t e, size_t from, const char **in,
                          size_t *il, est *x)
{
	static const char *const dashes[] = { "\xE2\x80\x94", "\xE2\x80\x93", "-", "|", NULL };
	/* most task texts have no dash: 16 bytes a step, and a look only at
	 * the bytes a dash may start with (- | and lead bytes such as 0xE2) */
	for (size_t at = from; at < e; at += 16)
	for (unsigned m = pp_byte_lanes(s, e, at, '-', '|', true); m; m &= m - 1) {
		size_t i = at + pp_ctz(m);
		if (!i || s[i - 1] != ' ' || (s[i] != '-' && s[i] != '|' && (unsigned char)s[i] != 0xE2))
			continue; /* no dash starts here */
		for (int d = 0; dashes[d]; d++) {
			size_t l = strlen(dashes[d]);
			if (e - i > l && memcmp(s + i, dashes[d], l) == 0 && s[i + l] == ' ') {
				pp_str rest = pp_str_trim((pp_str){ s + i + l, (uint32_t)(e - i - l) });
				if (rest.len && read_est(c, rest.s, rest.len, x) == rest.len) {
					*in = rest.s;
					*il = rest.len;
					return i;
				}
			}
		}
	}
	return SIZE_MAX;
}

/* Where a trailing estimate of s starts (SIZE_MAX: none), its text in
 * *in and *il (trimmed) and its value at the rates c in *x; no byte
 * before s[dash] starts a dash. */
static size_t suffix_at(const conv *c, const char *s, size_t n, size_t dash, const char **in,
                        size_t *il, est *x)
{
	size_t e = n;
	while (e && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	size_t at = bracket_suffix(c, s, e, in, il, x);
	if (at == SIZE_MAX && dash < e)
		at = dash_suffix(c, s, e, dash, in, il, x);
	if (at == SIZE_MAX)
		return at;
	while (at && (s[at - 1] == ' ' || s[at - 1] == '\t'))
		at--;
	return at;
}

/* The length of the estimate suffix of s (0: none), its text in *in and
 * its reading at rates c in *x. */
static size_t suffix(const conv *c, const char *s, size_t n, size_t dash, const char **in,
                     size_t *il, est *x)
{
	*in = NULL;
	*il = 0;
	size_t at = s && n ? suffix_at(c, s, n, dash, in, il, x) : SIZE_MAX;
	return at == SIZE_MAX ? 0 : n - at;
}

size_t pp_estimate_suffix(const char *s, size_t n, const char **inner, size_t *inner_len)
{
	const char *in;
	size_t il;
	est x;
	size_t k = suffix(&defaults, s, n, 0, &in, &il, &x);
	if (k && inner)
		*inner = in;
	if (k && inner_len)
		*inner_len = il;
	return k;
}

/* Whether suffix_at() may find anything: a bracket (or a non-ASCII
 * character, which may be a full-width one) ends s without its trailing
 * blanks, or a dash starts before them.  Most task texts have neither and
 * are left here, before the readers are set up. */
static bool may_end_in_estimate(const char *s, size_t n, size_t dash)
{
	size_t e = n;
	while (e && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (!e)
		return false;
	unsigned char z = (unsigned char)s[e - 1];
	return z >= 0x80 || z == ')' || z == ']' || dash < e;
}

size_t pp_estimate_tail_in(pp_doc *doc, const char *s, size_t n, size_t dash, uint32_t offset,
                           uint32_t end, pp_estimate_node **node)
{
	*node = NULL;
	if (!s || !may_end_in_estimate(s, n, dash))
		return 0;
	const conv c = { doc->opts.hours_per_day, doc->opts.days_per_week };
	const char *in;
	size_t il;
	est x;
	size_t k = suffix(&c, s, n, dash, &in, &il, &x);
	*node = k ? make(doc, (pp_str){ in, (uint32_t)il }, &x, offset, end) : NULL;
	return k;
}

size_t pp_estimate_tail(pp_doc *doc, const char *s, size_t n, uint32_t offset, uint32_t end,
                        pp_estimate_node **node)
{
	return pp_estimate_tail_in(doc, s, n, 0, offset, end, node);
}
