// Command bench is the Go side of bench/bindings.sh: it times
// planparse.Parse (which copies the whole document into Go values and
// frees the C one) plus a walk that reads every field of every task.
//
//	go run ./bench FILE [RUNS]
package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"

	"planparse"
)

func walk(t *planparse.Task) int {
	n := t.Index + len(t.Text) + len(t.State) + len(t.Source) + len(t.Tags) +
		len(t.DependsOn) + len(t.Attrs) + t.Line + t.Column + t.Offset + t.End
	for _, s := range []*string{t.ID, t.Title, t.Priority, t.Owner} {
		if s != nil {
			n += len(*s)
		}
	}
	for _, i := range []*int{t.MarkOffset, t.Parent, t.Phase} {
		if i != nil {
			n += *i
		}
	}
	if t.Parallel {
		n++
	}
	if t.Estimate != nil && t.Estimate.MinHours != nil {
		n += int(*t.Estimate.MinHours)
	}
	return n
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: bench FILE [RUNS]")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	runs := 10
	if len(os.Args) > 2 {
		runs, _ = strconv.Atoi(os.Args[2])
	}
	ms := make([]float64, runs)
	tasks, sum := 0, 0
	for r := range ms {
		t0 := time.Now()
		doc, err := planparse.Parse(data)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for i := range doc.Tasks {
			sum += walk(&doc.Tasks[i])
		}
		tasks = len(doc.Tasks)
		ms[r] = float64(time.Since(t0).Microseconds()) / 1e3
	}
	sort.Float64s(ms)
	fmt.Printf("go: best %.1f ms, median %.1f ms (%d runs, %d tasks)\n",
		ms[0], ms[runs/2], runs, tasks)
	if sum == -1 { // keeps the walk from being optimised out
		fmt.Println(sum)
	}
}
