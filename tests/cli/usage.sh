#!/bin/sh
# tests/cli/usage.sh PLANPARSE PLAN: the reading commands' usage errors.
# Each option given to a command it does not apply to is refused with exit
# 2, the option and the commands it fits named on stderr, nothing on
# stdout; the same option on its own command runs.
set -eu
PP=$1
PLAN=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

refused() { # WANT-MESSAGE ARGS...: exit 2 with exactly that first line
	want=$1; shift
	rc=0; "$PP" "$@" > "$dir/out" 2> "$dir/err" || rc=$?
	[ $rc = 2 ] || fail "$*: exit $rc, want 2"
	[ ! -s "$dir/out" ] || fail "$*: printed on stdout"
	[ "$(head -n 1 "$dir/err")" = "planparse: $want" ] ||
		fail "$*: said '$(head -n 1 "$dir/err")', want 'planparse: $want'"
	grep -q -- "--help" "$dir/err" || fail "$*: no pointer to --help"
}
runs() { # ARGS...: exit 0 (1 for lint, which fails on error diagnostics)
	rc=0; "$PP" "$@" > "$dir/out" 2> "$dir/err" || rc=$?
	[ $rc = 0 ] || { [ "$1" = lint ] && [ $rc = 1 ]; } || fail "$*: exit $rc"
	[ -s "$dir/out" ] || [ "$1" = lint ] || fail "$*: printed nothing"
}

for cmd in show lint next; do
	refused "--pretty applies only to 'json'" $cmd --pretty "$PLAN"
done
for cmd in json lint next; do
	refused "--color applies only to 'show'" $cmd --color=never "$PLAN"
	refused "--width applies only to 'show'" $cmd --width=80 "$PLAN"
	refused "--keys applies only to 'show'" $cmd --keys "$PLAN"
done
for cmd in json show; do
	refused "--format applies only to 'lint' and 'next'" $cmd --format=json "$PLAN"
done
refused "-j applies only to 'json', 'show' and 'lint'" next -j 2 "$PLAN"
refused "'next' prints text or json, not sarif" next --format=sarif "$PLAN"
refused "unknown command 'parse' (use json, show, lint or next)" parse "$PLAN"
refused "'json' needs a FILE (or - for standard input)" json
refused "missing COMMAND (json, show, lint or next)" --pretty

runs json --pretty "$PLAN"
runs show --color=never --width=80 --keys "$PLAN"
runs lint --format=sarif "$PLAN"
runs next --format=json "$PLAN"
runs json -j 2 "$PLAN" "$PLAN"
echo "usage.sh: all passed"
