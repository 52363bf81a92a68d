"""Tests of the planparse Python binding (unittest; pytest runs them too).

Environment: PLANPARSE_LIBRARY (the freshly built libplanparse.so),
PLANPARSE_CLI (the planparse command whose JSON is the reference; default:
planparse on PATH), PLANPARSE_CORPUS (default: ROOT/../shared/corpus).
One test per fixture and per corpus file compares Document.to_json() with
`planparse json FILE` byte for byte.
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import planparse  # noqa: E402
from planparse import model  # noqa: E402

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


def cli_json(path: Path, cwd: Path) -> str:
    out = subprocess.run([CLI, "json", path.name], cwd=cwd, capture_output=True, check=True)
    return out.stdout.decode("utf-8").removesuffix("\n")


class JsonEqualsCli(unittest.TestCase):
    """Filled below with test_fixture_NAME and test_corpus_NAME."""

    def check(self, path: Path) -> None:
        if not CLI:
            self.skipTest("no planparse command (set PLANPARSE_CLI)")
        expected = cli_json(path, path.parent)
        got = planparse.parse_file(path, path=path.name).to_json()
        if got != expected:  # say where, briefly
            at = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b),
                      min(len(got), len(expected)))
            self.fail(f"{path}: differs at byte {at}:\n  C:  {expected[at-60:at+60]!r}\n"
                      f"  py: {got[at-60:at+60]!r}")


def _add(name: str, path: Path) -> None:
    setattr(JsonEqualsCli, f"test_{name}", lambda self: self.check(path))


for _p in sorted(FIXTURES.glob("*.md")):
    _add(f"fixture_{_p.stem}", _p)
_corpus = sorted(CORPUS.glob("seeds/*.md")) + sorted(CORPUS.glob("real/*.md"))
for _p in _corpus:
    _add(f"corpus_{_p.parent.name}_{_p.stem}", _p)
if not _corpus:
    JsonEqualsCli.test_corpus = unittest.skip(f"no corpus at {CORPUS}")(lambda self: None)


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
        # bytes and dicts: the text and options kept for the edit planner
        plain = (str, int, float, bool, type(None), bytes, dict)

        def walk(obj: object) -> None:
            if isinstance(obj, list):
                for x in obj:
                    walk(x)
            elif hasattr(obj, "__dataclass_fields__"):
                for name in obj.__dataclass_fields__:
                    walk(getattr(obj, name))
            else:
                self.assertIsInstance(obj, plain)
        walk(planparse.parse(PLAN))


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
