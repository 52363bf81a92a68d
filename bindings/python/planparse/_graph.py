"""_graph: Document.graph(), the dependency graph (docs/format.md section 7).

As for the edit planner, the document's kept bytes are parsed again (a
Document holds no C pointers); pp_graph_new() computes everything at once,
and every answer is copied into a model.Graph before the graph and the C
document are freed.
"""
from __future__ import annotations

import ctypes
from typing import Any, Callable

from . import model as m
from ._edit import _error, reparsed
from ._walk import _int, _text


def _list(count: Callable[..., int], item: Callable[..., int], *args: Any) -> list[int]:
    """A count-plus-index list of the graph API, e.g. the order or a
    node's prerequisites (args: the graph, then the node or cycle)."""
    return [item(*args, i) for i in range(count(*args))]


def _node(lib: Any, g: int, i: int) -> m.GraphNode:
    return m.GraphNode(name=_text(lib.pp_graph_node_name(g, i, None)) or "",
                       task=_int(lib.pp_graph_node_task(g, i)),
                       phase=_int(lib.pp_graph_node_phase(g, i)),
                       done=lib.pp_graph_node_done(g, i) == 1,
                       prereqs=_list(lib.pp_graph_prereq_count, lib.pp_graph_prereq, g, i))


def _copy(lib: Any, g: int) -> m.Graph:
    cycles = range(lib.pp_graph_cycle_count(g))
    return m.Graph(
        nodes=[_node(lib, g, i) for i in range(lib.pp_graph_node_count(g))],
        order=_list(lib.pp_graph_order_count, lib.pp_graph_order_node, g),
        cycles=[_list(lib.pp_graph_cycle_size, lib.pp_graph_cycle_node, g, c) for c in cycles],
        ready=_list(lib.pp_graph_ready_count, lib.pp_graph_ready_task, g),
        critical_path=_list(lib.pp_graph_critical_count, lib.pp_graph_critical_node, g),
        critical_hours=lib.pp_graph_critical_hours(g))


def graph(document: Any) -> m.Graph:
    """Builds the graph of the document's text, copies it, frees it."""
    with reparsed(document) as (lib, doc):
        g = ctypes.c_void_p()
        rc = lib.pp_graph_new(ctypes.byref(g), doc)
        if rc < 0:
            raise _error(lib, rc)
        try:
            return _copy(lib, g.value)
        finally:
            lib.pp_graph_free(g)
