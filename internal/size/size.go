// Package size is the suite's one model of "how large is this value": how
// much memory an SSA value keeps alive, estimated from where it comes from.
// closurecapture and retention ask it the same questions the same way.
//
// A value is large when the model can show it holds at least
// Config.Threshold bytes, or when it is input-sized: as large as some input
// the program does not control (a request body, a file, a decoded document,
// a slice grown once per line of a reader). The evidence, in order:
//
//   - arrays and struct values: types.Sizes of the type (Model.Type);
//   - make([]T, n) and make(map[K]V, n) with a constant n: n × element size;
//   - the input-sized sources of the catalogue (sources.go): io.ReadAll,
//     os.ReadFile, (*bytes.Buffer).Bytes of a buffer filled from a reader,
//     json.Marshal of a value holding a collection, httputil dumps, ...,
//     unless capped by a small io.LimitReader or http.MaxBytesReader;
//   - values filled through their address by a decoder (json.Unmarshal,
//     (*json.Decoder).Decode, xml, gob) when they hold a collection;
//   - bytes.Buffer and strings.Builder variables filled from a reader or
//     with an input-sized value;
//   - accumulation (accumulate.go): a slice grown by append in a loop driven
//     by a cursor over input ((*bufio.Scanner).Scan, (*sql.Rows).Next,
//     (*json.Decoder).More, a Read/ReadString/ReadLine loop), and the parts
//     of an input-sized value cut by bytes.Split, strings.Fields and friends;
//   - projections that keep their base: a sub-slice or substring keeps the
//     whole backing array; a field load of a struct made large by that
//     field; string(b) and []byte(s) copy but are as large;
//   - calls to functions whose Summary (the check's fact, see Config.Callee)
//     says their result is input-sized or holds a large argument.
//
// Sizes below the threshold are not reported: a Size is either Large or
// Unknown. The model is per package and per run; it memoises sizes until
// Reset (call it when the callee summaries it reads change).
package size

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// Size is what the model knows of how much memory a value keeps alive.
type Size struct {
	// Bytes is the estimated number of bytes retained; 0 when unknown or
	// input-sized. A non-zero Bytes is at least the model's threshold.
	Bytes int64
	// Input is set for a value as large as some input (a body, a file):
	// unbounded.
	Input bool
	// What describes the value for messages: "input-sized []byte from
	// io.ReadAll", "[131072]byte of 128 KiB", "Glossary holding input-sized
	// []string accumulated in a (*bufio.Scanner).Scan loop in field Entries".
	What string
	// Field is, for a struct (or pointer to one) made large by the value in
	// one field, that field's index; AnyField when any field holding a
	// slice, map or interface may be the large part (a decoded value); else
	// -1.
	Field int
	// FieldWhat describes the value in Field, when Field >= 0.
	FieldWhat string
}

// AnyField marks a struct whose large part is not known to be one field:
// a decoded value, or an input-sized struct returned by a helper. Every
// field that holds a slice, map or interface counts as large.
const AnyField = -2

// Unknown is the Size of a value not known to be large.
var Unknown = Size{Field: -1}

// Large reports whether the value is known to be large: input-sized, or
// at least the model's threshold.
func (s Size) Large() bool { return s.Input || s.Bytes > 0 }

// Summary is what a check knows of a function's results, from its own
// summaries or imported facts (Model consults it through Config.Callee).
type Summary struct {
	// Input describes the function's input-sized result ("input-sized
	// []byte from io.ReadAll"); "" when the result is not input-sized.
	Input string
	// Holds lists the parameters the result holds.
	Holds []Held
}

// Held says a function's result holds parameter Param (receiver first, as
// ssa.Function.Params counts), in struct field Field (-1: the result is the
// parameter itself or a sub-slice of it).
type Held struct{ Param, Field int }

// Config configures a Model.
type Config struct {
	// Pkg is the package analysed: type names of its own are written
	// unqualified in descriptions.
	Pkg *types.Package
	// Sizes gives type sizes; nil means gc on amd64.
	Sizes types.Sizes
	// Threshold is the number of bytes from which a value counts as large
	// (closurecapture's -closurecapture.size). It must be positive.
	Threshold int64
	// Callee returns what is known of a called function's results (the
	// package's own functions from the check's summaries, others from its
	// facts), or nil when nothing is. Optional.
	Callee func(fn *ssa.Function) *Summary
}

// Model estimates sizes of the values of one package. It is not safe for
// concurrent use.
type Model struct {
	cfg  Config
	memo map[ssa.Value]Size
	// loops caches, per function, the blocks of each cursor loop.
	loops  map[*ssa.Function][]cursorLoop
	inLoop map[*ssa.Function][]bool
}

// New returns a model for cfg.
func New(cfg Config) *Model {
	if cfg.Sizes == nil {
		cfg.Sizes = types.SizesFor("gc", "amd64")
	}
	if cfg.Threshold <= 0 {
		cfg.Threshold = 64 << 10
	}
	return &Model{cfg: cfg, memo: make(map[ssa.Value]Size), loops: make(map[*ssa.Function][]cursorLoop), inLoop: make(map[*ssa.Function][]bool)}
}

// Threshold returns the number of bytes from which a value counts as large.
func (m *Model) Threshold() int64 { return m.cfg.Threshold }

// Reset forgets memoised sizes: call it when the summaries Config.Callee
// returns have changed.
func (m *Model) Reset() { m.memo = make(map[ssa.Value]Size) }

// TypeString writes t relative to the analysed package.
func (m *Model) TypeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == m.cfg.Pkg {
			return ""
		}
		return p.Name()
	})
}

// Of estimates what v keeps alive. A value met again while its own size is
// being computed (a cycle through a variable) counts as Unknown.
func (m *Model) Of(v ssa.Value) Size { return m.of(v, 0) }

func (m *Model) of(v ssa.Value, depth int) Size {
	if v == nil || depth > 10 {
		return Unknown
	}
	if s, ok := m.memo[v]; ok {
		return s
	}
	m.memo[v] = Unknown
	s := m.compute(v, depth)
	m.memo[v] = s
	return s
}

func (m *Model) compute(v ssa.Value, depth int) Size {
	switch v := v.(type) {
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok && v.Index == 0 {
			return m.callSize(call, depth)
		}
		return Unknown
	case *ssa.Call:
		return m.callSize(v, depth)
	case *ssa.ChangeType:
		return m.of(v.X, depth+1)
	case *ssa.MakeInterface:
		return m.of(v.X, depth+1)
	case *ssa.Convert:
		// string(b) and []byte(s) copy, but the copy is as large, unless it
		// copies a short constant sub-slice.
		if sl, ok := v.X.(*ssa.Slice); ok {
			if _, short := m.ShortSlice(sl); short {
				return Unknown
			}
		}
		s := m.of(v.X, depth+1)
		if s.Large() {
			s.Field = -1
			return s
		}
		return Unknown
	case *ssa.Slice:
		if a, ok := v.X.(*ssa.Alloc); ok && v.Low == nil && v.Max == nil && (v.High == nil || a.Comment == "makeslice") {
			// make([]T, n) with constant n, or arr[:]: the array itself.
			s := m.Type(Deref(a.Type()))
			if s.Large() {
				s.What = fmt.Sprintf("%s of %s", m.TypeString(v.Type()), Human(s.Bytes))
				if a.Comment == "makeslice" {
					s.What += " from make"
				}
			}
			return s
		}
		s := m.of(v.X, depth+1)
		if s.Large() {
			// A sub-slice or substring keeps the whole backing array.
			word := "sub-slice of "
			if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
				word = "substring of "
			}
			return Size{Bytes: s.Bytes, Input: s.Input, What: word + s.What, Field: -1}
		}
		return Unknown
	case *ssa.MakeSlice:
		n := max(ConstInt(v.Len), ConstInt(v.Cap))
		elem := v.Type().Underlying().(*types.Slice).Elem()
		if b := n * m.ElemSize(elem); n > 0 && b >= m.cfg.Threshold {
			return Size{Bytes: b, What: fmt.Sprintf("%s of %s from make", m.TypeString(v.Type()), Human(b)), Field: -1}
		}
		return Unknown
	case *ssa.MakeMap:
		if v.Reserve == nil {
			return Unknown
		}
		mt := v.Type().Underlying().(*types.Map)
		n := ConstInt(v.Reserve)
		if b := n * (m.ElemSize(mt.Key()) + m.ElemSize(mt.Elem())); n > 0 && b >= m.cfg.Threshold {
			return Size{Bytes: b, What: fmt.Sprintf("%s of %s from make", m.TypeString(v.Type()), Human(b)), Field: -1}
		}
		return Unknown
	case *ssa.Alloc:
		return m.allocSize(v, depth)
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return m.loadSize(v, depth)
		}
		return Unknown
	case *ssa.Phi:
		// Large when every edge that is not a constant (nil) is.
		var out Size
		found := false
		for _, e := range v.Edges {
			if _, ok := e.(*ssa.Const); ok {
				continue
			}
			if _, ok := e.(*ssa.Phi); ok {
				continue // a loop back-edge carries what the others do
			}
			s := m.of(e, depth+1)
			if !s.Large() {
				return Unknown
			}
			if !found {
				out, found = s, true
			}
		}
		if found {
			return out
		}
		return Unknown
	}
	return m.Type(v.Type())
}

// ConstInt returns the value of a constant integer operand, else 0.
func ConstInt(v ssa.Value) int64 {
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

// ElemSize is the size in bytes of one value of t: at least 1, and 1 for
// types involving type parameters, whose size is not known.
func (m *Model) ElemSize(t types.Type) int64 {
	if HasTypeParam(t) {
		return 1
	}
	return max(m.cfg.Sizes.Sizeof(t), 1)
}

// HasTypeParam reports whether t involves a type parameter (its size is
// then unknown).
func HasTypeParam(t types.Type) bool { return typeParamIn(t, 0) }

// typeParamIn is HasTypeParam to a bounded depth (types may be recursive
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

// Type is the size a value of type t (or the array or struct it points
// to) has by its type alone: Large when an array or struct type is at
// least the threshold, else Unknown.
func (m *Model) Type(t types.Type) Size {
	elem := t
	if p, ok := t.Underlying().(*types.Pointer); ok {
		elem = p.Elem()
	}
	switch elem.Underlying().(type) {
	case *types.Array, *types.Struct:
	default:
		return Unknown
	}
	if HasTypeParam(elem) {
		return Unknown
	}
	n := m.cfg.Sizes.Sizeof(elem)
	if n < m.cfg.Threshold {
		return Unknown
	}
	return Size{Bytes: n, What: fmt.Sprintf("%s of %s", m.TypeString(t), Human(n)), Field: -1}
}

// allocSize is the size of a local variable or composite literal: its
// type's, that of what is stored in it (for a struct, in one of its fields,
// also through a pointer loaded from the variable: up.Data = body), of what
// a decoder fills through its address, or of a buffer filled from input.
func (m *Model) allocSize(a *ssa.Alloc, depth int) Size {
	if s := m.Type(a.Type()); s.Large() {
		return s
	}
	if s := m.decodedSize(a); s.Large() {
		return s
	}
	if s := m.filledBufferSize(a); s.Large() {
		return s
	}
	refs := a.Referrers()
	if refs == nil {
		return Unknown
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr == a {
				if s := m.of(r.Val, depth+1); s.Large() {
					return s
				}
			}
		case *ssa.FieldAddr:
			if s := m.fieldStoreSize(a.Type(), r, depth); s.Large() {
				return s
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				continue
			}
			for _, fa := range FieldAddrsOf(r) {
				if s := m.fieldStoreSize(r.Type(), fa, depth); s.Large() {
					return s
				}
			}
		}
	}
	return Unknown
}

// fieldStoreSize is the size of a struct of type t (a pointer to it) made
// large by a value stored through fa.
func (m *Model) fieldStoreSize(t types.Type, fa *ssa.FieldAddr, depth int) Size {
	for _, st := range StoresTo(fa) {
		s := m.of(st.Val, depth+1)
		if !s.Large() {
			continue
		}
		return Size{
			Bytes:     s.Bytes,
			Input:     s.Input,
			What:      fmt.Sprintf("%s holding %s in field %s", m.TypeString(t), s.What, FieldName(fa.X.Type(), fa.Field)),
			Field:     fa.Field,
			FieldWhat: s.What,
		}
	}
	return Unknown
}

// Var is the size of the value the variable a holds, named by its own type
// (Report rather than *Report for var rep Report): filled in place by a
// decoder, set field by field, a buffer written to.
func (m *Model) Var(a *ssa.Alloc) Size { return m.varSize(a, 0) }

func (m *Model) varSize(a *ssa.Alloc, depth int) Size {
	s := m.allocSize(a, depth+1)
	if s.Large() {
		s.What = strings.Replace(s.What, m.TypeString(a.Type()), m.TypeString(Deref(a.Type())), 1)
	}
	return s
}

// loadSize is the size of *x: a local variable's value, or a field whose
// struct holds the large value there.
func (m *Model) loadSize(u *ssa.UnOp, depth int) Size {
	switch x := u.X.(type) {
	case *ssa.Alloc:
		if s := m.varSize(x, depth); s.Large() {
			return s
		}
	case *ssa.FieldAddr:
		s := m.of(x.X, depth+1)
		if s.Large() && s.Field == x.Field {
			return Size{Bytes: s.Bytes, Input: s.Input, What: s.FieldWhat, Field: -1}
		}
		if s.Input && IsLargeField(s.Field, x.X.Type(), x.Field) {
			what := fmt.Sprintf("input-sized %s in field %s of %s", m.TypeString(u.Type()), FieldName(x.X.Type(), x.Field), strings.TrimPrefix(s.What, "input-sized "))
			return Size{Input: true, What: what, Field: StructField(u.Type())}
		}
	}
	return m.Type(u.Type())
}

// callSize is the size of a call's (first) result.
func (m *Model) callSize(call *ssa.Call, depth int) Size {
	if ssaq.IsBuiltin(&call.Call, "append") {
		return m.appendSize(call, depth)
	}
	fn := ssaq.Callee(&call.Call)
	if fn == nil || fn.Signature.Results().Len() == 0 {
		return Unknown
	}
	res := fn.Signature.Results().At(0).Type()
	if name := InputSource(fn); name != "" {
		if !m.inputEvidence(fn, &call.Call) {
			return Unknown
		}
		return Size{Input: true, What: fmt.Sprintf("input-sized %s from %s", m.TypeString(res), name), Field: -1}
	}
	if name := splitter(fn); name != "" && len(call.Call.Args) > 0 {
		if s := m.of(call.Call.Args[0], depth+1); s.Input {
			return Size{Input: true, What: fmt.Sprintf("input-sized %s from %s of %s", m.TypeString(res), name, strings.TrimPrefix(s.What, "input-sized ")), Field: -1}
		}
		return Unknown
	}
	switch {
	case ssaq.IsFunc(fn, "bytes", "Clone"), ssaq.IsFunc(fn, "strings", "Clone"), ssaq.IsFunc(fn, "slices", "Clone"):
		if len(call.Call.Args) == 1 {
			if sl, ok := call.Call.Args[0].(*ssa.Slice); ok {
				if _, short := m.ShortSlice(sl); short {
					return Unknown // a clone of a few bytes
				}
			}
			return m.of(call.Call.Args[0], depth+1)
		}
	}
	if m.cfg.Callee != nil {
		if s := m.cfg.Callee(fn); s != nil {
			if s.Input != "" {
				// Which field of a struct is large, the summary does not say.
				return Size{Input: true, What: s.Input, Field: StructField(res)}
			}
			for _, h := range s.Holds {
				as := m.of(ArgFor(&call.Call, h.Param), depth+1)
				if !as.Large() {
					continue
				}
				if h.Field < 0 {
					return Size{Bytes: as.Bytes, Input: as.Input, What: as.What, Field: -1}
				}
				return Size{
					Bytes:     as.Bytes,
					Input:     as.Input,
					What:      fmt.Sprintf("%s holding %s in field %s", m.TypeString(res), as.What, FieldName(res, h.Field)),
					Field:     h.Field,
					FieldWhat: as.What,
				}
			}
		}
	}
	if call.Type() == res {
		return m.Type(res)
	}
	return Unknown
}

// ShortSlice reports whether s is x[lo:hi] with constant bounds spanning
// fewer bytes than the threshold, and how many bytes it spans (at most:
// hi may be min(len(x), K), bounded by the constant K). The slice is
// small, but it keeps x's whole backing array alive.
func (m *Model) ShortSlice(s *ssa.Slice) (int64, bool) {
	if s.High == nil || s.Max != nil {
		return 0, false
	}
	hi, ok := ConstUpper(s.High)
	if !ok {
		return 0, false
	}
	lo := int64(0)
	if s.Low != nil {
		if _, ok := s.Low.(*ssa.Const); !ok {
			return 0, false
		}
		lo = ConstInt(s.Low)
	}
	var elem int64 = 1
	if sl, ok := s.Type().Underlying().(*types.Slice); ok {
		elem = m.ElemSize(sl.Elem())
	}
	n := (hi - lo) * elem
	if hi < lo || n >= m.cfg.Threshold {
		return 0, false
	}
	return n, true
}

// ConstUpper returns a constant upper bound of the integer v: v itself,
// or the smallest constant argument of a call of the builtin min.
func ConstUpper(v ssa.Value) (int64, bool) {
	if _, ok := v.(*ssa.Const); ok {
		return ConstInt(v), true
	}
	call, ok := v.(*ssa.Call)
	if !ok {
		return 0, false
	}
	if b, ok := call.Call.Value.(*ssa.Builtin); !ok || b.Name() != "min" {
		return 0, false
	}
	bound, found := int64(0), false
	for _, a := range call.Call.Args {
		if _, ok := a.(*ssa.Const); ok {
			if k := ConstInt(a); !found || k < bound {
				bound, found = k, true
			}
		}
	}
	return bound, found
}

// Results computes fn's Summary from its own return statements: whether a
// result is input-sized, and which parameters the results hold. Checks
// store it in their summaries and facts and hand it back through
// Config.Callee.
func (m *Model) Results(fn *ssa.Function) Summary {
	var out Summary
	seen := map[Held]bool{}
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		for _, r := range ret.Results {
			if !CanHold(r.Type()) {
				continue
			}
			if sz := m.Of(r); sz.Input && out.Input == "" {
				out.Input = sz.What
			}
			if h, ok := HeldParam(r); ok && !seen[h] {
				seen[h] = true
				out.Holds = append(out.Holds, h)
			}
		}
	}
	return out
}
