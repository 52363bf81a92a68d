package planparse

/*
#include <planparse.h>
*/
import "C"

// The dependency graph.  As for the edits, a Document holds no C memory:
// Graph parses the document's bytes again, lets pp_graph_new compute
// everything at once and copies each answer into Go values before the
// graph and the C document are freed.

// Graph returns the document's dependency graph: its nodes with their
// prerequisites, the topological order, the cycles, the tasks ready to
// start and the critical path.  The error is an *Error (ErrNoMem).
func (d *Document) Graph() (*Graph, error) {
	doc, err := parseC(d.text, d.opts)
	if err != nil {
		return nil, err
	}
	defer C.pp_doc_free(doc)
	var g *C.pp_graph
	if rc := C.pp_graph_new(&g, doc); rc < 0 {
		return nil, cError(rc)
	}
	defer C.pp_graph_free(g) // before the document: it points at its strings
	return copyGraph(g), nil
}

func copyGraph(g *C.pp_graph) *Graph {
	out := &Graph{
		Nodes: make([]GraphNode, int(C.pp_graph_node_count(g))),
		Order: indices(C.pp_graph_order_count(g), func(i C.size_t) C.int64_t {
			return C.pp_graph_order_node(g, i)
		}),
		Cycles: make([][]int, int(C.pp_graph_cycle_count(g))),
		Ready: indices(C.pp_graph_ready_count(g), func(i C.size_t) C.int64_t {
			return C.pp_graph_ready_task(g, i)
		}),
		CriticalPath: indices(C.pp_graph_critical_count(g), func(i C.size_t) C.int64_t {
			return C.pp_graph_critical_node(g, i)
		}),
		CriticalHours: float64(C.pp_graph_critical_hours(g)),
	}
	for i := range out.Nodes {
		out.Nodes[i] = graphNode(g, C.size_t(i))
	}
	for c := range out.Cycles {
		cycle := C.size_t(c)
		out.Cycles[c] = indices(C.pp_graph_cycle_size(g, cycle), func(i C.size_t) C.int64_t {
			return C.pp_graph_cycle_node(g, cycle, i)
		})
	}
	return out
}

func graphNode(g *C.pp_graph, n C.size_t) GraphNode {
	var length C.size_t
	name := C.pp_graph_node_name(g, n, &length)
	return GraphNode{
		Name:  C.GoStringN(name, C.int(length)),
		Task:  nullable(C.pp_graph_node_task(g, n)),
		Phase: nullable(C.pp_graph_node_phase(g, n)),
		Done:  C.pp_graph_node_done(g, n) == 1,
		Prereqs: indices(C.pp_graph_prereq_count(g, n), func(i C.size_t) C.int64_t {
			return C.pp_graph_prereq(g, n, i)
		}),
	}
}

// indices reads one of the graph's count-plus-index lists.
func indices(count C.size_t, at func(i C.size_t) C.int64_t) []int {
	out := make([]int, int(count))
	for i := range out {
		out[i] = int(at(C.size_t(i)))
	}
	return out
}
