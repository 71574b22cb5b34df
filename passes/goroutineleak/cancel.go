package goroutineleak

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkCancel reports a goroutine waiting on ctx.Done() for a context made
// from context.Background() whose cancel func some path of the maker
// never calls: nothing else can ever close Done.
func (c *checker) checkCancel(call *ssa.Call) {
	if !isRootCancel(call) {
		return
	}
	var ctxV, cancelV ssa.Value
	for _, ref := range *call.Referrers() {
		if ext, ok := ref.(*ssa.Extract); ok {
			switch ext.Index {
			case 0:
				ctxV = ext
			case 1:
				cancelV = ext
			}
		}
	}
	if ctxV == nil || cancelV == nil {
		return
	}
	cancels := c.track(cancelV, cancelMode)
	set := make(map[ssa.Instruction]bool)
	// Handing the cancel func on (storing, returning or passing it) makes
	// the new holder responsible: those are as good as a call.
	var kept []op
	var field *ssa.FieldAddr
	for _, o := range cancels.handoffs {
		if fa := c.deadCancelField(o.instr); fa != nil {
			field = fa // stored where nothing in the package ever reads it
			continue
		}
		kept = append(kept, o)
	}
	cancelled := append(cancels.ops, kept...)
	if field != nil && len(cancelled) == 0 {
		c.neverCancelled(call, ctxV, field)
		return
	}
	if len(cancels.ops) == 0 && len(kept) == 1 && c.closerDropped(call, ctxV, kept[0].instr) {
		return
	}
	for _, o := range cancelled {
		if o.goInstr != nil || o.anchor == nil {
			return // cancelled from another goroutine or a callback
		}
		set[o.anchor] = true
	}
	waits := c.track(ctxV, ctxMode)
	for _, w := range sortedOps(waits.ops) {
		if w.goInstr == nil || w.anchor == nil || w.kind != opRecv && !(w.kind == opTryRecv && onlyWayOut(w)) {
			continue
		}
		if precedes(cancelled, w.anchor) {
			continue // cancelled or handed on before the goroutine starts
		}
		ret := ssaq.ExitAvoiding(w.anchor, func(i ssa.Instruction) bool { return set[i] })
		if ret == nil {
			continue
		}
		name := c.exprAt(opPos(w), -1)
		spawner := spawnerName(call.Parent())
		c.diag(analysis.Diagnostic{
			Pos:      opPos(w),
			Category: "orphaned-receiver",
			Message: fmt.Sprintf("goroutine blocks forever receiving from %q: its context comes from context.Background() and %s can return without calling cancel; defer cancel() right after context.WithCancel",
				name, spawner),
			Related: []analysis.RelatedInformation{
				related(w.goInstr.Pos(), "goroutine started here"),
				related(retPos(ret), "%s returns here without cancel()", spawner),
			},
		})
	}
}

// onlyWayOut reports whether the select case of op w is the only way its
// function (the goroutine's body, or a helper it runs) can return: the
// other cases only loop (a ticker, a data channel).
func onlyWayOut(w op) bool {
	s, ok := w.instr.(*ssa.Select)
	if !ok {
		return false
	}
	body := caseBody(s, w.state)
	if body == nil || len(body.Instrs) == 0 {
		return false
	}
	out := body.Instrs[0]
	return ssaq.EntryExitAvoiding(s.Parent(), func(i ssa.Instruction) bool { return i == out }) == nil
}

// rootContext reports whether v is the context of context.WithCancel (or
// WithCancelCause) of context.Background() or TODO(): only its cancel func
// ends it.
func rootContext(v ssa.Value) bool {
	ext, ok := v.(*ssa.Extract)
	if !ok || ext.Index != 0 {
		return false
	}
	call, ok := ext.Tuple.(*ssa.Call)
	return ok && isRootCancel(call)
}

// isRootCancel reports whether call is context.WithCancel(Cause) of
// context.Background() or TODO().
func isRootCancel(call *ssa.Call) bool {
	callee := ssaq.Callee(&call.Call)
	if !ssaq.IsFunc(callee, "context", "WithCancel") && !ssaq.IsFunc(callee, "context", "WithCancelCause") {
		return false
	}
	parent, ok := ssaq.Unwrap(call.Call.Args[0]).(*ssa.Call)
	if !ok {
		return false
	}
	pc := ssaq.Callee(&parent.Call)
	return ssaq.IsFunc(pc, "context", "Background") || ssaq.IsFunc(pc, "context", "TODO")
}

// onlyStoredBy reports whether v is a channel made for the store st alone:
// made right there and used for nothing else.
func onlyStoredBy(v ssa.Value, st *ssa.Store) bool {
	if _, made := v.(*ssa.MakeChan); !made {
		return false
	}
	for _, ref := range *v.Referrers() {
		if ref != ssa.Instruction(st) {
			if _, ok := ref.(*ssa.DebugRef); !ok {
				return false
			}
		}
	}
	return true
}

// deadCancelField returns the field address a store (of a cancel func)
// writes when the field is unexported and nothing in the package ever
// loads it: the cancel is never called (a closed world).
func (c *checker) deadCancelField(instr ssa.Instruction) *ssa.FieldAddr {
	st, ok := instr.(*ssa.Store)
	if !ok {
		return nil
	}
	fa, ok := st.Addr.(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	f, ok := ssaq.FieldAt(fa)
	if !ok || f.Type.Obj().Pkg() != c.pass.Pkg {
		return nil
	}
	if !unexportedField(f) {
		return nil
	}
	for _, other := range c.fieldAddrs(f) {
		for _, r := range *other.Referrers() {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr != ssa.Value(other) {
					return nil
				}
			case *ssa.DebugRef:
			default:
				return nil // read, or its address taken
			}
		}
	}
	return fa
}

// unexportedField reports whether f is an unexported field of a struct.
func unexportedField(f ssaq.Field) bool {
	st, ok := f.Type.Underlying().(*types.Struct)
	return ok && f.Index < st.NumFields() && !st.Field(f.Index).Exported()
}

// fieldAddrs returns the addresses of field f the package's functions
// take (every access to the field goes through one).
func (c *checker) fieldAddrs(f ssaq.Field) []*ssa.FieldAddr {
	var out []*ssa.FieldAddr
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, i := range b.Instrs {
				if fa, ok := i.(*ssa.FieldAddr); ok {
					if g, ok := ssaq.FieldAt(fa); ok && g == f {
						out = append(out, fa)
					}
				}
			}
		}
	}
	return out
}

// neverCancelled reports the goroutines waiting on ctx.Done() of a context
// whose cancel is kept only in a field nothing reads.
func (c *checker) neverCancelled(call *ssa.Call, ctxV ssa.Value, field *ssa.FieldAddr) {
	name := "the cancel field"
	if f, ok := ssaq.FieldAt(field); ok {
		name = f.Type.Obj().Name() + "." + fieldName(f)
	}
	for _, w := range sortedOps(c.track(ctxV, ctxMode).ops) {
		if w.goInstr == nil || w.anchor == nil || w.kind != opRecv && !(w.kind == opTryRecv && onlyWayOut(w)) {
			continue
		}
		c.diag(analysis.Diagnostic{
			Pos:      w.goInstr.Pos(),
			Category: "orphaned-receiver",
			Message: fmt.Sprintf("goroutine waits on ctx.Done() forever: its cancel is kept in field %s and nothing in the package ever calls it; call it in the owner's Close, or return it",
				name),
			Related: []analysis.RelatedInformation{
				related(opPos(w), "waits here"),
				related(call.Pos(), "context made here"),
			},
		})
	}
}

// closerDropped reports, and says so, the goroutines waiting on ctx.Done()
// of a context whose cancel the maker stores in an unexported field of the
// object it returns, when the field is called only by closer methods and a
// caller in the package drops an object without calling one: nothing ends
// that object's goroutine (NewWatcher keeps cancel in w.cancel, Close calls
// it, ProbeOnce reads w.seen and never closes w).
func (c *checker) closerDropped(call *ssa.Call, ctxV ssa.Value, instr ssa.Instruction) bool {
	st, ok := instr.(*ssa.Store)
	if !ok {
		return false
	}
	fa, ok := st.Addr.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	f, ok := ssaq.FieldAt(fa)
	if !ok || f.Type.Obj().Pkg() != c.pass.Pkg || !unexportedField(f) {
		return false
	}
	maker := call.Parent()
	if maker.Parent() != nil || !returnsValue(maker, fa.X) {
		return false
	}
	closers := c.withCallers(c.fieldCallers(f))
	if len(closers) == 0 {
		return false
	}
	for _, fn := range c.funcs {
		if ssaq.FuncInTestFile(fn) {
			continue
		}
		for _, b := range fn.Blocks {
			for _, i := range b.Instrs {
				site, ok := i.(*ssa.Call)
				if !ok || site.Call.StaticCallee() == nil || site.Call.StaticCallee().Origin() != maker && site.Call.StaticCallee() != maker {
					continue
				}
				if !droppedUnclosed(site, closers) {
					continue
				}
				c.reportDropped(ctxV, site, maker, closers)
				return true
			}
		}
	}
	return false
}

// returnsValue reports whether fn returns v (seen through result slots
// and through a local variable stored once, as a closure's capture makes
// of it).
func returnsValue(fn *ssa.Function, v ssa.Value) bool {
	v = storedOnce(v)
	for i := range fn.Signature.Results().Len() {
		for _, r := range ssaq.ReturnedValues(fn, i) {
			if storedOnce(r) == v {
				return true
			}
		}
	}
	return false
}

// storedOnce returns the value a load of a local variable reads when the
// variable is stored exactly once (a captured local), else v.
func storedOnce(v ssa.Value) ssa.Value {
	for range 4 {
		load, ok := v.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			return v
		}
		alloc, ok := load.X.(*ssa.Alloc)
		if !ok {
			return v
		}
		val := ssaq.StoredOnce(alloc)
		if val == nil {
			return v
		}
		v = val
	}
	return v
}

// fieldCallers returns the package's functions that call the func stored
// in field f; nil when any other use of the field's value (or address)
// exists, since then the value may be called elsewhere.
func (c *checker) fieldCallers(f ssaq.Field) []*ssa.Function {
	var out []*ssa.Function
	for _, fa := range c.fieldAddrs(f) {
		fn := fa.Parent()
		for _, r := range *fa.Referrers() {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr != ssa.Value(fa) {
					return nil
				}
			case *ssa.UnOp:
				for _, use := range *r.Referrers() {
					call, ok := use.(*ssa.Call)
					if !ok || call.Call.Value != ssa.Value(r) {
						if _, dbg := use.(*ssa.DebugRef); !dbg {
							return nil
						}
						continue
					}
					if !slices.Contains(out, fn) {
						out = append(out, fn)
					}
				}
			case *ssa.DebugRef:
			default:
				return nil
			}
		}
	}
	return out
}

// withCallers adds to fns the package's functions that call one of them
// statically (Close calling halt, which calls the cancel), up to three
// calls away.
func (c *checker) withCallers(fns []*ssa.Function) []*ssa.Function {
	for range 3 {
		n := len(fns)
		for _, fn := range c.funcs {
			if slices.Contains(fns, fn) {
				continue
			}
			for _, b := range fn.Blocks {
				for _, i := range b.Instrs {
					if call, ok := i.(ssa.CallInstruction); ok && slices.Contains(fns[:n], call.Common().StaticCallee()) && !slices.Contains(fns, fn) {
						fns = append(fns, fn)
					}
				}
			}
		}
		if len(fns) == n {
			break
		}
	}
	return fns
}

// droppedUnclosed reports whether the object a call of the maker returns
// is only read (its fields loaded) and never handed to a closer or
// anywhere else: dropped without Close.
func droppedUnclosed(site *ssa.Call, closers []*ssa.Function) bool {
	var results []ssa.Value
	if _, ok := site.Type().(*types.Tuple); ok {
		for _, r := range *site.Referrers() {
			if e, ok := r.(*ssa.Extract); ok {
				results = append(results, e)
			}
		}
	} else {
		results = []ssa.Value{site}
	}
	used := false
	for _, v := range results {
		if _, ok := v.Type().Underlying().(*types.Pointer); !ok {
			continue // an error result
		}
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.FieldAddr:
				for _, l := range *r.Referrers() {
					if u, ok := l.(*ssa.UnOp); !ok || u.Op != token.MUL {
						if _, dbg := l.(*ssa.DebugRef); !dbg {
							return false // the field's address is kept
						}
					}
				}
				used = true
			case *ssa.DebugRef:
			default:
				return false // closed, or handed on: no longer ours to judge
			}
		}
	}
	return used
}

// reportDropped reports the goroutines of a dropped object.
func (c *checker) reportDropped(ctxV ssa.Value, site *ssa.Call, maker *ssa.Function, closers []*ssa.Function) {
	closer := closerNames(closers)
	obj := types.TypeString(site.Type(), types.RelativeTo(c.pass.Pkg))
	if t, ok := site.Type().(*types.Tuple); ok && t.Len() > 0 {
		obj = types.TypeString(t.At(0).Type(), types.RelativeTo(c.pass.Pkg))
	}
	for _, g := range doneWaiters(c.track(ctxV, ctxMode).ops) {
		c.diag(analysis.Diagnostic{
			Pos:      g.goInstr.Pos(),
			Category: "orphaned-receiver",
			Message: fmt.Sprintf("goroutine waits on ctx.Done() forever when the %s that %s returns is dropped: only %s calls its cancel, and %s drops one without calling it; call %s when done with it (defer it after %s)",
				obj, ssaq.Name(maker), closer, ssaq.Name(site.Parent()), closer, ssaq.Name(maker)),
			Related: []analysis.RelatedInformation{
				related(opPos(g.wait), "waits here"),
				related(site.Pos(), "%s drops the %s here without %s", ssaq.Name(site.Parent()), obj, closer),
			},
		})
	}
}

// closerNames names the closer methods for a message, exported ones
// first: "Close", "Close or Stop".
func closerNames(closers []*ssa.Function) string {
	var exported, others []string
	for _, fn := range closers {
		if token.IsExported(fn.Name()) {
			exported = append(exported, fn.Name())
		} else {
			others = append(others, fn.Name())
		}
	}
	names := exported
	if len(names) == 0 {
		names = others
	}
	slices.Sort(names)
	return strings.Join(slices.Compact(names), " or ")
}

// doneWaiter is a goroutine whose only ways out are receptions from
// ctx.Done(), with the first of them.
type doneWaiter struct {
	goInstr ssa.CallInstruction
	wait    op
}

// doneWaiters groups the ops on a context's Done channel by goroutine and
// returns the goroutines that can only leave through them: a blocking
// receive, or select cases on Done that every way to return passes
// through.
func doneWaiters(ops []op) []doneWaiter {
	var order []ssa.CallInstruction
	byGo := make(map[ssa.CallInstruction][]op)
	for _, w := range sortedOps(ops) {
		if w.goInstr == nil || w.anchor == nil || w.kind != opRecv && w.kind != opTryRecv {
			continue
		}
		if byGo[w.goInstr] == nil {
			order = append(order, w.goInstr)
		}
		byGo[w.goInstr] = append(byGo[w.goInstr], w)
	}
	var out []doneWaiter
	for _, g := range order {
		ws := byGo[g]
		if onlyWaysOut(ws) {
			out = append(out, doneWaiter{g, ws[0]})
		}
	}
	return out
}

// onlyWaysOut reports whether the ops (on one Done channel, in one
// goroutine) are the only ways its function can return: one blocking
// receive, or select cases whose bodies every return path goes through.
func onlyWaysOut(ws []op) bool {
	var fn *ssa.Function
	outs := make(map[ssa.Instruction]bool)
	for _, w := range ws {
		if w.kind == opRecv {
			return true
		}
		s, ok := w.instr.(*ssa.Select)
		if !ok || fn != nil && s.Parent() != fn {
			return false
		}
		fn = s.Parent()
		body := caseBody(s, w.state)
		if body == nil || len(body.Instrs) == 0 {
			return false
		}
		outs[body.Instrs[0]] = true
	}
	return fn != nil && ssaq.EntryExitAvoiding(fn, func(i ssa.Instruction) bool { return outs[i] }) == nil
}
