"""Tests of the planparse Python binding (unittest; pytest runs them too).

Environment: PLANPARSE_LIBRARY (the freshly built libplanparse.so),
PLANPARSE_CLI (the planparse command whose JSON is the reference; default:
planparse on PATH), PLANPARSE_CORPUS (default: ROOT/../shared/corpus).
One test per fixture and per corpus file compares Document.to_json() with
`planparse json FILE` byte for byte, and another Document.graph() with
`planparse next` and `planparse show`.
"""
from __future__ import annotations

import gc
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest
from collections.abc import Iterable
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import planparse  # noqa: E402
from planparse import _native, model  # noqa: E402

ROOT = HERE.parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = Path(os.environ.get("PLANPARSE_CORPUS", ROOT.parent / "shared" / "corpus"))
CLI = os.environ.get("PLANPARSE_CLI") or shutil.which("planparse")

PLAN = """# Search Service Rollout

**Status:** In Progress

## Phase 1: Index (2-3 days)

- [x] T001 Define the document schema (2h)
- [ ] T002 Backfill the index @dana
  - Note: resumable

| ID | Task | Depends On |
|----|------|------------|
| T003 | Switch reads | T002 |

| Risk | Likelihood | Impact | Mitigation |
|------|------------|--------|------------|
| Index too large | Medium | High | Shard by tenant |
"""


def cli_output(path: Path, *args: str) -> str:
    """What `planparse ARGS... FILE` prints, run next to the file."""
    out = subprocess.run([CLI, *args, path.name], cwd=path.parent, capture_output=True,
                         check=True)
    return out.stdout.decode("utf-8")


class PerFile(unittest.TestCase):
    """Base of the classes filled below with test_fixture_NAME and
    test_corpus_NAME, one test per file calling check(path)."""

    def check(self, path: Path) -> None:
        raise NotImplementedError

    def setUp(self) -> None:
        if not CLI:
            self.skipTest("no planparse command (set PLANPARSE_CLI)")


class JsonEqualsCli(PerFile):
    def check(self, path: Path) -> None:
        expected = cli_output(path, "json").removesuffix("\n")
        got = planparse.parse_file(path, path=path.name).to_json()
        if got != expected:  # say where, briefly
            at = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b),
                      min(len(got), len(expected)))
            self.fail(f"{path}: differs at byte {at}:\n  C:  {expected[at-60:at+60]!r}\n"
                      f"  py: {got[at-60:at+60]!r}")


def hours(h: float) -> str:
    """Hours as `planparse show` writes them: "12", "1.5"."""
    return f"{h:.2f}".rstrip("0").rstrip(".")


class GraphMatchesCli(PerFile):
    def check(self, path: Path) -> None:
        doc = planparse.parse_file(path)
        g = doc.graph()
        check_invariants(self, doc, g)
        ready = json.loads(cli_output(path, "next", "--format=json"))
        self.assertEqual(g.ready, [t["task"] for t in ready])
        # show prints the critical path of a plan with dependencies, as
        # cli/show.c writes it
        shown = [line for line in cli_output(path, "show", "--width=10000").splitlines()
                 if line.startswith("Critical path")]
        if not doc.dependencies:
            self.assertEqual(shown, [])
            return
        line = "Critical path: " + " \u2192 ".join(g.nodes[i].name for i in g.critical_path)
        if g.critical_hours > 0:
            line += f" \u00b7 {hours(g.critical_hours)}h"
        if g.cycles:
            line += " (tasks on dependency cycles left out: planparse lint names them)"
        self.assertEqual(shown, [line])


def check_invariants(test: unittest.TestCase, doc: planparse.Document,
                     g: planparse.Graph) -> None:
    """What holds for the graph of any document (docs/format.md section 7)."""
    on_cycle = {i for c in g.cycles for i in c}
    test.assertEqual(len(on_cycle), sum(map(len, g.cycles)))  # each cycle once
    test.assertFalse(on_cycle & set(g.order))
    test.assertEqual(len(set(g.order)), len(g.order))
    position = {node: k for k, node in enumerate(g.order)}
    for node in g.order:  # prerequisites first
        test.assertTrue(all(position[p] < position[node] for p in g.nodes[node].prereqs))
    for a, b in zip(g.critical_path, g.critical_path[1:]):  # a chain of edges
        test.assertIn(a, g.nodes[b].prereqs)
    test.assertFalse(on_cycle & set(g.critical_path))
    test.assertEqual(g.ready, sorted(set(g.ready)))  # plan order
    for i in g.ready:
        test.assertNotIn(doc.tasks[i].state, ("done", "cancelled"))
    for n in g.nodes:
        if n.task is None and n.phase is None:  # an unresolved target
            test.assertFalse(n.done)


def _add(cls: type, name: str, path: Path) -> None:
    setattr(cls, f"test_{name}", lambda self: self.check(path))


_corpus = sorted(CORPUS.glob("seeds/*.md")) + sorted(CORPUS.glob("real/*.md"))
for _cls in (JsonEqualsCli, GraphMatchesCli):
    for _p in sorted(FIXTURES.glob("*.md")):
        _add(_cls, f"fixture_{_p.stem}", _p)
    for _p in _corpus:
        _add(_cls, f"corpus_{_p.parent.name}_{_p.stem}", _p)
    if not _corpus:
        _cls.test_corpus = unittest.skip(f"no corpus at {CORPUS}")(lambda self: None)


def assert_plain(test: unittest.TestCase, obj: object) -> None:
    """obj holds only Python values, nothing of the C library's.  (bytes
    and dicts: the text and options a Document keeps for re-parsing.)"""
    if isinstance(obj, list):
        for x in obj:
            assert_plain(test, x)
    elif hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            assert_plain(test, getattr(obj, name))
    else:
        test.assertIsInstance(obj, (str, int, float, bool, type(None), bytes, dict))


class Objects(unittest.TestCase):
    def test_typed_attributes(self) -> None:
        doc = planparse.parse(PLAN, path="plan.md")
        self.assertIsInstance(doc, planparse.Document)
        self.assertEqual(doc.title, "Search Service Rollout")
        self.assertEqual(doc.status.value, "in_progress")
        phase = doc.phases[0]
        self.assertEqual((phase.kind, phase.number, phase.ordinal, phase.title),
                         ("phase", "1", 1, "Index"))
        self.assertEqual((phase.estimate.min_hours, phase.estimate.max_hours), (16.0, 24.0))
        self.assertEqual(phase.tasks, [0, 1, 2])
        t1, t2, t3 = doc.tasks
        self.assertEqual((t1.id, t1.state, t1.estimate.raw), ("T001", "done", "2h"))
        self.assertEqual((t2.owner, t2.attrs[0].key, t2.attrs[0].value), ("dana", "Note", "resumable"))
        self.assertEqual((t3.id, t3.depends_on, t3.source), ("T003", ["T002"], "table"))
        self.assertEqual(doc.risks[0].impact.level, "high")
        self.assertEqual(doc.tables[1].rows, [["Index too large", "Medium", "High",
                                               "Shard by tenant"]])
        self.assertEqual((doc.progress.done, doc.progress.total, doc.progress.percent),
                         (1, 2, 50))
        self.assertEqual(doc.source, model.Source("plan.md", len(PLAN.encode()), 17))
        self.assertIn("Search Service Rollout", repr(doc))
        self.assertIn("id='T001'", repr(t1))
        with self.assertRaises(AttributeError):  # slotted
            t1.colour = "red"  # type: ignore[attr-defined]

    def test_to_dict_is_the_json(self) -> None:
        doc = planparse.parse(PLAN)
        self.assertEqual(doc.to_dict(), json.loads(doc.to_json()))
        dep = model.Dependency("T003", "T002", "table", 3, True)
        self.assertEqual(list(model.to_dict(dep))[:2], ["from", "to"])

    def test_options(self) -> None:
        text = "## Tasks\n\n- [ ] T001 Port it (2d)\n"
        self.assertEqual(planparse.parse(text).tasks[0].estimate.min_hours, 16.0)
        doc = planparse.parse(text, hours_per_day=6, days_per_week=4)
        self.assertEqual(doc.tasks[0].estimate.min_hours, 12.0)

    def test_valid_after_the_c_document_is_freed(self) -> None:
        doc = planparse.parse(PLAN)
        task, risk, before = doc.tasks[2], doc.risks[0], doc.to_json()
        del doc
        gc.collect()
        for _ in range(50):  # reuse the freed C memory
            planparse.parse(PLAN.replace("T00", "X-"))
        self.assertEqual((task.id, task.title, task.depends_on), ("T003", "Switch reads", ["T002"]))
        self.assertEqual(risk.probability.raw, "Medium")
        self.assertEqual(planparse.parse(PLAN).to_json(), before)

    def test_holds_no_c_memory(self) -> None:
        assert_plain(self, planparse.parse(PLAN))


class BadInput(unittest.TestCase):
    def test_invalid_utf8_nul_and_binary(self) -> None:
        doc = planparse.parse(b"# T\xff\xfetitle\n\n- [ ] T001 a\x00b\n")
        self.assertIn("invalid-utf8", [d.code for d in doc.diagnostics])
        self.assertIn("\ufffd", doc.title)
        self.assertEqual(len(doc.tasks), 1)
        rng = random.Random(4)
        for size in (1, 100, 10000, 200000):
            doc = planparse.parse(rng.randbytes(size))
            json.loads(doc.to_json())
        self.assertEqual(planparse.parse("a\ud800b").source.bytes, 5)  # lone surrogate

    def test_empty(self) -> None:
        doc = planparse.parse(b"")
        self.assertEqual((doc.title, doc.tasks, doc.source.lines), (None, [], 0))
        self.assertIsNone(doc.progress.percent)

    def test_too_large(self) -> None:
        with self.assertRaises(planparse.ParseError) as err:
            planparse.parse(b"x" * 100, max_input=10)
        self.assertEqual(err.exception.code, -3)
        huge = b"- [ ] T001 x\n" * ((256 << 20) // 13 + 1)  # above the 256 MiB default
        with self.assertRaises(planparse.ParseError) as err:
            planparse.parse(huge)
        del huge
        self.assertEqual(str(err.exception), err.exception.message)
        self.assertTrue(err.exception.message)

    def test_bad_arguments(self) -> None:
        with self.assertRaises(TypeError):
            planparse.parse(42)  # type: ignore[arg-type]
        with self.assertRaises(ValueError):
            planparse.parse("x", path="a\0b")


class Graphs(unittest.TestCase):
    """Document.graph() on small plans (docs/format.md section 7)."""

    def graph(self, text: str, **options: object) -> planparse.Graph:
        doc = planparse.parse(text, **options)
        g = doc.graph()
        check_invariants(self, doc, g)
        return g

    def names(self, g: planparse.Graph, nodes: Iterable[int]) -> list[str]:
        return [g.nodes[i].name for i in nodes]

    def test_chain_with_estimates(self) -> None:
        g = self.graph("# Chain\n\n## Phase 1: Build\n\n"
                       "- [x] T001 Define the schema (2h)\n"
                       "- [ ] T002 Backfill the index (depends on T001) (3h)\n"
                       "- [ ] T003 Switch reads (depends on T002) (1h)\n"
                       "- [ ] T004 Write the docs\n")
        self.assertEqual(self.names(g, range(len(g.nodes))),
                         ["phase:1", "T001", "T002", "T003", "T004"])
        self.assertEqual(g.nodes[2], planparse.GraphNode("T002", 1, None, False, [1]))
        self.assertTrue(g.nodes[1].done)
        # free nodes in document order: T004 before T002, which waits for T001
        self.assertEqual(self.names(g, g.order), ["phase:1", "T001", "T004", "T002", "T003"])
        self.assertEqual(self.names(g, g.critical_path), ["T001", "T002", "T003"])
        self.assertEqual(g.critical_hours, 6.0)
        self.assertEqual((g.ready, g.cycles), ([1, 3], []))

    def test_cycle(self) -> None:
        g = self.graph("- [ ] T001 One (depends on T002)\n- [ ] T002 Two (depends on T001)\n"
                       "- [ ] T003 Three (depends on T002)\n- [ ] T004 Four\n")
        self.assertEqual(g.cycles, [[0, 1]])
        self.assertEqual(self.names(g, g.order), ["T004"])  # T003 waits on the cycle
        self.assertEqual(g.ready, [3])
        self.assertEqual(self.names(g, g.critical_path), ["T003"])

    def test_unresolved_target(self) -> None:
        g = self.graph("- [x] T001 Done already\n"
                       "- [ ] T002 Wait for the vendor (blocked by #12)\n"
                       "- [ ] T003 Free (depends on T001)\n")
        self.assertEqual(g.nodes[3], planparse.GraphNode("#12", None, None, False, []))
        self.assertEqual(g.nodes[1].prereqs, [3])
        self.assertEqual(g.ready, [2])  # T002 waits forever
        self.assertEqual(self.names(g, g.order), ["T001", "#12", "T003", "T002"])

    PHASES = ("# Phases\n\n## Phase 1: Setup (1d)\n\n- [x] T001 Create the repo\n"
              "- [ ] T002 Add CI\n\n## Phase 2: Build\n\nPhase 1 must be complete.\n\n"
              "- [ ] T003 Write the code (4h)\n")

    def test_phase_prerequisites(self) -> None:
        g = self.graph(self.PHASES)
        self.assertEqual(self.names(g, range(len(g.nodes))),
                         ["phase:1", "T001", "T002", "phase:2", "T003"])
        self.assertEqual(g.nodes[0], planparse.GraphNode("phase:1", None, 0, False, []))
        self.assertEqual(g.nodes[3], planparse.GraphNode("phase:2", None, 1, False, [0]))
        self.assertEqual(g.ready, [1])  # T003 waits for phase 1, which waits for T002
        # phase 1 weighs its 1d, phase 2 the 4h of its tasks
        self.assertEqual(self.names(g, g.critical_path), ["phase:1", "phase:2"])
        self.assertEqual(g.critical_hours, 12.0)
        g = self.graph(self.PHASES.replace("- [ ] T002", "- [x] T002"))
        self.assertTrue(g.nodes[0].done)
        self.assertEqual(g.ready, [2])

    def test_ready_tasks(self) -> None:
        g = self.graph("- [x] T001 Done\n- [-] T002 Cancelled\n- [/] T003 Started\n"
                       "- [ ] T004 After the cancelled one (depends on T002)\n"
                       "- [ ] T005 After the started one (depends on T003)\n"
                       "- [ ] T006 After both (depends on T001, T002)\n"
                       "- [ ] A task with no ID\n")
        self.assertEqual(g.ready, [2, 3, 5, 6])  # cancelled counts as finished
        self.assertEqual(g.nodes[6], planparse.GraphNode("task:6", 6, None, False, []))
        self.assertEqual(g.nodes[5].prereqs, [0, 1])

    def test_kept_options(self) -> None:
        text = "- [ ] T001 Port it (1d)\n- [ ] T002 Ship it (depends on T001) (2h)\n"
        self.assertEqual(self.graph(text).critical_hours, 10.0)
        self.assertEqual(self.graph(text, hours_per_day=6).critical_hours, 8.0)

    def test_empty(self) -> None:
        self.assertEqual(self.graph(""), planparse.Graph([], [], [], [], [], 0.0))

    def test_plain_copies(self) -> None:
        g = planparse.parse(PLAN).graph()
        gc.collect()
        for _ in range(20):  # reuse the freed C memory
            planparse.parse(PLAN.replace("T00", "X-")).graph()
        self.assertEqual(self.names(g, g.order), ["phase:1", "T001", "T002", "T003"])
        # phase 1's 2-3 days outweigh the unestimated T002 -> T003
        self.assertEqual((g.ready, g.critical_path, g.critical_hours), ([1], [0], 24.0))
        assert_plain(self, g)

    def test_out_of_memory(self) -> None:
        doc = planparse.parse(PLAN)
        lib = _native.lib()
        with mock.patch.object(lib, "pp_graph_new", return_value=-2), \
                mock.patch.object(lib, "pp_doc_free", wraps=lib.pp_doc_free) as free:
            with self.assertRaises(planparse.ParseError) as err:
                doc.graph()
        self.assertEqual(err.exception.code, -2)
        free.assert_called_once()


class Edits(unittest.TestCase):
    TEXT = ("# Plan\n\n**Status:** Draft\n\n## Phase 1: Build\n\n"
            "- [ ] T001 Write it\n- [ ] T002 Ship it\n")

    def test_set_state(self) -> None:
        doc = planparse.parse(self.TEXT)
        new = doc.set_state(doc.tasks[0], "done")
        self.assertEqual(new, self.TEXT.replace("- [ ] T001", "- [x] T001", 1))
        self.assertEqual(planparse.parse(new).tasks[0].state, "done")
        self.assertIn("- [-] T002", doc.set_state("T002", "cancelled"))
        self.assertIn("- [/] T001", doc.set_state(doc.checkboxes[0], "in_progress"))

    def test_set_meta(self) -> None:
        doc = planparse.parse(self.TEXT)
        self.assertIn("**Status:** In Progress", doc.set_meta("Status", "In Progress"))
        added = doc.set_meta("Owner", "Ana")
        self.assertEqual(planparse.parse(added).meta[-1].value, "Ana")

    def test_errors(self) -> None:
        doc = planparse.parse(self.TEXT)
        with self.assertRaises(planparse.ParseError):
            doc.set_state("T999", "done")
        with self.assertRaises(TypeError):
            doc.set_state(doc.meta[0], "done")

    def test_edits_survive_the_c_document(self) -> None:
        doc = planparse.parse(self.TEXT)
        gc.collect()
        self.assertIn("- [x] T002", doc.set_state("line:8", "done"))


class Lookup(unittest.TestCase):
    def run_py(self, code: str, env: dict[str, str], cwd: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd,
                              capture_output=True, text=True)

    def test_env_then_next_to_package(self) -> None:
        lib = planparse.library_path()
        env = {k: v for k, v in os.environ.items() if k != "PLANPARSE_LIBRARY"}
        code = "import planparse; print(planparse.parse('# Hi').title, planparse.library_path())"
        with tempfile.TemporaryDirectory() as tmp:
            pkg = Path(tmp) / "planparse"
            shutil.copytree(HERE.parent / "planparse", pkg)
            shutil.copy(lib, pkg / "libplanparse.so.0")
            out = self.run_py(code, env, tmp)
            self.assertEqual(out.stdout.split(), ["Hi", str(pkg / "libplanparse.so.0")],
                             out.stderr)
            out = self.run_py(code, {**env, "PLANPARSE_LIBRARY": "/nonexistent.so"}, tmp)
            self.assertIn("OSError", out.stderr)


if __name__ == "__main__":
    unittest.main()
