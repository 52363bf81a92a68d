/*
 * vocab.c: the word tables of docs/format.md (status words, risk levels,
 * sizes, priorities, status and known keys) and the matcher that reads a
 * value against them; placeholders (template text left unfilled).
 *
 * A value is matched after case folding, with emoji and punctuation read
 * as spaces (`-` and `_` too): first as a whole, then by the longest listed
 * phrase it contains on word boundaries (earliest on a tie), then by the
 * first emoji mark it holds.  Phrases of one code point (`L`, `高`) match
 * only a whole value.  CJK phrases need no word boundary (no spaces there).
 */
#include "internal.h"

#include <string.h>
#include <utf8proc.h>

typedef struct vgroup {
	const char *value;          /* normalised value */
	const char *const *words;   /* case-folded phrases, NULL-terminated */
} vgroup;

typedef struct vmark {
	int32_t cp;                 /* an emoji mark (variation selectors ignored) */
	const char *value;
} vmark;

typedef struct vocab {
	const vgroup *groups;
	size_t ngroups;
	const vmark *marks;
	size_t nmarks;
	int slot;                   /* its index in pp_vocab_index, or -1: none */
} vocab;

#define WORDS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define VOCAB(g, m, slot) { g, sizeof g / sizeof *g, m, sizeof m / sizeof *m, slot }

/* ---- status words (MODEL 3) -------------------------------------------- */

static const vgroup status_groups[] = {
	{ "done", WORDS(
		"done", "complete", "completed", "finished", "shipped", "released",
		"delivered", "closed", "resolved", "merged", "implemented", "built",
		/* es */ "completado", "completada", "hecho", "terminado", "terminada",
		"finalizado", "finalizada", "listo",
		/* pt */ "concluído", "concluída", "concluido", "completo", "feito",
		"pronto", "entregue",
		/* de */ "erledigt", "abgeschlossen", "fertig", "fertiggestellt", "umgesetzt",
		/* fr */ "terminé", "terminée", "fini", "finie", "achevé", "complété", "livré",
		"réalisé",
		/* ru */ "готово", "выполнено", "завершено", "сделано", "реализовано",
		/* zh */ "已完成", "完成", "已实现", "已上线", "已发布", "已交付",
		/* ja */ "完了", "済み", "実装済み", "対応済み",
		/* ko */ "완료", "완료됨") },
	{ "in_progress", WORDS(
		"in progress", "wip", "ongoing", "active", "started", "doing", "underway",
		"under way", "implementing", "in development",
		/* es */ "en progreso", "en curso", "en desarrollo", "en proceso", "en marcha",
		/* pt */ "em andamento", "em progresso", "em desenvolvimento",
		/* de */ "in arbeit", "in bearbeitung", "in entwicklung", "in umsetzung",
		/* fr */ "en cours", "en développement", "commencé",
		/* ru */ "в работе", "в процессе", "в разработке", "выполняется",
		/* zh */ "进行中", "开发中", "处理中",
		/* ja */ "進行中", "対応中", "作業中", "実装中", "開発中",
		/* ko */ "진행 중", "진행중") },
	{ "todo", WORDS(
		"todo", "to do", "not started", "not yet started", "pending", "planned",
		"planning", "open", "backlog", "queued", "next", "upcoming", "not done",
		/* es */ "pendiente", "por hacer", "no iniciado", "no empezado", "planificado",
		/* pt */ "pendente", "a fazer", "não iniciado", "planejado",
		/* de */ "offen", "geplant", "ausstehend", "nicht begonnen",
		/* fr */ "à faire", "a faire", "pas commencé", "non commencé", "prévu",
		"en attente",
		/* ru */ "не начато", "запланировано", "к выполнению",
		/* zh */ "未开始", "待办", "待开始", "计划中", "未完成",
		/* ja */ "未着手", "未完了", "未対応", "予定",
		/* ko */ "예정", "시작 전", "미완료") },
	{ "draft", WORDS(
		"draft", "proposed", "proposal", "rfc",
		/* es, pt */ "borrador", "propuesto", "rascunho", "proposto",
		/* de, fr */ "entwurf", "brouillon", "proposé",
		/* ru */ "черновик",
		/* zh, ja, ko */ "草稿", "草案", "下書き", "ドラフト", "초안") },
	{ "in_review", WORDS(
		"review", "in review", "under review", "pending review", "reviewing",
		/* es, pt */ "en revisión", "em revisão", "revisión", "revisão",
		/* de */ "in prüfung", "im review",
		/* fr */ "en revue", "en relecture",
		/* ru */ "на ревью", "на проверке",
		/* zh */ "审核中", "评审中", "审查中",
		/* ja */ "レビュー中", "審査中",
		/* ko */ "검토 중", "검토중") },
	{ "approved", WORDS(
		"approved", "accepted", "ready", "signed off",
		/* es, pt */ "aprobado", "aceptado", "aprovado", "aceito",
		/* de */ "genehmigt", "freigegeben", "akzeptiert",
		/* fr */ "approuvé", "accepté", "validé",
		/* ru */ "утверждено", "одобрено", "принято",
		/* zh */ "已批准", "已通过",
		/* ja */ "承認済み", "承認",
		/* ko */ "승인", "승인됨") },
	{ "blocked", WORDS(
		"blocked", "stuck", "waiting",
		/* es, pt */ "bloqueado", "bloqueada",
		/* de, fr */ "blockiert", "bloqué", "bloquée",
		/* ru */ "заблокировано",
		/* zh, ja, ko */ "阻塞", "受阻", "ブロック中", "차단됨") },
	{ "paused", WORDS(
		"paused", "on hold", "deferred", "postponed", "parked", "suspended",
		/* es, pt */ "en pausa", "pausado", "pospuesto", "aplazado", "em pausa", "adiado",
		/* de */ "pausiert", "zurückgestellt", "verschoben",
		/* fr */ "en pause", "suspendu", "reporté",
		/* ru */ "приостановлено", "на паузе", "отложено",
		/* zh */ "暂停", "搁置", "推迟",
		/* ja */ "保留", "一時停止", "延期",
		/* ko */ "보류", "일시 중지") },
	{ "cancelled", WORDS(
		"cancelled", "canceled", "abandoned", "dropped", "won't do", "wont do",
		"wontfix", "won't fix", "rejected", "superseded", "obsolete", "skipped",
		/* es, pt */ "cancelado", "cancelada", "descartado", "rechazado", "rejeitado",
		/* de */ "abgebrochen", "abgelehnt", "verworfen", "gestrichen",
		/* fr */ "annulé", "annulée", "abandonné", "rejeté",
		/* ru */ "отменено", "отклонено",
		/* zh */ "已取消", "取消", "废弃", "放弃",
		/* ja */ "中止", "キャンセル", "却下",
		/* ko */ "취소", "취소됨") },
};

static const vmark status_marks[] = {
	{ 0x2705, "done" }, { 0x2714, "done" }, { 0x2611, "done" }, { 0x2713, "done" },
	{ 0x1F6A7, "in_progress" }, { 0x1F504, "in_progress" }, { 0x1F3D7, "in_progress" },
	{ 0x23F3, "todo" }, { 0x2B1C, "todo" }, { 0x1F4CB, "todo" },
	{ 0x1F4DD, "draft" },
	{ 0x1F440, "in_review" },
	{ 0x26D4, "blocked" }, { 0x1F6AB, "blocked" }, { 0x1F6D1, "blocked" },
	{ 0x23F8, "paused" },
	{ 0x274C, "cancelled" },
};

/* ---- risk levels (MODEL 10) -------------------------------------------- */

static const vgroup level_groups[] = {
	{ "low", WORDS("low", "minor", "very low", "l",
		"baja", "bajo", "baixa", "baixo", "niedrig", "gering", "faible",
		"низкий", "низкая", "низкое", "低", "较低", "低い", "낮음") },
	{ "medium", WORDS("medium", "med", "moderate", "m",
		"media", "medio", "média", "médio", "mittel", "moyen", "moyenne", "modéré",
		"средний", "средняя", "среднее", "中", "中等", "普通", "중간", "보통") },
	{ "high", WORDS("high", "major", "h",
		"alta", "alto", "hoch", "élevé", "élevée", "haut", "haute",
		"высокий", "высокая", "высокое", "高", "较高", "高い", "높음") },
	{ "critical", WORDS("critical", "very high", "severe",
		"crítico", "crítica", "kritisch", "sehr hoch", "critique", "très élevé",
		"критический", "критическая", "严重", "极高", "致命的", "深刻", "심각", "매우 높음") },
};

static const vmark level_marks[] = {
	{ 0x1F7E2, "low" }, { 0x1F7E1, "medium" }, { 0x1F7E0, "high" }, { 0x1F534, "high" },
};

/* ---- sizes and priorities (template alternatives only) ----------------- */

static const vgroup size_groups[] = {
	{ "extra small", WORDS("xs", "extra small", "very small", "tiny") },
	{ "small", WORDS("s", "small", "sm") },
	{ "medium", WORDS("m", "medium", "med") },
	{ "large", WORDS("l", "large", "lg") },
	{ "extra large", WORDS("xl", "xxl", "extra large", "very large", "huge") },
};

static const vgroup priority_groups[] = {
	{ "P0", WORDS("p0") }, { "P1", WORDS("p1") }, { "P2", WORDS("p2") },
	{ "P3", WORDS("p3") }, { "P4", WORDS("p4") },
	{ "critical", WORDS("critical", "urgent", "highest", "blocker") },
	{ "high", WORDS("high") },
	{ "medium", WORDS("medium", "med", "normal") },
	{ "low", WORDS("low", "lowest", "minor") },
	{ "must", WORDS("must", "must have") },
	{ "should", WORDS("should", "should have") },
	{ "could", WORDS("could", "could have", "nice to have") },
	{ "won't", WORDS("won't", "won't have", "wont") },
};

static const vmark no_marks[1] = { { 0, NULL } };

static const vocab status_vocab = VOCAB(status_groups, status_marks, 0);
static const vocab level_vocab = VOCAB(level_groups, level_marks, 1);
static const vocab size_vocab = {
	size_groups, sizeof size_groups / sizeof *size_groups, no_marks, 0, -1 };
static const vocab priority_vocab = {
	priority_groups, sizeof priority_groups / sizeof *priority_groups, no_marks, 0, -1 };

/* ---- keys -------------------------------------------------------------- */

/* Status keys as key names (pp_key_name: folded, `_` for spaces). */
static const char *const status_keys[] = {
	/* sorted by first byte: status_from indexes the ASCII letters */
	"current_status", "estado", "overall_status", "phase_status", "project_status",
	"status", "state", "statut", "stand",
	"статус", "状态", "狀態", "ステータス", "状態", "상태",
	NULL,
};
/* status_keys[status_from[c]] .. [status_from[c + 1]]: the keys that start
 * with 'a' + c (c < 26); from status_from[26] on: the non-ASCII ones. */
static const uint8_t status_from[27] = {
	/* a b c d e f g h i j k l m n o p q r s t u v w x y z */
	0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 5, 5, 5, 9, 9, 9, 9, 9, 9, 9, 9,
};

/* The known metadata vocabulary (MODEL 3.5), as folded keys. */
static const char *const known_keys[] = {
	/* sorted by first byte: known_from indexes the ASCII letters; the other
	 * status keys are here so `## Current Status: Done` is a key heading too */
	"author", "authors", "approvers", "approved", "branch", "created", "current status",
	"date", "deadline", "due", "effort", "estimate", "epic", "estado", "last updated",
	"milestone", "owner", "overall status", "priority", "progress", "phase status",
	"project status", "reviewers", "status", "state", "sprint", "spec", "statut", "stand",
	"target", "target date", "timeline", "ticket", "updated", "version",
	"статус", "状态", "狀態", "ステータス", "状態", "상태",
	NULL,
};
static const uint8_t known_from[27] = {
	/* a  b  c  d  e   f   g   h   i   j   k   l   m   n   o   p   q   r   s   t   u   v   w   x   y   z */
	0, 4, 5, 7, 10, 14, 14, 14, 14, 14, 14, 14, 15, 16, 16, 18, 22, 22, 23, 29, 33, 34, 35, 35, 35, 35, 35,
};

/* Words in a key name that give its value a vocabulary for templates. */
static const char *const level_key_words[] = {
	"risk", "risks", "impact", "probability", "likelihood", "severity", "complexity",
	"confidence", "difficulty", "criticality", "riesgo", "risiko", "risque", "риск",
	"风险", "リスク", "위험", "impacto", "auswirkung", "влияние", "影响", "影響",
	"probabilidad", "probabilidade", "wahrscheinlichkeit", "вероятность", "概率",
	"complejidad", "komplexität", "complexité", "сложность", "复杂度", "難易度", NULL,
};
static const char *const size_key_words[] = {
	"size", "sizing", "estimate", "estimated", "estimation", "effort", "duration",
	"tamaño", "tamanho", "grösse", "taille", "размер", "规模", "工作量", "工数", NULL,
};
static const char *const priority_key_words[] = {
	"priority", "prio", "prioridad", "prioridade", "priorität", "priorité",
	"приоритет", "优先级", "優先度", "우선순위", NULL,
};

/* ---- matching ---------------------------------------------------------- */

static bool is_word_cp(int32_t cp)
{
	if (cp < 0)
		return false;
	if (cp < 0x80) /* ASCII: only letters and digits are L*, M* or Nd */
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
	       c == UTF8PROC_CATEGORY_ND;
}

static bool is_apostrophe(int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

/* The folded value with everything but letters, digits and inner
 * apostrophes read as one space, trimmed: `✅ **In-Progress**!` gives
 * `in progress`.  Rewrites pp_key_fold's arena copy in place (the output
 * never outgrows it).  NULL only on out-of-memory. */
static pp_str clean(pp_doc *doc, const char *s, size_t n)
{
	pp_str f = pp_key_fold(doc, s, n);
	if (!f.s)
		return f;
	char *out = (char *)f.s;
	size_t i = 0, o = 0, adv;
	bool space = false, prev_word = false;
	while (i < f.len) {
		int32_t cp = pp_cp(f.s + i, f.len - i, &adv);
		if (is_word_cp(cp)) {
			if (space && o)
				out[o++] = ' ';
			space = false;
			memmove(out + o, f.s + i, adv); /* pp_cp may have mapped it: copy bytes */
			o += adv;
			prev_word = true;
		} else if (is_apostrophe(cp) && prev_word && !space &&
		           is_word_cp(pp_cp(f.s + i + adv, f.len - i - adv, &(size_t){ 0 }))) {
			out[o++] = '\'';
		} else {
			space = true;
			prev_word = false;
		}
		i += adv;
	}
	out[o] = 0;
	return (pp_str){ out, (uint32_t)o };
}

/* clean() of a pure ASCII s (no NUL) that fits in buf, straight from the
 * bytes: ASCII folding is lower case, and the white space and trailing `:`
 * it collapses are no word characters, so the result is the same without
 * pp_key_fold's arena copy (the text is only compared).  .s is NULL when s
 * does not qualify. */
static pp_str clean_ascii(const char *s, size_t n, char *buf, size_t cap)
{
	if (n >= cap)
		return PP_NULLSTR;
	size_t o = 0;
	bool space = false, prev_word = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (!ch || ch >= 0x80)
			return PP_NULLSTR;
		if (is_word_cp(ch)) {
			if (space && o)
				buf[o++] = ' ';
			space = false;
			buf[o++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
			prev_word = true;
		} else if (ch == '\'' && prev_word && !space && i + 1 < n &&
		           is_word_cp((unsigned char)s[i + 1])) {
			buf[o++] = '\'';
		} else {
			space = true;
			prev_word = false;
		}
	}
	buf[o] = 0;
	return (pp_str){ buf, (uint32_t)o };
}

static size_t cp_count(const char *w)
{
	size_t k = 0;
	for (; *w; w++)
		k += ((unsigned char)*w & 0xC0) != 0x80;
	return k;
}

/* CJK, kana and hangul phrases are found inside longer runs of text. */
static bool needs_boundary(const char *w)
{
	size_t adv;
	return (unsigned char)w[0] < 0x80 || pp_cp(w, strlen(w), &adv) < 0x2E80;
}

/* Byte position of the first occurrence of w (wl bytes) in c on word
 * boundaries (c holds words separated by single spaces), or -1. */
static long find_phrase(pp_str c, const char *w, size_t wl)
{
	if (wl > c.len)
		return -1; /* cannot be inside: no search */
	bool bound = needs_boundary(w);
	for (const char *p = strstr(c.s, w); p; p = strstr(p + 1, w)) {
		size_t at = (size_t)(p - c.s);
		if (!bound || ((at == 0 || c.s[at - 1] == ' ') &&
		               (at + wl == c.len || c.s[at + wl] == ' ')))
			return (long)at;
	}
	return -1;
}

/* The value of the first emoji mark of v in s (text order), or NULL. */
static const char *find_mark(const vocab *v, const char *s, size_t n)
{
	size_t i = 0, adv;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) { /* every mark is above U+2000 */
			i++;
			continue;
		}
		int32_t cp = pp_cp(s + i, n - i, &adv);
		for (size_t k = 0; k < v->nmarks; k++)
			if (v->marks[k].cp == cp)
				return v->marks[k].value;
		i += adv ? adv : 1;
	}
	return NULL;
}


/* ---- the phrases by first byte ------------------------------------------ */

/* A phrase of a vocabulary and its group. */
typedef struct vref {
	const char *word;
	uint32_t len;
	uint16_t group;
	uint16_t cps;               /* its code points (cp_count) */
} vref;

/* The phrases of a vocabulary by first byte: those starting with byte b
 * are refs[at[b]] .. refs[at[b + 1]] - 1, in list order (so the first
 * listed of equal phrases still comes first).  Status values are read in
 * every table row and heading: a whole value is compared with the few
 * phrases of its first byte, not with all 250. */
typedef struct vindex {
	uint32_t at[257];
	vref *refs;
} vindex;

/* The words of the key-word lists (level_key_words...) by first byte, as
 * vindex: refs[at[b]] .. refs[at[b + 1]] - 1 start with byte b; bit is
 * the V_* of their list.  Every meta entry whose value may hold
 * alternatives asks which lists a word of its key name is in. */
typedef struct kref {
	const char *word;
	uint32_t len;
	unsigned bit;
} kref;

typedef struct kindex {
	uint32_t at[257];
	kref *refs;
} kindex;

/* A value read before against an indexed vocabulary, and its answer: a
 * document writes its few status and level values (`Done`, `In
 * Progress`, `High`) over and over.  A copy of the value's bytes (up to
 * WORD_TEXT), so any caller's buffer will do. */
#define WORD_MEMO 64
#define WORD_TEXT 24

typedef struct word_memo {
	uint8_t vocab;              /* 1 + its vocab.slot; 0: empty */
	uint8_t len;
	char text[WORD_TEXT];
	const char *value;          /* vocab_find()'s answer */
} word_memo;

typedef struct pp_vocab_index {
	vindex v[2];                /* status_vocab, level_vocab (vocab.slot) */
	bool phrases;               /* v is made */
	kindex keys;
	bool key_words;             /* keys is made */
	word_memo words[WORD_MEMO]; /* a direct-mapped table: a slot per hash */
} pp_vocab_index;

/* The document's indexes (none made yet), made on first use; NULL when
 * out of memory. */
static pp_vocab_index *vocab_state(pp_doc *doc)
{
	if (!doc->vocab_index)
		doc->vocab_index = pp_alloc(&doc->arena, sizeof *doc->vocab_index);
	return doc->vocab_index;
}

/* The middle of a first-byte index (a counting sort): at[c + 1] holds how
 * many words start with byte c; makes at[c] where they start, copies
 * those starts to fill for the pass that places them, and allocates the
 * n entries. */
static void *index_starts(pp_doc *doc, uint32_t at[257], uint32_t fill[256], uint32_t n,
                          size_t size)
{
	for (size_t b = 0; b < 256; b++)
		at[b + 1] += at[b];
	memcpy(fill, at, 256 * sizeof *fill);
	return pp_alloc_raw(&doc->arena, n * size);
}

static int index_vocab(pp_doc *doc, const vocab *v, vindex *x)
{
	uint32_t n = 0;
	memset(x->at, 0, sizeof x->at);
	for (size_t g = 0; g < v->ngroups; g++)
		for (const char *const *w = v->groups[g].words; *w; w++, n++)
			x->at[(unsigned char)(*w)[0] + 1]++;
	uint32_t fill[256];
	if (!(x->refs = index_starts(doc, x->at, fill, n, sizeof *x->refs)))
		return PP_ENOMEM;
	for (size_t g = 0; g < v->ngroups; g++)
		for (const char *const *w = v->groups[g].words; *w; w++)
			x->refs[fill[(unsigned char)(*w)[0]]++] =
				(vref){ *w, (uint32_t)strlen(*w), (uint16_t)g, (uint16_t)cp_count(*w) };
	return 0;
}

/* The index of v, made for the document on first use; NULL when v has
 * none (the short lists) or out of memory. */
static const vindex *index_of(pp_doc *doc, const vocab *v)
{
	if (v->slot < 0)
		return NULL;
	pp_vocab_index *ix = vocab_state(doc);
	if (!ix)
		return NULL;
	if (!ix->phrases) {
		if (index_vocab(doc, &status_vocab, &ix->v[0]) < 0 ||
		    index_vocab(doc, &level_vocab, &ix->v[1]) < 0)
			return NULL;
		ix->phrases = true;
	}
	return &ix->v[v->slot];
}

/* The best phrase found so far: the longest, earliest on a tie. */
typedef struct longest {
	const char *value;
	size_t len;
	long at;
} longest;

/* Phrase w (wl bytes, cps code points) against the best so far. */
static void try_phrase(longest *b, pp_str c, const char *w, size_t wl, size_t cps,
                       const char *value)
{
	if (wl < b->len || wl > c.len || cps < 2)
		return; /* too short to beat the best, or cannot fit in c */
	long at = find_phrase(c, w, wl);
	if (at < 0 || (wl == b->len && at >= b->at))
		return;
	*b = (longest){ value, wl, at };
}

/* The longest phrase of v contained in c, earliest on a tie; NULL if none.
 * A phrase is looked for only when its first byte is in c: at a word start
 * when it needs a boundary (a lead byte below 0xE2 is below U+2000), else
 * anywhere.  Most of the 250 status words are skipped so.  With an index
 * the phrases come by first byte, not in list order: the same answer, as
 * only equal phrases (same first byte, kept in list order) tie on both
 * length and place. */
static const char *find_longest(const vocab *v, const vindex *x, pp_str c)
{
	pp_byteset starts = { { 0 } }, any = { { 0 } };
	for (size_t i = 0; i < c.len; i++) {
		pp_byteset_add(&any, (unsigned char)c.s[i]);
		if (i == 0 || c.s[i - 1] == ' ')
			pp_byteset_add(&starts, (unsigned char)c.s[i]);
	}
	longest best = { NULL, 0, 0 };
	for (size_t g = 0; !x && g < v->ngroups; g++)
		for (const char *const *w = v->groups[g].words; *w; w++) {
			unsigned char f = (unsigned char)(*w)[0];
			if (pp_byteset_has(f < 0xE2 ? &starts : &any, f))
				try_phrase(&best, c, *w, strlen(*w), cp_count(*w), v->groups[g].value);
		}
	/* by index: word starts below 0xE2, any byte from 0xE2 on */
	const uint64_t below = ((uint64_t)1 << (0xE2 - 0xC0)) - 1;
	uint64_t want[4] = { starts.bits[0], starts.bits[1], starts.bits[2],
		(starts.bits[3] & below) | (any.bits[3] & ~below) };
	for (unsigned q = 0; x && q < 4; q++)
		for (uint64_t m = want[q]; m; m &= m - 1) {
			unsigned f = q * 64 + pp_ctz(m);
			for (uint32_t k = x->at[f]; k < x->at[f + 1]; k++)
				try_phrase(&best, c, x->refs[k].word, x->refs[k].len, x->refs[k].cps,
				           v->groups[x->refs[k].group].value);
		}
	return best.value;
}

/* The group value of a phrase equal to the whole of c (c.len > 0), the
 * first listed when several are. */
static const char *find_whole(const vocab *v, const vindex *x, pp_str c)
{
	if (x) {
		unsigned char f = (unsigned char)c.s[0];
		for (uint32_t k = x->at[f]; k < x->at[f + 1]; k++)
			if (x->refs[k].len == c.len && memcmp(c.s, x->refs[k].word, c.len) == 0)
				return v->groups[x->refs[k].group].value;
		return NULL;
	}
	for (size_t g = 0; g < v->ngroups; g++)
		for (const char *const *w = v->groups[g].words; *w; w++)
			if ((*w)[0] == c.s[0] && strcmp(c.s, *w) == 0) /* first byte: no call */
				return v->groups[g].value;
	return NULL;
}

/* Reads s against a vocabulary: whole value, then (unless whole_only) the
 * longest contained phrase, then an emoji mark when nothing else is there
 * or (unless whole_only) nothing else matched. */
static const char *vocab_find(pp_doc *doc, const vocab *v, const char *s, size_t n,
                              bool whole_only)
{
	char small[256];
	pp_str c = clean_ascii(s, n, small, sizeof small);
	if (!c.s && !(c = clean(doc, s, n)).s)
		return NULL;
	if (c.len == 0)
		return find_mark(v, s, n);
	const vindex *x = index_of(doc, v);
	const char *w = find_whole(v, x, c);
	if (w || whole_only)
		return w;
	const char *best = find_longest(v, x, c);
	return best ? best : find_mark(v, s, n);
}

/* vocab_find() of a value against an indexed vocabulary (not whole_only),
 * through the memo of the values read before. */
static const char *vocab_word(pp_doc *doc, const vocab *v, const char *s, size_t n)
{
	pp_vocab_index *ix = n <= WORD_TEXT ? vocab_state(doc) : NULL;
	word_memo *e = NULL;
	if (ix) {
		e = &ix->words[(pp_memo_slot(s, (uint32_t)n) + v->slot * 17u) & (WORD_MEMO - 1)];
		if (e->vocab == v->slot + 1 && e->len == n && memcmp(e->text, s, n) == 0)
			return e->value;
	}
	const char *w = vocab_find(doc, v, s, n, false);
	if (e && !doc->arena.oom) {
		e->vocab = (uint8_t)(v->slot + 1);
		e->len = (uint8_t)n;
		memcpy(e->text, s, n);
		e->value = w;
	}
	return w;
}

const char *pp_status_word(pp_doc *doc, const char *s, size_t n)
{
	return s ? vocab_word(doc, &status_vocab, s, n) : NULL;
}

const char *pp_level_word(pp_doc *doc, const char *s, size_t n)
{
	return s ? vocab_word(doc, &level_vocab, s, n) : NULL;
}

/* ---- keys -------------------------------------------------------------- */

/* Compares a key with a listed one, reading `_`, `-` and ` ` alike. */
static bool key_eq(const char *k, size_t n, const char *w)
{
	size_t i = 0;
	for (; i < n && w[i]; i++) {
		char a = k[i] == '_' || k[i] == '-' ? ' ' : k[i];
		char b = w[i] == '_' ? ' ' : w[i];
		if (a != b)
			return false;
	}
	return i == n && !w[i];
}

/* The keys of list (indexed by from) that may start with byte c: [*lo, *hi). */
static void key_bucket(const char *const *list, const uint8_t *from, unsigned char c,
                       size_t *lo, size_t *hi)
{
	unsigned l = (unsigned)c - 'a';
	if (l < 26) {
		*lo = from[l];
		*hi = from[l + 1];
	} else if (c >= 0x80) {
		*lo = from[26];
		for (*hi = *lo; list[*hi]; ++*hi)
			;
	} else {
		*lo = *hi = 0; /* no listed key starts with another ASCII byte */
	}
}

static bool key_in(const char *const *list, const uint8_t *from, const char *k, size_t n)
{
	if (!k || !n)
		return false;
	size_t lo, hi;
	key_bucket(list, from, (unsigned char)k[0], &lo, &hi);
	for (; lo < hi; lo++) /* no listed key starts with a space or `_` */
		if (list[lo][0] == k[0] && key_eq(k, n, list[lo]))
			return true;
	return false;
}

bool pp_is_status_key(const char *name, size_t n)
{
	return key_in(status_keys, status_from, name, n);
}

bool pp_is_known_key(const char *name, size_t n)
{
	return key_in(known_keys, known_from, name, n);
}

bool pp_known_key_word(const char *w, size_t n)
{
	unsigned first = n ? ((unsigned char)w[0] | 0x20) - 'a' : 26;
	if (first >= 26)
		return false;
	for (size_t x = known_from[first], end = known_from[first + 1]; x < end; x++) {
		const char *p = known_keys[x];
		size_t i = 1;
		while (i < n && p[i] == (w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]))
			i++;
		if (i == n && (p[n] == ' ' || !p[n]))
			return true;
	}
	return false;
}

/* Whether a key list and its index agree: sorted by first byte, every key
 * in the range of its first byte (test_meta.c). */
static bool index_ok(const char *const *list, const uint8_t *from)
{
	for (unsigned l = 0; l < 26; l++)
		if (from[l] > from[l + 1])
			return false;
	size_t x = 0;
	for (; list[x]; x++) {
		unsigned char c = (unsigned char)list[x][0];
		size_t lo, hi;
		if (x && c < 0x80 && c < (unsigned char)list[x - 1][0])
			return false; /* (the non-ASCII ones: in any order) */
		if (!((unsigned)c - 'a' < 26u || c >= 0x80))
			return false;
		key_bucket(list, from, c, &lo, &hi);
		if (x < lo || x >= hi)
			return false;
	}
	return from[26] <= x;
}

bool pp_key_index_ok(void)
{
	return index_ok(status_keys, status_from) && index_ok(known_keys, known_from);
}

/* ---- placeholders (MODEL 9) -------------------------------------------- */

static bool ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A run of digits (dots allowed after the first when dotted). */
static bool digits(const char *s, size_t n, bool dotted)
{
	if (!n || !ascii_digit(s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!ascii_digit(s[i]) && !(dotted && s[i] == '.'))
			return false;
	return true;
}

/* A task ID as the MODEL lists them: PREFIX-N / PREFIX_N, T001, a dotted
 * number, #N. */
static bool task_id(const char *s, size_t n)
{
	if (n > 1 && s[0] == '#')
		return digits(s + 1, n - 1, false);
	size_t i = 0;
	while (i < n && ascii_alpha(s[i]))
		i++;
	if (i == 0)
		return digits(s, n, true);
	if (i == 1 && (s[0] | 0x20) == 't' && n >= 3 && n <= 5 && digits(s + 1, n - 1, false))
		return true;
	return i < n && (s[i] == '-' || s[i] == '_') && digits(s + i + 1, n - i - 1, true);
}

/* Whether the inside of a bracket is a comma-separated list of task IDs. */
static bool id_list(const char *s, size_t n)
{
	size_t i = 0;
	while (i <= n) {
		size_t j = i;
		while (j < n && s[j] != ',')
			j++;
		pp_str item = pp_str_trim((pp_str){ s + i, (uint32_t)(j - i) });
		if (!task_id(item.s, item.len))
			return false;
		i = j + 1;
	}
	return true;
}

/* Whether s is one bracketed or braced phrase: `[Name]`, `{Feature}`.  The
 * first bracket must close at the very end (`[a] and [b]` is not one). */
static bool bracketed(const char *s, size_t n, size_t *open_len, size_t *close_len)
{
	size_t adv, i = 0;
	if (s[0] != '[' && s[0] != '{' && (unsigned char)s[0] != 0xEF)
		return false; /* 0xEF: the full-width forms pp_cp reads */
	int32_t open = pp_cp(s, n, &adv);
	if (open == 0xFF5B)
		open = '{';
	if (open != '[' && open != '{')
		return false;
	int32_t close = open == '[' ? ']' : '}';
	*open_len = adv;
	int depth = 0;
	while (i < n) {
		int32_t cp = pp_cp(s + i, n - i, &adv);
		cp = cp == 0xFF5B ? '{' : cp == 0xFF5D ? '}' : cp;
		depth += cp == open ? 1 : cp == close ? -1 : 0;
		i += adv;
		if (depth == 0) {
			*close_len = adv;
			return i == n && n > *open_len + adv;
		}
	}
	return false;
}

/* `YYYY-MM-DD`, `DD/MM/YYYY`, `YYYY-MM`: date letters and separators only. */
static bool date_template(const char *s, size_t n)
{
	size_t ys = 0;
	for (size_t i = 0; i < n; i++) {
		char c = (char)(s[i] | 0x20);
		if (c == 'y')
			ys++;
		else if (c != 'm' && c != 'd' && s[i] != '-' && s[i] != '/' && s[i] != '.' &&
		         s[i] != ' ')
			return false;
	}
	return ys >= 2;
}

/* A placeholder token: X, XX, XXX, N, with an optional `-Y`/`+1`/`.Y` part
 * and `%`: `X`, `X%`, `X+1`, `X-Y`. */
static bool x_token(const char *s, size_t n, bool *is_n)
{
	size_t i = 0;
	*is_n = n && s[0] == 'N';
	while (i < n && i < 3 && s[i] == (*is_n ? 'N' : 'X'))
		i++;
	if (i == 0 || (*is_n && i > 1))
		return false;
	if (i + 1 < n && (s[i] == '-' || s[i] == '+' || s[i] == '.')) {
		i++;
		while (i < n && (s[i] == 'X' || s[i] == 'Y' || s[i] == 'N' || ascii_digit(s[i])))
			i++;
	}
	if (i < n && s[i] == '%')
		i++;
	return i == n;
}

/* `X hours`, `Sprint X`, `X%`, `X story points`: at most four words, the
 * first or the last an X or N token (a lone `N` is too often "no" to
 * count; `Upper X is done` is a sentence, not a template). */
static bool x_template(const char *s, size_t n)
{
	size_t words = 0, i = 0, first = 0, lastw = n;
	while (first < n && s[first] == ' ')
		first++;
	while (lastw > first && s[lastw - 1] == ' ')
		lastw--;
	if (first == n)
		return false;
	/* the first or the last word must be a token: X or N first, and X, N,
	 * Y, a digit or % last */
	if (s[first] != 'X' && s[first] != 'N') {
		char z = s[lastw - 1];
		if (z != 'X' && z != 'N' && z != 'Y' && z != '%' && !ascii_digit(z))
			return false;
		while (lastw > first && s[lastw - 1] != ' ')
			lastw--;
		if (s[lastw] != 'X' && s[lastw] != 'N')
			return false;
	}
	bool found = false, lone_n = false, last = false;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		size_t j = i;
		while (j < n && s[j] != ' ')
			j++;
		if (j > i) {
			bool is_n;
			if (++words > 4)
				return false; /* a sentence: no need to read on */
			last = x_token(s + i, j - i, &is_n);
			if (last && (words == 1 || !found))
				lone_n = is_n;
			if (last && words == 1)
				found = true;
		}
		i = j;
	}
	found = found || last;
	return found && words <= 4 && !(lone_n && words == 1);
}

static bool starts_word_ci(const char *s, size_t n, const char *w)
{
	size_t k = pp_match_word(s, n, w);
	return k && (k == n || !ascii_alpha(s[k]));
}

static bool ascii_space_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'; /* pp_is_space_cp's ASCII */
}

/* Whether the last character of s (n > 0) is white space that pp_str_trim
 * drops: stepped back to the same way. */
static bool ends_in_space(const char *s, size_t n)
{
	size_t k = n - 1, adv;
	while (k && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return pp_is_space_cp(pp_cp(s + k, n - k, &adv));
}

/* Whether no placeholder test below can hold, read on the first bytes and
 * the last character of the text without its ASCII white space (else
 * false).  Every test wants one of a few first bytes (a bracket, `tb`,
 * `ne`, `???`, `___`, `XXX`, a date template, an X or N token), or a
 * template's last token: X, N, Y, a digit or `%` at the very end.  First
 * bytes that may start white space (pp_is_space_cp: U+00A0, U+2000 to
 * U+200B, U+3000; U+FEFF) or a full-width bracket (0xEF) leave it open;
 * any other non-ASCII first character starts no test (pp_match_word
 * matches no ASCII word there).  A last character that is neither ASCII
 * nor white space ends no template. */
static bool surely_no_placeholder(const char *s, size_t n)
{
	size_t a = 0, b = n;
	while (a < n && ascii_space_byte(s[a]))
		a++;
	while (b > a && ascii_space_byte(s[b - 1]))
		b--;
	if (a == b)
		return false;
	unsigned char f = (unsigned char)s[a], z = (unsigned char)s[b - 1];
	unsigned char g = b - a > 1 ? (unsigned char)s[a + 1] : 0;
	switch (f) {
	case 't': case 'T': case 'n': /* tbd, tba; needs clarification */
		if (!g || g >= 0x80 || (g | 0x20) == ((f | 0x20) == 't' ? 'b' : 'e'))
			return false;
		break;
	case 'N': /* needs clarification; an N token (`N`, `N%`, `N-Y`, `N+1`) */
		if (!g || g >= 0x80 || (g | 0x20) == 'e' || strchr(" -+.%", g))
			return false;
		break;
	case 'X': /* an X token (`XXX`, `X%`, `X-Y`) */
		if (!g || g >= 0x80 || strchr("X -+.%", g))
			return false;
		break;
	case 'y': case 'Y': case 'm': case 'M': case 'd': case 'D': /* a date template */
		if (!g || g >= 0x80 || strchr("yYmMdD-/. ", g))
			return false;
		break;
	case '[': case '{': case '?': case '_': case '-': case '/': case '.':
	case 0xEF:
		return false;
	case 0xC2: /* U+00A0 */
		if (g == 0xA0)
			return false;
		break;
	case 0xE2: case 0xE3: /* U+2000 to U+200B, U+3000 */
		if (g == 0x80)
			return false;
		break;
	default:
		break;
	}
	if (z >= 0x80)
		return !ends_in_space(s + a, b - a);
	return !(z == 'X' || z == 'N' || z == 'Y' || z == '%' || ascii_digit((char)z));
}

/* pp_is_placeholder() past surely_no_placeholder(): its own function, so
 * that the common call (no placeholder, read on a few bytes) saves no
 * registers for it. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static bool placeholder_full(const char *s, size_t n)
{
	pp_str v = pp_str_trim((pp_str){ s, (uint32_t)n });
	size_t ol, cl;
	if (!v.len)
		return false;
	if (bracketed(v.s, v.len, &ol, &cl))
		return !id_list(v.s + ol, v.len - ol - cl);
	/* only `t`, `n` (and no non-ASCII character) fold to `t` or `n` */
	unsigned char f = (unsigned char)(v.s[0] | 0x20);
	/* an ASCII second byte other than the words' own (b, e) matches none */
	unsigned char g = v.len > 1 ? (unsigned char)v.s[1] : 0;
	bool other = g && g < 0x80 && (g | 0x20) != (f == 't' ? 'b' : 'e');
	if ((f == 't' || f == 'n' || f >= 0x80) && !(f < 0x80 && other) &&
	    (starts_word_ci(v.s, v.len, "tbd") || starts_word_ci(v.s, v.len, "tba") ||
	     starts_word_ci(v.s, v.len, "needs clarification")))
		return true;
	/* `???`, and `_____` left to be filled in by hand */
	size_t q = 0, u = 0;
	while (q < v.len && v.s[q] == '?')
		q++;
	while (u < v.len && v.s[u] == '_')
		u++;
	if (q == v.len || (u == v.len && u >= 3) || (v.len == 3 && memcmp(v.s, "XXX", 3) == 0))
		return true;
	return date_template(v.s, v.len) || x_template(v.s, v.len);
}

bool pp_is_placeholder(const char *s, size_t n)
{
	return s && !surely_no_placeholder(s, n) && placeholder_full(s, n);
}

/* ---- templates (MODEL 3: alternatives) --------------------------------- */

enum { V_STATUS = 1, V_LEVEL = 2, V_SIZE = 4, V_PRIORITY = 8 };

static const struct {
	const char *const *words;
	unsigned bit;
} key_word_lists[] = {
	{ level_key_words, V_LEVEL }, { size_key_words, V_SIZE }, { priority_key_words, V_PRIORITY },
};

static int index_key_words(pp_doc *doc, kindex *x)
{
	uint32_t n = 0;
	memset(x->at, 0, sizeof x->at);
	for (size_t l = 0; l < sizeof key_word_lists / sizeof *key_word_lists; l++)
		for (const char *const *w = key_word_lists[l].words; *w; w++, n++)
			x->at[(unsigned char)(*w)[0] + 1]++;
	uint32_t fill[256];
	if (!(x->refs = index_starts(doc, x->at, fill, n, sizeof *x->refs)))
		return PP_ENOMEM;
	for (size_t l = 0; l < sizeof key_word_lists / sizeof *key_word_lists; l++)
		for (const char *const *w = key_word_lists[l].words; *w; w++)
			x->refs[fill[(unsigned char)(*w)[0]]++] =
				(kref){ *w, (uint32_t)strlen(*w), key_word_lists[l].bit };
	return 0;
}

/* The key-word index, made for the document on first use; NULL when out
 * of memory. */
static const kindex *key_words_of(pp_doc *doc)
{
	pp_vocab_index *ix = vocab_state(doc);
	if (!ix)
		return NULL;
	if (!ix->key_words) {
		if (index_key_words(doc, &ix->keys) < 0)
			return NULL;
		ix->key_words = true;
	}
	return &ix->keys;
}

/* The key-word lists (V_* bits) a key name (`estimated_complexity`) holds
 * a word of: as one of its words (split at `_`), or anywhere for the CJK,
 * kana and hangul ones.  That is find_phrase() on the name with `_` read
 * as spaces (no listed word holds a space or `_`), without a copy and a
 * search per word: a name word is compared with the listed words of its
 * first byte only. */
static unsigned name_lists(const kindex *x, const char *name, size_t n)
{
	if (n >= 256)
		return 0; /* a sentence, not a key name */
	const char *nul = memchr(name, 0, n); /* find_phrase's strstr stops there */
	size_t m = nul ? (size_t)(nul - name) : n;
	bool wide = false;           /* a lead byte of U+2000 or above */
	unsigned bits = 0;
	for (size_t a = 0; a <= m;) {
		size_t b = a;
		for (; b < m && name[b] != '_' && name[b] != ' '; b++)
			wide |= (unsigned char)name[b] >= 0xE2;
		/* a word that ends at a NUL before the end is on no boundary */
		if (b > a && (b < m || b == n)) {
			unsigned char f = (unsigned char)name[a];
			for (uint32_t k = x->at[f]; k < x->at[f + 1]; k++)
				if (x->refs[k].len == b - a && memcmp(x->refs[k].word, name + a, b - a) == 0)
					bits |= x->refs[k].bit;
		}
		a = b + 1;
	}
	for (uint32_t k = x->at[0xE2]; wide && k < x->at[256]; k++)
		if (!(bits & x->refs[k].bit) && !needs_boundary(x->refs[k].word) &&
		    find_phrase((pp_str){ name, (uint32_t)n }, x->refs[k].word, x->refs[k].len) >= 0)
			bits |= x->refs[k].bit;
	return bits;
}

/* The vocabularies whose words may fill a key's template (V_* bits). */
static unsigned key_vocabs(pp_doc *doc, const char *name, size_t n)
{
	unsigned m = pp_is_status_key(name, n) ? V_STATUS : 0;
	const kindex *x = key_words_of(doc);
	return x ? m | name_lists(x, name, n) : m;
}

static bool is_alt_sep(int32_t cp)
{
	return cp == '|' || cp == '/' || cp == 0xFF5C || cp == 0xFF0F;
}

/* Splits value at `|` and `/`; piece i goes to pieces[i] (up to max).
 * Returns the number of pieces, 0 when one is empty. */
static size_t split_alts(pp_str v, pp_str *pieces, size_t max)
{
	size_t i = 0, start = 0, k = 0, adv;
	while (i <= v.len) {
		int32_t cp = i < v.len ? pp_cp(v.s + i, v.len - i, &adv) : '|';
		if (i == v.len)
			adv = 1;
		if (is_alt_sep(cp)) {
			pp_str p = pp_str_trim((pp_str){ v.s + start, (uint32_t)(i - start) });
			if (!p.len || k == max)
				return 0;
			pieces[k++] = p;
			start = i + adv;
		}
		i += adv;
	}
	return k;
}

/* 1 when every piece is a whole word of v; *opts gets the normalised
 * values without repeats.  0 when not, PP_ENOMEM. */
static int alts_in(pp_doc *doc, const vocab *v, const pp_str *pieces, size_t k, pp_list *opts)
{
	pp_str *out = pp_alloc(&doc->arena, k * sizeof *out);
	if (!out)
		return PP_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < k; i++) {
		const char *w = vocab_find(doc, v, pieces[i].s, pieces[i].len, true);
		if (doc->arena.oom)
			return PP_ENOMEM;
		if (!w)
			return 0;
		size_t j = 0;
		while (j < n && strcmp(out[j].s, w) != 0)
			j++;
		if (j == n)
			out[n++] = (pp_str){ w, (uint32_t)strlen(w) };
	}
	opts->items = out;
	opts->n = (uint32_t)n;
	return 1;
}

/* Whether a value may split into alternatives: it holds `|`, `/` or the
 * lead byte 0xEF of their full-width forms.  Most values hold none, and
 * alternatives() of a value that does not split is 0 whatever its mask:
 * callers test this before they work out the mask. */
static bool may_have_alts(pp_str v)
{
	uint32_t i = 0;
#ifdef PP_SSE2
	const __m128i bar = _mm_set1_epi8('|'), slash = _mm_set1_epi8('/'),
	              ef = _mm_set1_epi8((char)0xEF);
	/* values run long: 16 bytes a step, the last step ending at the end
	 * (it reads some bytes again) */
	for (; v.len >= 16 && i < v.len; i = i + 32 <= v.len ? i + 16 : v.len - 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(v.s + i));
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, bar), _mm_cmpeq_epi8(x, slash)),
		                           _mm_cmpeq_epi8(x, ef));
		if (_mm_movemask_epi8(hit))
			return true;
		if (i + 16 == v.len)
			return false;
	}
#endif
	for (; v.len >= 8 && i < v.len; i = i + 16 <= v.len ? i + 8 : v.len - 8) {
		uint64_t x = pp_load8(v.s + i); /* 8 bytes a step, as above */
		if (pp_has_byte(x, '|') | pp_has_byte(x, '/') | pp_has_byte(x, 0xEF))
			return true;
		if (i + 8 == v.len)
			return false;
	}
	for (; i < v.len; i++)
		if (v.s[i] == '|' || v.s[i] == '/' || (unsigned char)v.s[i] == 0xEF)
			return true;
	return false;
}

/* Whether value is an unfilled template of the vocabularies in mask
 * (`Draft | In Review`, `High/Med/Low`); `CI/CD` is not.  1, 0 or PP_ENOMEM. */
static int alternatives(pp_doc *doc, unsigned mask, pp_str value, pp_list *opts)
{
	static const vocab *const order[] = { &status_vocab, &level_vocab, &size_vocab,
	                                      &priority_vocab };
	pp_str pieces[16];
	if (!mask || !value.s)
		return 0;
	size_t k = split_alts(value, pieces, sizeof pieces / sizeof *pieces);
	if (k < 2)
		return 0;
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		if (!(mask & (1u << i)))
			continue;
		int rc = alts_in(doc, order[i], pieces, k, opts);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- meta entries and status nodes ------------------------------------ */

/* A length for "%.*s" that keeps messages short and UTF-8 whole. */
static int clip(pp_str s, size_t max)
{
	size_t n = s.len;
	if (n > max) {
		n = max;
		while (n && ((unsigned char)s.s[n] & 0xC0) == 0x80)
			n--;
	}
	return (int)n;
}

pp_meta_node *pp_meta_add(pp_doc *doc, pp_str key, pp_str value, int32_t scope,
                          uint32_t offset, uint32_t end)
{
	pp_str name = pp_key_name(doc, key.s ? key.s : "", key.len);
	return name.s ? pp_meta_add_named(doc, key, name, value, scope, offset, end) : NULL;
}

pp_meta_node *pp_meta_add_named(pp_doc *doc, pp_str key, pp_str name, pp_str value,
                                int32_t scope, uint32_t offset, uint32_t end)
{
	pp_meta_node *m = pp_node_new(doc, PP_META, sizeof *m, offset, end);
	if (!m)
		return NULL;
	m->key = key;
	m->raw = value;
	m->scope = scope;
	m->name = name;
	int rc = may_have_alts(value)
	       ? alternatives(doc, key_vocabs(doc, m->name.s, m->name.len), value, &m->options) : 0;
	if (rc < 0)
		return NULL;
	m->value = rc ? PP_NULLSTR : value;
	m->placeholder = rc || pp_is_placeholder(value.s, value.len);
	if (m->placeholder)
		pp_diag(doc, "placeholder", "info", offset, "%.*s: %s \"%.*s\"",
		        clip(key, 64), key.s ? key.s : "",
		        rc ? "unfilled template" : "placeholder value",
		        clip(value, 80), value.s ? value.s : "");
	return m;
}

pp_status_node *pp_status_make(pp_doc *doc, pp_str raw, uint32_t offset, uint32_t end)
{
	return pp_status_make_as(doc, raw, NULL, offset, end);
}

pp_status_node *pp_status_make_as(pp_doc *doc, pp_str raw, const char *word, uint32_t offset,
                                  uint32_t end)
{
	pp_status_node *s = pp_node_new(doc, PP_STATUS, sizeof *s, offset, end);
	if (!s)
		return NULL;
	s->raw = raw;
	int rc = may_have_alts(raw) ? alternatives(doc, V_STATUS, raw, &s->options) : 0;
	if (rc < 0)
		return NULL;
	if (rc) { /* a template: no value, the alternatives as options */
		s->placeholder = true;
		return s;
	}
	const char *w = word ? word : pp_status_word(doc, raw.s, raw.len);
	if (doc->arena.oom)
		return NULL;
	s->value = w ? (pp_str){ w, (uint32_t)strlen(w) } : PP_S("unknown");
	s->placeholder = pp_is_placeholder(raw.s, raw.len);
	if (!w && !s->placeholder) /* a placeholder has its own diagnostic */
		pp_diag(doc, "unknown-status", "info", offset,
		        "status \"%.*s\" matches no known status word", clip(raw, 80),
		        raw.s ? raw.s : "");
	return s;
}

/* ---- memos ------------------------------------------------------------- */

unsigned pp_memo_slot(const char *s, uint32_t n)
{
	return n ? (n * 31u + (unsigned char)s[0] * 7u + (unsigned char)s[n - 1]) &
	           (PP_MEMO_SLOTS - 1) : 0;
}

pp_str pp_memo_str(pp_doc *doc, pp_memo *m, pp_str key,
                   pp_str (*make)(pp_doc *doc, const char *s, size_t n))
{
	unsigned x = pp_memo_slot(key.s, key.len);
	if (m->key[x].s && m->key[x].len == key.len && memcmp(m->key[x].s, key.s, key.len) == 0)
		return m->val[x];
	pp_str v = make(doc, key.s, key.len);
	if (v.s) {
		m->key[x] = key;
		m->val[x] = v;
	}
	return v;
}
