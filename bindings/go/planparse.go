// Package planparse reads plans written in Markdown (implementation plans,
// spec-kit tasks.md, roadmaps, risk registers) through libplanparse and
// returns them as Go structs: phases, tasks, checkboxes, status headers,
// risks, tables, dependencies and diagnostics.
//
// Parse copies the whole tree into Go values and frees the C document
// before it returns: a Document holds no C memory and needs no Close.
package planparse

/*
#cgo pkg-config: planparse
#include <stdlib.h>
#include <planparse.h>
*/
import "C"

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"unsafe"
)

// Error is a failure of the C library; Message is pp_strerror(Code).
type Error struct {
	Code    int // a negative PP_E* code
	Message string
}

func (e *Error) Error() string { return "planparse: " + e.Message }

// Is makes errors.Is(err, planparse.ErrLimit) work.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// The library's error codes, for errors.Is.
var (
	ErrInvalid = &Error{Code: int(C.PP_EINVAL), Message: "invalid argument"}
	ErrNoMem   = &Error{Code: int(C.PP_ENOMEM), Message: "out of memory"}
	ErrLimit   = &Error{Code: int(C.PP_ELIMIT), Message: "input exceeds a limit"}
	ErrParse   = &Error{Code: int(C.PP_EPARSE), Message: "parse failed"}
)

// Options of a parse; the zero value gives the library's defaults.
type Options struct {
	Path        string  // names the source (Source.Path); never opened
	HoursPerDay float64 // estimate conversion; 0: the default (8)
	DaysPerWeek float64 // estimate conversion; 0: the default (5)
	MaxInput    int64   // largest input in bytes; 0: the default (256 MiB)
}

// Parse parses a plan (UTF-8; invalid bytes and NULs are reported as
// diagnostics, not errors) with the default options.
func Parse(data []byte) (*Document, error) {
	return ParseOptions(data, Options{})
}

// ParseFile reads and parses a file; Source.Path is name.
func ParseFile(name string) (*Document, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return ParseOptions(data, Options{Path: name})
}

// ParseOptions parses a plan with options.  The error is an *Error.
func ParseOptions(data []byte, opts Options) (*Document, error) {
	doc, err := parseC(data, opts)
	if err != nil {
		return nil, err
	}
	defer C.pp_doc_free(doc)
	d := copyDocument(doc)
	d.Source = Source{Bytes: len(data), Lines: countLines(data)}
	if opts.Path != "" {
		d.Source.Path = &opts.Path
	}
	d.text = append([]byte(nil), data...) // for the edit planner
	d.opts = opts
	return d, nil
}

// parseC runs pp_parse; the caller frees the document with pp_doc_free.
func parseC(data []byte, opts Options) (*C.pp_doc, error) {
	var o C.pp_options
	C.pp_options_init(&o)
	if opts.Path != "" {
		if strings.IndexByte(opts.Path, 0) >= 0 {
			return nil, errors.New("planparse: path contains a NUL byte")
		}
		cpath := C.CString(opts.Path)
		defer C.free(unsafe.Pointer(cpath))
		o.path = cpath
	}
	if opts.HoursPerDay > 0 {
		o.hours_per_day = C.double(opts.HoursPerDay)
	}
	if opts.DaysPerWeek > 0 {
		o.days_per_week = C.double(opts.DaysPerWeek)
	}
	if opts.MaxInput > 0 {
		o.max_input = C.size_t(opts.MaxInput)
	}
	var text *C.char
	if len(data) > 0 {
		text = (*C.char)(unsafe.Pointer(&data[0])) // copied by pp_parse
	}
	var doc *C.pp_doc
	if rc := C.pp_parse(&doc, text, C.size_t(len(data)), &o); rc < 0 {
		return nil, cError(rc)
	}
	return doc, nil
}

func cError(rc C.int) error {
	return &Error{Code: int(rc), Message: C.GoString(C.pp_strerror(rc))}
}

// LibraryVersion is the C library's pp_version(), "MAJOR.MINOR.PATCH".
func LibraryVersion() string { return C.GoString(C.pp_version()) }

// countLines counts lines as the library does: LF, CRLF and CR each end a
// line, and a final line ending opens no new line.
func countLines(data []byte) int {
	if len(data) == 0 {
		return 0
	}
	n := 1 + bytes.Count(data, []byte{'\n'}) + bytes.Count(data, []byte{'\r'}) -
		bytes.Count(data, []byte("\r\n"))
	if last := data[len(data)-1]; last == '\n' || last == '\r' {
		n--
	}
	return n
}
