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
		dir, name := filepath.Split(file)
		cmd := exec.Command(cli, "json", name)
		cmd.Dir = dir
		want, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := ParseOptions(data, Options{Path: name})
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
