package tickerstop

import (
	"go/token"
	"go/types"
	"sort"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// This file holds the facts about timer fields the arming and container
// rules share: which fields each function stops (also through the helpers
// it calls), which methods of a type are its closing methods (found by what
// they do), and which functions run as a field's AfterFunc callback.

// stopsIn returns the timer fields fn stops, directly or in the package
// functions it calls (not the goroutines it starts), memoised.
func (c *checker) stopsIn(fn *ssa.Function) map[fieldKey]bool {
	if c.stopMemo == nil {
		c.stopMemo = make(map[*ssa.Function]map[fieldKey]bool)
	}
	if m, ok := c.stopMemo[fn]; ok {
		return m
	}
	m := make(map[fieldKey]bool)
	c.stopMemo[fn] = m // cuts recursion
	for k := range c.directStops(fn) {
		m[k] = true
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, isGo := instr.(*ssa.Go); isGo {
				continue
			}
			if callee := c.pkgCallee(instr); callee != nil {
				for k := range c.stopsIn(callee) {
					m[k] = true
				}
			}
		}
	}
	return m
}

// pkgCallee returns the package function a call or defer runs (also a
// closure called in place), or nil.
func (c *checker) pkgCallee(instr ssa.Instruction) *ssa.Function {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return nil
	}
	fn := ssaq.FuncValue(call.Common().Value)
	if fn == nil {
		fn = ssaq.Callee(call.Common())
	}
	if fn != nil && c.inPkg[fn] {
		return fn
	}
	return nil
}

// directStops returns the timer fields the calls of fn itself stop:
// x.f.Stop(), stop(&x.f) through a **time.Timer helper, and Stop on an
// interface kept in a field (a wrapper embedding interface{ Stop() bool }).
func (c *checker) directStops(fn *ssa.Function) map[fieldKey]bool {
	out := make(map[fieldKey]bool)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := instr.(*ssa.Go); isGo {
				continue
			}
			for _, v := range c.stoppedValues(ci) {
				if k, ok := stoppedField(v); ok {
					out[k] = true
				}
			}
			if k, ok := interfaceStop(ci.Common()); ok {
				out[k] = true
			}
		}
	}
	return out
}

// stoppedField identifies the field a stopped value denotes: a value
// loaded or extracted from a field, or a field's address handed to a
// helper that stops through a **time.Timer.
func stoppedField(v ssa.Value) (fieldKey, bool) {
	if k, ok := fieldOf(v); ok {
		return k, true
	}
	if k, ok := fieldAddrKey(ssaq.Unwrap(v)); ok && isTimerPtrPtr(v.Type()) {
		return k, true
	}
	return fieldKey{}, false
}

// isTimerPtrPtr reports whether t is **time.Timer or **time.Ticker.
func isTimerPtrPtr(t types.Type) bool {
	p, ok := types.Unalias(t).Underlying().(*types.Pointer)
	return ok && timerKind(p.Elem()) != "" && isPointer(p.Elem())
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).Underlying().(*types.Pointer)
	return ok
}

// interfaceStop reports a call of a Stop method with the signature of
// (*time.Timer).Stop on an interface value kept in a struct field.
func interfaceStop(call *ssa.CallCommon) (fieldKey, bool) {
	if !call.IsInvoke() || call.Method.Name() != "Stop" {
		return fieldKey{}, false
	}
	sig := call.Method.Type().(*types.Signature)
	if sig.Params().Len() != 0 || sig.Results().Len() > 1 {
		return fieldKey{}, false
	}
	return fieldOf(call.Value)
}

// closers returns the closing methods of t: methods declared on t (not
// promoted from an embedded field) that take no arguments and tear the
// value down — they close a channel field, stop a timer field, call a
// func field (a cancel) or Close on a field — directly or through
// the package functions they call, and arm or start nothing; and the
// method that satisfies io.Closer (Close() error), by that contract. A
// goroutine body is never a closing method.
func (c *checker) closers(t *types.Named) []*ssa.Function {
	if c.closerMemo == nil {
		c.closerMemo = make(map[*types.Named][]*ssa.Function)
	}
	if cs, ok := c.closerMemo[t]; ok {
		return cs
	}
	var out []*ssa.Function
	for _, fn := range c.funcs {
		if fn.Parent() != nil || fn.Signature.Recv() == nil || fn.Signature.Params().Len() != 0 || !closerResults(fn.Signature) {
			continue
		}
		if receiverType(fn) != t {
			continue
		}
		if len(c.golife.GoSites(fn)) > 0 {
			continue // a goroutine body, not a closing method
		}
		if isCloserShaped(fn) || c.tearsDown(fn, t, make(map[*ssa.Function]bool)) && !c.startsAnything(fn, make(map[*ssa.Function]bool)) {
			out = append(out, fn)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		ei, ej := out[i].Object().Exported(), out[j].Object().Exported()
		if ei != ej {
			return ei
		}
		return out[i].Name() < out[j].Name()
	})
	c.closerMemo[t] = out
	return out
}

// closerResults reports whether a signature returns nothing or only an
// error, as a closing method does (Close() error, Stop()).
func closerResults(sig *types.Signature) bool {
	r := sig.Results()
	return r.Len() == 0 || r.Len() == 1 && types.Identical(r.At(0).Type(), types.Universe.Lookup("error").Type())
}

// startsAnything reports whether fn (or a package function it calls)
// arms a timer, makes a ticker or starts a goroutine: a method that
// re-arms or restarts is not a closing method, whatever else it stops.
func (c *checker) startsAnything(fn *ssa.Function, seen map[*ssa.Function]bool) bool {
	if seen[fn] || len(seen) > 16 {
		return false
	}
	seen[fn] = true
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if st, ok := instr.(*ssa.Store); ok {
				if _, made := st.Val.(*ssa.MakeChan); made {
					if _, isField := st.Addr.(*ssa.FieldAddr); isField {
						return true // s.done = make(chan struct{}): sets up, not down
					}
				}
			}
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := instr.(*ssa.Go); isGo {
				return true
			}
			callee := ssaq.Callee(ci.Common())
			switch {
			case ssaq.IsFunc(callee, "time", "AfterFunc"), ssaq.IsFunc(callee, "time", "NewTimer"), ssaq.IsFunc(callee, "time", "NewTicker"):
				return true
			case ssaq.IsMethod(callee, "time", "Timer", "Reset"), ssaq.IsMethod(callee, "time", "Ticker", "Reset"):
				return true
			}
			if callee := c.pkgCallee(instr); callee != nil && c.startsAnything(callee, seen) {
				return true
			}
		}
	}
	return false
}

// tearsDown reports whether fn (or a package function it calls) closes,
// stops or cancels a field of a t.
func (c *checker) tearsDown(fn *ssa.Function, t *types.Named, seen map[*ssa.Function]bool) bool {
	if seen[fn] || len(seen) > 16 {
		return false
	}
	seen[fn] = true
	ofT := func(v ssa.Value) bool {
		f, ok := ssaq.LoadedField(v)
		return ok && f.Type == t
	}
	for k := range c.directStops(fn) {
		if k.Type == t {
			return true
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case ssa.CallInstruction:
				if _, isGo := x.(*ssa.Go); isGo {
					continue
				}
				common := x.Common()
				if ssaq.IsBuiltin(common, "close") && len(common.Args) == 1 && ofT(common.Args[0]) {
					return true
				}
				if !common.IsInvoke() && ofT(common.Value) {
					return true // s.cancel()
				}
				if common.IsInvoke() && common.Method.Name() == "Close" && ofT(common.Value) {
					return true
				}
				if callee := c.pkgCallee(x); callee != nil && c.tearsDown(callee, t, seen) {
					return true
				}
			}
		}
	}
	return false
}

// isCloserShaped reports whether fn has the shape of io.Closer's method,
// Close() error: by that contract it is the type's closing method.
func isCloserShaped(fn *ssa.Function) bool {
	sig := fn.Signature
	return fn.Name() == "Close" && sig.Params().Len() == 0 && sig.Results().Len() == 1 && closerResults(sig)
}

// callbacksOf returns the package functions that run as the callback of
// the AfterFunc timers stored in field k: when one runs, its own timer has
// fired. A bound method value (h.tick) counts as its method.
func (c *checker) callbacksOf(k fieldKey) map[*ssa.Function]bool {
	if c.cbMemo == nil {
		c.cbMemo = make(map[fieldKey]map[*ssa.Function]bool)
		for _, fn := range c.funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(*ssa.Call)
					if !ok || !ssaq.IsFunc(ssaq.Callee(&call.Call), "time", "AfterFunc") || len(call.Call.Args) < 2 {
						continue
					}
					cb := c.funcOf(call.Call.Args[1])
					if cb == nil {
						continue
					}
					for _, e := range ssaq.Escapes(call) {
						st, ok := e.Instr.(*ssa.Store)
						if !ok || e.Kind != ssaq.ToField {
							continue
						}
						if fk, ok := fieldAddrKey(st.Addr); ok {
							if c.cbMemo[fk] == nil {
								c.cbMemo[fk] = make(map[*ssa.Function]bool)
							}
							c.cbMemo[fk][cb] = true
						}
					}
				}
			}
		}
	}
	return c.cbMemo[k]
}

// funcOf returns the package function a func value runs: a function, a
// closure, or the method of a bound method value (x.m).
func (c *checker) funcOf(v ssa.Value) *ssa.Function {
	fn := ssaq.FuncValue(ssaq.Unwrap(v))
	if fn == nil {
		return nil
	}
	if fn.Synthetic != "" {
		if obj, ok := fn.Object().(*types.Func); ok {
			if m := fn.Prog.FuncValue(obj.Origin()); m != nil {
				fn = m
			}
		}
	}
	if !c.inPkg[fn] {
		return nil
	}
	return fn
}

// inCallback reports whether fn runs only as the callback of field k's
// timers (or inside one): its own timer has already fired.
func (c *checker) inCallback(fn *ssa.Function, k fieldKey) bool {
	cbs := c.callbacksOf(k)
	for f := fn; f != nil; f = f.Parent() {
		if cbs[f] {
			return true
		}
	}
	return false
}

// stopBefore reports whether some call of fn that stops field k (directly
// or through a helper) can run before instr: earlier in its block, or in
// a block from which instr's block is reachable.
func (c *checker) stopBefore(fn *ssa.Function, instr ssa.Instruction, k fieldKey) bool {
	target := instr.Block()
	for _, b := range fn.Blocks {
		before := b != target && ssaq.ReachesAvoiding(b, target, nil)
		for _, in := range b.Instrs {
			if b == target && in == instr {
				break
			}
			if !before && b != target {
				break
			}
			if c.instrStops(in, k) {
				return true
			}
		}
	}
	return false
}

// instrStops reports whether instr stops field k (a stop, a helper that
// stops it, a deferred one is not counted: it runs at exit).
func (c *checker) instrStops(instr ssa.Instruction, k fieldKey) bool {
	ci, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	switch instr.(type) {
	case *ssa.Go, *ssa.Defer:
		return false
	}
	for _, v := range c.stoppedValues(ci) {
		if fk, ok := stoppedField(v); ok && fk == k {
			return true
		}
	}
	if fk, ok := interfaceStop(ci.Common()); ok && fk == k {
		return true
	}
	if callee := c.pkgCallee(instr); callee != nil && c.stopsIn(callee)[k] {
		return true
	}
	return false
}

// isPlaceholder reports whether an AfterFunc call is a placeholder:
// time.AfterFunc(0, func() {}) — it fires at once and captures nothing.
func isPlaceholder(call *ssa.Call) bool {
	args := call.Call.Args
	if len(args) != 2 {
		return false
	}
	d, ok := args[0].(*ssa.Const)
	if !ok || d.Value == nil || d.Int64() != 0 {
		return false
	}
	fn, ok := ssaq.Unwrap(args[1]).(*ssa.Function)
	if !ok || len(fn.FreeVars) != 0 || len(fn.Blocks) != 1 {
		return false
	}
	for _, instr := range fn.Blocks[0].Instrs {
		if _, ok := instr.(*ssa.Return); !ok {
			return false
		}
	}
	return true
}

// loadOf reports whether v is a load (*p).
func loadOf(v ssa.Value) (*ssa.UnOp, bool) {
	u, ok := ssaq.Unwrap(v).(*ssa.UnOp)
	return u, ok && u.Op == token.MUL
}
