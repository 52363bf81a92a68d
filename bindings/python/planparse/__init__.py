"""planparse: plan documents written in Markdown, as typed Python objects.

    >>> import planparse
    >>> doc = planparse.parse("# Plan\\n\\n## Phase 1: Build\\n\\n- [x] T001 Write it\\n")
    >>> doc.phases[0].title, doc.tasks[0].id, doc.tasks[0].state
    ('Build', 'T001', 'done')

A binding over libplanparse's C API (ctypes, no compiler needed).  parse()
copies the whole tree into Python objects and frees the C document before
it returns, so the objects stay valid for as long as Python keeps them.
See docs/python.md.
"""
from __future__ import annotations

import ctypes
import os
import threading
from pathlib import Path
from typing import Any

from . import _native, _walk
from .model import (Checkbox, Dependency, Diagnostic, Document, Estimate, Graph, GraphNode,
                    Level, Meta, Phase, Progress, Risk, Section, Source, Status, Table, Task)

__all__ = ["parse", "parse_file", "ParseError", "library_version", "library_path",
           "Document", "Source", "Status", "Estimate", "Level", "Progress", "Meta",
           "Section", "Phase", "Task", "Checkbox", "Risk", "Table", "Dependency",
           "Diagnostic", "Graph", "GraphNode"]
__version__ = "0.1.0"

library_path = _native.library_path


class ParseError(Exception):
    """pp_parse() refused the input; ``code`` is the PP_E* code and the
    message is pp_strerror(code)."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


_builders: dict[str, Any] | None = None
_builders_lock = threading.Lock()


def _lib_and_builders() -> tuple[ctypes.CDLL, dict[str, Any]]:
    global _builders
    lib = _native.lib()
    with _builders_lock:
        if _builders is None:
            _builders = _walk.make_builders(lib)
    return lib, _builders


def library_version() -> str:
    """The loaded library's pp_version(), "MAJOR.MINOR.PATCH"."""
    return _native.lib().pp_version().decode()


def _as_bytes(text: str | bytes | bytearray | memoryview) -> bytes:
    if isinstance(text, str):
        return text.encode("utf-8", "surrogatepass")  # lone surrogates: invalid UTF-8
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    raise TypeError(f"parse() wants str or bytes, not {type(text).__name__}")


def _options_room(path: Any = None, hours_per_day: float | None = None,
                  days_per_week: float | None = None, max_input: int | None = None) -> Any:
    """pp_options as the library lays it out, defaults from pp_options_init()
    and the given fields set, with the objects that must outlive the call:
    pass element 0 to the library, keep the whole tuple alive."""
    room = (ctypes.c_char * _native.OPTIONS_ROOM)()
    _native.lib().pp_options_init(room)
    opts = _native.OptionsV1.from_buffer(room)
    if path is not None:
        path_bytes = os.fsencode(path)
        if b"\0" in path_bytes:
            raise ValueError("path contains a NUL character")
        opts.path = path_bytes
    if hours_per_day is not None:
        opts.hours_per_day = float(hours_per_day)
    if days_per_week is not None:
        opts.days_per_week = float(days_per_week)
    if max_input is not None:
        opts.max_input = int(max_input)
    return room, opts


def parse(text: str | bytes | bytearray | memoryview, *, path: str | os.PathLike[str] | None = None,
          hours_per_day: float | None = None, days_per_week: float | None = None,
          max_input: int | None = None) -> Document:
    """Parses a plan (str, or bytes in UTF-8) into a Document.

    path only names the source (source.path in the JSON); it is not opened.
    hours_per_day and days_per_week convert estimates (library defaults 8
    and 5); max_input is the largest input accepted in bytes (default 256
    MiB).  Raises ParseError when the library refuses the input (too large,
    out of memory) and TypeError / ValueError for bad arguments.
    """
    data = _as_bytes(text)
    lib, builders = _lib_and_builders()
    kept = dict(path=path, hours_per_day=hours_per_day, days_per_week=days_per_week,
                max_input=max_input)
    room, _keep = _options_room(**kept)
    path_bytes = None if path is None else os.fsencode(path)
    doc = ctypes.c_void_p()
    rc = lib.pp_parse(ctypes.byref(doc), data, len(data), room)
    if rc < 0:
        raise ParseError(rc, lib.pp_strerror(rc).decode())
    try:
        shown = None if path_bytes is None else path_bytes.decode("utf-8", "replace")
        document = _walk.document(lib, builders, doc.value, data, shown)
        document._text, document._opts = data, kept
        return document
    finally:
        lib.pp_doc_free(doc)


def parse_file(file: str | os.PathLike[str], **options: Any) -> Document:
    """Reads and parses a file.  Takes the keyword options of parse();
    path defaults to ``file`` as given (as `planparse json FILE` does)."""
    options.setdefault("path", file)
    return parse(Path(file).read_bytes(), **options)
