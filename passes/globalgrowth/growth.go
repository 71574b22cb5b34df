package globalgrowth

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// growthAt identifies one growth of one collection.
type growthAt struct {
	instr ssa.Instruction
	c     coll
}

// growth is the verdict on one instruction that adds to a package-level
// collection.
type growth struct {
	e      effect
	origin origin // of the key; keyUnknown when there is none to trace
	// deferred marks growth decided by the callers of an exported
	// function: a get-or-create, a setter or an appender that hands the
	// collection to its callers. It is judged at their call sites (through
	// the Grows fact), not at the collection.
	deferred bool
	why      string // how often the growth runs, for messages
}

// classify traces the key of a growth e in fn and decides where it is
// judged: not at all (bounded key), at its callers (deferred), or here.
func (a *analysis) classify(cand *candidate, fn *ssa.Function, e effect) growth {
	g := growth{e: e, origin: origin{kind: keyUnknown}}
	if cand == nil {
		return g
	}
	switch cand.kind {
	case mapColl, syncMapColl:
		if e.key == nil {
			return g // through a helper that hides its key, maps.Copy
		}
		if a.appenderAPI(cand, fn, e) {
			g.deferred = true
			g.origin = origin{kind: keyCaller}
			return g
		}
		g.origin = a.keyOrigin(e.key)
		if g.origin.kind == keyCaller {
			g.deferred = true
			for _, c := range g.origin.callers {
				g.deferred = g.deferred && handsOut(c.fn, cand, fn, e)
			}
		}
	default:
		// Every append adds an element, whatever its value: only an
		// exported appender the package itself does not call repeatedly
		// is left to its callers.
		if a.appenderAPI(cand, fn, e) {
			g.deferred = true
			g.origin = origin{kind: keyCaller}
		}
	}
	return g
}

// handsOut reports whether the exported function api (whose parameter
// decides the key of growth e in fn) is the collection's API: it returns
// the entry it looked up or created (a get-or-create), or the growth stores
// a value its caller passed (a setter). Such a function keeps what its
// callers ask for; whether that is bounded depends on them.
func handsOut(api *ssa.Function, cand *candidate, fn *ssa.Function, e effect) bool {
	if e.val != nil {
		if p, ok := ssaq.Unwrap(e.val).(*ssa.Parameter); ok && p.Parent() == fn {
			return true
		}
	}
	var elem types.Type
	if m, ok := typeOf(cand.c).Underlying().(*types.Map); ok {
		elem = m.Elem()
	} else if e.val != nil {
		elem = ssaq.Unwrap(e.val).Type() // a sync.Map holds any: the stored value's own type
	}
	if elem == nil {
		return false
	}
	res := api.Signature.Results()
	for i := 0; i < res.Len(); i++ {
		if types.Identical(res.At(i).Type(), elem) {
			return true
		}
	}
	return false
}

// appenderAPI reports whether growth e of a slice or list in fn is an
// exported appender's: fn adds its parameter (or a callback, as in
// OnInitialize(f), AddHook(h)) and the package's own code never calls it
// repeatedly, so each caller decides how often it grows. Elements added
// by the package's own repeated code still count, also when that code
// calls the exported function.
func (a *analysis) appenderAPI(cand *candidate, fn *ssa.Function, e effect) bool {
	var elem types.Type
	switch t := typeOf(cand.c).Underlying().(type) {
	case *types.Slice:
		elem = t.Elem()
	case *types.Map:
		elem = t.Elem()
	}
	isFunc := false
	if elem != nil {
		_, isFunc = elem.Underlying().(*types.Signature)
	}
	top := fn
	for top.Parent() != nil {
		top = top.Parent()
	}
	// A package-level function of a library appending its parameter
	// (rules.Add(r)); a method's receiver may be one of many objects.
	isParam := false
	if e.val != nil && cand.kind != mapColl && cand.kind != syncMapColl &&
		fn == top && fn.Signature.Recv() == nil && a.pass.Pkg.Name() != "main" {
		p, ok := ssaq.Unwrap(e.val).(*ssa.Parameter)
		isParam = ok && p.Parent() == fn
	}
	if !isFunc && !isParam {
		return false
	}
	if obj := top.Object(); obj == nil || !obj.Exported() {
		return false
	}
	calls, asValue := a.life.Callers(top)
	if asValue {
		return false
	}
	for _, call := range calls {
		if a.life.At(call).Runs == lifetime.Repeatedly {
			return false
		}
	}
	return true
}

// removedOnPath reports whether one of the removers runs on the path of a
// request that makes growth g: in a function reachable from the growing
// function or from one of its callers (a deferred Forget(r), a cleanup
// closure the handler starts).
func (a *analysis) removedOnPath(g growth, removes []effect) bool {
	fn := g.e.instr.Parent()
	if g.e.key != nil && handedBack(fn, g.e.key) {
		return true // a handle the caller releases: z.NewAllocator's a.Release()
	}
	ups := map[*ssa.Function]bool{fn: true}
	work := []*ssa.Function{fn}
	for len(work) > 0 && len(ups) < 64 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		calls, _ := a.life.Callers(f)
		for _, c := range calls {
			if p := c.Parent(); !ups[p] {
				ups[p] = true
				work = append(work, p)
			}
		}
	}
	reach := make(map[*ssa.Function]bool)
	for f := range ups {
		work = append(work, f)
		reach[f] = true
	}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		for _, c := range a.calleesOf(f) {
			if !reach[c] {
				reach[c] = true
				work = append(work, c)
			}
		}
	}
	for _, r := range removes {
		if reach[r.instr.Parent()] {
			return true
		}
	}
	return false
}

// calleesOf lists the package's functions fn calls, defers, starts or
// creates as closures.
func (a *analysis) calleesOf(fn *ssa.Function) []*ssa.Function {
	if a.callees == nil {
		a.callees = make(map[*ssa.Function][]*ssa.Function)
	}
	if cs, ok := a.callees[fn]; ok {
		return cs
	}
	var out []*ssa.Function
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case ssa.CallInstruction:
				if c := ssaq.Callee(in.Common()); c != nil && a.inPkg[c] {
					out = append(out, c)
				}
				for _, arg := range in.Common().Args {
					if f := ssaq.FuncValue(arg); f != nil && a.inPkg[f] {
						out = append(out, f)
					}
				}
			case *ssa.MakeClosure:
				if f, ok := in.Fn.(*ssa.Function); ok {
					out = append(out, f)
				}
			}
		}
	}
	a.callees[fn] = out
	return out
}

// keyedBy says, for messages, what a key is and what it is derived from.
func keyedBy(key ssa.Value, o origin) string {
	e := exprOf(key, 4)
	if o.via != "" {
		e += " (" + o.via + ")"
	}
	switch o.kind {
	case keyUnique:
		return fmt.Sprintf("keyed by %s, new on every request or call (%s)", e, o.leaf)
	case keyInput:
		return fmt.Sprintf("keyed by %s, derived from %s", e, o.leaf)
	case keyCaller:
		return fmt.Sprintf("keyed by %s, from %s", e, o.leaf)
	}
	if o.leaf != "" && o.leaf != e {
		return fmt.Sprintf("keyed by %s, from %s", e, o.leaf)
	}
	return "keyed by " + e
}

// paramIndex returns the index of the parameter of fn that v is, or -1.
func paramIndex(fn *ssa.Function, v ssa.Value) int {
	if p, ok := ssaq.Unwrap(v).(*ssa.Parameter); ok {
		for i, q := range fn.Params {
			if q == p {
				return i
			}
		}
	}
	return -1
}

// handedBack reports whether fn returns key, or an object it builds with
// key in a field (a.Ref = ref; return a): the caller holds what removes
// the entry later (a.Release()), as with any resource it must close.
func handedBack(fn *ssa.Function, key ssa.Value) bool {
	key = ssaq.Unwrap(key)
	var built []ssa.Value
	if load, ok := key.(*ssa.UnOp); ok && load.Op == token.MUL {
		if fa, ok := load.X.(*ssa.FieldAddr); ok {
			built = append(built, ssaq.Unwrap(fa.X)) // allocs[a.Ref] = a
		}
	}
	if refs := key.Referrers(); refs != nil {
		for _, r := range *refs {
			if st, ok := r.(*ssa.Store); ok && st.Val == key {
				if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
					built = append(built, ssaq.Unwrap(fa.X))
				}
			}
		}
	}
	for i := 0; i < fn.Signature.Results().Len(); i++ {
		for _, v := range ssaq.ReturnedValues(fn, i) {
			v = ssaq.Unwrap(v)
			if v == key {
				return true
			}
			for _, b := range built {
				if v == b {
					return true
				}
			}
		}
	}
	return false
}
