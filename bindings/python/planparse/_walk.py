"""_walk: copies a parsed C document into model objects.

One table, SPEC, says for each kind which class it becomes and which fields
it has, in the order of lib/node.c (and of the JSON), with the accessor that
reads each: s str, i int, b bool, n number, ls/li list of str/int,
c:KIND child node, ln:KIND list of nodes, rows a table's rows.  From it a
builder per kind is made once; each builder reads every field of a node
through the public accessors and returns a new object that owns its data.
"""
from __future__ import annotations

import keyword
from dataclasses import fields
from typing import Any, Callable

from . import model as m
from ._native import FIELD, KIND, PP_NULL

SPAN = [("line", "i"), ("column", "i"), ("offset", "i"), ("end", "i")]
SPEC: dict[str, tuple[type, list[tuple[str, str]]]] = {
    "status": (m.Status, [("raw", "s"), ("value", "s"), ("options", "ls"),
                          ("placeholder", "b"), ("line", "i")]),
    "estimate": (m.Estimate, [("raw", "s"), ("min_hours", "n"), ("max_hours", "n"),
                              ("points", "n"), ("placeholder", "b")]),
    "level": (m.Level, [("raw", "s"), ("level", "s"), ("score", "n"), ("placeholder", "b")]),
    "progress": (m.Progress, [("done", "i"), ("total", "i"), ("cancelled", "i"),
                              ("in_progress", "i"), ("percent", "i")]),
    "meta": (m.Meta, [("key", "s"), ("name", "s"), ("value", "s"), ("options", "ls"),
                      ("placeholder", "b"), ("scope", "i"), *SPAN]),
    "section": (m.Section, [("level", "i"), ("text", "s"), ("line", "i")]),
    "phase": (m.Phase, [("index", "i"), ("kind", "s"), ("number", "s"), ("ordinal", "i"),
                        ("title", "s"), ("heading", "s"), ("level", "i"), *SPAN,
                        ("parent", "i"), ("status", "c:status"), ("estimate", "c:estimate"),
                        ("task_estimate", "c:estimate"), ("tasks", "li"),
                        ("progress", "c:progress")]),
    "task": (m.Task, [("index", "i"), ("id", "s"), ("text", "s"), ("title", "s"),
                      ("state", "s"), ("mark_offset", "i"), ("parallel", "b"), ("tags", "ls"),
                      ("priority", "s"), ("estimate", "c:estimate"), ("owner", "s"),
                      ("depends_on", "ls"), ("attrs", "ln:meta"), ("parent", "i"),
                      ("phase", "i"), *SPAN, ("source", "s")]),
    "checkbox": (m.Checkbox, [("index", "i"), ("state", "s"), ("mark", "s"),
                              ("mark_offset", "i"), ("text", "s"), ("role", "s"),
                              ("section", "s"), ("phase", "i"), ("task", "i"), *SPAN]),
    "risk": (m.Risk, [("risk", "s"), ("probability", "c:level"), ("impact", "c:level"),
                      ("mitigation", "s"), ("owner", "s"), ("status", "s"), ("id", "s"),
                      ("cells", "ls"), ("table", "i"), ("line", "i")]),
    "table": (m.Table, [("header", "ls"), ("rows", "rows"), ("role", "s"), ("line", "i")]),
    "dependency": (m.Dependency, [("from", "s"), ("to", "s"), ("source", "s"),
                                  ("line", "i"), ("resolved", "b")]),
    "diagnostic": (m.Diagnostic, [("code", "s"), ("severity", "s"), ("message", "s"),
                                  ("line", "i"), ("column", "i"), ("offset", "i")]),
}

# The document's lists: attribute -> kind.
LISTS = {"meta": "meta", "sections": "section", "phases": "phase", "tasks": "task",
         "checkboxes": "checkbox", "risks": "risk", "tables": "table",
         "dependencies": "dependency", "diagnostics": "diagnostic"}

Builder = Callable[[int | None], Any]


def _text(b: bytes | None) -> str | None:
    return None if b is None else b.decode("utf-8", "replace")


def _int(v: int) -> int | None:
    """An integer of the C API, None for PP_NULL."""
    return None if v == PP_NULL else v


def _getter(lib: Any, builders: dict[str, Builder], name: str, how: str) -> Callable[[int], Any]:
    f = FIELD[name]
    how, _, kind = how.partition(":")
    if how == "s":
        return lambda n: _text(lib.pp_node_str(n, f, None))
    if how == "i":
        return lambda n: _int(lib.pp_node_int(n, f))
    if how == "b":
        return lambda n: lib.pp_node_int(n, f) == 1
    if how == "n":
        return lambda n: None if (v := lib.pp_node_num(n, f)) != v else v  # NaN
    count = lib.pp_node_list_count
    if how == "ls":
        item = lib.pp_node_list_str
        return lambda n: [_text(item(n, f, i, None)) for i in range(count(n, f))]
    if how == "li":
        item = lib.pp_node_list_int
        return lambda n: [item(n, f, i) for i in range(count(n, f))]
    if how == "c":
        return lambda n: builders[kind](lib.pp_node_child(n, f))
    if how in ("ln", "rows"):
        item, cells = lib.pp_node_list_node, FIELD["cells"]
        if how == "rows":  # a row is just its cells
            def build(row: int) -> list[str | None]:
                return [_text(lib.pp_node_list_str(row, cells, i, None))
                        for i in range(count(row, cells))]
        else:
            build = builders[kind]
        return lambda n: [build(item(n, f, i)) for i in range(count(n, f))]
    raise ValueError(f"unknown accessor {how!r}")


def make_builders(lib: Any) -> dict[str, Builder]:
    """One function per kind: node handle (or None) -> model object (or None)."""
    builders: dict[str, Builder] = {}
    for kind, (cls, spec) in SPEC.items():
        attrs = [f.name for f in fields(cls)]
        expected = [n + "_" if keyword.iskeyword(n) else n for n, _ in spec]
        assert attrs == expected, f"{cls.__name__}: {attrs} != {expected}"
        getters = [_getter(lib, builders, name, how) for name, how in spec]
        builders[kind] = (lambda cls, getters: lambda n: None if n is None
                          else cls(*[g(n) for g in getters]))(cls, getters)
    return builders


def count_lines(data: bytes) -> int:
    """Lines as the library counts them: LF, CRLF and CR each end a line,
    and a final line ending opens no new line."""
    if not data:
        return 0
    endings = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    return 1 + endings - (data[-1:] in (b"\n", b"\r"))


def document(lib: Any, builders: dict[str, Builder], doc: int, data: bytes,
             path: str | None) -> m.Document:
    """Copies everything out of a C document (which the caller then frees)."""
    root = lib.pp_doc_root(doc)
    lists = {}
    for attr, kind in LISTS.items():
        k, build = KIND[kind], builders[kind]
        lists[attr] = [build(lib.pp_doc_get(doc, k, i)) for i in range(lib.pp_doc_count(doc, k))]
    return m.Document(
        schema="planparse/1",
        source=m.Source(path, len(data), count_lines(data)),
        title=_text(lib.pp_node_str(root, FIELD["title"], None)),
        status=builders["status"](lib.pp_node_child(root, FIELD["status"])),
        progress=builders["progress"](lib.pp_node_child(root, FIELD["progress"])),
        **lists)
