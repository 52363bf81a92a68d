"""_native: loads libplanparse with ctypes and declares its functions.

The library is looked for in this order: the file named by the environment
variable PLANPARSE_LIBRARY; a libplanparse.so* next to this package; the
system's (ctypes.util.find_library("planparse")).  It is loaded on first
use, so ``import planparse`` works without it.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from ctypes import POINTER, c_char_p, c_double, c_int, c_int64, c_size_t, c_void_p
from pathlib import Path

# Names in enum order (include/planparse.h); checked against the library on load.
KINDS = ("none", "document", "meta", "section", "phase", "task", "checkbox", "risk",
         "table", "dependency", "diagnostic", "status", "estimate", "level",
         "progress", "row")
FIELDS = ("none", "index", "line", "column", "offset", "end",
          "title", "status", "progress",
          "key", "name", "value", "options", "placeholder", "scope", "raw",
          "level", "text",
          "kind", "number", "ordinal", "heading", "parent",
          "estimate", "task_estimate", "tasks",
          "id", "state", "mark_offset", "parallel", "tags",
          "priority", "owner", "depends_on", "attrs", "phase", "source",
          "mark", "role", "section", "task",
          "risk", "probability", "impact", "mitigation", "cells", "table",
          "header", "rows",
          "from", "to", "resolved",
          "code", "severity", "message",
          "min_hours", "max_hours", "points", "score",
          "done", "total", "cancelled", "in_progress", "percent",
          "path", "bytes", "lines")
KIND = {name: i for i, name in enumerate(KINDS)}
FIELD = {name: i for i, name in enumerate(FIELDS)}
PP_NULL = -(2 ** 63)

_SIGNATURES = {
    "pp_options_init": (None, [c_void_p]),
    "pp_parse": (c_int, [POINTER(c_void_p), c_char_p, c_size_t, c_void_p]),
    "pp_doc_free": (None, [c_void_p]),
    "pp_strerror": (c_char_p, [c_int]),
    "pp_version": (c_char_p, []),
    "pp_kind_name": (c_char_p, [c_int]),
    "pp_field_name": (c_char_p, [c_int]),
    "pp_doc_root": (c_void_p, [c_void_p]),
    "pp_doc_count": (c_size_t, [c_void_p, c_int]),
    "pp_doc_get": (c_void_p, [c_void_p, c_int, c_size_t]),
    "pp_node_kind": (c_int, [c_void_p]),
    "pp_node_str": (c_char_p, [c_void_p, c_int, c_void_p]),
    "pp_node_int": (c_int64, [c_void_p, c_int]),
    "pp_node_num": (c_double, [c_void_p, c_int]),
    "pp_node_child": (c_void_p, [c_void_p, c_int]),
    "pp_node_list_count": (c_size_t, [c_void_p, c_int]),
    "pp_node_list_str": (c_char_p, [c_void_p, c_int, c_size_t, c_void_p]),
    "pp_node_list_int": (c_int64, [c_void_p, c_int, c_size_t]),
    "pp_node_list_node": (c_void_p, [c_void_p, c_int, c_size_t]),
    # the dependency graph (docs/format.md section 7)
    "pp_graph_new": (c_int, [POINTER(c_void_p), c_void_p]),
    "pp_graph_free": (None, [c_void_p]),
    "pp_graph_node_count": (c_size_t, [c_void_p]),
    "pp_graph_node_name": (c_char_p, [c_void_p, c_size_t, c_void_p]),
    "pp_graph_node_task": (c_int64, [c_void_p, c_size_t]),
    "pp_graph_node_phase": (c_int64, [c_void_p, c_size_t]),
    "pp_graph_node_done": (c_int64, [c_void_p, c_size_t]),
    "pp_graph_prereq_count": (c_size_t, [c_void_p, c_size_t]),
    "pp_graph_prereq": (c_int64, [c_void_p, c_size_t, c_size_t]),
    "pp_graph_order_count": (c_size_t, [c_void_p]),
    "pp_graph_order_node": (c_int64, [c_void_p, c_size_t]),
    "pp_graph_cycle_count": (c_size_t, [c_void_p]),
    "pp_graph_cycle_size": (c_size_t, [c_void_p, c_size_t]),
    "pp_graph_cycle_node": (c_int64, [c_void_p, c_size_t, c_size_t]),
    "pp_graph_ready_count": (c_size_t, [c_void_p]),
    "pp_graph_ready_task": (c_int64, [c_void_p, c_size_t]),
    "pp_graph_critical_count": (c_size_t, [c_void_p]),
    "pp_graph_critical_node": (c_int64, [c_void_p, c_size_t]),
    "pp_graph_critical_hours": (c_double, [c_void_p]),
    # the edit planner (docs/edit.md)
    "pp_doc_find": (c_int, [POINTER(c_void_p), c_void_p, c_char_p, c_size_t]),
    "pp_plan_state": (c_int, [POINTER(c_void_p), c_void_p, c_void_p, c_char_p]),
    "pp_plan_meta": (c_int, [POINTER(c_void_p), c_void_p, c_void_p, c_char_p, c_char_p]),
    "pp_plan_status": (c_int, [POINTER(c_void_p), c_void_p, c_void_p, c_char_p]),
    "pp_edits_count": (c_size_t, [c_void_p]),
    "pp_edits_get": (c_void_p, [c_void_p, c_size_t]),
    "pp_edits_free": (None, [c_void_p]),
    "pp_apply_edits": (c_int, [c_char_p, c_size_t, c_void_p, c_size_t,
                               POINTER(c_void_p), POINTER(c_size_t)]),
    "pp_free": (None, [c_void_p]),
}


class OptionsV1(ctypes.Structure):
    """The first fields of pp_options, which later layouts only extend."""
    _fields_ = [("version", ctypes.c_uint), ("path", c_char_p),
                ("allocator", c_void_p * 4), ("max_input", c_size_t),
                ("hours_per_day", c_double), ("days_per_week", c_double)]


# pp_options_init() writes the library's whole (possibly longer) layout:
# give it this much room, then set the v1 fields in place.
OPTIONS_ROOM = 1024

_lock = threading.Lock()
_lib: ctypes.CDLL | None = None


def library_path() -> str:
    """Where libplanparse will be loaded from (see the module docstring)."""
    env = os.environ.get("PLANPARSE_LIBRARY")
    if env:
        return env
    here = Path(__file__).resolve().parent
    for pattern in ("libplanparse.so.0", "libplanparse.so", "libplanparse*.dylib",
                    "planparse.dll"):
        for candidate in sorted(here.glob(pattern)):
            return str(candidate)
    found = ctypes.util.find_library("planparse")
    if found:
        return found
    raise OSError("libplanparse not found: set PLANPARSE_LIBRARY to the path of "
                  "libplanparse.so, or install the library")


def lib() -> ctypes.CDLL:
    """The loaded library, its functions declared and its tables checked."""
    global _lib
    with _lock:
        if _lib is None:
            _lib = _load(library_path())
        return _lib


def _load(path: str) -> ctypes.CDLL:
    dll = ctypes.CDLL(path)
    for name, (restype, argtypes) in _SIGNATURES.items():
        fn = getattr(dll, name)
        fn.restype, fn.argtypes = restype, argtypes
    for i, name in enumerate(FIELDS[1:], 1):
        if dll.pp_field_name(i) != name.encode():
            raise OSError(f"{path}: field {i} is {dll.pp_field_name(i)!r}, expected "
                          f"{name!r}: the library does not match this binding")
    for i, name in enumerate(KINDS[1:], 1):
        if dll.pp_kind_name(i) != name.encode():
            raise OSError(f"{path}: kind {i} is {dll.pp_kind_name(i)!r}, expected {name!r}")
    return dll
