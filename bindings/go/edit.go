package planparse

/*
#include <stdlib.h>
#include <planparse.h>
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Edits (docs/edit.md).  A Document holds no C memory, so each edit parses
// the document's bytes again, finds the target there, asks the library for
// verified byte patches and applies them: the result is the new text, or
// an *Error (ErrNotFound, ErrAmbiguous, ErrUnsupported, ...).

// More of the library's error codes, for errors.Is.
var (
	ErrConflict    = &Error{Code: int(C.PP_ECONFLICT), Message: "conflict"}
	ErrOverlap     = &Error{Code: int(C.PP_EOVERLAP), Message: "edits overlap"}
	ErrNotFound    = &Error{Code: int(C.PP_ENOTFOUND), Message: "not found"}
	ErrAmbiguous   = &Error{Code: int(C.PP_EAMBIGUOUS), Message: "ambiguous"}
	ErrUnsupported = &Error{Code: int(C.PP_EUNSUPPORTED), Message: "unsupported edit"}
)

// SetState returns the text with one checkbox or table task set to state
// (done, todo, in_progress, cancelled, deferred, or a mark character).
// target is a *Task, a *Checkbox, or a string: an ID, a key or "line:N".
// Only the bytes of the mark (or the status cell) change.
func (d *Document) SetState(target any, state string) (string, error) {
	return d.edit(target, func(doc *C.pp_doc, node *C.pp_node, out **C.pp_edits) C.int {
		cs := C.CString(state)
		defer C.free(unsafe.Pointer(cs))
		return C.pp_plan_state(out, doc, node, cs)
	})
}

// SetMeta returns the text with status header key set to value, in the
// document (phase nil) or in a phase; inserted in the document's own style
// when absent.
func (d *Document) SetMeta(phase *Phase, key, value string) (string, error) {
	var target any
	if phase != nil {
		target = phase
	}
	return d.edit(target, func(doc *C.pp_doc, node *C.pp_node, out **C.pp_edits) C.int {
		ck, cv := C.CString(key), C.CString(value)
		defer C.free(unsafe.Pointer(ck))
		defer C.free(unsafe.Pointer(cv))
		return C.pp_plan_meta(out, doc, node, ck, cv)
	})
}

type planner func(doc *C.pp_doc, node *C.pp_node, out **C.pp_edits) C.int

func (d *Document) edit(target any, plan planner) (string, error) {
	doc, err := parseC(d.text, d.opts)
	if err != nil {
		return "", err
	}
	defer C.pp_doc_free(doc)
	node, err := findNode(doc, target)
	if err != nil {
		return "", err
	}
	var edits *C.pp_edits
	if rc := plan(doc, node, &edits); rc < 0 {
		return "", cError(rc)
	}
	defer C.pp_edits_free(edits)
	return apply(d.text, edits)
}

// findNode: the C node of a target; nil for a nil target (the document).
func findNode(doc *C.pp_doc, target any) (*C.pp_node, error) {
	switch t := target.(type) {
	case nil:
		return nil, nil
	case string:
		cs := C.CString(t)
		defer C.free(unsafe.Pointer(cs))
		var node *C.pp_node
		if rc := C.pp_doc_find(&node, doc, cs, C.size_t(len(t))); rc < 0 {
			return nil, cError(rc)
		}
		return node, nil
	case *Task:
		return nodeAt(doc, C.PP_TASK, t.Index)
	case *Checkbox:
		return nodeAt(doc, C.PP_CHECKBOX, t.Index)
	case *Phase:
		return nodeAt(doc, C.PP_PHASE, t.Index)
	}
	return nil, fmt.Errorf("planparse: cannot edit a %T", target)
}

func nodeAt(doc *C.pp_doc, kind C.pp_kind, i int) (*C.pp_node, error) {
	n := C.pp_doc_get(doc, kind, C.size_t(i))
	if n == nil {
		return nil, ErrNotFound
	}
	return n, nil
}

func apply(text []byte, edits *C.pp_edits) (string, error) {
	var in *C.char
	if len(text) > 0 {
		in = (*C.char)(unsafe.Pointer(&text[0]))
	}
	var out *C.char
	var n C.size_t
	rc := C.pp_apply_edits(in, C.size_t(len(text)), C.pp_edits_get(edits, 0),
		C.pp_edits_count(edits), &out, &n)
	if rc < 0 {
		return "", cError(rc)
	}
	defer C.pp_free(unsafe.Pointer(out))
	return C.GoStringN(out, C.int(n)), nil
}
