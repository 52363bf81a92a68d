#!/usr/bin/env bash
# bench/run.sh: the side-by-side benchmark of issue 7, in one command.
#
#   bench/run.sh
#
# Builds pp_bench (Release, in $BENCH_DIR/build), generates the plan inputs
# (bench/gen.py: 100 KiB, 1, 16 and 64 MiB; regenerated only when gen.py
# changes), then in one run:
#   1. times md4c (no-op callbacks), pp (pp_parse + pp_doc_free), json
#      (+ pp_doc_to_json) and cmark (cmark-gfm AST, table + tasklist) on the
#      1/16/64 MiB inputs and on each file of ../shared/corpus (when present);
#      each mode runs in its own child process, so its peak RSS is its own;
#   2. times pp and md4c on the 100 KiB plan (the keystroke budget);
#   3. counts instructions under valgrind --tool=callgrind, one iteration per
#      mode (--toggle-collect=bench_iteration: start-up and file reading are
#      not counted) on the $CALLGRIND_INPUT input;
#   4. prints the table: mode, MB/s, time ratio to md4c, instructions per
#      byte, peak RSS / input; linearity (time per byte at 64 vs 1 MiB);
#      the 100 KiB parse time.
#
# Environment:
#   BENCH_DIR        build, inputs and results (default /tmp/planparse-bench)
#   RUNS             timed runs per mode and input, median taken (default 7)
#   CALLGRIND_INPUT  16m (default) or 1m; none skips callgrind
#   CALLGRIND_MODES  default "md4c pp json cmark"
#   CORPUS           default ../shared/corpus next to the repository
#   SIZES            generated inputs timed (default "1m 16m 64m")
#
# Benchmarks are not tests: nothing here fails on a time.  Timings on a
# shared machine are noisy; the ratios within one run and the instruction
# counts are the figures to compare.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/planparse-bench}
RUNS=${RUNS:-7}
CALLGRIND_INPUT=${CALLGRIND_INPUT:-16m}
CALLGRIND_MODES=${CALLGRIND_MODES:-md4c pp json cmark}
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
SIZES=${SIZES:-1m 16m 64m}
BUILD=$BENCH_DIR/build
IN=$BENCH_DIR/inputs
OUT=$BENCH_DIR/results
BIN=$BUILD/bench/pp_bench

mkdir -p "$IN" "$OUT"
say() { printf '== %s\n' "$*" >&2; }

say "build (Release) in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
	-DPP_BUILD_CLI=OFF >"$OUT/cmake.log"
cmake --build "$BUILD" --target pp_bench -j "$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)" \
	>>"$OUT/cmake.log"

say "generate inputs in $IN"
for s in 100k 1m 16m 64m; do
	f=$IN/plan-$s.md
	if [ ! -s "$f" ] || [ "$ROOT/bench/gen.py" -nt "$f" ]; then
		/usr/bin/python3 "$ROOT/bench/gen.py" "$(echo "$s" | tr km KM)" "$f"
	fi
done

files=()
for s in $SIZES; do files+=("$IN/plan-$s.md"); done
if [ -d "$CORPUS" ]; then
	while IFS= read -r f; do files+=("$f"); done \
		< <(find "$CORPUS" -type f -name '*.md' ! -name README.md | LC_ALL=C sort)
else
	say "no corpus at $CORPUS: skipped"
fi

say "time md4c, pp, json, cmark on ${#files[@]} inputs ($RUNS runs each, median)"
# Small files are repeated for at least 0.2 s so that their median means something.
"$BIN" --runs "$RUNS" --min-time 0.2 "${files[@]}" >"$OUT/times.tsv" 2>"$OUT/times.log"

say "keystroke budget: 100 KiB plan, at least 300 runs"
"$BIN" --runs 300 --min-time 1 --mode md4c --mode pp "$IN/plan-100k.md" \
	>"$OUT/keystroke.tsv" 2>>"$OUT/times.log"

: >"$OUT/callgrind.tsv"
if [ "$CALLGRIND_INPUT" != none ] && command -v valgrind >/dev/null; then
	cg_in=$IN/plan-$CALLGRIND_INPUT.md
	for m in $CALLGRIND_MODES; do
		say "callgrind: $m on plan-$CALLGRIND_INPUT.md"
		start=$(date +%s)
		valgrind --tool=callgrind --toggle-collect=bench_iteration \
			--callgrind-out-file="$OUT/callgrind.$m.out" \
			"$BIN" --once "$m" "$cg_in" 2>"$OUT/callgrind.$m.log" || {
			say "callgrind $m failed: see $OUT/callgrind.$m.log"; continue; }
		ir=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$OUT/callgrind.$m.out")
		printf '%s\t%s\t%s\t%s\n' "$m" "$cg_in" "$ir" "$(( $(date +%s) - start ))" \
			>>"$OUT/callgrind.tsv"
	done
	# Linearity in instructions (noise-free): md4c and pp on the 1 MiB plan too.
	if [ "$CALLGRIND_INPUT" != 1m ]; then
		for m in md4c pp; do
			say "callgrind: $m on plan-1m.md (linearity)"
			valgrind --tool=callgrind --toggle-collect=bench_iteration \
				--callgrind-out-file="$OUT/callgrind.$m.1m.out" \
				"$BIN" --once "$m" "$IN/plan-1m.md" 2>"$OUT/callgrind.$m.1m.log" || continue
			ir=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$OUT/callgrind.$m.1m.out")
			printf '%s\t%s\t%s\t0\n' "$m.1m" "$IN/plan-1m.md" "$ir" >>"$OUT/callgrind.tsv"
		done
	fi
else
	say "callgrind skipped"
fi

say "report"
/usr/bin/python3 - "$OUT" "$IN" "$SIZES" <<'EOF'
import os, sys
out, inp, sizes = sys.argv[1], sys.argv[2], sys.argv[3].split()
MODES = ["md4c", "pp", "json", "cmark"]

def rows(path):
    r = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        m, f, b, n, med, mbps, rss, base = line.rstrip("\n").split("\t")
        r[(m, f)] = dict(bytes=int(b), runs=int(n), med=float(med), mbps=float(mbps),
                         rss=int(rss) * 1024, base=int(base) * 1024)
    return r

t = rows(os.path.join(out, "times.tsv"))
k = rows(os.path.join(out, "keystroke.tsv"))
cg = {}
for line in open(os.path.join(out, "callgrind.tsv")):
    m, f, ir, secs = line.rstrip("\n").split("\t")
    if ir:
        cg[m] = (f, int(ir), int(secs))

def gen(s):
    return os.path.join(inp, "plan-%s.md" % s)

print("Generated plans (MB = 10^6 bytes; ratio = time / md4c's time; RSS: whole process peak,")
print("and what the parse added above the process after reading its input)")
print()
print("| input | mode | MB/s | ratio to md4c | instr/byte | peak RSS / input | added RSS / input |")
print("|---|---|---:|---:|---:|---:|---:|")
for s in sizes:
    f = gen(s)
    base = t.get(("md4c", f))
    for m in MODES:
        r = t.get((m, f))
        if not r:
            continue
        ratio = "%.2f" % (r["med"] / base["med"]) if base else "-"
        ipb = "-"
        if m in cg and cg[m][0] == f:
            ipb = "%.1f" % (cg[m][1] / r["bytes"])
        print("| %s (%.1f MB) | %s | %.1f | %s | %s | %.2f | %.2f |" % (
            os.path.basename(f), r["bytes"] / 1e6, m, r["mbps"], ratio, ipb,
            r["rss"] / r["bytes"], (r["rss"] - r["base"]) / r["bytes"]))
print()

lin = {m[:-3]: cg.pop(m) for m in list(cg) if m.endswith(".1m")}
if cg:
    f = next(iter(cg.values()))[0]
    b = os.path.getsize(f)
    print("Instructions per input byte (callgrind, one iteration, %s, %.1f MB):" % (os.path.basename(f), b / 1e6))
    md = cg.get("md4c")
    for m in MODES:
        if m in cg:
            rel = " = %.2fx md4c" % (cg[m][1] / md[1]) if md else ""
            print("  %-6s %8.1f instr/byte%s   (callgrind took %d s)" % (m, cg[m][1] / b, rel, cg[m][2]))
    print()

corpus = sorted({f for (m, f) in t if not any(f == gen(s) for s in sizes)})
if corpus:
    tot = {m: [0, 0.0] for m in MODES}
    print("Corpus files (MB/s; ratios to md4c's time):")
    print()
    print("| file | KB | md4c MB/s | pp | json | cmark |")
    print("|---|---:|---:|---:|---:|---:|")
    for f in corpus:
        md = t.get(("md4c", f))
        cells = []
        for m in MODES:
            r = t.get((m, f))
            if r:
                tot[m][0] += r["bytes"]
                tot[m][1] += r["med"]
        for m in MODES[1:]:
            r = t.get((m, f))
            cells.append("%.2f" % (r["med"] / md["med"]) if r and md else "-")
        print("| %s | %.1f | %.1f | %s |" % (os.path.basename(f), md["bytes"] / 1e3 if md else 0,
                                             md["mbps"] if md else 0, " | ".join(cells)))
    print()
    print("Corpus as a whole (%d files, %.2f MB; MB/s = total bytes / sum of medians):" % (
        len(corpus), tot["md4c"][0] / 1e6))
    for m in MODES:
        if tot[m][1]:
            print("  %-6s %8.1f MB/s  ratio to md4c %.2f" % (
                m, tot[m][0] / tot[m][1] / 1e6, tot[m][1] / tot["md4c"][1]))
    print()

lo, hi = gen("1m"), gen("64m")
print("Linearity (time per byte at 64 MiB / at 1 MiB; target within 10%):")
for m in MODES:
    a, b = t.get((m, lo)), t.get((m, hi))
    if a and b:
        print("  %-6s %.3f  (%.2f ns/byte at 1 MiB, %.2f ns/byte at 64 MiB)" % (
            m, (b["med"] / b["bytes"]) / (a["med"] / a["bytes"]),
            a["med"] / a["bytes"] * 1e9, b["med"] / b["bytes"] * 1e9))
for m, (f1, ir1, _) in sorted(lin.items()):
    if m in cg:
        f2, ir2 = cg[m][0], cg[m][1]
        a, b = ir1 / os.path.getsize(f1), ir2 / os.path.getsize(f2)
        print("  %-6s %.3f  in instructions per byte (%.1f at 1 MiB, %.1f at %s)" % (
            m, b / a, a, b, os.path.basename(f2)))
print()
f = gen("100k")
for m in ("md4c", "pp"):
    r = k.get((m, f))
    if r:
        print("Keystroke: %s on plan-100k.md (%d bytes): median %.3f ms over %d runs" % (
            m, r["bytes"], r["med"] * 1e3, r["runs"]))
EOF
say "raw results in $OUT (times.tsv, keystroke.tsv, callgrind.*.out)"
