package planparse_test

import (
	"fmt"

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
