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

// goBody returns the package function a goroutine start runs, or nil.
func (c *checker) goBody(g ssa.CallInstruction) *ssa.Function {
	var fn *ssa.Function
	if v := ssaq.GoRunnerArg(g.Common()); v != nil {
		fn = ssaq.FuncValue(v)
	} else if _, ok := g.(*ssa.Go); ok {
		fn = ssaq.Callee(g.Common())
	}
	if fn == nil || fn.Pkg != c.pkg || len(fn.Blocks) == 0 {
		return nil
	}
	return fn
}

// checkGoroutine runs the checks anchored at a go statement.
func (c *checker) checkGoroutine(g ssa.CallInstruction) {
	body := c.goBody(g)
	if body == nil {
		return
	}
	c.checkNoExit(g, body)
	c.checkStoppedOwner(g, body)
	c.checkWaitGroup(g, body)
	c.checkBlockedForever(g, body)
}

// checkNoExit reports a goroutine that loops forever started from code
// that runs repeatedly: every run adds one more.
func (c *checker) checkNoExit(g ssa.CallInstruction, body *ssa.Function) {
	if c.life == nil || inTestFile(c.pass.Fset, g.Pos()) {
		return
	}
	at := c.life.At(g)
	if at.Runs != lifetime.Repeatedly {
		return
	}
	loop := c.foreverLoop(body, make(map[*ssa.Function]bool))
	if loop == nil {
		return
	}
	c.diag(analysis.Diagnostic{
		Pos:      g.Pos(),
		Category: "no-exit",
		Message: fmt.Sprintf("goroutine runs forever: %s loops with no way out, and this go statement runs repeatedly (%s), leaving one more goroutine per run; give the loop an exit (a case on a done channel or ctx.Done()) and close it when done",
			ssaq.Name(loop.Parent()), at.Why),
		Related: []analysis.RelatedInformation{related(loopPos(loop), "the loop no path leaves")},
	})
}

// loopPos is where a loop starts in the source, for Related.
func loopPos(b *ssa.BasicBlock) token.Pos {
	for _, instr := range b.Instrs {
		if instr.Pos().IsValid() {
			return instr.Pos()
		}
	}
	return b.Parent().Pos()
}

// foreverLoop returns a block of a loop that fn can never leave (and no
// path of fn returns), looking into the package functions every path of
// fn calls; nil if fn can finish. A range over a ticker's channel never
// ends: tickers are not closed.
func (c *checker) foreverLoop(fn *ssa.Function, seen map[*ssa.Function]bool) *ssa.BasicBlock {
	if seen[fn] || len(fn.Blocks) == 0 {
		return nil
	}
	seen[fn] = true
	if !ssaq.ReturnsIgnoring(fn, ssaq.TimeChanClosedEdge) {
		endless := ssaq.EndlessLoopBlocks(fn)
		for i, e := range endless {
			if e {
				return fn.Blocks[i]
			}
		}
		for _, b := range fn.Blocks {
			if tickerRangeHead(b) {
				return b
			}
		}
	}
	// Every path goes through a call that never returns.
	var loop *ssa.BasicBlock
	calls := func(instr ssa.Instruction) bool {
		call, ok := instr.(*ssa.Call)
		if !ok {
			return false
		}
		callee := ssaq.Callee(&call.Call)
		if callee == nil || callee.Pkg != c.pkg {
			return false
		}
		if l := c.foreverLoop(callee, seen); l != nil {
			loop = l
			return true
		}
		return false
	}
	if ssaq.EntryExitAvoiding(fn, calls) == nil && loop != nil {
		return loop
	}
	return nil
}

// tickerRangeHead reports whether b is the head of a range over a ticker's
// channel (or time.Tick's), which delivers forever.
func tickerRangeHead(b *ssa.BasicBlock) bool {
	for _, instr := range b.Instrs {
		if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW && u.CommaOk {
			if k := ssaq.TimeChan(u.X); k == "Tick" || k == "Ticker" {
				return true
			}
		}
	}
	return false
}

// exitRecv is a receive by which a goroutine can stop: on a channel held
// in a struct field, or from a context field's Done().
type exitRecv struct {
	at  ssa.Instruction // the instruction after which the value is taken
	pos token.Pos
	key syncKey // the channel (or context) field
	ctx bool    // a context field: its cancel func stops it
}

// checkStoppedOwner reports a goroutine that stops only when a channel
// field of its owner is closed (or a context field cancelled), when the
// owner has a Close/Stop/Shutdown method and nothing in the package ever
// closes, signals or cancels that field.
func (c *checker) checkStoppedOwner(g ssa.CallInstruction, body *ssa.Function) {
	if !ssaq.Returns(body) {
		return // never stops at all: see checkNoExit
	}
	exits := c.exitRecvs(body)
	if len(exits) == 0 {
		return
	}
	at := make(map[ssa.Instruction]bool)
	for _, e := range exits {
		at[e.at] = true
	}
	if ssaq.EntryExitAvoiding(body, func(i ssa.Instruction) bool { return at[i] }) != nil {
		return // it can stop some other way too
	}
	owner := exits[0].key.typ
	for _, e := range exits {
		if st, ok := owner.Underlying().(*types.Struct); ok && e.key.field < st.NumFields() && st.Field(e.key.field).Exported() {
			return // an exported field: other packages may close it
		}
	}
	closers := c.closers(owner)
	if len(closers) == 0 {
		return
	}
	for _, e := range exits {
		if c.signalled(e, body) {
			return
		}
	}
	e := exits[0]
	name := c.exprAt(e.pos, -1)
	if name == "" {
		name = "its quit channel"
	}
	closer := closers[0]
	fix := fmt.Sprintf("close(%s) in %s", name, closer.Name())
	if e.ctx {
		fix = fmt.Sprintf("call the cancel func of %s in %s", name, closer.Name())
	}
	c.diag(analysis.Diagnostic{
		Pos:      g.Pos(),
		Category: "stopped-owner",
		Message: fmt.Sprintf("goroutine keeps running after %s: %s stops only when %s is closed, and nothing closes it; %s",
			closer.Name(), ssaq.Name(body), name, fix),
		Related: []analysis.RelatedInformation{
			related(e.pos, "the goroutine's only way out"),
			related(closer.Pos(), "%s does not signal it", ssaq.Name(closer)),
		},
	})
}

// exitRecvs returns fn's receives on struct-field channels (and context
// fields' Done) of one owner type.
func (c *checker) exitRecvs(fn *ssa.Function) []exitRecv {
	var out []exitRecv
	add := func(ch ssa.Value, at ssa.Instruction, pos token.Pos) {
		ch = ssaq.Unwrap(ch)
		isCtx := false
		if ctx := ssaq.ContextDone(ch); ctx != nil {
			ch, isCtx = ssaq.Unwrap(ctx), true
		}
		ld, ok := ch.(*ssa.UnOp)
		if !ok || ld.Op != token.MUL {
			return
		}
		fa, ok := ld.X.(*ssa.FieldAddr)
		if !ok {
			return
		}
		k := keyOf(fa, nil)
		// The owner is a type of this package (not a time.Ticker's C), and
		// the receive must lead out of the goroutine's loop: a case that
		// handles data and loops again is not a way to stop.
		if k.typ == nil || k.typ.Obj().Pkg() != c.pass.Pkg || !leadsOut(at) {
			return
		}
		if len(out) > 0 && out[0].key.typ != k.typ {
			return
		}
		out = append(out, exitRecv{at: at, pos: pos, key: k, ctx: isCtx})
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.UnOp:
				if x.Op == token.ARROW {
					add(x.X, x, x.Pos())
				}
			case *ssa.Select:
				for i, st := range x.States {
					if st.Dir != types.RecvOnly {
						continue
					}
					if body := caseBody(x, i); body != nil && len(body.Instrs) > 0 {
						add(st.Chan, body.Instrs[0], st.Pos)
					}
				}
			}
		}
	}
	return out
}

// leadsOut reports whether control can reach a return from instr without
// going round its loop again.
func leadsOut(instr ssa.Instruction) bool {
	b := instr.Block()
	h := ssaq.LoopHeader(b)
	for _, r := range b.Parent().Blocks {
		if len(r.Instrs) == 0 {
			continue
		}
		if _, ok := r.Instrs[len(r.Instrs)-1].(*ssa.Return); ok && ssaq.ReachesAvoiding(b, r, h) {
			return true
		}
	}
	return false
}

// signalled reports whether some function other than the goroutine's
// closes or sends on the exit channel field, or, for a context field,
// calls a func-typed field of the owner (its cancel).
func (c *checker) signalled(e exitRecv, body *ssa.Function) bool {
	for _, fn := range c.funcs {
		if fn == body {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var target ssa.Value
				switch x := instr.(type) {
				case *ssa.Send:
					target = x.Chan
				case *ssa.Select:
					for _, st := range x.States {
						if st.Dir == types.SendOnly && fieldKeyOf(st.Chan) == e.key {
							return true
						}
					}
				case ssa.CallInstruction:
					call := x.Common()
					if ssaq.IsBuiltin(call, "close") && len(call.Args) == 1 {
						target = call.Args[0]
					} else if e.ctx && !call.IsInvoke() {
						if k := fieldKeyOf(call.Value); k.typ == e.key.typ {
							return true // a cancel func field
						}
					} else if !call.IsInvoke() && ssaq.Callee(call) == nil {
						continue
					}
					// The channel handed to code we cannot see.
					if callee := ssaq.Callee(call); callee != nil && callee.Pkg != c.pkg {
						for _, a := range call.Args {
							if fieldKeyOf(a) == e.key {
								return true
							}
						}
					}
				case *ssa.Store:
					// The field set to a channel someone else holds too, or
					// to a context that may end with its parent.
					if fa, ok := x.Addr.(*ssa.FieldAddr); ok && keyOf(fa, nil) == e.key && !isNil(x.Val) && !onlyStoredBy(x.Val, x) && !rootContext(x.Val) {
						return true
					}
				}
				if target != nil && fieldKeyOf(target) == e.key {
					return true
				}
			}
		}
	}
	return false
}

// fieldKeyOf is the key of a value loaded from a struct field.
func fieldKeyOf(v ssa.Value) syncKey {
	if f, ok := ssaq.LoadedField(v); ok {
		return syncKey{typ: f.Type, field: f.Index}
	}
	return syncKey{}
}

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
	cancelled := append(cancels.ops, cancels.handoffs...)
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

// precedes reports whether one of ops can run before instr, in the same
// function.
func precedes(ops []op, instr ssa.Instruction) bool {
	for _, o := range ops {
		a := o.anchor
		if a.Block() == instr.Block() && index(a) < index(instr) ||
			a.Block() != instr.Block() && ssaq.ReachesAvoiding(a.Block(), instr.Block(), nil) {
			return true
		}
	}
	return false
}

// index is instr's position in its block.
func index(instr ssa.Instruction) int {
	for i, x := range instr.Block().Instrs {
		if x == instr {
			return i
		}
	}
	return -1
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

// inTestFile reports whether pos is in a _test.go file.
func inTestFile(fset *token.FileSet, pos token.Pos) bool {
	f := fset.File(pos)
	return f != nil && len(f.Name()) > 8 && f.Name()[len(f.Name())-8:] == "_test.go"
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
