#!/usr/bin/env bash
# bench/hostile.sh: work at N, 2N and 4N for every hostile input of
# tests/hostile/hostile_cases.h, counted in instructions by callgrind
# (stable on a busy machine, unlike time).  Work is the instructions of
# `hostile_run CASE N` minus those of `hostile_run CASE 0` (start-up).
#
#   bench/hostile.sh HOSTILE_RUN [CASE...]          the table, at each case's N
#   bench/hostile.sh --check HOSTILE_RUN [CASE...]  quicker (N/4, max_table_cells
#                                                   100,000) and fails when work
#                                                   grows faster than linearly
#
# Linear work grows as the input: work(4N)/work(N) = bytes(4N)/bytes(N)
# (4, or 16 for nested-lists whose input is N^2); quadratic work grows as
# its square.  The check fails when work(4N)/work(N) > 1.5 bytes(4N)/bytes(N).
# Exit 77 (skipped) without valgrind.
set -euo pipefail

check=0
if [ "${1:-}" = --check ]; then
	check=1
	shift
	export HOSTILE_MAX_TABLE_CELLS=100000
fi
run=${1:?usage: bench/hostile.sh [--check] HOSTILE_RUN [CASE...]}
shift
if ! command -v valgrind >/dev/null 2>&1; then
	echo "hostile: skipped: valgrind not found"
	exit 77
fi

# "INSTRUCTIONS BYTES" of one run
ir() {
	local out err
	err=$(mktemp)
	out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$run" "$@" 2>"$err")
	printf '%s %s\n' "$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$err")" \
		"$(printf '%s' "$out" | sed -n 's/.* bytes=\([0-9]*\).*/\1/p')"
	rm -f "$err"
}

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
	mapfile -t cases < <("$run" --list | cut -d' ' -f1)
fi
printf '%-20s %7s %9s %13s %13s %13s %6s %6s %7s\n' \
	case N 'bytes(N)' 'work(N)' 'work(2N)' 'work(4N)' 2N/N 4N/N bytes4/1
fail=0
for c in "${cases[@]}"; do
	n=$("$run" --list | awk -v c="$c" '$1 == c { print $2 }')
	[ $check = 1 ] && n=$(((n + 3) / 4))
	read -r i0 _ < <(ir "$c" 0)
	read -r i1 b1 < <(ir "$c" "$n")
	read -r i2 b2 < <(ir "$c" $((2 * n)))
	read -r i4 b4 < <(ir "$c" $((4 * n)))
	awk -v c="$c" -v n="$n" -v i0="$i0" -v i1="$i1" -v i2="$i2" -v i4="$i4" \
		-v b1="$b1" -v b4="$b4" -v check="$check" 'BEGIN {
		w1 = i1 - i0; w2 = i2 - i0; w4 = i4 - i0
		printf "%-20s %7d %9d %13.0f %13.0f %13.0f %6.2f %6.2f %7.2f\n",
		       c, n, b1, w1, w2, w4, w2 / w1, w4 / w1, b4 / b1
		if (check && w4 / w1 > 1.5 * b4 / b1) {
			print "  FAIL: " c " grows faster than linearly"
			exit 1
		}
	}' || fail=1
done
exit $fail
