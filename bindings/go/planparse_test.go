package planparse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// Environment: PLANPARSE_CLI, the planparse command whose JSON is the
// reference; PLANPARSE_CORPUS (default ../../../shared/corpus).

func marshal(t *testing.T, d *Document) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the C writer leaves <>& alone
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes() // with a final newline, as the CLI prints
}

// normalise rounds numbers to the C writer's six decimals.
func normalise(v any) any {
	switch x := v.(type) {
	case float64:
		return math.Round(x*1e6) / 1e6
	case []any:
		for i := range x {
			x[i] = normalise(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = normalise(x[k])
		}
	}
	return v
}

func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(normalise(x), normalise(y))
}

func plans(t *testing.T) []string {
	files, _ := filepath.Glob("../../tests/fixtures/*.md")
	corpus := os.Getenv("PLANPARSE_CORPUS")
	if corpus == "" {
		corpus = "../../../shared/corpus"
	}
	for _, dir := range []string{"seeds", "real"} {
		more, _ := filepath.Glob(filepath.Join(corpus, dir, "*.md"))
		files = append(files, more...)
	}
	if len(files) < 2 {
		t.Fatal("no fixtures found")
	}
	return files
}

// runCLI: what `planparse ARGS... FILE` prints, run next to the file.
func runCLI(t *testing.T, cli, file string, args ...string) []byte {
	dir, name := filepath.Split(file)
	cmd := exec.Command(cli, append(args, name)...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: planparse %v: %v", file, args, err)
	}
	return out
}

// TestJSONMatchesCLI: json.Marshal(Document) against `planparse json FILE`
// for every fixture and corpus file: byte for byte where possible, else
// as decoded JSON (Go escapes U+2028/2029, not U+007F, and prints
// floats with more digits).
func TestJSONMatchesCLI(t *testing.T) {
	cli := os.Getenv("PLANPARSE_CLI")
	if cli == "" {
		t.Skip("PLANPARSE_CLI not set")
	}
	exact, equal, differ := 0, 0, 0
	for _, file := range plans(t) {
		want := runCLI(t, cli, file, "json")
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := ParseOptions(data, Options{Path: filepath.Base(file)})
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		got := marshal(t, doc)
		switch {
		case bytes.Equal(got, want):
			exact++
		case sameJSON(got, want):
			equal++
		default:
			differ++
			t.Errorf("%s: JSON differs from planparse json", file)
		}
	}
	fmt.Printf("go: %d files: %d byte-identical, %d equal as JSON, %d differ\n",
		exact+equal+differ, exact, equal, differ)
}

func TestBadInput(t *testing.T) {
	doc, err := Parse([]byte("# T\xff\xfetitle\n\n- [ ] T001 a\x00b\n"))
	if err != nil || len(doc.Tasks) != 1 || len(doc.Diagnostics) == 0 ||
		doc.Diagnostics[0].Code != "invalid-utf8" {
		t.Fatalf("invalid UTF-8: %v %+v", err, doc)
	}
	rng := rand.New(rand.NewSource(4))
	for _, size := range []int{0, 1, 100, 10000, 200000} {
		data := make([]byte, size)
		rng.Read(data)
		if doc, err := Parse(data); err != nil || doc.Source.Bytes != size {
			t.Fatalf("binary input of %d bytes: %v", size, err)
		}
	}
	_, err = ParseOptions([]byte("0123456789abc"), Options{MaxInput: 10})
	var e *Error
	if !errors.Is(err, ErrLimit) || !errors.As(err, &e) || e.Message == "" {
		t.Fatalf("over max_input: %v", err)
	}
	if _, err := ParseOptions(nil, Options{Path: "a\x00b"}); err == nil {
		t.Fatal("a NUL in the path should fail")
	}
}

func TestSafeAfterFree(t *testing.T) {
	doc, err := Parse([]byte("# P\n\n## Phase 1: A\n\n- [x] T001 Write it (2h)\n"))
	if err != nil {
		t.Fatal(err)
	}
	task := &doc.Tasks[0]
	for i := 0; i < 50; i++ { // reuse the freed C memory
		Parse([]byte("# Q\n\n- [ ] X-1 other text\n"))
		runtime.GC()
	}
	if *task.ID != "T001" || *task.Title != "Write it" || *task.Estimate.MinHours != 2 ||
		doc.Phases[0].Progress.Done != 1 {
		t.Fatalf("task changed after free: %+v", task)
	}
}

func TestOptions(t *testing.T) {
	plan := []byte("## Tasks\n\n- [ ] T001 Port it (2d)\n")
	doc, _ := Parse(plan)
	doc6, _ := ParseOptions(plan, Options{HoursPerDay: 6})
	if *doc.Tasks[0].Estimate.MinHours != 16 || *doc6.Tasks[0].Estimate.MinHours != 12 {
		t.Fatal("hours per day not applied")
	}
	if LibraryVersion() == "" {
		t.Fatal("no version")
	}
}

func TestSetStateAndMeta(t *testing.T) {
	text := "# Plan\n\n**Status:** Draft\n\n## Phase 1: Build\n\n- [ ] T001 Write it\n- [ ] T002 Ship it\n"
	d, err := Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.SetState(&d.Tasks[0], "done")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(text, "- [ ] T001", "- [x] T001", 1)
	if got != want {
		t.Errorf("SetState by task:\n%q\nwant\n%q", got, want)
	}
	if got, err = d.SetState("T002", "cancelled"); err != nil || !strings.Contains(got, "- [-] T002") {
		t.Errorf("SetState by ID: %q, %v", got, err)
	}
	if got, err = d.SetMeta(nil, "Status", "In Progress"); err != nil ||
		!strings.Contains(got, "**Status:** In Progress") {
		t.Errorf("SetMeta: %q, %v", got, err)
	}
	if _, err = d.SetState("T999", "done"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown target: %v, want ErrNotFound", err)
	}
}

// graphOf parses text, builds its graph and checks the invariants.
func graphOf(t *testing.T, text string, opts Options) *Graph {
	t.Helper()
	d, err := ParseOptions([]byte(text), opts)
	if err != nil {
		t.Fatal(err)
	}
	g, err := d.Graph()
	if err != nil {
		t.Fatal(err)
	}
	if err := graphInvariants(d, g); err != nil {
		t.Fatal(err)
	}
	return g
}

// names of the nodes at indices; all of them for nil.
func names(g *Graph, nodes []int) []string {
	if nodes == nil {
		for i := range g.Nodes {
			nodes = append(nodes, i)
		}
	}
	out := []string{}
	for _, i := range nodes {
		out = append(out, g.Nodes[i].Name)
	}
	return out
}

func intp(i int) *int { return &i }

// graphInvariants: what holds for the graph of any document
// (docs/format.md section 7).
func graphInvariants(d *Document, g *Graph) error {
	onCycle := map[int]bool{}
	for _, c := range g.Cycles {
		for _, n := range c {
			if onCycle[n] {
				return fmt.Errorf("node %d on two cycles", n)
			}
			onCycle[n] = true
		}
	}
	position := map[int]int{}
	for k, n := range g.Order {
		if onCycle[n] {
			return fmt.Errorf("%s is on a cycle and in the order", g.Nodes[n].Name)
		}
		for _, p := range g.Nodes[n].Prereqs {
			if at, ok := position[p]; !ok || at >= k {
				return fmt.Errorf("%s comes before its prerequisite %s", g.Nodes[n].Name, g.Nodes[p].Name)
			}
		}
		position[n] = k
	}
	for k, n := range g.CriticalPath {
		if onCycle[n] {
			return fmt.Errorf("%s is on a cycle and on the critical path", g.Nodes[n].Name)
		}
		if k > 0 && !contains(g.Nodes[n].Prereqs, g.CriticalPath[k-1]) {
			return fmt.Errorf("critical path %v: %d does not depend on %d", g.CriticalPath, n, g.CriticalPath[k-1])
		}
	}
	for k, i := range g.Ready {
		if s := d.Tasks[i].State; s == "done" || s == "cancelled" || (k > 0 && i <= g.Ready[k-1]) {
			return fmt.Errorf("ready %v: task %d is %s or out of order", g.Ready, i, s)
		}
	}
	for _, n := range g.Nodes {
		if n.Task == nil && n.Phase == nil && n.Done {
			return fmt.Errorf("unresolved target %s is done", n.Name)
		}
	}
	return nil
}

func contains(list []int, x int) bool {
	for _, v := range list {
		if v == x {
			return true
		}
	}
	return false
}

func TestGraphChain(t *testing.T) {
	g := graphOf(t, "# Chain\n\n## Phase 1: Build\n\n"+
		"- [x] T001 Define the schema (2h)\n"+
		"- [ ] T002 Backfill the index (depends on T001) (3h)\n"+
		"- [ ] T003 Switch reads (depends on T002) (1h)\n"+
		"- [ ] T004 Write the docs\n", Options{})
	want := GraphNode{Name: "T002", Task: intp(1), Prereqs: []int{1}}
	if !reflect.DeepEqual(g.Nodes[2], want) || !g.Nodes[1].Done {
		t.Errorf("nodes: %+v", g.Nodes)
	}
	// free nodes in document order: T004 before T002, which waits for T001
	if got := names(g, g.Order); !reflect.DeepEqual(got, []string{"phase:1", "T001", "T004", "T002", "T003"}) {
		t.Errorf("order %v", got)
	}
	if got := names(g, g.CriticalPath); !reflect.DeepEqual(got, []string{"T001", "T002", "T003"}) || g.CriticalHours != 6 {
		t.Errorf("critical path %v, %g h", got, g.CriticalHours)
	}
	if !reflect.DeepEqual(g.Ready, []int{1, 3}) || len(g.Cycles) != 0 {
		t.Errorf("ready %v, cycles %v", g.Ready, g.Cycles)
	}
}

func TestGraphCycle(t *testing.T) {
	g := graphOf(t, "- [ ] T001 One (depends on T002)\n- [ ] T002 Two (depends on T001)\n"+
		"- [ ] T003 Three (depends on T002)\n- [ ] T004 Four\n", Options{})
	if !reflect.DeepEqual(g.Cycles, [][]int{{0, 1}}) {
		t.Errorf("cycles %v", g.Cycles)
	}
	// T003 waits on the cycle
	if got := names(g, g.Order); !reflect.DeepEqual(got, []string{"T004"}) || !reflect.DeepEqual(g.Ready, []int{3}) {
		t.Errorf("order %v, ready %v", got, g.Ready)
	}
}

func TestGraphUnresolved(t *testing.T) {
	g := graphOf(t, "- [x] T001 Done already\n"+
		"- [ ] T002 Wait for the vendor (blocked by #12)\n"+
		"- [ ] T003 Free (depends on T001)\n", Options{})
	if want := (GraphNode{Name: "#12", Prereqs: []int{}}); !reflect.DeepEqual(g.Nodes[3], want) {
		t.Errorf("unresolved node %+v", g.Nodes[3])
	}
	if !reflect.DeepEqual(g.Nodes[1].Prereqs, []int{3}) || !reflect.DeepEqual(g.Ready, []int{2}) {
		t.Errorf("T002 prereqs %v, ready %v", g.Nodes[1].Prereqs, g.Ready)
	}
}

func TestGraphPhases(t *testing.T) {
	plan := "# Phases\n\n## Phase 1: Setup (1d)\n\n- [x] T001 Create the repo\n" +
		"- [ ] T002 Add CI\n\n## Phase 2: Build\n\nPhase 1 must be complete.\n\n" +
		"- [ ] T003 Write the code (4h)\n"
	g := graphOf(t, plan, Options{})
	if got := names(g, nil); !reflect.DeepEqual(got, []string{"phase:1", "T001", "T002", "phase:2", "T003"}) {
		t.Errorf("nodes %v", got)
	}
	if want := (GraphNode{Name: "phase:2", Phase: intp(1), Prereqs: []int{0}}); !reflect.DeepEqual(g.Nodes[3], want) {
		t.Errorf("phase 2 %+v", g.Nodes[3])
	}
	// T003 waits for phase 1, which waits for T002; phase 1 weighs its 1d,
	// phase 2 the 4h of its tasks
	if !reflect.DeepEqual(g.Ready, []int{1}) || !reflect.DeepEqual(g.CriticalPath, []int{0, 3}) || g.CriticalHours != 12 {
		t.Errorf("ready %v, critical path %v, %g h", g.Ready, g.CriticalPath, g.CriticalHours)
	}
	g = graphOf(t, strings.Replace(plan, "- [ ] T002", "- [x] T002", 1), Options{})
	if !g.Nodes[0].Done || !reflect.DeepEqual(g.Ready, []int{2}) {
		t.Errorf("phase 1 done: %+v, ready %v", g.Nodes[0], g.Ready)
	}
}

func TestGraphReady(t *testing.T) {
	g := graphOf(t, "- [x] T001 Done\n- [-] T002 Cancelled\n- [/] T003 Started\n"+
		"- [ ] T004 After the cancelled one (depends on T002)\n"+
		"- [ ] T005 After the started one (depends on T003)\n"+
		"- [ ] T006 After both (depends on T001, T002)\n"+
		"- [ ] A task with no ID\n", Options{})
	// cancelled counts as finished
	if !reflect.DeepEqual(g.Ready, []int{2, 3, 5, 6}) || g.Nodes[6].Name != "task:6" || *g.Nodes[6].Task != 6 {
		t.Errorf("ready %v, nodes %v", g.Ready, names(g, nil))
	}
}

func TestGraphOptionsAndEmpty(t *testing.T) {
	plan := "- [ ] T001 Port it (1d)\n- [ ] T002 Ship it (depends on T001) (2h)\n"
	g8 := graphOf(t, plan, Options{})
	g6 := graphOf(t, plan, Options{HoursPerDay: 6})
	if g8.CriticalHours != 10 || g6.CriticalHours != 8 {
		t.Errorf("critical hours %g, with 6 h a day %g", g8.CriticalHours, g6.CriticalHours)
	}
	g := graphOf(t, "", Options{})
	if want := (&Graph{Nodes: []GraphNode{}, Order: []int{}, Cycles: [][]int{}, Ready: []int{},
		CriticalPath: []int{}}); !reflect.DeepEqual(g, want) {
		t.Errorf("empty: %+v", g)
	}
}

// hours as `planparse show` writes them: "12", "1.5".
func hours(h float64) string {
	return strings.TrimSuffix(strings.TrimRight(strconv.FormatFloat(h, 'f', 2, 64), "0"), ".")
}

// criticalLine: the line `planparse show` prints for the critical path
// (cli/show.c), "" for a plan without dependencies, which has none.
func criticalLine(d *Document, g *Graph) string {
	if len(d.Dependencies) == 0 {
		return ""
	}
	line := "Critical path: " + strings.Join(names(g, g.CriticalPath), " → ")
	if g.CriticalHours > 0 {
		line += " · " + hours(g.CriticalHours) + "h"
	}
	if len(g.Cycles) > 0 {
		line += " (tasks on dependency cycles left out: planparse lint names them)"
	}
	return line
}

// TestGraphMatchesCLI: for every fixture and corpus file, the ready tasks
// are those of `planparse next --format=json` and the critical path the one
// `planparse show` prints; the invariants hold.
func TestGraphMatchesCLI(t *testing.T) {
	cli := os.Getenv("PLANPARSE_CLI")
	if cli == "" {
		t.Skip("PLANPARSE_CLI not set")
	}
	files := plans(t)
	for _, file := range files {
		d, err := ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		g, err := d.Graph()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if err := graphInvariants(d, g); err != nil {
			t.Errorf("%s: %v", file, err)
		}
		var next []struct{ Task int }
		if err := json.Unmarshal(runCLI(t, cli, file, "next", "--format=json"), &next); err != nil {
			t.Fatal(err)
		}
		ready := []int{}
		for _, task := range next {
			ready = append(ready, task.Task)
		}
		if !reflect.DeepEqual(g.Ready, ready) {
			t.Errorf("%s: ready %v, planparse next %v", file, g.Ready, ready)
		}
		shown := ""
		for _, line := range strings.Split(string(runCLI(t, cli, file, "show", "--width=10000")), "\n") {
			if strings.HasPrefix(line, "Critical path") {
				shown = line
			}
		}
		if want := criticalLine(d, g); shown != want {
			t.Errorf("%s: critical path\n  show: %q\n  go:   %q", file, shown, want)
		}
	}
	fmt.Printf("go: graphs of %d files checked against planparse next and show\n", len(files))
}
