package closurecapture

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// size is what the check knows of how much memory a value keeps alive.
type size struct {
	bytes int64  // estimated bytes retained; 0 when unknown
	input bool   // as large as some input (a body, a file): unbounded
	what  string // "input-sized []byte from io.ReadAll", "[131072]byte (128 KiB)"
	// For a struct (or pointer to one) made large by the value in one
	// field: the field's index and that value's description; anyField
	// when any field holding a slice, map or interface may be the large
	// part; else -1.
	field     int
	fieldWhat string
}

// anyField marks a struct whose large part is not known to be one field:
// a decoded value, or an input-sized struct returned by a helper. Every
// field that holds a slice, map or interface counts as large.
const anyField = -2

var unknownSize = size{field: -1}

// isLargeField reports whether field i of the struct t is (or points to)
// is the large part, for a struct large by field largeField.
func isLargeField(largeField int, t types.Type, i int) bool {
	if i == largeField {
		return true
	}
	if largeField != anyField {
		return false
	}
	st, ok := deref(t).Underlying().(*types.Struct)
	return ok && i < st.NumFields() && holdsCollection(st.Field(i).Type(), 0)
}

// structField is the large-field marker for an input-sized value of type
// t whose large part is unknown: anyField for a struct (or pointer to
// one), else -1.
func structField(t types.Type) int {
	if _, ok := deref(t).Underlying().(*types.Struct); ok {
		return anyField
	}
	return -1
}

// large reports whether s counts as large: input-sized, or at least the
// configured threshold in bytes.
func (c *checker) large(s size) bool { return s.input || s.bytes >= c.threshold }

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

// inputSource returns the name of fn ("io.ReadAll") if its result is
// input-sized.
func inputSource(fn *ssa.Function) string {
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

func pathBase(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}

// human writes a byte count the way people read it.
func human(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// sizeOf estimates what v keeps alive. Results are memoized until the
// summaries change (resetSizes); a value met again while its own size is
// being computed (a cycle through a variable) counts as unknown.
func (c *checker) sizeOf(v ssa.Value, depth int) size {
	if v == nil || depth > 10 {
		return unknownSize
	}
	if s, ok := c.sizeMemo[v]; ok {
		return s
	}
	c.sizeMemo[v] = unknownSize
	s := c.computeSize(v, depth)
	c.sizeMemo[v] = s
	return s
}

func (c *checker) resetSizes() { c.sizeMemo = make(map[ssa.Value]size) }

func (c *checker) computeSize(v ssa.Value, depth int) size {
	switch v := v.(type) {
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok && v.Index == 0 {
			return c.callSize(call, depth)
		}
		return unknownSize
	case *ssa.Call:
		return c.callSize(v, depth)
	case *ssa.ChangeType:
		return c.sizeOf(v.X, depth+1)
	case *ssa.MakeInterface:
		return c.sizeOf(v.X, depth+1)
	case *ssa.Convert:
		// string(b) and []byte(s) copy, but the copy is as large, unless it
		// copies a short constant sub-slice.
		if sl, ok := v.X.(*ssa.Slice); ok {
			if _, short := c.shortSliceBytes(sl); short {
				return unknownSize
			}
		}
		s := c.sizeOf(v.X, depth+1)
		if c.large(s) {
			s.field = -1
			return s
		}
		return unknownSize
	case *ssa.Slice:
		if a, ok := v.X.(*ssa.Alloc); ok && v.Low == nil && v.Max == nil && (v.High == nil || a.Comment == "makeslice") {
			// make([]T, n) with constant n, or arr[:]: the array itself.
			s := c.typeSize(deref(a.Type()))
			if c.large(s) {
				s.what = fmt.Sprintf("%s of %s", c.typeString(v.Type()), human(s.bytes))
				if a.Comment == "makeslice" {
					s.what += " from make"
				}
			}
			return s
		}
		s := c.sizeOf(v.X, depth+1)
		if c.large(s) {
			// A sub-slice or substring keeps the whole backing array.
			word := "sub-slice of "
			if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
				word = "substring of "
			}
			return size{bytes: s.bytes, input: s.input, what: word + s.what, field: -1}
		}
		return unknownSize
	case *ssa.MakeSlice:
		n := max(constInt(v.Len), constInt(v.Cap))
		elem := v.Type().Underlying().(*types.Slice).Elem()
		if b := n * c.elemSize(elem); n > 0 && b >= c.threshold {
			return size{bytes: b, what: fmt.Sprintf("%s of %s from make", c.typeString(v.Type()), human(b)), field: -1}
		}
		return unknownSize
	case *ssa.MakeMap:
		if v.Reserve == nil {
			return unknownSize
		}
		m := v.Type().Underlying().(*types.Map)
		n := constInt(v.Reserve)
		if b := n * (c.elemSize(m.Key()) + c.elemSize(m.Elem())); n > 0 && b >= c.threshold {
			return size{bytes: b, what: fmt.Sprintf("%s of %s from make", c.typeString(v.Type()), human(b)), field: -1}
		}
		return unknownSize
	case *ssa.Alloc:
		return c.allocSize(v, depth)
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return c.loadSize(v, depth)
		}
		return unknownSize
	case *ssa.Phi:
		// Large when every edge that is not a constant (nil) is.
		var out size
		found := false
		for _, e := range v.Edges {
			if _, ok := e.(*ssa.Const); ok {
				continue
			}
			if _, ok := e.(*ssa.Phi); ok {
				continue // a loop back-edge carries what the others do
			}
			s := c.sizeOf(e, depth+1)
			if !c.large(s) {
				return unknownSize
			}
			if !found {
				out, found = s, true
			}
		}
		if found {
			return out
		}
		return unknownSize
	}
	return c.typeSize(v.Type())
}

// constInt returns the value of a constant integer operand, else 0.
func constInt(v ssa.Value) int64 {
	k, ok := v.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return 0
	}
	n, ok := constant.Int64Val(k.Value)
	if !ok {
		return 0
	}
	return n
}

// elemSize is the size of one element; at least 1 byte, and 1 for type
// parameters, whose size is not known.
func (c *checker) elemSize(t types.Type) int64 {
	if hasTypeParam(t) {
		return 1
	}
	return max(c.sizes.Sizeof(t), 1)
}

func hasTypeParam(t types.Type) bool { return typeParamIn(t, 0) }

// typeParamIn is hasTypeParam to a bounded depth (types may be recursive
// through type arguments).
func typeParamIn(t types.Type, depth int) bool {
	if depth > 8 {
		return true // give up: treat the size as unknown
	}
	switch t := types.Unalias(t).(type) {
	case *types.TypeParam:
		return true
	case *types.Array:
		return typeParamIn(t.Elem(), depth+1)
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			if typeParamIn(t.Field(i).Type(), depth+1) {
				return true
			}
		}
	case *types.Named:
		args := t.TypeArgs()
		for i := 0; i < args.Len(); i++ {
			if typeParamIn(args.At(i), depth+1) {
				return true
			}
		}
		if t.TypeParams().Len() > 0 && args.Len() == 0 {
			return true
		}
		return typeParamIn(t.Underlying(), depth+1)
	}
	return false
}

// typeSize is the size a value of type t (or the array or struct it points
// to) has by its type alone.
func (c *checker) typeSize(t types.Type) size {
	elem := t
	if p, ok := t.Underlying().(*types.Pointer); ok {
		elem = p.Elem()
	}
	switch elem.Underlying().(type) {
	case *types.Array, *types.Struct:
	default:
		return unknownSize
	}
	if hasTypeParam(elem) {
		return unknownSize
	}
	n := c.sizes.Sizeof(elem)
	if n < c.threshold {
		return unknownSize
	}
	return size{bytes: n, what: fmt.Sprintf("%s of %s", c.typeString(t), human(n)), field: -1}
}

// allocSize is the size of a local variable or composite literal: its type's,
// that of what is stored in it (for a struct, in one of its fields, also
// through a pointer loaded from the variable: up.Data = body), of what a
// decoder fills through its address, or of a buffer filled from input.
func (c *checker) allocSize(a *ssa.Alloc, depth int) size {
	if s := c.typeSize(a.Type()); c.large(s) {
		return s
	}
	if s := c.decodedSize(a); c.large(s) {
		return s
	}
	if s := c.filledBufferSize(a); c.large(s) {
		return s
	}
	refs := a.Referrers()
	if refs == nil {
		return unknownSize
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr == a {
				if s := c.sizeOf(r.Val, depth+1); c.large(s) {
					return s
				}
			}
		case *ssa.FieldAddr:
			if s := c.fieldStoreSize(a.Type(), r, depth); c.large(s) {
				return s
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				continue
			}
			for _, fa := range fieldAddrsOf(r) {
				if s := c.fieldStoreSize(r.Type(), fa, depth); c.large(s) {
					return s
				}
			}
		}
	}
	return unknownSize
}

// fieldStoreSize is the size of a struct of type t (a pointer to it) made
// large by a value stored through fa.
func (c *checker) fieldStoreSize(t types.Type, fa *ssa.FieldAddr, depth int) size {
	for _, st := range storesTo(fa) {
		s := c.sizeOf(st.Val, depth+1)
		if !c.large(s) {
			continue
		}
		return size{
			bytes:     s.bytes,
			input:     s.input,
			what:      fmt.Sprintf("%s holding %s in field %s", c.typeString(t), s.what, fieldName(fa.X.Type(), fa.Field)),
			field:     fa.Field,
			fieldWhat: s.what,
		}
	}
	return unknownSize
}

// fieldAddrsOf returns the field addresses taken from the pointer p.
func fieldAddrsOf(p ssa.Value) []*ssa.FieldAddr {
	refs := p.Referrers()
	if refs == nil {
		return nil
	}
	var out []*ssa.FieldAddr
	for _, r := range *refs {
		if fa, ok := r.(*ssa.FieldAddr); ok {
			out = append(out, fa)
		}
	}
	return out
}

// addrsOf returns the addresses through which the variable a's value is
// filled: a itself, and the pointers loaded from it when it holds one.
func addrsOf(a *ssa.Alloc) []ssa.Value {
	out := []ssa.Value{a}
	if _, ok := deref(a.Type()).Underlying().(*types.Pointer); !ok {
		return out
	}
	if refs := a.Referrers(); refs != nil {
		for _, r := range *refs {
			if u, ok := r.(*ssa.UnOp); ok && u.Op == token.MUL {
				out = append(out, u)
			}
		}
	}
	return out
}

// varSize is the size of the value the variable a holds, named by its own
// type (Report rather than *Report for var rep Report).
func (c *checker) varSize(a *ssa.Alloc, depth int) size {
	s := c.allocSize(a, depth+1)
	if c.large(s) {
		s.what = strings.Replace(s.what, c.typeString(a.Type()), c.typeString(deref(a.Type())), 1)
	}
	return s
}

// decodedSize is the size of what a decoder fills through a's address
// (json.Unmarshal(raw, &v), json.NewDecoder(r).Decode(v)): as large as the
// input when the value holds a slice, map or interface, unless the input
// is known to be small. Which field is large is not known (anyField).
func (c *checker) decodedSize(a *ssa.Alloc) size {
	for _, p := range addrsOf(a) {
		t := deref(p.Type())
		if hasTypeParam(t) || !holdsCollection(t, 0) {
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
				if src := c.decoder(ci.Common(), mi); src != "" {
					return size{input: true, what: fmt.Sprintf("input-sized %s decoded by %s", c.typeString(p.Type()), src), field: structField(t)}
				}
			}
		}
	}
	return unknownSize
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
func (c *checker) decoder(call *ssa.CallCommon, target ssa.Value) string {
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
			if c.smallDecoder(call.Args[0]) {
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
func (c *checker) smallDecoder(dec ssa.Value) bool {
	call, ok := ssaq.Unwrap(dec).(*ssa.Call)
	if !ok || len(call.Call.Args) != 1 {
		return false
	}
	fn := ssaq.Callee(&call.Call)
	if !ssaq.IsFunc(fn, "encoding/json", "NewDecoder") && !ssaq.IsFunc(fn, "encoding/xml", "NewDecoder") &&
		!ssaq.IsFunc(fn, "encoding/gob", "NewDecoder") {
		return false
	}
	n, ok := limitOf(call.Call.Args[0])
	return ok && n < c.threshold
}

// filledBufferSize is the size of a bytes.Buffer or strings.Builder
// variable (or one a's pointer refers to) filled from a reader or with
// input.
func (c *checker) filledBufferSize(a *ssa.Alloc) size {
	for _, p := range addrsOf(a) {
		t := deref(p.Type())
		if !ssaq.IsNamed(t, "bytes", "Buffer") && !ssaq.IsNamed(t, "strings", "Builder") {
			continue
		}
		if _, isPtr := types.Unalias(t).(*types.Pointer); isPtr {
			continue
		}
		if c.filledFromInput(p) {
			return size{input: true, what: fmt.Sprintf("input-sized %s filled from input", c.typeString(p.Type())), field: -1}
		}
	}
	return unknownSize
}

// loadSize is the size of *x: a local variable's value, or a field whose
// struct holds the large value there.
func (c *checker) loadSize(u *ssa.UnOp, depth int) size {
	switch x := u.X.(type) {
	case *ssa.Alloc:
		if s := c.varSize(x, depth); c.large(s) {
			return s
		}
	case *ssa.FieldAddr:
		s := c.sizeOf(x.X, depth+1)
		if c.large(s) && s.field == x.Field {
			return size{bytes: s.bytes, input: s.input, what: s.fieldWhat, field: -1}
		}
		if s.input && isLargeField(s.field, x.X.Type(), x.Field) {
			what := fmt.Sprintf("input-sized %s in field %s of %s", c.typeString(u.Type()), fieldName(x.X.Type(), x.Field), strings.TrimPrefix(s.what, "input-sized "))
			return size{input: true, what: what, field: structField(u.Type())}
		}
	}
	return c.typeSize(u.Type())
}

// callSize is the size of a call's (first) result.
func (c *checker) callSize(call *ssa.Call, depth int) size {
	fn := ssaq.Callee(&call.Call)
	if fn == nil || fn.Signature.Results().Len() == 0 {
		return unknownSize
	}
	res := fn.Signature.Results().At(0).Type()
	if name := inputSource(fn); name != "" {
		if !c.inputEvidence(fn, &call.Call) {
			return unknownSize
		}
		return size{input: true, what: fmt.Sprintf("input-sized %s from %s", c.typeString(res), name), field: -1}
	}
	switch {
	case ssaq.IsFunc(fn, "bytes", "Clone"), ssaq.IsFunc(fn, "strings", "Clone"), ssaq.IsFunc(fn, "slices", "Clone"):
		if len(call.Call.Args) == 1 {
			if sl, ok := call.Call.Args[0].(*ssa.Slice); ok {
				if _, short := c.shortSliceBytes(sl); short {
					return unknownSize // a clone of a few bytes
				}
			}
			return c.sizeOf(call.Call.Args[0], depth+1)
		}
	}
	if s := c.summaryOf(fn); s != nil {
		if s.input != "" {
			// Which field of a struct is large, the fact does not say.
			return size{input: true, what: s.input, field: structField(res)}
		}
		for h := range s.holds {
			as := c.sizeOf(argFor(&call.Call, h.Param), depth+1)
			if !c.large(as) {
				continue
			}
			if h.Field < 0 {
				return size{bytes: as.bytes, input: as.input, what: as.what, field: -1}
			}
			return size{
				bytes:     as.bytes,
				input:     as.input,
				what:      fmt.Sprintf("%s holding %s in field %s", c.typeString(res), as.what, fieldName(res, h.Field)),
				field:     h.Field,
				fieldWhat: as.what,
			}
		}
	}
	if call.Type() == res {
		return c.typeSize(res)
	}
	return unknownSize
}

// storesTo returns the stores whose address is addr.
func storesTo(addr ssa.Value) []*ssa.Store {
	refs := addr.Referrers()
	if refs == nil {
		return nil
	}
	var out []*ssa.Store
	for _, r := range *refs {
		if st, ok := r.(*ssa.Store); ok && st.Addr == addr {
			out = append(out, st)
		}
	}
	return out
}

// fieldName returns the name of field i of the struct t is or points to.
func fieldName(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || i < 0 || i >= st.NumFields() {
		return "?"
	}
	return st.Field(i).Name()
}

// heldParam reports whether a returned value holds a parameter of its
// function: the parameter itself, a sub-slice of it, or a fresh struct
// with the parameter in a field.
func heldParam(v ssa.Value) (Held, bool) {
	v = ssaq.Unwrap(v)
	if s, ok := v.(*ssa.Slice); ok {
		v = s.X
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		if canHold(v.Type()) {
			return Held{paramIndex(v), -1}, true
		}
	case *ssa.UnOp:
		if a, ok := v.X.(*ssa.Alloc); ok && v.Op == token.MUL {
			if h, ok := fieldParam(a); ok {
				return h, true
			}
		}
	case *ssa.Alloc:
		return fieldParam(v)
	}
	return Held{}, false
}

func fieldParam(a *ssa.Alloc) (Held, bool) {
	refs := a.Referrers()
	if refs == nil {
		return Held{}, false
	}
	for _, r := range *refs {
		fa, ok := r.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		for _, st := range storesTo(fa) {
			val := ssaq.Unwrap(st.Val)
			if s, ok := val.(*ssa.Slice); ok {
				val = s.X
			}
			if p, ok := val.(*ssa.Parameter); ok && canHold(p.Type()) {
				return Held{paramIndex(p), fa.Field}, true
			}
		}
	}
	return Held{}, false
}

// canHold reports whether a value of type t can refer to a large value.
func canHold(t types.Type) bool {
	switch t := t.Underlying().(type) {
	case *types.Slice, *types.Pointer, *types.Map:
		return true
	case *types.Basic:
		return t.Info()&types.IsString != 0
	}
	return false
}

func paramIndex(p *ssa.Parameter) int {
	for i, q := range p.Parent().Params {
		if q == p {
			return i
		}
	}
	return -1
}

// shortSliceBytes reports whether s is x[lo:hi] with constant bounds
// spanning fewer bytes than the threshold, and how many.
func (c *checker) shortSliceBytes(s *ssa.Slice) (int64, bool) {
	if s.High == nil || s.Max != nil {
		return 0, false
	}
	if _, ok := s.High.(*ssa.Const); !ok {
		return 0, false
	}
	lo := int64(0)
	if s.Low != nil {
		if _, ok := s.Low.(*ssa.Const); !ok {
			return 0, false
		}
		lo = constInt(s.Low)
	}
	hi := constInt(s.High)
	var elem int64 = 1
	if sl, ok := s.Type().Underlying().(*types.Slice); ok {
		elem = c.elemSize(sl.Elem())
	}
	n := (hi - lo) * elem
	if hi < lo || n >= c.threshold {
		return 0, false
	}
	return n, true
}

// inputEvidence checks what makes an input source's result large: a
// marshalled value that holds a collection; a bytes.Buffer filled from a
// reader (not one built with Fprintf); a read not capped by a small
// io.LimitReader or http.MaxBytesReader.
func (c *checker) inputEvidence(fn *ssa.Function, call *ssa.CallCommon) bool {
	if len(call.Args) == 0 {
		return false
	}
	arg := call.Args[0]
	switch fn.Name() {
	case "Marshal", "MarshalIndent":
		if mi, ok := arg.(*ssa.MakeInterface); ok {
			return holdsCollection(mi.X.Type(), 0)
		}
		return true // an interface value: could be anything
	case "Bytes", "String":
		return c.filledFromInput(arg)
	case "ReadAll":
		if n, ok := limitOf(arg); ok && n < c.threshold {
			return false
		}
	}
	return true
}

// holdsCollection reports whether values of t contain a slice, map or
// string (directly, in a field or behind a pointer): their encoding grows
// with the data.
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

// filledFromInput reports whether the *bytes.Buffer or *strings.Builder
// buf is filled from a reader (buf.ReadFrom(r), io.Copy(buf, r) and
// friends) or with an input-sized value (buf.Write(data)).
func (c *checker) filledFromInput(buf ssa.Value) bool {
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
				len(args) == 2 && args[0] == buf && c.sizeOf(args[1], 1).input {
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

// limitOf returns the constant cap of an io.LimitReader or
// http.MaxBytesReader reader.
func limitOf(r ssa.Value) (int64, bool) {
	call, ok := ssaq.Unwrap(r).(*ssa.Call)
	if !ok {
		return 0, false
	}
	fn := ssaq.Callee(&call.Call)
	args := call.Call.Args
	switch {
	case ssaq.IsFunc(fn, "io", "LimitReader") && len(args) == 2:
		return constInt(args[1]), constInt(args[1]) > 0
	case ssaq.IsFunc(fn, "net/http", "MaxBytesReader") && len(args) == 3:
		return constInt(args[2]), constInt(args[2]) > 0
	}
	return 0, false
}
