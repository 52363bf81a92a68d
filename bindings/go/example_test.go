package planparse_test

import (
	"fmt"
	"strings"

	"planparse"
)

func Example() {
	plan := []byte(`# Search Service Rollout

**Status:** In Progress

## Phase 1: Index (2-3 days)

- [x] T001 Define the document schema (2h)
- [ ] T002 Backfill the index @dana
`)
	doc, err := planparse.Parse(plan)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(*doc.Title, "-", *doc.Status.Value)
	for _, ph := range doc.Phases {
		fmt.Printf("%s %s: %s, %d/%d done, %g-%g hours\n", ph.Kind, ph.Number, *ph.Title,
			ph.Progress.Done, ph.Progress.Total, *ph.Estimate.MinHours, *ph.Estimate.MaxHours)
		for _, i := range ph.Tasks {
			t := doc.Tasks[i]
			fmt.Printf("  [%s] %s %s\n", t.State, *t.ID, *t.Title)
		}
	}
	// Output:
	// Search Service Rollout - in_progress
	// phase 1: Index, 1/2 done, 16-24 hours
	//   [done] T001 Define the document schema
	//   [todo] T002 Backfill the index @dana
}

func ExampleDocument_Graph() {
	doc, err := planparse.Parse([]byte(`# Release

## Phase 1: Build (2d)

- [x] T001 Write the parser (4h)
- [ ] T002 Write the CLI (depends on T001) (6h)
- [ ] T003 Package it (depends on T002) (2h)
- [ ] T004 Clear the licence (blocked by #12)

## Phase 2: Ship

Phase 1 must be complete.

- [ ] T005 Publish (1h)
- [ ] T006 Announce (depends on T007)
- [ ] T007 Write the notes (depends on T006)
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	g, err := doc.Graph()
	if err != nil {
		fmt.Println(err)
		return
	}
	name := func(nodes []int) []string {
		out := []string{}
		for _, i := range nodes {
			out = append(out, g.Nodes[i].Name)
		}
		return out
	}
	for _, n := range g.Nodes {
		fmt.Printf("%-8s done=%-5v needs %v\n", n.Name, n.Done, name(n.Prereqs))
	}
	fmt.Println("order:", name(g.Order))
	for _, c := range g.Cycles {
		fmt.Println("cycle:", name(c))
	}
	for _, i := range g.Ready {
		fmt.Println("ready:", *doc.Tasks[i].ID)
	}
	fmt.Printf("critical path: %s (%gh)\n", strings.Join(name(g.CriticalPath), " -> "), g.CriticalHours)
	// Output:
	// phase:1  done=false needs []
	// T001     done=true  needs []
	// T002     done=false needs [T001]
	// T003     done=false needs [T002]
	// T004     done=false needs [#12]
	// phase:2  done=false needs [phase:1]
	// T005     done=false needs []
	// T006     done=false needs [T007]
	// T007     done=false needs [T006]
	// #12      done=false needs []
	// order: [phase:1 T001 T005 #12 phase:2 T002 T004 T003]
	// cycle: [T006 T007]
	// ready: T002
	// critical path: phase:1 -> phase:2 (17h)
}
