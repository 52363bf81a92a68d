#!/bin/sh
# tests/cli/edit.sh PLANPARSE: the editing commands of the CLI (docs/cli.md):
# in-place writes keep CRLF and the file's mode, --dry-run writes nothing,
# ambiguous targets are refused, and a file changed between reading and
# writing is refused with nothing written (a deterministic concurrent
# writer: PLANPARSE_TEST_PAUSE makes the tool wait before its final check).
set -eu
PP=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

f=$dir/plan.md
printf '# Plan\r\n\r\n**Status:** Draft\r\n\r\n## Phase 1: Setup\r\n\r\n- [ ] T001 Write tests\r\n- [ ] Same line\r\n- [ ] Same line\r\n' > "$f"
chmod 640 "$f"
cp "$f" "$dir/orig.md"

# --dry-run: a unified diff, the file untouched
"$PP" check --dry-run "$f" T001 > "$dir/diff"
grep -q '^-- \[ \] T001 Write tests' "$dir/diff" || fail "dry-run diff: $(cat "$dir/diff")"
grep -q '^+- \[x\] T001 Write tests' "$dir/diff" || fail "dry-run diff +"
cmp -s "$f" "$dir/orig.md" || fail "dry-run wrote the file"

# check: one byte changes; CRLF and mode kept
"$PP" check "$f" T001
printf '# Plan\r\n\r\n**Status:** Draft\r\n\r\n## Phase 1: Setup\r\n\r\n- [x] T001 Write tests\r\n- [ ] Same line\r\n- [ ] Same line\r\n' > "$dir/want.md"
cmp -s "$f" "$dir/want.md" || fail "check: unexpected bytes"
[ "$(stat -c %a "$f")" = 640 ] || fail "mode not kept: $(stat -c %a "$f")"

# an ambiguous key is refused (exit 6); line:N reaches it
rc=0; "$PP" set "$f" phase:1/same-line done 2> "$dir/err" || rc=$?
[ $rc = 6 ] || fail "ambiguous: exit $rc"
grep -q 'several' "$dir/err" || fail "ambiguous: message"
"$PP" set "$f" line:9 in_progress
grep -q '^- \[/\] Same line' "$f" || fail "line:9"

# set-meta inserts a line with the file's own CRLF
"$PP" set-meta "$f" "Last Updated" 2024-06-01
grep -q "$(printf '^\\*\\*Last Updated:\\*\\* 2024-06-01\r$')" "$f" || fail "set-meta CRLF"
[ "$(grep -c "$(printf '\r$')" "$f")" = "$(wc -l < "$f")" ] || fail "a line lost its CRLF"

# a concurrent writer: the file changes while the tool waits; refused (5)
cp "$f" "$dir/before.md"
PLANPARSE_TEST_PAUSE=$dir/pause "$PP" uncheck "$f" T001 2> "$dir/err" &
pid=$!
i=0
while [ ! -e "$dir/pause" ]; do
	i=$((i + 1)); [ $i -lt 500 ] || fail "the tool never paused"
	sleep 0.02
done
printf -- '- [ ] added by someone else\r\n' >> "$f"
cp "$f" "$dir/theirs.md"
rm "$dir/pause"
rc=0; wait $pid || rc=$?
[ $rc = 5 ] || fail "concurrent change: exit $rc"
grep -q 'changed since it was read' "$dir/err" || fail "concurrent change: message"
cmp -s "$f" "$dir/theirs.md" || fail "concurrent change: the file was written"
ls -a "$dir" | grep -q planparse- && fail "temporary file left behind"
echo "edit.sh: all passed"
