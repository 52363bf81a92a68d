#!/usr/bin/python3
"""Checks `planparse json` against the shared corpus of real plans.

For every .md under CORPUS/seeds and CORPUS/real:

  1. `planparse json FILE` exits 0;
  2. its output is valid UTF-8 and valid JSON (one object, no NaN);
  3. a second run prints the same bytes;
  4. its GFM checkboxes equal cmark-gfm's task list items: the same
     (line, checked) pairs, where our line is the line of the list marker
     (cmark-gfm's item sourcepos start line) and checked is state == "done".
     Only marks " ", "x" and "X" are compared: the extended marks ([/], [-],
     [~], ...) are ours, cmark-gfm reads them as plain text.

Usage: check_corpus.py --planparse BUILD/cli/planparse [--corpus DIR] [FILE...]

Exit status: 0 all passed, 1 some failed, 77 the corpus is absent (ctest
reports the test as skipped: a user's clone has no ../shared/corpus).
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys

SKIP = 77
GFM_MARKS = (" ", "x", "X")
TIMEOUT = 120  # seconds for one run of a tool on one file
MAX_LISTED = 8  # differences listed per file


def parse_args():
    here = os.path.dirname(os.path.abspath(__file__))
    default_corpus = os.path.normpath(os.path.join(here, "..", "..", "..", "shared", "corpus"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--planparse", required=True, help="path to the planparse CLI")
    ap.add_argument("--corpus", default=default_corpus,
                    help="corpus root holding seeds/ and real/ (default: ../shared/corpus)")
    ap.add_argument("--cmark-gfm", default=shutil.which("cmark-gfm"),
                    help="path to cmark-gfm (default: from PATH)")
    ap.add_argument("files", nargs="*", help="check only these files")
    return ap.parse_args()


def corpus_files(root):
    files = []
    for sub in ("seeds", "real"):
        top = os.path.join(root, sub)
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            files += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".md")]
    return files


# ---- the source -------------------------------------------------------------

LINE_RE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n|$)")


def split_lines(data):
    """Lines with their endings; LF, CRLF and CR all end a line."""
    lines = [m.group(0) for m in LINE_RE.finditer(data)]
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def front_matter_lines(lines):
    """Number of lines of a front matter block, or 0.

    The library's rule (lib/frontmatter.c): a `---` line at byte 0 (after an
    optional BOM) up to a `---` or `...` line, trailing blanks allowed.  The
    library hands md4c only what follows; cmark-gfm would read the block as
    Markdown (a thematic break, then a setext heading or worse), so the
    caller blanks these lines before running cmark-gfm and compares only
    checkboxes after them."""
    if not lines:
        return 0
    first = lines[0]
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    if first.rstrip(b"\r\n").rstrip(b" \t") != b"---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip(b"\r\n").rstrip(b" \t") in (b"---", b"..."):
            return i + 1
    return 0


# ---- the two tools ------------------------------------------------------------

def run(cmd, stdin=None):
    return subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=TIMEOUT, check=False)


def no_constants(name):
    raise ValueError("non-standard JSON constant " + name)


def planparse_json(planparse, path, problems):
    """The parsed JSON of `planparse json path`, or None (problems filled)."""
    outs = []
    for _ in range(2):
        try:
            r = run([planparse, "json", path])
        except subprocess.TimeoutExpired:
            problems.append("planparse json timed out after %ds" % TIMEOUT)
            return None
        if r.returncode != 0:
            err = r.stderr.decode("utf-8", "replace").strip().splitlines()
            problems.append("planparse json exited with %d%s" % (
                r.returncode, (": " + err[0]) if err else ""))
            return None
        outs.append(r.stdout)
    if outs[0] != outs[1]:
        problems.append("two runs printed different bytes")
    out = outs[0]
    if not out.endswith(b"\n") or out.endswith(b"\n\n"):
        problems.append("output does not end with exactly one newline")
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append("output is not UTF-8 (byte %d)" % e.start)
        return None
    try:
        doc = json.loads(text, parse_constant=no_constants)
    except ValueError as e:
        problems.append("output is not valid JSON: %s" % e)
        return None
    if not isinstance(doc, dict) or doc.get("schema") != "planparse/1":
        problems.append('output is not a "planparse/1" object')
        return None
    if not isinstance(doc.get("checkboxes"), list):
        problems.append("no checkboxes list")
        return None
    return doc


TASKLIST_RE = re.compile(rb"<tasklist\b([^>]*)>")
ATTR_RE = re.compile(rb'(\w+)="([^"]*)"')


def cmark_tasks(cmark, data):
    """cmark-gfm's task items as (line of the item's start, checked)."""
    r = run([cmark, "--extension", "tasklist", "--extension", "table",
             "--extension", "strikethrough", "-t", "xml", "--sourcepos"], stdin=data)
    if r.returncode != 0:
        raise RuntimeError("cmark-gfm exited with %d" % r.returncode)
    items = []
    # The XML is not parsed as XML: control characters from the input may
    # make it ill-formed.  Element names and attributes are safe to match.
    for m in TASKLIST_RE.finditer(r.stdout):
        attrs = dict(ATTR_RE.findall(m.group(1)))
        line = int(attrs[b"sourcepos"].split(b":")[0])
        items.append((line, attrs.get(b"completed") == b"true"))
    return items


# ---- one file -------------------------------------------------------------------

def describe(pairs, lines, limit=MAX_LISTED):
    out = []
    for line, checked in sorted(pairs)[:limit]:
        text = lines[line - 1] if 0 < line <= len(lines) else b""
        text = text.rstrip(b"\r\n").decode("utf-8", "replace").strip()
        if len(text) > 70:
            text = text[:67] + "..."
        out.append("      line %d %s  %s" % (line, "[x]" if checked else "[ ]", text))
    if len(pairs) > limit:
        out.append("      ... and %d more" % (len(pairs) - limit))
    return out


def check_file(args, path):
    """(ok, summary, detail lines) for one corpus file."""
    problems, detail = [], []
    with open(path, "rb") as f:
        data = f.read()
    doc = planparse_json(args.planparse, path, problems)
    if doc is None:
        return False, "; ".join(problems), detail
    ours_all = doc["checkboxes"]
    lines = split_lines(data)
    fm = front_matter_lines(lines)
    ours = [(c.get("line"), c.get("state") == "done") for c in ours_all
            if c.get("mark") in GFM_MARKS and isinstance(c.get("line"), int) and c["line"] > fm]
    for c in ours_all:
        mark, state = c.get("mark"), c.get("state")
        if mark in ("x", "X") and state != "done" or mark == " " and state != "todo":
            problems.append("checkbox at line %s has mark %r but state %r"
                            % (c.get("line"), mark, state))
    summary = "%d checkboxes (%d GFM)" % (len(ours_all), len(ours))
    if args.cmark_gfm:
        # cmark-gfm sees the same lines with the front matter blanked out
        blanked = b"".join(
            (b"\xef\xbb\xbf" if i == 0 and l.startswith(b"\xef\xbb\xbf") else b"")
            + l[len(l.rstrip(b"\r\n")):] if i < fm else l
            for i, l in enumerate(lines))
        try:
            theirs = [t for t in cmark_tasks(args.cmark_gfm, blanked) if t[0] > fm]
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            problems.append(str(e))
            theirs = None
        if theirs is not None:
            a, b = collections.Counter(ours), collections.Counter(theirs)
            missing, extra = list((b - a).elements()), list((a - b).elements())
            if missing or extra:
                problems.append("checkboxes differ from cmark-gfm: %d missing, %d extra"
                                % (len(missing), len(extra)))
                if missing:
                    detail.append("    cmark-gfm has, planparse lacks:")
                    detail += describe(missing, lines)
                if extra:
                    detail.append("    planparse has, cmark-gfm lacks:")
                    detail += describe(extra, lines)
            summary += ", cmark-gfm %d" % len(theirs)
    if fm:
        summary += ", front matter lines 1-%d not compared" % fm
    if problems:
        return False, "; ".join(problems), detail
    return True, summary, detail


def main():
    args = parse_args()
    if args.files:
        files = args.files
    else:
        if not os.path.isdir(args.corpus):
            print("SKIP: no corpus at %s (it lives next to the project as ../shared/corpus)"
                  % args.corpus)
            return SKIP
        files = corpus_files(args.corpus)
        if not files:
            print("SKIP: no .md files under %s/seeds or %s/real" % (args.corpus, args.corpus))
            return SKIP
    if not os.access(args.planparse, os.X_OK):
        print("FAIL: %s is not an executable" % args.planparse)
        return 1
    if not args.cmark_gfm:
        print("WARNING: cmark-gfm not found (apt-get install cmark-gfm): "
              "checkboxes are not compared")
    root = os.path.normpath(args.corpus)
    passed = failed = 0
    for path in files:
        rel = os.path.relpath(path, root) if os.path.abspath(path).startswith(root) else path
        ok, summary, detail = check_file(args, path)
        print("%s %s: %s" % ("ok  " if ok else "FAIL", rel, summary))
        for line in detail:
            print(line)
        passed += ok
        failed += not ok
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
