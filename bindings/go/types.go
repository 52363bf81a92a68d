package planparse

// The plan as Go values, one struct per kind of node.  Fields follow the
// JSON of docs/format.md in the same order, and their json tags reproduce
// it: json.Marshal of a Document is the JSON of `planparse json` (see
// docs/go.md for the two ways the bytes can differ).  A pointer is nil for
// a JSON null; lists are never nil.

// Document is a parsed plan.  It holds only Go memory.
type Document struct {
	Schema       string       `json:"schema"` // "planparse/1"
	Source       Source       `json:"source"`
	Title        *string      `json:"title"`
	Status       *Status      `json:"status"`
	Meta         []Meta       `json:"meta"`
	Sections     []Section    `json:"sections"`
	Phases       []Phase      `json:"phases"`
	Tasks        []Task       `json:"tasks"`
	Checkboxes   []Checkbox   `json:"checkboxes"`
	Risks        []Risk       `json:"risks"`
	Tables       []Table      `json:"tables"`
	Dependencies []Dependency `json:"dependencies"`
	Progress     Progress     `json:"progress"`
	Diagnostics  []Diagnostic `json:"diagnostics"`

	text []byte  // the parsed bytes, for SetState and SetMeta
	opts Options // the options they were parsed with
}

// Source describes the input: its name (Options.Path), size and lines.
type Source struct {
	Path  *string `json:"path"`
	Bytes int     `json:"bytes"`
	Lines int     `json:"lines"`
}

// Status is a status value of the document, a phase or a meta entry.
type Status struct {
	Raw         string   `json:"raw"`
	Value       *string  `json:"value"` // done, in_progress, todo, ...; nil for a template
	Options     []string `json:"options"`
	Placeholder bool     `json:"placeholder"`
	Line        int      `json:"line"`
}

// Estimate is an effort estimate; hours are nil when not in time units.
type Estimate struct {
	Raw         *string  `json:"raw"`
	MinHours    *float64 `json:"min_hours"`
	MaxHours    *float64 `json:"max_hours"`
	Points      *float64 `json:"points"`
	Placeholder bool     `json:"placeholder"`
}

// Level is a risk probability or impact.
type Level struct {
	Raw         string   `json:"raw"`
	Level       *string  `json:"level"` // low, medium, high, critical
	Score       *float64 `json:"score"`
	Placeholder bool     `json:"placeholder"`
}

// Progress counts checkboxes; Percent is nil when Total is 0.
type Progress struct {
	Done       int  `json:"done"`
	Total      int  `json:"total"`
	Cancelled  int  `json:"cancelled"`
	InProgress int  `json:"in_progress"`
	Percent    *int `json:"percent"`
}

// Meta is a status header (key/value), or an attribute of a task.
type Meta struct {
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	Value       *string  `json:"value"`
	Options     []string `json:"options"`
	Placeholder bool     `json:"placeholder"`
	Scope       *int     `json:"scope"` // phase index; nil for the document
	Line        int      `json:"line"`
	Column      int      `json:"column"`
	Offset      int      `json:"offset"`
	End         int      `json:"end"`
}

// Section is a heading.
type Section struct {
	Level int    `json:"level"`
	Text  string `json:"text"`
	Line  int    `json:"line"`
}

// Phase is a phase, stage, milestone, sprint... heading.
type Phase struct {
	Index        int       `json:"index"`
	Kind         string    `json:"kind"`
	Number       string    `json:"number"`
	Ordinal      *int      `json:"ordinal"`
	Title        *string   `json:"title"`
	Heading      string    `json:"heading"`
	Level        int       `json:"level"`
	Line         int       `json:"line"`
	Column       int       `json:"column"`
	Offset       int       `json:"offset"`
	End          int       `json:"end"`
	Parent       *int      `json:"parent"`
	Status       *Status   `json:"status"`
	Estimate     *Estimate `json:"estimate"`
	TaskEstimate *Estimate `json:"task_estimate"`
	Tasks        []int     `json:"tasks"` // indices into Document.Tasks
	Progress     Progress  `json:"progress"`
}

// Task is a unit of work, from a list item or a table row.
type Task struct {
	Index      int       `json:"index"`
	ID         *string   `json:"id"`
	Text       string    `json:"text"`
	Title      *string   `json:"title"`
	State      string    `json:"state"`
	MarkOffset *int      `json:"mark_offset"`
	Parallel   bool      `json:"parallel"`
	Tags       []string  `json:"tags"`
	Priority   *string   `json:"priority"`
	Estimate   *Estimate `json:"estimate"`
	Owner      *string   `json:"owner"`
	DependsOn  []string  `json:"depends_on"`
	Attrs      []Meta    `json:"attrs"`
	Parent     *int      `json:"parent"`
	Phase      *int      `json:"phase"`
	Line       int       `json:"line"`
	Column     int       `json:"column"`
	Offset     int       `json:"offset"`
	End        int       `json:"end"`
	Source     string    `json:"source"` // "list" or "table"
}

// Checkbox is a list item with a task mark.
type Checkbox struct {
	Index      int     `json:"index"`
	State      string  `json:"state"`
	Mark       string  `json:"mark"`
	MarkOffset int     `json:"mark_offset"`
	Text       string  `json:"text"`
	Role       string  `json:"role"` // "task" or "criteria"
	Section    *string `json:"section"`
	Phase      *int    `json:"phase"`
	Task       *int    `json:"task"`
	Line       int     `json:"line"`
	Column     int     `json:"column"`
	Offset     int     `json:"offset"`
	End        int     `json:"end"`
}

// Risk is a row of a risk table or an item of a risk list.
type Risk struct {
	Risk        string   `json:"risk"`
	Probability *Level   `json:"probability"`
	Impact      *Level   `json:"impact"`
	Mitigation  *string  `json:"mitigation"`
	Owner       *string  `json:"owner"`
	Status      *string  `json:"status"`
	ID          *string  `json:"id"`
	Cells       []string `json:"cells"`
	Table       *int     `json:"table"`
	Line        int      `json:"line"`
}

// Table is a table; each row is its cells as text.
type Table struct {
	Header []string   `json:"header"`
	Rows   [][]string `json:"rows"`
	Role   string     `json:"role"`
	Line   int        `json:"line"`
}

// Dependency is an edge: From depends on To.
type Dependency struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Source   string `json:"source"`
	Line     int    `json:"line"`
	Resolved bool   `json:"resolved"`
}

// Diagnostic is a problem found in the document.
type Diagnostic struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Offset   int    `json:"offset"`
}

// Graph is the dependency graph of a document (docs/format.md section 7),
// from Document.Graph.  Every list holds indices into Nodes, except Ready,
// which indexes Document.Tasks.
type Graph struct {
	Nodes         []GraphNode `json:"nodes"`
	Order         []int       `json:"order"`         // prerequisites first; no cycle or what waits on one
	Cycles        [][]int     `json:"cycles"`        // each once, members in document order
	Ready         []int       `json:"ready"`         // tasks ready to start, in plan order
	CriticalPath  []int       `json:"critical_path"` // first prerequisite first
	CriticalHours float64     `json:"critical_hours"`
}

// GraphNode is a task ID, a task without one ("task:7"), a phase
// ("phase:2") or a target that names nothing in the document.
type GraphNode struct {
	Name    string `json:"name"`
	Task    *int   `json:"task"`  // the first task it stands for; nil for none
	Phase   *int   `json:"phase"` // the first phase it stands for; nil for none
	Done    bool   `json:"done"`  // never for an unresolved target
	Prereqs []int  `json:"prereqs"`
}
