package size

import (
	"fmt"
	"go/types"
	"reflect"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// This file is the catalogue of input-sized sources: calls whose result is
// as large as their input, decoders that fill a value from input, buffers
// filled from a reader, the readers that cap a read, and the functions
// that cut a value into parts.

// inputSources are the calls whose result is as large as their input.
var inputSources = []struct{ pkg, recv, name string }{
	{"io", "", "ReadAll"},
	{"io/ioutil", "", "ReadAll"},
	{"os", "", "ReadFile"},
	{"io/ioutil", "", "ReadFile"},
	{"io/fs", "", "ReadFile"},
	{"bytes", "Buffer", "Bytes"},
	{"bytes", "Buffer", "String"},
	{"strings", "Builder", "String"},
	{"encoding/json", "", "Marshal"},
	{"encoding/json", "", "MarshalIndent"},
	{"encoding/xml", "", "Marshal"},
	{"encoding/xml", "", "MarshalIndent"},
	{"net/http/httputil", "", "DumpRequest"},
	{"net/http/httputil", "", "DumpRequestOut"},
	{"net/http/httputil", "", "DumpResponse"},
}

// InputSource returns the name of fn ("io.ReadAll", "(*bytes.Buffer).Bytes")
// if it is in the catalogue of calls whose result is input-sized, else "".
// Whether a given call's result is input-sized also depends on its
// arguments (a capped reader, a buffer filled with Fprintf): Model.Of
// checks that evidence.
func InputSource(fn *ssa.Function) string {
	for _, s := range inputSources {
		if s.recv == "" && ssaq.IsFunc(fn, s.pkg, s.name) {
			return pathBase(s.pkg) + "." + s.name
		}
		if s.recv != "" && ssaq.IsMethod(fn, s.pkg, s.recv, s.name) {
			return "(*" + pathBase(s.pkg) + "." + s.recv + ")." + s.name
		}
	}
	return ""
}

// splitters cut their first argument into parts that share its memory, as
// many as the input has separators: of an input-sized value, the result is
// input-sized.
var splitters = []struct{ pkg, name string }{
	{"bytes", "Split"}, {"bytes", "SplitN"}, {"bytes", "SplitAfter"}, {"bytes", "SplitAfterN"},
	{"bytes", "Fields"}, {"bytes", "FieldsFunc"},
	{"strings", "Split"}, {"strings", "SplitN"}, {"strings", "SplitAfter"}, {"strings", "SplitAfterN"},
	{"strings", "Fields"}, {"strings", "FieldsFunc"},
}

// splitter returns the name of fn ("strings.Fields") if it cuts its first
// argument into parts.
func splitter(fn *ssa.Function) string {
	for _, s := range splitters {
		if ssaq.IsFunc(fn, s.pkg, s.name) {
			return s.pkg + "." + s.name
		}
	}
	return ""
}

func pathBase(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}

// inputEvidence checks what makes an input source's result large: a
// marshalled value that holds a collection; a bytes.Buffer filled from a
// reader (not one built with Fprintf); a read not capped by a small
// io.LimitReader or http.MaxBytesReader.
func (m *Model) inputEvidence(fn *ssa.Function, call *ssa.CallCommon) bool {
	if len(call.Args) == 0 {
		return false
	}
	arg := call.Args[0]
	switch fn.Name() {
	case "Marshal", "MarshalIndent":
		if mi, ok := arg.(*ssa.MakeInterface); ok {
			return HoldsCollection(mi.X.Type())
		}
		return true // an interface value: could be anything
	case "Bytes", "String":
		return m.filledFromInput(arg)
	case "ReadAll":
		if n, ok := LimitOf(arg); ok && n < m.cfg.Threshold {
			return false
		}
	}
	return true
}

// HoldsCollection reports whether values of t contain a slice, map or
// interface (directly, in a field or behind a pointer): their encoding, or
// what a decoder fills them with, grows with the data.
func HoldsCollection(t types.Type) bool { return holdsCollection(t, 0) }

func holdsCollection(t types.Type, depth int) bool {
	if depth > 4 {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Slice, *types.Map, *types.Interface:
		return true
	case *types.Basic:
		return false
	case *types.Pointer:
		return holdsCollection(u.Elem(), depth+1)
	case *types.Array:
		return holdsCollection(u.Elem(), depth+1)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if holdsCollection(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// holdsDecodable is HoldsCollection for what a decoder fills: the fields
// it can set (exported or embedded, not tagged "-" for json or xml). A
// struct whose only collection is an unexported cache is as small as its
// strings once decoded.
func holdsDecodable(t types.Type, depth int) bool {
	if depth > 4 {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return holdsDecodable(u.Elem(), depth+1)
	case *types.Array:
		return holdsDecodable(u.Elem(), depth+1)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			if !f.Exported() && !f.Embedded() {
				continue
			}
			tag := reflect.StructTag(u.Tag(i))
			if tag.Get("json") == "-" || tag.Get("xml") == "-" {
				continue
			}
			if holdsDecodable(f.Type(), depth+1) {
				return true
			}
		}
		return false
	}
	return holdsCollection(t, depth)
}

// filledFromInput reports whether the *bytes.Buffer or *strings.Builder
// buf is filled from a reader (buf.ReadFrom(r), io.Copy(buf, r) and
// friends) or with an input-sized value (buf.Write(data)).
func (m *Model) filledFromInput(buf ssa.Value) bool {
	buf = ssaq.Unwrap(buf)
	refs := buf.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case ssa.CallInstruction:
			fn := ssaq.Callee(r.Common())
			if ssaq.IsMethod(fn, "bytes", "Buffer", "ReadFrom") {
				return true
			}
			args := r.Common().Args
			if isBufferWrite(fn) &&
				len(args) == 2 && args[0] == buf && m.of(args[1], 1).Input {
				return true
			}
		case *ssa.MakeInterface:
			if rr := r.Referrers(); rr != nil {
				for _, u := range *rr {
					if ci, ok := u.(ssa.CallInstruction); ok {
						fn := ssaq.Callee(ci.Common())
						args := ci.Common().Args
						if (ssaq.IsFunc(fn, "io", "Copy") || ssaq.IsFunc(fn, "io", "CopyBuffer") || ssaq.IsFunc(fn, "io", "CopyN")) &&
							len(args) > 0 && args[0] == r {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// isBufferWrite reports whether fn appends its argument to a bytes.Buffer
// or strings.Builder.
func isBufferWrite(fn *ssa.Function) bool {
	for _, t := range [][2]string{{"bytes", "Buffer"}, {"strings", "Builder"}} {
		if ssaq.IsMethod(fn, t[0], t[1], "Write") || ssaq.IsMethod(fn, t[0], t[1], "WriteString") {
			return true
		}
	}
	return false
}

// LimitOf returns the constant cap of r when r is made by io.LimitReader
// or http.MaxBytesReader with a constant limit.
func LimitOf(r ssa.Value) (int64, bool) {
	call, ok := ssaq.Unwrap(r).(*ssa.Call)
	if !ok {
		return 0, false
	}
	fn := ssaq.Callee(&call.Call)
	args := call.Call.Args
	switch {
	case ssaq.IsFunc(fn, "io", "LimitReader") && len(args) == 2:
		return ConstInt(args[1]), ConstInt(args[1]) > 0
	case ssaq.IsFunc(fn, "net/http", "MaxBytesReader") && len(args) == 3:
		return ConstInt(args[2]), ConstInt(args[2]) > 0
	}
	return 0, false
}

// decodedSize is the size of what a decoder fills through a's address
// (json.Unmarshal(raw, &v), json.NewDecoder(r).Decode(v)): as large as the
// input when the value holds a slice, map or interface, unless the input
// is known to be small. Which field is large is not known (AnyField).
func (m *Model) decodedSize(a *ssa.Alloc) Size {
	for _, p := range AddrsOf(a) {
		t := Deref(p.Type())
		if HasTypeParam(t) || !holdsDecodable(t, 0) {
			continue // a type parameter may be a number
		}
		refs := p.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			mi, ok := r.(*ssa.MakeInterface)
			if !ok || mi.Referrers() == nil {
				continue
			}
			for _, u := range *mi.Referrers() {
				ci, ok := u.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if src := m.decoder(ci.Common(), mi); src != "" {
					return Size{Input: true, What: fmt.Sprintf("input-sized %s decoded by %s", m.TypeString(p.Type()), src), Field: StructField(t)}
				}
			}
		}
	}
	return Unknown
}

// decoders are the calls that fill the value their argument target points
// to (receiver first) from input: the data argument of a function, the
// reader a Decoder was made on.
var decoders = []struct {
	pkg, recv, name string
	target          int
}{
	{"encoding/json", "", "Unmarshal", 1},
	{"encoding/xml", "", "Unmarshal", 1},
	{"encoding/json", "Decoder", "Decode", 1},
	{"encoding/xml", "Decoder", "Decode", 1},
	{"encoding/xml", "Decoder", "DecodeElement", 1},
	{"encoding/gob", "Decoder", "Decode", 1},
}

// decoder returns the name of the decoding call ("json.Unmarshal") when
// call fills target from input not known to be small.
func (m *Model) decoder(call *ssa.CallCommon, target ssa.Value) string {
	fn := ssaq.Callee(call)
	for _, d := range decoders {
		if d.target >= len(call.Args) || call.Args[d.target] != target {
			continue
		}
		if d.recv == "" && ssaq.IsFunc(fn, d.pkg, d.name) {
			if isConstData(call.Args[0]) {
				return ""
			}
			return pathBase(d.pkg) + "." + d.name
		}
		if d.recv != "" && ssaq.IsMethod(fn, d.pkg, d.recv, d.name) {
			if m.smallDecoder(call.Args[0]) {
				return ""
			}
			return "(*" + pathBase(d.pkg) + "." + d.recv + ")." + d.name
		}
	}
	return ""
}

// isConstData reports whether data is a constant converted to bytes.
func isConstData(data ssa.Value) bool {
	cv, ok := ssaq.Unwrap(data).(*ssa.Convert)
	if !ok {
		return false
	}
	_, ok = cv.X.(*ssa.Const)
	return ok
}

// smallDecoder reports whether dec was made by NewDecoder on a reader
// capped below the threshold.
func (m *Model) smallDecoder(dec ssa.Value) bool {
	call, ok := ssaq.Unwrap(dec).(*ssa.Call)
	if !ok || len(call.Call.Args) != 1 {
		return false
	}
	fn := ssaq.Callee(&call.Call)
	if !ssaq.IsFunc(fn, "encoding/json", "NewDecoder") && !ssaq.IsFunc(fn, "encoding/xml", "NewDecoder") &&
		!ssaq.IsFunc(fn, "encoding/gob", "NewDecoder") {
		return false
	}
	n, ok := LimitOf(call.Call.Args[0])
	return ok && n < m.cfg.Threshold
}

// filledBufferSize is the size of a bytes.Buffer or strings.Builder
// variable (or one a's pointer refers to) filled from a reader or with
// input.
func (m *Model) filledBufferSize(a *ssa.Alloc) Size {
	for _, p := range AddrsOf(a) {
		t := Deref(p.Type())
		if !ssaq.IsNamed(t, "bytes", "Buffer") && !ssaq.IsNamed(t, "strings", "Builder") {
			continue
		}
		if _, isPtr := types.Unalias(t).(*types.Pointer); isPtr {
			continue
		}
		if m.filledFromInput(p) {
			return Size{Input: true, What: fmt.Sprintf("input-sized %s filled from input", m.TypeString(p.Type())), Field: -1}
		}
	}
	return Unknown
}
