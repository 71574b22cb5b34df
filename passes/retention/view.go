package retention

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/size"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// view is a small value that shares the memory of a larger one.
type view struct {
	v    ssa.Value // the view: a Slice, an element load, a call result, an address
	base ssa.Value // what it is cut from
	pos  token.Pos // where to report
	kind viewKind
	// desc names the view for messages: "substring s[4:20]", "part
	// fields[1] of strings.Fields", "match of (*regexp.Regexp).FindString".
	desc string
	// expr is the view's expression, for the suggested fix (nil if none);
	// found from the syntax by resolve, when the view is reported or
	// summarised (want says which expression to look for at pos).
	expr     ast.Expr
	want     exprWant
	resolved bool
	// computed: a slice between two computed bounds, whose length is not
	// known (not recorded as a view of a parameter: it may be most of it).
	computed bool
	// via is, for a view made by calling a function that returns one, the
	// callee's description of it; of what for a fact's View.
	via, of string
}

type viewKind uint8

// exprWant says which expression at a view's position is the view.
type exprWant uint8

const (
	noExpr      exprWant = iota
	sliceExpr            // s[i:j] at its '['
	callExpr             // f(x) at its '('
	indexExpr            // parts[i] at its '['
	addressExpr          // &x.f or &a[i] at the field name or '['
	rangeElem            // an element in a range loop: no expression
)

const (
	sliceView   viewKind = iota // b[i:j], s[i:j]: a slice or string header
	pointerView                 // &a[i], &s.f: a pointer into an aggregate
)

// splitters are the functions whose result elements are parts of their
// first argument.
var splitters = []struct{ pkg, name string }{
	{"strings", "Split"}, {"strings", "SplitN"}, {"strings", "SplitAfter"}, {"strings", "SplitAfterN"},
	{"strings", "Fields"}, {"strings", "FieldsFunc"},
	{"bytes", "Split"}, {"bytes", "SplitN"}, {"bytes", "SplitAfter"}, {"bytes", "SplitAfterN"},
	{"bytes", "Fields"}, {"bytes", "FieldsFunc"},
}

// cutters return parts of their first argument as results 0 and 1.
var cutters = []struct{ pkg, name string }{{"strings", "Cut"}, {"bytes", "Cut"}}

// matchers are the regexp.Regexp methods whose results (or their
// elements) are parts of their argument.
var matchers = []string{
	"Find", "FindString", "FindSubmatch", "FindStringSubmatch",
	"FindAll", "FindAllString", "FindAllSubmatch", "FindAllStringSubmatch",
}

// viewsIn returns the views fn makes. The views found by their syntax
// shape are computed once per function; those that callees' summaries
// make (which change while summaries settle) each time.
func (c *checker) viewsIn(fn *ssa.Function) []view {
	sv, ok := c.shapeViews[fn]
	if !ok {
		sv = c.findShapeViews(fn)
		c.shapeViews[fn] = sv
	}
	out := append([]view(nil), sv.views...)
	for _, call := range sv.calls {
		out = append(out, c.summaryViews(call, ssaq.Callee(&call.Call))...)
	}
	return out
}

// shapeViews are a function's views found by their shape, and the calls
// whose results a summary may make views.
type shapeViews struct {
	views []view
	calls []*ssa.Call
}

func (c *checker) findShapeViews(fn *ssa.Function) shapeViews {
	var out shapeViews
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Slice:
				if small, computed := c.smallSlice(instr); small {
					v := c.sliceView(instr)
					v.computed = computed
					out.views = append(out.views, v)
				}
			case *ssa.Call:
				fn := ssaq.Callee(&instr.Call)
				switch {
				case fn == nil:
				case isTextPkg(fn):
					out.views = append(out.views, c.callViews(instr)...)
				default:
					out.calls = append(out.calls, instr)
				}
			case *ssa.IndexAddr:
				if v, ok := c.pointerInto(instr, instr.X); ok {
					out.views = append(out.views, v)
				}
			case *ssa.FieldAddr:
				if v, ok := c.pointerInto(instr, instr.X); ok {
					out.views = append(out.views, v)
				}
			}
		}
	}
	return out
}

// smallSlice reports whether s is a small part of its operand: a constant
// length (s[4:20], s[i:i+8], s[:min(len(s), 16)]) or two computed bounds (s[start:end]) that are
// not measured from the end (s[i:len(s)-1]): computed reports the latter.
// s[i:] and s[:n] may keep most of the value and are not small.
func (c *checker) smallSlice(s *ssa.Slice) (small, computed bool) {
	if s.High == nil || !isSliceOrString(s.Type()) {
		return false, false
	}
	elem := int64(1)
	if sl, ok := s.Type().Underlying().(*types.Slice); ok {
		elem = c.model.ElemSize(sl.Elem())
	}
	_, loConst := s.Low.(*ssa.Const)
	_, hiConst := s.High.(*ssa.Const)
	hi, hiBounded := size.ConstUpper(s.High) // a constant, or min(len(s), K)
	switch {
	case (s.Low == nil || loConst) && hiBounded:
		lo := int64(0)
		if s.Low != nil {
			lo = size.ConstInt(s.Low)
		}
		return hi > lo && (hi-lo)*elem < c.model.Threshold(), false
	case s.Low != nil && !loConst:
		if n, ok := offsetFrom(s.High, s.Low); ok {
			return n > 0 && n*elem < c.model.Threshold(), false
		}
		return !hiConst && !fromLen(s.High, s.X), true
	}
	return false, false
}

func isSliceOrString(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return true
	case *types.Basic:
		return u.Info()&types.IsString != 0
	}
	return false
}

// offsetFrom returns n when hi is lo + n with a constant n.
func offsetFrom(hi, lo ssa.Value) (int64, bool) {
	b, ok := hi.(*ssa.BinOp)
	if !ok || b.Op != token.ADD {
		return 0, false
	}
	if b.X == lo {
		if _, ok := b.Y.(*ssa.Const); ok {
			return size.ConstInt(b.Y), true
		}
	}
	if b.Y == lo {
		if _, ok := b.X.(*ssa.Const); ok {
			return size.ConstInt(b.X), true
		}
	}
	return 0, false
}

// fromLen reports whether v is len(x) or computed from it (len(x)-1).
func fromLen(v, x ssa.Value) bool {
	for depth := 0; depth < 4; depth++ {
		switch w := v.(type) {
		case *ssa.Call:
			return ssaq.IsBuiltin(&w.Call, "len") || ssaq.IsBuiltin(&w.Call, "cap")
		case *ssa.BinOp:
			if fromLen(w.X, x) {
				return true
			}
			v = w.Y
		default:
			return false
		}
	}
	return false
}

func (c *checker) sliceView(s *ssa.Slice) view {
	word := "subslice"
	if isString(s.Type()) {
		word = "substring"
	}
	return view{v: s, base: s.X, pos: s.Pos(), kind: sliceView, desc: word, want: sliceExpr}
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// callViews returns the views a call makes: the elements of a split, the
// parts of a cut, regexp matches, and the results of functions that return
// a view of a large value of their own or of an argument.
func (c *checker) callViews(call *ssa.Call) []view {
	fn := ssaq.Callee(&call.Call)
	if fn == nil {
		return nil
	}
	args := call.Call.Args
	if !isTextPkg(fn) {
		return c.summaryViews(call, fn)
	}
	for _, s := range splitters {
		if ssaq.IsFunc(fn, s.pkg, s.name) && len(args) > 0 {
			return c.elementViews(call, args[0], fmt.Sprintf("part of %s.%s", s.pkg, s.name))
		}
	}
	for _, s := range cutters {
		if ssaq.IsFunc(fn, s.pkg, s.name) && len(args) > 0 {
			var out []view
			for _, x := range extracts(call) {
				if x.Index > 1 {
					continue
				}
				side := [...]string{"before", "after"}[x.Index]
				v := view{v: x, base: args[0], pos: call.Pos(), desc: fmt.Sprintf("%s part of %s.%s", side, s.pkg, s.name)}
				out = append(out, v)
			}
			return out
		}
	}
	for _, m := range matchers {
		if ssaq.IsMethod(fn, "regexp", "Regexp", m) && len(args) >= 2 { // FindAll* take a count too
			desc := fmt.Sprintf("match of (*regexp.Regexp).%s", m)
			if isPart(call.Type(), args[1].Type()) {
				return []view{c.callView(call, args[1], desc)}
			}
			return c.elementViews(call, args[1], desc)
		}
	}
	return nil
}

// isTextPkg reports whether fn is declared in strings, bytes or regexp,
// whose splits, cuts and matches are views.
func isTextPkg(fn *ssa.Function) bool {
	switch pkgPath(fn) {
	case "strings", "bytes", "regexp":
		return true
	}
	return false
}

// pkgPath is the path of the package fn is declared in, or "".
func pkgPath(fn *ssa.Function) string {
	if obj := fn.Object(); obj != nil && obj.Pkg() != nil {
		return obj.Pkg().Path()
	}
	return ""
}

// summaryViews returns the results of a call to fn that its summary says
// are views: of a large value of fn's own, or of an argument.
func (c *checker) summaryViews(call *ssa.Call, fn *ssa.Function) []view {
	s := c.summaryOf(fn)
	if s == nil || len(s.Views) == 0 && len(s.ParamViews) == 0 {
		return nil
	}
	var out []view
	name := c.calleeName(fn)
	for _, rv := range s.Views {
		if c.inPkg[fn] {
			continue // reported at the view inside fn
		}
		if r := result(call, rv.Result); r != nil {
			v := c.callView(call, nil, fmt.Sprintf("result of %s", name))
			v.v, v.via, v.of = r, rv.View, rv.Of
			out = append(out, v)
		}
	}
	for _, pv := range s.ParamViews {
		a := size.ArgFor(&call.Call, pv.Param)
		if r := result(call, pv.Result); r != nil && a != nil {
			v := c.callView(call, a, fmt.Sprintf("result of %s", name))
			v.v, v.via = r, pv.View
			out = append(out, v)
		}
	}
	return out
}

// isPart reports whether a value of type t can be a part of a value of
// type base: a string of a string, a flat slice of a slice (not a slice of
// parts).
func isPart(t, base types.Type) bool {
	if isString(base) {
		return isString(t)
	}
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	_, nested := s.Elem().Underlying().(*types.Slice)
	return !nested
}

func (c *checker) callView(call *ssa.Call, base ssa.Value, desc string) view {
	return view{v: call, base: base, pos: call.Pos(), desc: desc, want: callExpr}
}

// elementViews returns the loads of elements (at any depth) of the slice
// of parts made by call: parts[1], or each part in a range loop.
func (c *checker) elementViews(call *ssa.Call, base ssa.Value, desc string) []view {
	var out []view
	var walk func(x ssa.Value, depth int)
	walk = func(x ssa.Value, depth int) {
		if depth > 3 || x.Referrers() == nil {
			return
		}
		for _, r := range *x.Referrers() {
			ia, ok := r.(*ssa.IndexAddr)
			if !ok || ia.X != x || ia.Referrers() == nil {
				continue
			}
			for _, u := range *ia.Referrers() {
				ld, ok := u.(*ssa.UnOp)
				if !ok || ld.Op != token.MUL {
					continue
				}
				if !isPart(ld.Type(), base.Type()) {
					walk(ld, depth+1) // a submatch group of FindAllSubmatch
					continue
				}
				v := view{v: ld, base: base, pos: ia.Pos(), desc: desc, want: indexExpr}
				if !ia.Pos().IsValid() {
					v.pos, v.want = call.Pos(), rangeElem // a range loop over the parts
				}
				out = append(out, v)
			}
		}
	}
	walk(call, 0)
	return out
}

// pointerInto reports whether addr, &x[i] or &x.f, is a pointer into a
// large aggregate that is used as a value (not only loaded from or stored
// through), and returns it as a view.
func (c *checker) pointerInto(addr ssa.Value, x ssa.Value) (view, bool) {
	if !usedAsValue(addr) {
		return view{}, false
	}
	if _, global := x.(*ssa.Global); global {
		return view{}, false // the aggregate lives as long as the process anyway
	}
	// The pointee itself must be small: a pointer to a large field keeps
	// little more than it needs. (Whether x is large, baseSize asks.)
	if n := c.model.ElemSize(size.Deref(addr.Type())); n >= c.model.Threshold() {
		return view{}, false
	}
	return view{v: addr, base: x, pos: addr.Pos(), kind: pointerView, desc: "pointer", want: addressExpr}, true
}

// usedAsValue reports whether the address addr is itself kept, passed or
// returned (and not only dereferenced or written through).
func usedAsValue(addr ssa.Value) bool {
	refs := addr.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.UnOp, *ssa.FieldAddr, *ssa.IndexAddr, *ssa.DebugRef:
		case *ssa.Store:
			if r.Val == addr {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// extracts returns the Extract instructions of a tuple-valued call.
func extracts(call *ssa.Call) []*ssa.Extract {
	var out []*ssa.Extract
	if refs := call.Referrers(); refs != nil {
		for _, r := range *refs {
			if x, ok := r.(*ssa.Extract); ok {
				out = append(out, x)
			}
		}
	}
	return out
}

// result returns the value of result i of call: the call itself for a
// single result, else its Extract (nil when unused).
func result(call *ssa.Call, i int) ssa.Value {
	if call.Call.Signature().Results().Len() == 1 {
		if i == 0 {
			return call
		}
		return nil
	}
	for _, x := range extracts(call) {
		if x.Index == i {
			return x
		}
	}
	return nil
}

// directlyAt reports whether x is the selector or index expression whose
// field name or bracket is at pos.
func directlyAt(x ast.Expr, pos token.Pos) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.SelectorExpr:
		return x.Sel.Pos() == pos
	case *ast.IndexExpr:
		return x.Lbrack == pos
	}
	return false
}

// resolve finds v's expression in the syntax and completes its
// description: "substring s[4:20]", "parts[1], part of strings.Split".
func (c *checker) resolve(v *view) {
	if v.resolved {
		return
	}
	v.resolved = true
	switch v.want {
	case sliceExpr:
		if e, ok := c.exprAt(v.pos, func(n ast.Node) bool { _, ok := n.(*ast.SliceExpr); return ok }).(*ast.SliceExpr); ok {
			v.expr = e
			v.desc += " " + c.text(e)
		}
	case callExpr:
		if e, ok := c.exprAt(v.pos, func(n ast.Node) bool { _, ok := n.(*ast.CallExpr); return ok }).(*ast.CallExpr); ok {
			v.expr = e
		}
	case indexExpr:
		if e, ok := c.exprAt(v.pos, func(n ast.Node) bool { _, ok := n.(*ast.IndexExpr); return ok }).(*ast.IndexExpr); ok {
			v.expr = e
			v.desc = c.text(e) + ", " + v.desc
		} else {
			v.desc = "a " + v.desc
		}
	case addressExpr:
		if e, ok := c.exprAt(v.pos, func(n ast.Node) bool {
			u, ok := n.(*ast.UnaryExpr)
			return ok && u.Op == token.AND
		}).(*ast.UnaryExpr); ok && directlyAt(e.X, v.pos) {
			v.expr = e
			v.desc += " " + c.text(e)
			v.pos = e.Pos()
		}
	case rangeElem:
		v.desc = "a " + v.desc
	}
}
