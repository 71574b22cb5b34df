package goroutineleak

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// goBody returns the package function a goroutine start runs, or nil.
func (c *checker) goBody(g ssa.CallInstruction) *ssa.Function {
	var fn *ssa.Function
	if v := runnerArg(g.Common()); v != nil {
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

// inTestFile reports whether pos is in a _test.go file.
func inTestFile(fset *token.FileSet, pos token.Pos) bool {
	f := fset.File(pos)
	return f != nil && len(f.Name()) > 8 && f.Name()[len(f.Name())-8:] == "_test.go"
}
