package goroutineleak

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkBlockedForever reports, in a goroutine body, operations that can
// never proceed: select {} (when the goroutine is started repeatedly), a
// send or receive on a nil channel, and a Cond.Wait nothing wakes at
// shutdown.
func (c *checker) checkBlockedForever(g ssa.CallInstruction, body *ssa.Function) {
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Select:
				if len(x.States) == 0 && x.Blocking && c.life != nil && c.life.At(g).Runs == lifetime.Repeatedly {
					c.diag(analysis.Diagnostic{
						Pos:      x.Pos(),
						Category: "blocked-forever",
						Message: fmt.Sprintf("goroutine blocks forever in select {}, and %s starts one on every call; return instead, or wait on a done channel",
							spawnerName(g.Parent())),
						Related: []analysis.RelatedInformation{related(g.Pos(), "goroutine started here")},
					})
				}
			case *ssa.UnOp:
				if x.Op == token.ARROW && nilChannel(x.X, g) {
					c.reportNilChan(g, x.Pos(), "receiving from")
				}
			case *ssa.Send:
				if nilChannel(x.Chan, g) {
					c.reportNilChan(g, x.Pos(), "sending on")
				}
			case *ssa.Call:
				if typ, m, r := syncCall(&x.Call); typ == "Cond" && m == "Wait" {
					c.checkCondWait(g, x, keyOf(r, g))
				} else if callee := ssaq.Callee(&x.Call); typ == "" && callee != nil && callee.Pkg == c.pkg && callee != body {
					// One call deep: a helper that waits (next() looping on
					// Wait while the queue is empty).
					for _, cb := range callee.Blocks {
						for _, ci := range cb.Instrs {
							if w, ok := ci.(*ssa.Call); ok {
								if typ, m, r := syncCall(&w.Call); typ == "Cond" && m == "Wait" {
									c.checkCondWait(g, w, keyOf(r, nil))
								}
							}
						}
					}
				}
			}
		}
	}
}

func (c *checker) reportNilChan(g ssa.CallInstruction, pos token.Pos, what string) {
	name := c.exprAt(pos, -1)
	c.diag(analysis.Diagnostic{
		Pos:      pos,
		Category: "blocked-forever",
		Message:  fmt.Sprintf("goroutine blocks forever %s nil channel %q: it is never assigned; make the channel before starting the goroutine", what, name),
		Related:  []analysis.RelatedInformation{related(g.Pos(), "goroutine started here")},
	})
}

// nilChannel reports whether v is certainly nil: a nil constant, or a
// captured variable nothing ever assigns.
func nilChannel(v ssa.Value, g ssa.CallInstruction) bool {
	v = ssaq.Unwrap(v)
	if isNil(v) {
		return true
	}
	ld, ok := v.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return false
	}
	fv, ok := ld.X.(*ssa.FreeVar)
	if !ok {
		return false
	}
	mc, ok := goFunc(g).(*ssa.MakeClosure)
	if !ok || mc.Fn != fv.Parent() {
		return false
	}
	for i, x := range fv.Parent().FreeVars {
		if x != fv {
			continue
		}
		alloc, ok := mc.Bindings[i].(*ssa.Alloc)
		if !ok {
			return false
		}
		return neverStored(alloc, make(map[ssa.Value]bool))
	}
	return false
}

// neverStored reports whether nothing is ever stored to the variable addr,
// in its function or any closure capturing it.
func neverStored(addr ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[addr] {
		return true
	}
	seen[addr] = true
	for _, ref := range *addr.Referrers() {
		switch r := ref.(type) {
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.MakeClosure:
			fn, ok := r.Fn.(*ssa.Function)
			if !ok {
				return false
			}
			for i, b := range r.Bindings {
				if b == addr && !neverStored(fn.FreeVars[i], seen) {
					return false
				}
			}
		default:
			return false // a store, or the address taken
		}
	}
	return true
}

// checkCondWait reports a Cond.Wait in a goroutine when nothing in the
// package wakes the condition, or the owner's Close/Stop never does.
func (c *checker) checkCondWait(g ssa.CallInstruction, wait *ssa.Call, key syncKey) {
	if key.typ == nil {
		return
	}
	wakes := func(fn *ssa.Function) bool {
		return c.callsOn(fn, key, "Broadcast") || c.callsOn(fn, key, "Signal")
	}
	name := c.exprAt(wait.Pos(), -1)
	any := false
	for _, fn := range c.funcs {
		if wakes(fn) {
			any = true
			break
		}
	}
	if !any {
		c.diag(analysis.Diagnostic{
			Pos:      wait.Pos(),
			Category: "blocked-forever",
			Message:  fmt.Sprintf("goroutine blocks forever in %s.Wait: nothing calls %s.Broadcast or Signal; wake the waiters when the state they wait for changes", name, name),
			Related:  []analysis.RelatedInformation{related(g.Pos(), "goroutine started here")},
		})
		return
	}
	closers := c.closers(key.typ)
	if len(closers) == 0 {
		return
	}
	for _, cl := range closers {
		if wakes(cl) {
			return
		}
	}
	c.diag(analysis.Diagnostic{
		Pos:      wait.Pos(),
		Category: "blocked-forever",
		Message: fmt.Sprintf("goroutine blocks forever in %s.Wait after %s: it never calls %s.Broadcast, so a waiter is not woken to see the shutdown; call %s.Broadcast() in %s",
			name, ssaq.Name(closers[0]), name, name, closers[0].Name()),
		Related: []analysis.RelatedInformation{
			related(g.Pos(), "goroutine started here"),
			related(closers[0].Pos(), "%s does not wake %s", ssaq.Name(closers[0]), name),
		},
	})
}

// closers returns the shutdown methods (Close, Stop, Shutdown) of the
// package's named type t, by the io.Closer-style naming convention.
func (c *checker) closers(t *types.Named) []*ssa.Function {
	var out []*ssa.Function
	for _, fn := range c.funcs {
		recv := fn.Signature.Recv()
		if recv == nil || fn.Parent() != nil || namedStruct(recv.Type()) != t {
			continue
		}
		switch fn.Name() {
		case "Close", "Stop", "Shutdown":
			out = append(out, fn)
		}
	}
	return out
}
