"""_edit: the edit planner (docs/edit.md) for Document.set_state/set_meta.

A Document holds no C pointers, so each edit parses the document's own
bytes again, finds the target there, asks the library for the byte
patches and applies them.  The library verifies every patch: the result is
either the new text or a ParseError.  reparsed() serves _graph too.
"""
from __future__ import annotations

import ctypes
from contextlib import contextmanager
from typing import Any, Iterator

from . import _native
from ._native import KIND


def _error(lib: Any, rc: int) -> Exception:
    from . import ParseError
    return ParseError(rc, lib.pp_strerror(rc).decode())


def _target_node(lib: Any, doc: int, target: Any) -> int:
    """The C node for a Task, a Checkbox, a Phase (scopes) or a string
    target (an ID, a key, or `line:N`)."""
    from . import model as m
    if isinstance(target, str):
        raw = target.encode()
        node = ctypes.c_void_p()
        rc = lib.pp_doc_find(ctypes.byref(node), doc, raw, len(raw))
        if rc < 0:
            raise _error(lib, rc)
        return node.value
    kinds = {m.Task: "task", m.Checkbox: "checkbox", m.Phase: "phase"}
    kind = kinds.get(type(target))
    if kind is None:
        raise TypeError(f"cannot edit a {type(target).__name__}")
    node = lib.pp_doc_get(doc, KIND[kind], target.index)
    if not node:
        raise ValueError(f"{kind} {target.index} is not in this document")
    return node


def _apply(lib: Any, text: bytes, edits: int) -> bytes:
    out, out_len = ctypes.c_void_p(), ctypes.c_size_t()
    try:
        rc = lib.pp_apply_edits(text, len(text), lib.pp_edits_get(edits, 0),
                                lib.pp_edits_count(edits), ctypes.byref(out),
                                ctypes.byref(out_len))
        if rc < 0:
            raise _error(lib, rc)
        return ctypes.string_at(out.value, out_len.value)
    finally:
        lib.pp_free(out)


@contextmanager
def reparsed(document: Any) -> Iterator[tuple[Any, int]]:
    """(library, C document) of the document's kept bytes and options,
    parsed again; the C document is freed on leaving."""
    lib = _native.lib()
    options = document._options()
    doc = ctypes.c_void_p()
    rc = lib.pp_parse(ctypes.byref(doc), document._text, len(document._text), options[0])
    if rc < 0:
        raise _error(lib, rc)
    try:
        yield lib, doc.value
    finally:
        lib.pp_doc_free(doc)


def plan_and_apply(document: Any, plan: str, target: Any, *args: str) -> str:
    """Parses the document's text again, plans with pp_plan_<plan> and
    returns the patched text."""
    edits = ctypes.c_void_p()
    with reparsed(document) as (lib, doc):
        try:
            node = None if target is None else _target_node(lib, doc, target)
            fn = getattr(lib, "pp_plan_" + plan)
            rc = fn(ctypes.byref(edits), doc, node, *(a.encode() for a in args))
            if rc < 0:
                raise _error(lib, rc)
            return _apply(lib, document._text, edits.value).decode("utf-8", "surrogateescape")
        finally:
            lib.pp_edits_free(edits)
