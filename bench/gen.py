#!/usr/bin/python3
"""gen.py: writes a synthetic plan document of a given size for the benchmark.

    bench/gen.py SIZE OUT [--seed N]      SIZE: bytes, or 100K, 1M, 16M, 64M (KiB/MiB)

The document is one plan made of many sections, each in one of the plan styles
libplanparse reads: spec-kit tasks (T001 [P] [US1]), phases with status marks
and estimates, Kiro numbered tasks with _Requirements_, HumanLayer phases with
success criteria and code, risk tables and risk lists, metadata tables, bold
**Status**: headers, sprint tables with dependencies, CJK and Cyrillic plans,
nested lists and code fences, after one front matter block.  All text is made
up here.

Deterministic: the PRNG is a SplitMix64 implemented below (not Python's
random module), so the same SIZE and seed give the same bytes on every run and
every Python 3.  Generation stops at the first section boundary at or after
SIZE, so a file is SIZE plus at most a few KB.
"""
import sys

MASK = (1 << 64) - 1


class Rng:
    def __init__(self, seed):
        self.s = seed & MASK

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def pick(self, seq):
        return seq[self.next() % len(seq)]

    def chance(self, pct):
        return self.next() % 100 < pct


VERBS = ["Add", "Create", "Implement", "Refactor", "Migrate", "Document", "Wire",
         "Remove", "Split", "Cache", "Validate", "Benchmark", "Harden", "Port",
         "Expose", "Rename", "Replace", "Instrument", "Review", "Configure"]
OBJECTS = ["the session store", "retry policy", "ingest worker", "billing webhook",
           "search index", "feature flag service", "audit trail", "upload queue",
           "rate limiter", "schema registry", "notification fan-out", "tenant router",
           "config loader", "health checks", "export pipeline", "CLI parser",
           "metrics exporter", "permission model", "offline cache", "report builder"]
DETAILS = ["behind a feature flag", "with integration tests", "for the v2 API",
           "without downtime", "using the existing connection pool",
           "so that replays are idempotent", "and log every rejection",
           "for tenants on the EU cluster", "with a 30 s timeout",
           "keeping the old path for one release"]
PATHS = ["src/models/{}.py", "src/services/{}_service.py", "internal/{}/handler.go",
         "lib/{}.c", "web/src/components/{}.tsx", "tests/integration/test_{}.py",
         "crates/{}/src/lib.rs", "app/controllers/{}_controller.rb"]
NAMES = ["user", "order", "invoice", "session", "tenant", "report", "upload",
         "webhook", "ledger", "profile", "catalog", "shipment"]
OWNERS = ["@ana", "@bkowalski", "@chen.li", "@dmitri", "@esther", "@farid", "@gwen",
          "@hiro", "@ines", "@jules"]
PHASE_TITLES = ["Setup", "Foundation", "Data Model", "Core Services", "API Layer",
                "User Interface", "Integration", "Hardening", "Performance",
                "Documentation", "Rollout", "Cleanup", "Observability", "Security Review"]
STATUS_WORDS = ["Done", "In Progress", "Not Started", "Blocked", "Complete", "TODO",
                "Planned", "Draft", "WIP", "Cancelled", "On Hold", "Approved"]
MARKS = ["✅", "🚧", "⏳", "❌", "✔️", "🔄"]
ESTIMATES = ["2h", "4h", "1d", "2-3 days", "40-50h", "1 week", "3 SP", "5 SP", "0.5d",
             "6-8 hours", "2w", "8 story points"]
LEVELS = ["Low", "Medium", "High", "Critical", "L", "M", "H", "3/5", "Very High"]
BOXES = ["[ ]", "[ ]", "[ ]", "[x]", "[x]", "[X]", "[/]", "[-]", "[~]", "[>]", "[!]"]

ZH_TASKS = ["实现用户登录与会话管理", "迁移订单表到新的分区方案", "为导出流水线编写集成测试",
            "优化搜索索引的增量构建", "补充接口文档与示例", "接入告警与监控面板",
            "评审权限模型并修复越权问题", "清理旧版缓存代码路径"]
JA_TASKS = ["設定ファイルの読み込みを整理する", "アップロード処理を再試行可能にする",
            "検索インデックスを差分更新する", "監視ダッシュボードを追加する",
            "全角文字の表示幅を確認する", "移行手順書を作成する"]
RU_TASKS = ["Настроить окружение разработки", "Перенести данные заказов в новую схему",
            "Добавить интеграционные тесты экспорта", "Описать API в документации",
            "Ускорить построение поискового индекса", "Провести ревью модели прав",
            "Удалить устаревший путь кэширования", "Подготовить план отката"]
KO_TASKS = ["세션 저장소를 교체한다", "업로드 대기열을 재시도 가능하게 만든다",
            "검색 색인을 증분 갱신한다", "배포 체크리스트를 작성한다"]
PROSE = ["This part keeps the public behaviour unchanged while the storage moves underneath it.",
         "We measure before and after each change and keep the numbers in the tracking sheet.",
         "Anything that needs a schema change waits for the maintenance window on Sunday.",
         "The old endpoint stays for one release with a deprecation header.",
         "Rollback is a config flip; no data written by the new path is lost.",
         "Reviewers: one from the owning team and one from platform.",
         "Edge cases found during the spike are listed in the appendix.",
         "Keep the change small enough to review in one sitting."]


class Gen:
    def __init__(self, seed):
        self.r = Rng(seed)
        self.task = 0
        self.phase = 0
        self.req = 0
        self.risk = 0
        self.out = []

    def w(self, s=""):
        self.out.append(s)
        self.out.append("\n")

    # ---- pieces ----------------------------------------------------------
    def sentence(self):
        r = self.r
        return "{} {} {}".format(r.pick(VERBS), r.pick(OBJECTS), r.pick(DETAILS))

    def path(self):
        return self.r.pick(PATHS).format(self.r.pick(NAMES))

    def tid(self):
        self.task += 1
        return "T%03d" % self.task

    def dep(self):
        if self.task > 3 and self.r.chance(25):
            return ", depends on T%03d" % (self.task - 1 - self.r.below(min(self.task - 1, 20)))
        return ""

    def est(self):
        return " ({})".format(self.r.pick(ESTIMATES)) if self.r.chance(30) else ""

    def phase_heading(self, level, title=None):
        r = self.r
        self.phase += 1
        title = title or r.pick(PHASE_TITLES)
        kw = r.pick(["Phase", "Phase", "Stage", "Milestone", "Sprint", "Step", "Wave"])
        h = "#" * level + " {} {}: {}".format(kw, self.phase, title)
        k = r.below(6)
        if k == 0:
            h += " ({})".format(r.pick(ESTIMATES))
        elif k == 1:
            h += " {} {}".format(r.pick(MARKS), r.pick(STATUS_WORDS).upper())
        elif k == 2:
            h += " [{}]".format(r.pick(STATUS_WORDS))
        elif k == 3:
            h += " — {}".format(r.pick(ESTIMATES))
        self.w(h)
        self.w()

    def status_block(self):
        r = self.r
        self.w("**Status**: {}".format(r.pick(STATUS_WORDS)))
        if r.chance(60):
            self.w("**Owner**: {}".format(r.pick(OWNERS)))
        if r.chance(50):
            self.w("**Estimate**: {}".format(r.pick(ESTIMATES)))
        if r.chance(40):
            self.w("**Priority**: P{}".format(r.below(4)))
        self.w()

    def nested(self, depth, indent=""):
        r = self.r
        for _ in range(1 + r.below(3)):
            box = r.pick(BOXES) + " " if r.chance(70) else ""
            self.w("{}- {}{}{}".format(indent, box, self.sentence(), self.est()))
            if depth > 1 and r.chance(40):
                self.nested(depth - 1, indent + "  ")

    def fence(self):
        r = self.r
        lang = r.pick(["bash", "yaml", "go", "python", "sql", ""])
        self.w("```" + lang)
        for i in range(2 + r.below(6)):
            k = r.below(4)
            if k == 0:
                self.w("- [ ] this checkbox is inside a fence, line {}".format(i))
            elif k == 1:
                self.w("## Phase {}: not a heading".format(i))
            elif k == 2:
                self.w("    {} = load(\"{}\")".format(r.pick(NAMES), self.path()))
            else:
                self.w("| a | b |  # {}".format(r.pick(OBJECTS)))
        self.w("```")
        self.w()

    # ---- styles ----------------------------------------------------------
    def speckit(self):
        r = self.r
        self.phase_heading(2, r.pick(["Setup (Shared Infrastructure)", "Foundational",
                                      "User Story {} - {}".format(1 + r.below(9), r.pick(PHASE_TITLES)),
                                      "Polish & Cross-Cutting Concerns"]))
        self.w("**Purpose**: {}".format(r.pick(PROSE)))
        self.w()
        if r.chance(50):
            self.w("### Tests for User Story {}".format(1 + r.below(9)))
            self.w()
        for _ in range(4 + r.below(10)):
            tags = ""
            if r.chance(40):
                tags += " [P]"
            if r.chance(60):
                tags += " [US{}]".format(1 + r.below(9))
            self.w("- {} {}{} {} in {}{}".format(r.pick(BOXES), self.tid(), tags,
                                                r.pick(VERBS), self.path(), self.dep()))
        self.w()
        self.w("**Checkpoint**: {}".format(r.pick(PROSE)))
        self.w()

    def phased(self):
        r = self.r
        self.phase_heading(r.pick([2, 2, 3]))
        if r.chance(60):
            self.status_block()
        self.w(r.pick(PROSE))
        self.w()
        if r.chance(50):
            self.w("**Tasks**:")
            self.w()
        for _ in range(3 + r.below(8)):
            owner = " " + r.pick(OWNERS) if r.chance(30) else ""
            self.w("- {} {}{}{}".format(r.pick(BOXES), self.sentence(), owner, self.est()))
            if r.chance(20):
                self.nested(2, "  ")
        self.w()

    def kiro(self):
        r = self.r
        self.w("## {}".format(r.pick(["Implementation Plan", "Tasks", "Implementation Tasks"])))
        self.w()
        base = 1 + r.below(30)
        for i in range(2 + r.below(4)):
            n = base + i
            self.w("- {} {}. {}".format(r.pick(BOXES), n, self.sentence()))
            for j in range(r.below(4)):
                self.w("  - {} {}.{} {}".format(r.pick(BOXES), n, j + 1, self.sentence()))
                self.w("    - {}".format(r.pick(PROSE)))
                self.req += 1
                self.w("    - _Requirements: {}.{}, {}.{}_".format(
                    1 + self.req % 9, 1 + r.below(5), 1 + r.below(9), 1 + r.below(5)))
            if r.chance(50):
                self.w("  - _Requirements: {}.{}_".format(1 + r.below(9), 1 + r.below(5)))
            self.w()

    def humanlayer(self):
        r = self.r
        self.phase_heading(2, r.pick(PHASE_TITLES))
        self.w("### Overview")
        self.w()
        self.w(r.pick(PROSE) + " " + r.pick(PROSE))
        self.w()
        self.w("### Changes Required:")
        self.w()
        for i in range(1 + r.below(3)):
            self.w("#### {}. {}".format(i + 1, r.pick(OBJECTS).capitalize()))
            self.w()
            self.w("**File**: `{}`".format(self.path()))
            self.w("**Changes**: {}".format(self.sentence()))
            self.w()
            if r.chance(60):
                self.fence()
        self.w("### Success Criteria:")
        self.w()
        self.w("#### Automated Verification:")
        self.w()
        for _ in range(2 + r.below(3)):
            self.w("- {} {}: `make {}`".format(r.pick(BOXES), r.pick(
                ["Unit tests pass", "Type checking passes", "Linting passes", "Migration applies cleanly"]),
                r.pick(["test", "check", "lint", "migrate"])))
        self.w()
        self.w("#### Manual Verification:")
        self.w()
        for _ in range(1 + r.below(3)):
            self.w("- {} {}".format(r.pick(BOXES), r.pick(PROSE)))
        self.w()

    def risk_table(self):
        r = self.r
        self.w("## {}".format(r.pick(["Risks", "Risk Register", "Risks and Mitigations"])))
        self.w()
        self.w("| ID | Risk | Probability | Impact | Mitigation | Owner |")
        self.w("|----|------|-------------|--------|------------|-------|")
        for _ in range(2 + r.below(6)):
            self.risk += 1
            self.w("| R{} | {} may fail under load | {} | {} | {} | {} |".format(
                self.risk, r.pick(OBJECTS).capitalize(), r.pick(LEVELS), r.pick(LEVELS),
                self.sentence(), r.pick(OWNERS)))
        self.w()

    def risk_list(self):
        r = self.r
        self.w("### Risks")
        self.w()
        for _ in range(1 + r.below(3)):
            self.risk += 1
            self.w("- **Risk {}**: {} regresses".format(self.risk, r.pick(OBJECTS)))
            self.w("  - **Probability**: {}".format(r.pick(LEVELS)))
            self.w("  - **Impact**: {}".format(r.pick(LEVELS)))
            self.w("  - **Mitigation**: {}".format(self.sentence()))
        self.w()

    def meta_table(self):
        r = self.r
        self.w("| Field | Value |")
        self.w("|---|---|")
        self.w("| Status | {} |".format(r.pick(STATUS_WORDS)))
        self.w("| Owner | {} |".format(r.pick(OWNERS)))
        self.w("| Target | 2026-{:02d}-{:02d} |".format(1 + r.below(12), 1 + r.below(28)))
        self.w("| Estimate | {} |".format(r.pick(ESTIMATES)))
        self.w()

    def sprint_table(self):
        r = self.r
        self.phase_heading(3, "Backlog")
        self.w("| ID | Task | Status | Estimate | Depends on | Owner |")
        self.w("|:---|:-----|:------:|-------:|------------|-------|")
        for _ in range(3 + r.below(8)):
            t = self.tid()
            d = "T%03d" % (self.task - 1) if self.task > 1 and r.chance(40) else "-"
            self.w("| {} | {} | {} | {} | {} | {} |".format(
                t, self.sentence(), r.pick(STATUS_WORDS), r.pick(ESTIMATES), d, r.pick(OWNERS)))
        self.w()

    def cjk(self):
        r = self.r
        self.phase += 1
        k = r.below(3)
        if k == 0:
            self.w("## 第{}阶段：{}".format(self.phase, r.pick(["数据迁移", "接口改造", "上线准备"])))
            pool = ZH_TASKS
        elif k == 1:
            self.w("## フェーズ{}: {}".format(self.phase, r.pick(["基盤整備", "移行", "リリース準備"])))
            pool = JA_TASKS
        else:
            self.w("## {}단계: {}".format(self.phase, r.pick(["준비", "이전", "출시"])))
            pool = KO_TASKS
        self.w()
        self.w("**状态**：{}".format(r.pick(["进行中", "已完成", "未开始"])))
        self.w()
        for _ in range(3 + r.below(6)):
            self.w("- {} {} {}{}".format(r.pick(BOXES), self.tid(), r.pick(pool), self.est()))
        self.w()

    def cyrillic(self):
        r = self.r
        self.phase += 1
        self.w("## Этап {}: {}".format(self.phase, r.pick(["Подготовка", "Миграция", "Запуск"])))
        self.w()
        self.w("**Статус**: {}".format(r.pick(["В работе", "Готово", "Не начато"])))
        self.w("**Оценка**: {} дн.".format(1 + r.below(9)))
        self.w()
        for _ in range(3 + r.below(6)):
            self.w("- {} {}{}".format(r.pick(BOXES), r.pick(RU_TASKS), self.dep()))
            if r.chance(25):
                self.w("  - [ ] {}".format(r.pick(RU_TASKS)))
        self.w()

    def prose(self):
        r = self.r
        self.w("## {}".format(r.pick(["Notes", "Context", "Open Questions", "Design"])))
        self.w()
        for _ in range(1 + r.below(3)):
            self.w(" ".join(r.pick(PROSE) for _ in range(2 + r.below(4))))
            self.w()
        if r.chance(50):
            self.nested(3)
            self.w()
        if r.chance(40):
            self.fence()
        if r.chance(30):
            self.w("> **Note**: {} *{}* ~~{}~~ `{}` [link](https://example.com/{})".format(
                r.pick(PROSE), r.pick(OBJECTS), r.pick(OBJECTS), self.path(), r.pick(NAMES)))
            self.w()

    def numbered_sections(self):
        r = self.r
        self.w("## {}".format(r.pick(["Work Breakdown", "Deliverables"])))
        self.w()
        for i in range(2 + r.below(3)):
            self.w("### {}. {}".format(i + 1, r.pick(PHASE_TITLES)))
            self.w()
            for _ in range(2 + r.below(4)):
                self.w("- {} {}{}".format(r.pick(BOXES), self.sentence(), self.est()))
            self.w()

    STYLES = ["speckit", "speckit", "phased", "phased", "kiro", "humanlayer", "risk_table",
              "risk_list", "meta_table", "sprint_table", "cjk", "cyrillic", "prose",
              "prose", "numbered_sections"]

    def document(self, size):
        r = self.r
        self.w("---")
        self.w("title: Synthetic benchmark plan")
        self.w("status: in-progress")
        self.w("owner: \"@platform-team\"")
        self.w("tags: [bench, synthetic]")
        self.w("---")
        self.w()
        self.w("# Implementation Plan: Synthetic Benchmark")
        self.w()
        self.status_block()
        self.meta_table()
        n = sum(len(s.encode()) for s in self.out)
        while n < size:
            mark = len(self.out)
            getattr(self, r.pick(self.STYLES))()
            n += sum(len(s.encode()) for s in self.out[mark:])
        return "".join(self.out).encode()


def parse_size(s):
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if s and s[-1].upper() in mult:
        return int(float(s[:-1]) * mult[s[-1].upper()])
    return int(s)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--seed")]
    seed = 20250707
    for a in argv[1:]:
        if a.startswith("--seed="):
            seed = int(a.split("=", 1)[1])
    if len(args) != 2:
        sys.stderr.write("usage: gen.py SIZE OUT [--seed=N]   (SIZE: 100K, 1M, 16M, 64M or bytes)\n")
        return 2
    data = Gen(seed).document(parse_size(args[0]))
    with open(args[1], "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
