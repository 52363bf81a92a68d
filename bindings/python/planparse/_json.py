"""_json: the C library's JSON writer (lib/json.c) in Python, byte for byte.

json.dumps differs in details: it writes \\b and \\f, leaves U+007F alone and
prints floats with up to 17 digits, where the C writer uses \\u0008, \\u000c,
\\u007f and integers for whole numbers, else at most six decimals.
"""
from __future__ import annotations

import math
from typing import Any

_ESCAPES = {c: f"\\u{c:04x}" for c in (*range(0x20), 0x7F)}
_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n",
                 ord("\t"): "\\t", ord("\r"): "\\r"})


def _str(s: str) -> str:
    return '"' + s.translate(_ESCAPES) + '"'


def _num(d: float) -> str:
    if not math.isfinite(d):
        return "null"
    if d == math.floor(d) and abs(d) < 9e15:
        return str(int(d))
    x = abs(d) * 1e6
    scaled = math.floor(x) + (1 if x - math.floor(x) >= 0.5 else 0)  # llround
    text = f"{'-' if d < 0 else ''}{scaled // 1000000}.{scaled % 1000000:06d}"
    return text.rstrip("0").rstrip(".")


def dumps(value: Any) -> str:
    """Compact JSON of dicts, lists, str, int, float, bool and None."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _num(value)
    if isinstance(value, dict):
        return "{" + ",".join(_str(k) + ":" + dumps(v) for k, v in value.items()) + "}"
    return "[" + ",".join(dumps(v) for v in value) + "]"
