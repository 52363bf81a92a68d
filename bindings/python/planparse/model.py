"""model: the plan as Python objects, one slotted dataclass per kind.

Attributes carry the JSON names of docs/format.md, in the same order
(``Dependency.from_`` for "from", a Python keyword).  None stands for null.
Every object is a plain copy: nothing refers to the C library's memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(slots=True)
class Status:
    raw: str | None
    value: str | None
    options: list[str]
    placeholder: bool
    line: int | None


@dataclass(slots=True)
class Estimate:
    raw: str | None
    min_hours: float | None
    max_hours: float | None
    points: float | None
    placeholder: bool


@dataclass(slots=True)
class Level:
    raw: str | None
    level: str | None
    score: float | None
    placeholder: bool


@dataclass(slots=True)
class Progress:
    done: int
    total: int
    cancelled: int
    in_progress: int
    percent: int | None


@dataclass(slots=True)
class Meta:
    key: str | None
    name: str | None
    value: str | None
    options: list[str]
    placeholder: bool
    scope: int | None
    line: int | None
    column: int | None
    offset: int | None
    end: int | None


@dataclass(slots=True)
class Section:
    level: int | None
    text: str | None
    line: int | None


@dataclass(slots=True)
class Phase:
    index: int
    kind: str | None
    number: str | None
    ordinal: int | None
    title: str | None
    heading: str | None
    level: int | None
    line: int | None
    column: int | None
    offset: int | None
    end: int | None
    parent: int | None
    status: Status | None
    estimate: Estimate | None
    task_estimate: Estimate | None
    tasks: list[int]
    progress: Progress | None


@dataclass(slots=True)
class Task:
    index: int
    id: str | None
    text: str | None
    title: str | None
    state: str | None
    mark_offset: int | None
    parallel: bool
    tags: list[str]
    priority: str | None
    estimate: Estimate | None
    owner: str | None
    depends_on: list[str]
    attrs: list[Meta]
    parent: int | None
    phase: int | None
    line: int | None
    column: int | None
    offset: int | None
    end: int | None
    source: str | None


@dataclass(slots=True)
class Checkbox:
    index: int
    state: str | None
    mark: str | None
    mark_offset: int | None
    text: str | None
    role: str | None
    section: str | None
    phase: int | None
    task: int | None
    line: int | None
    column: int | None
    offset: int | None
    end: int | None


@dataclass(slots=True)
class Risk:
    risk: str | None
    probability: Level | None
    impact: Level | None
    mitigation: str | None
    owner: str | None
    status: str | None
    id: str | None
    cells: list[str]
    table: int | None
    line: int | None


@dataclass(slots=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    role: str | None
    line: int | None


@dataclass(slots=True)
class Dependency:
    from_: str | None
    to: str | None
    source: str | None
    line: int | None
    resolved: bool


@dataclass(slots=True)
class Diagnostic:
    code: str | None
    severity: str | None
    message: str | None
    line: int | None
    column: int | None
    offset: int | None


@dataclass(slots=True)
class Source:
    path: str | None
    bytes: int
    lines: int


@dataclass(slots=True)
class GraphNode:
    """A node of a Graph: a task ID, "task:I" for a task without one,
    "phase:N", or a target that names nothing (task and phase None, never
    done).  task and phase: the first task or phase it stands for."""
    name: str
    task: int | None
    phase: int | None
    done: bool
    prereqs: list[int]


@dataclass(slots=True)
class Graph:
    """The dependency graph of Document.graph(); every list holds indices
    into ``nodes`` except ``ready``, which indexes the document's tasks."""
    nodes: list[GraphNode]
    order: list[int]
    cycles: list[list[int]]
    ready: list[int]
    critical_path: list[int]
    critical_hours: float


@dataclass(slots=True, repr=False)
class Document:
    schema: str
    source: Source
    title: str | None
    status: Status | None
    meta: list[Meta]
    sections: list[Section]
    phases: list[Phase]
    tasks: list[Task]
    checkboxes: list[Checkbox]
    risks: list[Risk]
    tables: list[Table]
    dependencies: list[Dependency]
    progress: Progress
    diagnostics: list[Diagnostic]
    # the parsed bytes and options, for the edit planner and graph() (not in the JSON)
    _text: bytes = field(default=b"", repr=False, compare=False)
    _opts: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def _options(self) -> Any:
        from . import _options_room
        return _options_room(**self._opts)

    def set_state(self, target: Task | Checkbox | str, state: str) -> str:
        """The document's text with one checkbox or table task set to state
        (done, todo, in_progress, cancelled, deferred, or a mark character);
        target is a Task, a Checkbox, or a string: an ID, a key or `line:N`.
        Only the bytes of the mark (or status cell) change.  Raises
        ParseError when the target is not found or ambiguous, or the change
        cannot be made exactly."""
        from ._edit import plan_and_apply
        return plan_and_apply(self, "state", target, state)

    def set_meta(self, key: str, value: str, phase: Phase | None = None) -> str:
        """The text with status header `key` set to value in the document
        (or in phase), inserted in the document's own style when absent."""
        from ._edit import plan_and_apply
        return plan_and_apply(self, "meta", phase, key, value)

    def graph(self) -> Graph:
        """The dependency graph (docs/format.md section 7): its nodes with
        their prerequisites, the topological order, the cycles, the tasks
        ready to start and the critical path.  Computed by the library on
        each call; raises ParseError when it runs out of memory."""
        from ._graph import graph
        return graph(self)

    def __repr__(self) -> str:
        counts = " ".join(f"{name}={len(getattr(self, name))}" for name in (
            "phases", "tasks", "checkboxes", "risks", "tables", "diagnostics"))
        p = self.progress
        return (f"<Document {self.title!r} path={self.source.path!r} {counts} "
                f"progress={p.done}/{p.total}>")

    def to_dict(self) -> dict[str, Any]:
        """The planparse/1 JSON object of docs/format.md as dicts and lists."""
        return to_dict(self)

    def to_json(self) -> str:
        """The JSON exactly as pp_doc_to_json() and `planparse json` write it
        (compact, keys in order, the C writer's escapes and numbers)."""
        from ._json import dumps
        return dumps(to_dict(self))


def json_name(attr: str) -> str:
    return attr[:-1] if attr.endswith("_") else attr


def to_dict(obj: Any) -> Any:
    """Any model object (or list of them) as JSON-ready dicts and lists."""
    if isinstance(obj, list):
        return [to_dict(x) for x in obj]
    if hasattr(obj, "__dataclass_fields__"):
        return {json_name(f.name): to_dict(getattr(obj, f.name)) for f in fields(obj)
                if not f.name.startswith("_")}
    return obj
