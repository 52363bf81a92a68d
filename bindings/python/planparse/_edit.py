"""_edit: the edit planner (docs/edit.md) for Document.set_state/set_meta.

A Document holds no C pointers, so each edit parses the document's own
bytes again, finds the target there, asks the library for the byte
patches and applies them.  The library verifies every patch: the result is
either the new text or a ParseError.
"""
from __future__ import annotations

import ctypes
from typing import Any

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


def plan_and_apply(document: Any, plan: str, target: Any, *args: str) -> str:
    """Parses the document's text again, plans with pp_plan_<plan> and
    returns the patched text."""
    lib = _native.lib()
    text, options = document._text, document._options()
    doc = ctypes.c_void_p()
    rc = lib.pp_parse(ctypes.byref(doc), text, len(text), options[0])
    if rc < 0:
        raise _error(lib, rc)
    edits = ctypes.c_void_p()
    try:
        node = None if target is None else _target_node(lib, doc.value, target)
        fn = getattr(lib, "pp_plan_" + plan)
        rc = fn(ctypes.byref(edits), doc.value, node, *(a.encode() for a in args))
        if rc < 0:
            raise _error(lib, rc)
        return _apply(lib, text, edits.value).decode("utf-8", "surrogateescape")
    finally:
        lib.pp_edits_free(edits)
        lib.pp_doc_free(doc)
