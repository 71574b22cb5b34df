package closurecapture

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/internal/size"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// capture is what a closure's binding refers to.
type capture struct {
	name  string
	alloc *ssa.Alloc       // the captured variable
	mc    *ssa.MakeClosure // the closure made in alloc's function (the outermost, for nested ones)
	size  size.Size
	param int       // index of the parameter stored in the variable, or -1
	value ssa.Value // the value stored in it (the origin)
	short int64     // > 0: the value is a short constant sub-slice of a large one, this many bytes
}

// captured finds what binding b of closure mc holds, following nested
// closures out to the function that declares the variable. ok is false
// when the variable may be replaced after the closure is made, or is
// written by a closure.
func (c *checker) captured(mc *ssa.MakeClosure, b ssa.Value) (capture, bool) {
	for depth := 0; ; depth++ {
		fv, isFree := b.(*ssa.FreeVar)
		if !isFree || depth > 4 {
			break
		}
		// The enclosing closure captured it: find where that closure is made.
		outer := fv.Parent()
		j := -1
		for i, f := range outer.FreeVars {
			if f == fv {
				j = i
			}
		}
		omc := makerOf(outer)
		if omc == nil || j < 0 || j >= len(omc.Bindings) {
			return capture{}, false
		}
		mc, b = omc, omc.Bindings[j]
	}
	alloc, ok := b.(*ssa.Alloc)
	if !ok {
		return capture{}, false
	}
	cp := capture{name: alloc.Comment, alloc: alloc, mc: mc, param: -1, size: c.m.Type(size.Deref(alloc.Type()))}
	refs := alloc.Referrers()
	if refs == nil {
		return capture{}, false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc {
				continue
			}
			if storedAfter(mc, r, alloc) {
				return capture{}, false // may be replaced (data = nil) before the closure runs
			}
			if p, ok := r.Val.(*ssa.Parameter); ok {
				cp.param, cp.value = size.ParamIndex(p), p
			}
			if s := c.m.Of(r.Val); s.Large() && !cp.size.Large() {
				cp.size, cp.value = s, r.Val
			}
		case *ssa.MakeClosure:
			if writtenIn(r, alloc) {
				return capture{}, false
			}
		}
	}
	if !cp.size.Large() {
		// Filled in place: decoded into, set field by field, or a buffer
		// copied into.
		if fieldStoredAfter(mc, alloc) {
			return capture{}, false
		}
		cp.size = c.m.Var(alloc)
	}
	if sl, ok := cp.value.(*ssa.Slice); ok && cp.size.Large() {
		if n, short := c.m.ShortSlice(sl); short {
			cp.short = max(n, 1)
		}
	}
	return cp, true
}

// makerOf returns the unique MakeClosure that creates closure fn.
func makerOf(fn *ssa.Function) *ssa.MakeClosure {
	parent := fn.Parent()
	if parent == nil {
		return nil
	}
	var found *ssa.MakeClosure
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				if found != nil {
					return nil
				}
				found = mc
			}
		}
	}
	return found
}

// writtenIn reports whether the closure mc (or one nested in it) assigns
// the variable alloc.
func writtenIn(mc *ssa.MakeClosure, alloc ssa.Value) bool {
	fn := ssaq.FuncValue(mc)
	if fn == nil {
		return true
	}
	for i, b := range mc.Bindings {
		if b != alloc || i >= len(fn.FreeVars) {
			continue
		}
		refs := fn.FreeVars[i].Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr == fn.FreeVars[i] {
					return true
				}
			case *ssa.MakeClosure:
				if writtenIn(r, fn.FreeVars[i]) {
					return true
				}
			}
		}
	}
	return false
}

// fieldStoredAfter reports whether a field of the variable alloc (or of
// the struct it points to) may be assigned after mc: up.Data = nil.
func fieldStoredAfter(mc ssa.Instruction, alloc *ssa.Alloc) bool {
	for _, p := range size.AddrsOf(alloc) {
		for _, fa := range size.FieldAddrsOf(p) {
			for _, st := range size.StoresTo(fa) {
				if storedAfter(mc, st, alloc) {
					return true
				}
			}
		}
	}
	return false
}

// storedAfter reports whether store st can run after mc without the
// variable being declared afresh (a new iteration's variable is another
// variable).
func storedAfter(mc ssa.Instruction, st *ssa.Store, alloc *ssa.Alloc) bool {
	b := mc.Block()
	if b == nil || st.Block() == nil || st.Block().Parent() != b.Parent() {
		return false
	}
	idx := func(blk *ssa.BasicBlock, instr ssa.Instruction) int {
		for i, x := range blk.Instrs {
			if x == instr {
				return i
			}
		}
		return -1
	}
	type item struct {
		b *ssa.BasicBlock
		i int
	}
	seen := make([]bool, len(b.Parent().Blocks))
	work := []item{{b, idx(b, mc) + 1}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		blocked := false
		for _, instr := range it.b.Instrs[it.i:] {
			if instr == st {
				return true
			}
			if instr == alloc {
				blocked = true
				break
			}
		}
		if blocked {
			continue
		}
		for _, s := range it.b.Succs {
			if !seen[s.Index] {
				seen[s.Index] = true
				work = append(work, item{s, 0})
			}
		}
	}
	return false
}

// retainedElsewhere reports whether v is kept alive by something other
// than closures: stored in a global, a field of an object that outlives the
// function, an element or a channel, or (when returns is set) returned to
// the caller. Then the closure adds nothing to its lifetime. For a closure
// kept for the life of the process (a hook, a registry, a handler: see
// outlivesCallers), returning the value does not count: the caller may
// drop it while the closure lives on.
func retainedElsewhere(v ssa.Value, returns bool, depth int) bool {
	if v == nil || depth > 3 {
		return false
	}
	switch x := v.(type) {
	case *ssa.Slice:
		// A sub-slice shares its base: kept alive if the base is.
		if retainedElsewhere(x.X, returns, depth+1) {
			return true
		}
	case *ssa.UnOp:
		if a, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL && retainedElsewhere(a, returns, depth+1) {
			return true
		}
	case *ssa.Alloc:
		// What is loaded from the variable may be kept: a pointer
		// (orders[o.ID] = o), a struct copy sharing its slices
		// (docs = append(docs, doc)).
		if refs := x.Referrers(); refs != nil {
			for _, r := range *refs {
				if u, ok := r.(*ssa.UnOp); ok && u.Op == token.MUL && retainedElsewhere(u, returns, depth+1) {
					return true
				}
			}
		}
	}
	for _, e := range ssaq.Escapes(v) {
		switch e.Kind {
		case ssaq.ToClosure, ssaq.ToCall:
		case ssaq.ToReturn:
			if returns {
				return true
			}
		case ssaq.ToField:
			if fa, ok := e.Instr.(*ssa.FieldAddr); ok && !fieldRetained(fa, returns, depth) {
				continue // a field of the variable read in place (f.Seq)
			}
			// Into a fresh local struct: it matters only if that escapes.
			if st, ok := e.Instr.(*ssa.Store); ok {
				if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
					if a, ok := fa.X.(*ssa.Alloc); ok {
						if retainedElsewhere(a, returns, depth+1) {
							return true
						}
						continue
					}
				}
			}
			return true
		default:
			return true
		}
	}
	return false
}

// outlivesCallers reports whether one of the sinks keeps the closure for
// the life of the process, beyond any caller: a package-level var or
// registry, a field of a long-lived object, an HTTP handler, a long-lived
// channel, a callee's long-lived store. Timers, finalizers and goroutines
// that block may end.
func outlivesCallers(long []sink) bool {
	for _, s := range long {
		switch s.category {
		case "capture-global", "capture-field", "capture-handler", "capture-channel", "capture-stored":
			return true
		}
	}
	return false
}

// fieldRetained reports whether the field address fa (of a local
// variable) lets the variable's memory go elsewhere: its address is
// passed on, or the field's value is retained. Reading a field, or storing
// into it, does not.
func fieldRetained(fa *ssa.FieldAddr, returns bool, depth int) bool {
	refs := fa.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if r.Addr != fa {
				return true
			}
		case *ssa.UnOp:
			if r.Op != token.MUL || size.CanHold(r.Type()) && retainedElsewhere(r, returns, depth+1) {
				return true
			}
		case *ssa.FieldAddr:
			if fieldRetained(r, returns, depth+1) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// otherWholeUse reports whether another closure capturing the same variable
// uses it whole: the value is then meant to stay alive.
func (c *checker) otherWholeUse(cp capture, mine *ssa.MakeClosure) bool {
	refs := cp.alloc.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		mc, ok := r.(*ssa.MakeClosure)
		if !ok || mc == mine {
			continue
		}
		fn := ssaq.FuncValue(mc)
		for i, b := range mc.Bindings {
			if b == cp.alloc && fn != nil && i < len(fn.FreeVars) {
				if _, ok := c.usesOf(fn, fn.FreeVars[i], cp.name, cp.size.Field, 0); !ok {
					return true
				}
			}
		}
	}
	return false
}

// checkFunc reports the closures made in fn that reach a long-lived sink
// while capturing a large value of which they use only a projection, and
// calls that do the same through a callee's summary.
func (c *checker) checkFunc(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.MakeClosure:
				c.checkClosure(instr)
			case ssa.CallInstruction:
				c.checkCall(fn, instr)
			}
		}
	}
}

func (c *checker) checkClosure(mc *ssa.MakeClosure) {
	body := ssaq.FuncValue(mc)
	if body == nil || c.once(mc) {
		return
	}
	if body.Synthetic != "" {
		c.checkMethodValue(mc, body)
		return
	}
	long := c.longSinks(mc)
	if len(long) == 0 {
		return
	}
	for i, bnd := range mc.Bindings {
		if i >= len(body.FreeVars) {
			break
		}
		cp, ok := c.captured(mc, bnd)
		if !ok || !cp.size.Large() {
			continue // a parameter of unknown size is judged at the calls (Pins)
		}
		var projs []projection
		if cp.short > 0 {
			// Whatever the closure does with a short sub-slice, it needs only
			// those bytes, yet keeps the whole backing array.
			projs = []projection{{kind: "slice", text: fmt.Sprintf("%s (%d bytes)", cp.name, cp.short)}}
		} else {
			projs, ok = c.usesOf(body, body.FreeVars[i], cp.name, cp.size.Field, 0)
			if !ok || len(projs) == 0 {
				continue
			}
		}
		if ret := !outlivesCallers(long); retainedElsewhere(cp.value, ret, 0) || retainedElsewhere(cp.alloc, ret, 0) || cp.short == 0 && c.otherWholeUse(cp, mc) {
			continue
		}
		c.reportClosure(mc, body, long[0], cp, projs)
	}
}

// checkCall reports calls whose callee pins a large argument in a
// long-lived closure, or returns a closure capturing a large value that the
// caller keeps.
func (c *checker) checkCall(fn *ssa.Function, instr ssa.CallInstruction) {
	call := instr.Common()
	callee := ssaq.Callee(call)
	s := c.summaryOf(callee)
	if s == nil || len(s.pins) == 0 && len(s.returns) == 0 {
		return
	}
	name := ssaq.CalleeName(callee, c.pass.Pkg)
	for p, pin := range s.pins {
		arg := size.ArgFor(call, p)
		sz := c.m.Of(arg)
		if !sz.Large() || usesLargeField(pin, sz, arg.Type()) || retainedElsewhere(arg, true, 0) {
			continue
		}
		label := c.argLabel(instr, p, pin.Var)
		c.emit(analysis.Diagnostic{
			Pos:      instr.Pos(),
			Category: orDefault(pin.Category, "capture-stored"),
			Message: fmt.Sprintf("call to %s pins %q (%s): %s keeps its parameter %q in a closure %s, which uses only %s; %s in %s",
				name, label, sz.What, name, pin.Var, pin.Sink, pin.Uses, fixAdvice(pin.Kind), name),
		})
	}
	if len(s.returns) == 0 {
		return
	}
	v, ok := instr.(*ssa.Call)
	if !ok || c.once(v) {
		return
	}
	long := c.longSinks(v)
	if len(long) == 0 {
		return
	}
	keys := make([]string, 0, len(s.returns))
	for k := range s.returns {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		pin := s.returns[k]
		what, label := pin.What, pin.Var
		if pin.Param >= 0 {
			arg := size.ArgFor(call, pin.Param)
			sz := c.m.Of(arg)
			if !sz.Large() || usesLargeField(pin, sz, arg.Type()) || retainedElsewhere(arg, true, 0) {
				continue
			}
			what, label = sz.What, c.argLabel(instr, pin.Param, pin.Var)
		}
		c.emit(analysis.Diagnostic{
			Pos:      instr.Pos(),
			Category: "capture-returned",
			Message: fmt.Sprintf("closure returned by %s captures %q (%s) but uses only %s, and is %s; %s in %s",
				name, label, what, pin.Uses, long[0].desc, fixAdvice(pin.Kind), name),
			Related: []analysis.RelatedInformation{{Pos: long[0].pos, Message: "kept alive here"}},
		})
	}
}

// argLabel names the argument that binds the callee's parameter p: as
// the source spells it when short (doc, r.Body), else the parameter's name.
func (c *checker) argLabel(instr ssa.CallInstruction, p int, param string) string {
	call := instr.Common()
	file := ssaq.FileOf(c.pass.Files, instr.Pos())
	if file == nil {
		return param
	}
	var expr ast.Expr
	ast.Inspect(file, func(n ast.Node) bool {
		if expr != nil {
			return false
		}
		ce, ok := n.(*ast.CallExpr)
		if !ok || ce.Lparen != instr.Pos() {
			return true
		}
		i := p
		if call.IsInvoke() {
			i = p - 1 // the receiver is call.Value, not an argument
		}
		if fn := call.StaticCallee(); fn != nil && fn.Signature.Recv() != nil {
			if i == 0 {
				if sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr); ok {
					expr = sel.X
				}
				return false
			}
			i--
		}
		if call.IsInvoke() && p == 0 {
			if sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr); ok {
				expr = sel.X
			}
			return false
		}
		if i >= 0 && i < len(ce.Args) {
			expr = ce.Args[i]
		}
		return false
	})
	if expr == nil {
		return param
	}
	if text := types.ExprString(expr); len(text) <= 32 {
		return text
	}
	return param
}

// usesText joins the distinct projections for a message, and says which
// kind they share ("mixed" if several).
func usesText(projs []projection) (string, string) {
	seen := map[string]bool{}
	var texts []string
	kind := ""
	for _, p := range projs {
		if kind == "" {
			kind = p.kind
		} else if kind != p.kind {
			kind = "mixed"
		}
		if !seen[p.text] {
			seen[p.text] = true
			texts = append(texts, p.text)
		}
	}
	sort.Strings(texts)
	if len(texts) > 1 {
		return strings.Join(texts[:len(texts)-1], ", ") + " and " + texts[len(texts)-1], kind
	}
	return texts[0], kind
}

// fixAdvice is the fix for a kind of projection.
func fixAdvice(kind string) string {
	switch kind {
	case "len":
		return "copy the length into a local before the closure"
	case "cap":
		return "copy the capacity into a local before the closure"
	case "field":
		return "copy the field into a local before the closure"
	case "elem":
		return "copy the element into a local before the closure"
	case "slice":
		return "copy the sub-slice (bytes.Clone, strings.Clone) into a local before the closure"
	case "nil":
		return "capture the result of the nil check instead"
	case "method":
		return "call the method before the closure and capture its result"
	}
	return "copy what it uses into locals before the closure"
}

// emit reports d through the check's reporter, which reports one
// diagnostic per position (a function and its closures can reach the same
// call twice through nested summaries).
func (c *checker) emit(d analysis.Diagnostic) { c.report.Report(d) }

func (c *checker) reportClosure(mc *ssa.MakeClosure, body *ssa.Function, sk sink, cp capture, projs []projection) {
	uses, kind := usesText(projs)
	d := analysis.Diagnostic{
		Pos:      body.Pos(),
		Category: sk.category,
		Message: fmt.Sprintf("closure %s captures %q (%s) but uses only %s; %s",
			sk.desc, cp.name, cp.size.What, uses, fixAdvice(kind)),
		Related: []analysis.RelatedInformation{{Pos: sk.pos, Message: "kept alive here"}},
	}
	for _, p := range projs {
		if p.pos.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: p.pos, Message: "uses " + p.text + " here"})
			break
		}
	}
	if fix, ok := c.hoistFix(mc, body, cp, projs, kind); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.emit(d)
}

// summaryFor computes fn's summary from its body and its callees'.
func (c *checker) summaryFor(fn *ssa.Function) *fnSummary {
	s := newSummary()
	for i, p := range fn.Params {
		if !isFuncType(p.Type()) {
			continue
		}
		for _, sk := range c.sinksOf(p) {
			switch {
			case sk.returned:
			case sk.intoArg >= 0:
				if sk.intoArg != i {
					s.storesIn[StoredIn{i, sk.intoArg}] = true
				}
			default:
				if _, ok := s.stores[i]; !ok {
					s.stores[i] = StoredFunc{Param: i, Where: sk.where, Category: sk.category}
				}
			}
		}
	}
	res := c.m.Results(fn)
	s.input = res.Input
	for _, h := range res.Holds {
		s.holds[h] = true
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.MakeClosure:
				c.summariseClosure(s, fn, instr)
			case ssa.CallInstruction:
				c.summariseWrapper(s, fn, instr.Common())
			}
		}
	}
	return s
}

// summariseClosure records the parameters of fn that the closure mc pins
// (it is long-lived) or hands to fn's callers (it is returned), using only
// a projection of them; and a returned closure's large values.
func (c *checker) summariseClosure(s *fnSummary, fn *ssa.Function, mc *ssa.MakeClosure) {
	body := ssaq.FuncValue(mc)
	if body == nil || body.Synthetic != "" {
		return
	}
	var long, returned *sink
	for _, sk := range c.sinksOf(mc) {
		sk := sk
		switch {
		case sk.returned && returned == nil:
			returned = &sk
		case sk.longLived() && long == nil:
			long = &sk
		}
	}
	if long == nil && returned == nil {
		return
	}
	for i, bnd := range mc.Bindings {
		if i >= len(body.FreeVars) {
			break
		}
		cp, ok := c.captured(mc, bnd)
		if !ok || cp.mc.Parent() != fn {
			continue
		}
		if cp.param < 0 && (!cp.size.Large() || long != nil) {
			continue // a large value of fn's own in a long-lived closure is reported in fn
		}
		projs, ok := c.usesOf(body, body.FreeVars[i], cp.name, cp.size.Field, 0)
		if !ok || len(projs) == 0 {
			continue
		}
		if cp.param < 0 && (retainedElsewhere(cp.value, true, 0) || retainedElsewhere(cp.alloc, true, 0)) {
			continue
		}
		if c.otherWholeUse(cp, mc) {
			continue
		}
		if cp.param >= 0 && (cp.size.Large() || !size.CanHold(cp.value.Type()) ||
			long != nil && fn.Signature.Recv() != nil && cp.param == 0) {
			// Large by type: reported at the closure. A scalar, or a
			// receiver pinned by the method's own closure: no caller hands
			// it a large value worth a fact.
			continue
		}
		uses, kind := usesText(projs)
		pin := Pin{Param: cp.param, Var: cp.name, Uses: uses, Kind: kind, Fields: viaFields(projs)}
		if long != nil {
			pin.Sink, pin.Category = long.desc, long.category
			if cp.param >= 0 {
				s.pins[cp.param] = pin
			}
			continue
		}
		if cp.param < 0 {
			pin.What = cp.size.What
		}
		s.returns[fmt.Sprint(pin.Param, pin.Var)] = pin
	}
}

// summariseWrapper passes a callee's pins on to fn when fn hands its own
// parameter to the pinned parameter.
func (c *checker) summariseWrapper(s *fnSummary, fn *ssa.Function, call *ssa.CallCommon) {
	callee := ssaq.Callee(call)
	if callee == nil || callee == fn {
		return
	}
	cs := c.summaryOf(callee)
	if cs == nil {
		return
	}
	for p, pin := range cs.pins {
		if param, ok := ssaq.Unwrap(size.ArgFor(call, p)).(*ssa.Parameter); ok && param.Parent() == fn {
			i := size.ParamIndex(param)
			if _, ok := s.pins[i]; !ok {
				pin.Param, pin.Var = i, param.Name()
				pin.Sink = fmt.Sprintf("%s (through %s)", pin.Sink, ssaq.CalleeName(callee, c.pass.Pkg))
				s.pins[i] = pin
			}
		}
	}
}

// viaFields lists the captured struct's fields that the projections take
// whole (doc.Raw, not len(doc.Raw)): a caller whose argument is large by
// one of them uses the large part.
func viaFields(projs []projection) []int {
	var out []int
	seen := map[int]bool{}
	for _, p := range projs {
		if p.kind == "field" && p.viaField > 0 && !seen[p.viaField-1] {
			seen[p.viaField-1] = true
			out = append(out, p.viaField-1)
		}
	}
	sort.Ints(out)
	return out
}

// usesLargeField reports whether a pin's projections go through the field
// that makes the argument large: the closure then uses the large part.
func usesLargeField(pin Pin, sz size.Size, t types.Type) bool {
	for _, f := range pin.Fields {
		if size.IsLargeField(sz.Field, t, f) {
			return true
		}
	}
	return false
}
