package planparse

// Copying a C document into Go values, through the public accessors only.
// Each kind has one function, its fields in the order of lib/node.c.

/*
#include <planparse.h>
*/
import "C"

import "math"

type node = *C.pp_node

const ppNull = math.MinInt64 // PP_NULL

func str(n node, f C.pp_field) string { return C.GoString(C.pp_node_str(n, f, nil)) }

func optStr(n node, f C.pp_field) *string {
	p := C.pp_node_str(n, f, nil)
	if p == nil {
		return nil
	}
	s := C.GoString(p)
	return &s
}

func integer(n node, f C.pp_field) int { return int(C.pp_node_int(n, f)) }

func optInt(n node, f C.pp_field) *int { return nullable(C.pp_node_int(n, f)) }

// nullable: nil for PP_NULL, else the value (a field's or the graph's).
func nullable(v C.int64_t) *int {
	if v == ppNull {
		return nil
	}
	i := int(v)
	return &i
}

func boolean(n node, f C.pp_field) bool { return C.pp_node_int(n, f) == 1 }

func optNum(n node, f C.pp_field) *float64 {
	v := float64(C.pp_node_num(n, f))
	if math.IsNaN(v) {
		return nil
	}
	return &v
}

func strs(n node, f C.pp_field) []string {
	out := make([]string, int(C.pp_node_list_count(n, f)))
	for i := range out {
		out[i] = C.GoString(C.pp_node_list_str(n, f, C.size_t(i), nil))
	}
	return out
}

func ints(n node, f C.pp_field) []int {
	out := make([]int, int(C.pp_node_list_count(n, f)))
	for i := range out {
		out[i] = int(C.pp_node_list_int(n, f, C.size_t(i)))
	}
	return out
}

// nodes copies a document list (pp_doc_get) with one kind's function.
func nodes[T any](doc *C.pp_doc, k C.pp_kind, copy func(node) T) []T {
	out := make([]T, int(C.pp_doc_count(doc, k)))
	for i := range out {
		out[i] = copy(C.pp_doc_get(doc, k, C.size_t(i)))
	}
	return out
}

// child copies an optional child node.
func child[T any](n node, f C.pp_field, copy func(node) T) *T {
	c := C.pp_node_child(n, f)
	if c == nil {
		return nil
	}
	v := copy(c)
	return &v
}

func copyDocument(doc *C.pp_doc) *Document {
	root := C.pp_doc_root(doc)
	return &Document{
		Schema:       "planparse/1",
		Title:        optStr(root, C.PP_F_TITLE),
		Status:       child(root, C.PP_F_STATUS, copyStatus),
		Meta:         nodes(doc, C.PP_META, copyMeta),
		Sections:     nodes(doc, C.PP_SECTION, copySection),
		Phases:       nodes(doc, C.PP_PHASE, copyPhase),
		Tasks:        nodes(doc, C.PP_TASK, copyTask),
		Checkboxes:   nodes(doc, C.PP_CHECKBOX, copyCheckbox),
		Risks:        nodes(doc, C.PP_RISK, copyRisk),
		Tables:       nodes(doc, C.PP_TABLE, copyTable),
		Dependencies: nodes(doc, C.PP_DEPENDENCY, copyDependency),
		Progress:     copyProgress(C.pp_node_child(root, C.PP_F_PROGRESS)),
		Diagnostics:  nodes(doc, C.PP_DIAGNOSTIC, copyDiagnostic),
	}
}

func copyStatus(n node) Status {
	return Status{str(n, C.PP_F_RAW), optStr(n, C.PP_F_VALUE), strs(n, C.PP_F_OPTIONS),
		boolean(n, C.PP_F_PLACEHOLDER), integer(n, C.PP_F_LINE)}
}

func copyEstimate(n node) Estimate {
	return Estimate{optStr(n, C.PP_F_RAW), optNum(n, C.PP_F_MIN_HOURS),
		optNum(n, C.PP_F_MAX_HOURS), optNum(n, C.PP_F_POINTS), boolean(n, C.PP_F_PLACEHOLDER)}
}

func copyLevel(n node) Level {
	return Level{str(n, C.PP_F_RAW), optStr(n, C.PP_F_LEVEL), optNum(n, C.PP_F_SCORE),
		boolean(n, C.PP_F_PLACEHOLDER)}
}

func copyProgress(n node) Progress {
	return Progress{integer(n, C.PP_F_DONE), integer(n, C.PP_F_TOTAL),
		integer(n, C.PP_F_CANCELLED), integer(n, C.PP_F_IN_PROGRESS), optInt(n, C.PP_F_PERCENT)}
}

func copyMeta(n node) Meta {
	return Meta{str(n, C.PP_F_KEY), str(n, C.PP_F_NAME), optStr(n, C.PP_F_VALUE),
		strs(n, C.PP_F_OPTIONS), boolean(n, C.PP_F_PLACEHOLDER), optInt(n, C.PP_F_SCOPE),
		integer(n, C.PP_F_LINE), integer(n, C.PP_F_COLUMN), integer(n, C.PP_F_OFFSET),
		integer(n, C.PP_F_END)}
}

func copySection(n node) Section {
	return Section{integer(n, C.PP_F_LEVEL), str(n, C.PP_F_TEXT), integer(n, C.PP_F_LINE)}
}

func copyPhase(n node) Phase {
	return Phase{integer(n, C.PP_F_INDEX), str(n, C.PP_F_KIND), str(n, C.PP_F_NUMBER),
		optInt(n, C.PP_F_ORDINAL), optStr(n, C.PP_F_TITLE), str(n, C.PP_F_HEADING),
		integer(n, C.PP_F_LEVEL), integer(n, C.PP_F_LINE), integer(n, C.PP_F_COLUMN),
		integer(n, C.PP_F_OFFSET), integer(n, C.PP_F_END), optInt(n, C.PP_F_PARENT),
		child(n, C.PP_F_STATUS, copyStatus), child(n, C.PP_F_ESTIMATE, copyEstimate),
		child(n, C.PP_F_TASK_ESTIMATE, copyEstimate), ints(n, C.PP_F_TASKS),
		copyProgress(C.pp_node_child(n, C.PP_F_PROGRESS))}
}

func copyTask(n node) Task {
	attrs := make([]Meta, int(C.pp_node_list_count(n, C.PP_F_ATTRS)))
	for i := range attrs {
		attrs[i] = copyMeta(C.pp_node_list_node(n, C.PP_F_ATTRS, C.size_t(i)))
	}
	return Task{integer(n, C.PP_F_INDEX), optStr(n, C.PP_F_ID), str(n, C.PP_F_TEXT),
		optStr(n, C.PP_F_TITLE), str(n, C.PP_F_STATE), optInt(n, C.PP_F_MARK_OFFSET),
		boolean(n, C.PP_F_PARALLEL), strs(n, C.PP_F_TAGS), optStr(n, C.PP_F_PRIORITY),
		child(n, C.PP_F_ESTIMATE, copyEstimate), optStr(n, C.PP_F_OWNER),
		strs(n, C.PP_F_DEPENDS_ON), attrs, optInt(n, C.PP_F_PARENT), optInt(n, C.PP_F_PHASE),
		integer(n, C.PP_F_LINE), integer(n, C.PP_F_COLUMN), integer(n, C.PP_F_OFFSET),
		integer(n, C.PP_F_END), str(n, C.PP_F_SOURCE)}
}

func copyCheckbox(n node) Checkbox {
	return Checkbox{integer(n, C.PP_F_INDEX), str(n, C.PP_F_STATE), str(n, C.PP_F_MARK),
		integer(n, C.PP_F_MARK_OFFSET), str(n, C.PP_F_TEXT), str(n, C.PP_F_ROLE),
		optStr(n, C.PP_F_SECTION), optInt(n, C.PP_F_PHASE), optInt(n, C.PP_F_TASK),
		integer(n, C.PP_F_LINE), integer(n, C.PP_F_COLUMN), integer(n, C.PP_F_OFFSET),
		integer(n, C.PP_F_END)}
}

func copyRisk(n node) Risk {
	return Risk{str(n, C.PP_F_RISK), child(n, C.PP_F_PROBABILITY, copyLevel),
		child(n, C.PP_F_IMPACT, copyLevel), optStr(n, C.PP_F_MITIGATION),
		optStr(n, C.PP_F_OWNER), optStr(n, C.PP_F_STATUS), optStr(n, C.PP_F_ID),
		strs(n, C.PP_F_CELLS), optInt(n, C.PP_F_TABLE), integer(n, C.PP_F_LINE)}
}

func copyTable(n node) Table {
	rows := make([][]string, int(C.pp_node_list_count(n, C.PP_F_ROWS)))
	for i := range rows {
		rows[i] = strs(C.pp_node_list_node(n, C.PP_F_ROWS, C.size_t(i)), C.PP_F_CELLS)
	}
	return Table{strs(n, C.PP_F_HEADER), rows, str(n, C.PP_F_ROLE), integer(n, C.PP_F_LINE)}
}

func copyDependency(n node) Dependency {
	return Dependency{str(n, C.PP_F_FROM), str(n, C.PP_F_TO), str(n, C.PP_F_SOURCE),
		integer(n, C.PP_F_LINE), boolean(n, C.PP_F_RESOLVED)}
}

func copyDiagnostic(n node) Diagnostic {
	return Diagnostic{str(n, C.PP_F_CODE), str(n, C.PP_F_SEVERITY), str(n, C.PP_F_MESSAGE),
		integer(n, C.PP_F_LINE), integer(n, C.PP_F_COLUMN), integer(n, C.PP_F_OFFSET)}
}
