#!/bin/sh
# tests/cli/multi.sh PLANPARSE FIXTURES: json, show and lint over many files
# (docs/cli.md): with -j N the output is byte for byte that of running the
# files one by one, in input order; a file that fails is reported in its
# place and the others still run, the exit status the highest (3 for a file
# that cannot be read, 4 for one over the input limit); a folder stands for
# its *.md files; bad -j values and extra operands are usage errors (exit 2).
set -eu
PP=$1
FIX=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export LC_ALL=C # the shell's *.md in byte order, as planparse sorts a folder

cd "$FIX"
set -- *.md
[ $# -ge 20 ] || fail "expected the fixtures in $FIX, found $# files"
# Three times over (180 files): far more than the writer's window, so the
# workers wait for it and reuse its slots.
set -- "$@" "$@" "$@"

# ---- byte-identical to one by one, for every -j ---------------------------

one_by_one() { # CMD [OPTS...] -- prints each file's single-file output, SEP between
	sep=$1; shift
	first=1
	for f in "$@"; do
		[ $first = 1 ] || printf '%s' "$sep"
		first=0
		"$PP" $opts "$f"
	done
}

for opts in "json" "json --pretty" "show --width=80 --color=never" \
            "show --keys --color=never" "lint"; do
	case $opts in show*) sep='
' ;; *) sep='' ;; esac
	rc=0; one_by_one "$sep" "$@" > "$dir/want" || rc=$?
	[ $rc = 0 ] || [ "$opts" = lint ] || fail "$opts: one by one: exit $rc"
	for j in 1 2 4 7; do
		rc2=0; "$PP" $opts -j $j "$@" > "$dir/got" 2> "$dir/err" || rc2=$?
		cmp -s "$dir/want" "$dir/got" || fail "$opts -j $j: output differs from one by one"
		[ ! -s "$dir/err" ] || fail "$opts -j $j: stderr: $(head -3 "$dir/err")"
		case $opts in
		lint) [ $rc2 = 1 ] || fail "lint -j $j: exit $rc2 (lint-cycle.md has an error)" ;;
		*) [ $rc2 = 0 ] || fail "$opts -j $j: exit $rc2" ;;
		esac
	done
	# the default -j (the processors) too
	"$PP" $opts "$@" 2>/dev/null | cmp -s "$dir/want" - || fail "$opts (default -j) differs"
done

# lint --format json and sarif: one document whatever -j, whatever the files
for fmt in json sarif; do
	rc=0; "$PP" lint --format=$fmt -j 1 "$@" > "$dir/j1" || rc=$?
	[ $rc = 1 ] || fail "lint --format=$fmt: exit $rc"
	"$PP" lint --format=$fmt -j 4 "$@" > "$dir/j4" || true
	cmp -s "$dir/j1" "$dir/j4" || fail "lint --format=$fmt: -j 4 differs from -j 1"
	"$PP" lint --format=$fmt -j 3 empty.md lint-clean.md > "$dir/none" ||
		fail "lint --format=$fmt on clean files: exit $?"
	"$PP" lint --format=$fmt empty.md > "$dir/none1"
	cmp -s "$dir/none" "$dir/none1" || fail "lint --format=$fmt: empty result differs"
done

# ---- a file that fails, in its place -----------------------------------

a=backlog-task.md b=empty.md
{ "$PP" json "$a"; echo "planparse: no-such.md: No such file or directory"; "$PP" json "$b"; } \
	> "$dir/want" 2>&1
for j in 1 3; do
	rc=0; "$PP" json -j $j "$a" no-such.md "$b" > "$dir/got" 2>&1 || rc=$?
	[ $rc = 3 ] || fail "missing file -j $j: exit $rc, want 3"
	cmp -s "$dir/want" "$dir/got" || fail "missing file -j $j: not in its place: $(cat "$dir/got")"
done
# the highest status wins: 3 (cannot read) over lint's 1 (an error diagnostic)
rc=0; "$PP" lint -j 2 lint-cycle.md no-such.md "$a" > /dev/null 2>&1 || rc=$?
[ $rc = 3 ] || fail "lint error + missing file: exit $rc, want 3"
# a refused input (over the 256 MiB input limit; a sparse file, so it costs
# no disk) in its place, and 4 wins over 3
big="$dir/big.md"
if truncate -s 257M "$big" 2> /dev/null; then
	{ "$PP" json "$a"; echo "planparse: $big: input exceeds a configured limit"; "$PP" json "$b"; } \
		> "$dir/want" 2>&1
	rc=0; "$PP" json -j 2 "$a" "$big" "$b" > "$dir/got" 2>&1 || rc=$?
	[ $rc = 4 ] || fail "input over the limit: exit $rc, want 4"
	cmp -s "$dir/want" "$dir/got" || fail "input over the limit: not in its place: $(cat "$dir/got")"
	rc=0; "$PP" lint -j 2 "$big" no-such.md > /dev/null 2>&1 || rc=$?
	[ $rc = 4 ] || fail "input over the limit + missing file: exit $rc, want 4"
	rm -f "$big"
else
	echo "multi.sh: truncate(1) failed: the exit status 4 is not checked"
fi
# standard input among the files
"$PP" json "$a" - "$b" < "$b" > "$dir/got"
{ "$PP" json "$a"; "$PP" json - < "$b"; "$PP" json "$b"; } > "$dir/want"
cmp -s "$dir/want" "$dir/got" || fail "stdin among files"

# ---- a folder: its *.md files, sorted; not hidden ones nor subfolders ---

mkdir "$dir/plans" "$dir/plans/sub.md" "$dir/plans/deeper" "$dir/empty"
for f in lint-cycle.md "$a" "$b" lint-clean.md; do cp "$f" "$dir/plans/"; done
cp "$a" "$dir/plans/.hidden.md"; cp "$a" "$dir/plans/deeper/x.md"; cp "$a" "$dir/plans/notes.txt"
"$PP" json -j 2 "$dir/plans" > "$dir/got"
"$PP" json "$dir/plans/$a" "$dir/plans/$b" "$dir/plans/lint-clean.md" \
	"$dir/plans/lint-cycle.md" > "$dir/want"
cmp -s "$dir/want" "$dir/got" || fail "folder: not its *.md files in byte order"
"$PP" json "$dir/plans/" | head -1 | grep -q "\"path\":\"$dir/plans/$a\"" ||
	fail "folder/: path with one slash"
rc=0; "$PP" json "$dir/empty" "$b" > "$dir/got" 2> "$dir/err" || rc=$?
[ $rc = 3 ] || fail "empty folder: exit $rc, want 3"
grep -q "^planparse: $dir/empty: no .md files" "$dir/err" || fail "empty folder: $(cat "$dir/err")"
"$PP" json "$b" | cmp -s - "$dir/got" || fail "empty folder: the other file not printed"

# ---- JSON Lines: each line one JSON object with its own source.path ---

if [ -x /usr/bin/python3 ]; then
	"$PP" json -j 4 "$@" | /usr/bin/python3 -c '
import json, sys
paths = [json.loads(line)["source"]["path"] for line in sys.stdin]
assert paths == sys.argv[1:], "source.path out of order"
' "$@" || fail "json lines: not one valid object per file, in order"
	for fmt in json sarif; do
		"$PP" lint --format=$fmt -j 4 "$@" | /usr/bin/python3 -c 'import json,sys; json.load(sys.stdin)' ||
			fail "lint --format=$fmt: not one valid JSON document"
	done
else
	echo "multi.sh: /usr/bin/python3 not found: JSON validity not checked"
fi

# ---- usage errors: exit 2, nothing on stdout -----------------------------

usage() { # WHAT ARGS...: must exit 2
	what=$1; shift
	rc=0; "$PP" "$@" > "$dir/out" 2> "$dir/err" || rc=$?
	[ $rc = 2 ] || fail "$what: exit $rc, want 2"
	[ ! -s "$dir/out" ] || fail "$what: printed on stdout"
	grep -q "^planparse: " "$dir/err" || fail "$what: no message"
}
usage "-j 0" json -j 0 "$a"
usage "-j x" json -j x "$a"
usage "-j5x" json -j5x "$a"
usage "--jobs=" json --jobs= "$a"
usage "-j 1025" json -j 1025 "$a"
usage "-j alone" json "$a" -j
usage "next two files" next "$a" "$b"
usage "check two files" check "$a" "$b" T001
usage "-j before check" -j 2 check "$a" T001
"$PP" json --jobs=2 "$a" "$b" > /dev/null || fail "--jobs=2"
"$PP" json -j2 "$a" "$b" > /dev/null || fail "-j2"
"$PP" --help | grep -q -- '--jobs' || fail "--help does not mention --jobs"
echo "multi.sh: all passed"
