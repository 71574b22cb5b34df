package goroutineleak

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// fieldChan is what the package does with a channel held in an
// unexported struct field: a closed world, since only this package can
// reach the field.
type fieldChan struct {
	open  bool                   // the channel leaves the field's known uses
	sends []*ssa.Send            // bare sends
	recvs []ssa.Instruction      // receives, ranges and select receive cases
	recvF map[*ssa.Function]bool // functions that receive
	fires bool                   // something closes it or sends on it (also in a select)
	// buffered is set when some make stored in the field has a buffer (or
	// one sized at run time): a send may then complete with nobody there.
	buffered bool
}

// fieldChans collects, once per package, the uses of every channel-typed
// unexported field of the package's struct types.
func (c *checker) fieldChans() map[ssaq.Field]*fieldChan {
	if c.fields != nil {
		return c.fields
	}
	c.fields = make(map[ssaq.Field]*fieldChan)
	get := func(f ssaq.Field) *fieldChan {
		fc := c.fields[f]
		if fc == nil {
			fc = &fieldChan{recvF: make(map[*ssa.Function]bool)}
			c.fields[f] = fc
		}
		return fc
	}
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				fa, ok := instr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				f, ok := ssaq.FieldAt(fa)
				if !ok || f.Type.Obj().Pkg() != c.pass.Pkg {
					continue
				}
				st, ok := f.Type.Underlying().(*types.Struct)
				if !ok || f.Index >= st.NumFields() {
					continue
				}
				fld := st.Field(f.Index)
				if _, isChan := fld.Type().Underlying().(*types.Chan); !isChan {
					continue
				}
				fc := get(f)
				if fld.Exported() {
					fc.open = true
					continue
				}
				c.fieldUses(fa, fc)
			}
		}
	}
	return c.fields
}

func (c *checker) fieldUses(fa *ssa.FieldAddr, fc *fieldChan) {
	for _, r := range *fa.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			mc, made := r.Val.(*ssa.MakeChan)
			switch {
			case !made || r.Addr != ssa.Value(fa):
				fc.open = true // a channel from elsewhere, or the field's address stored
			case !onlyStoredBy(mc, r):
				// Also used as a local (cb := make(chan T); x := &T{cb: cb};
				// <-cb): the field's uses are not all of the channel's.
				fc.open = true
			case capacity(mc) != 0:
				fc.buffered = true
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				fc.open = true
				continue
			}
			for _, u := range *r.Referrers() {
				switch u := u.(type) {
				case *ssa.DebugRef:
				case *ssa.Send:
					if u.Chan == ssa.Value(r) {
						fc.sends = append(fc.sends, u)
						fc.fires = true
					} else {
						fc.open = true
					}
				case *ssa.UnOp:
					if u.Op == token.ARROW {
						fc.recvs = append(fc.recvs, u)
						fc.recvF[u.Parent()] = true
					} else {
						fc.open = true
					}
				case *ssa.Select:
					for _, s := range u.States {
						if s.Chan == ssa.Value(r) && s.Dir == types.RecvOnly {
							fc.recvs = append(fc.recvs, u)
							fc.recvF[u.Parent()] = true
						} else if s.Chan == ssa.Value(r) {
							fc.fires = true
						}
					}
				case *ssa.Call:
					switch {
					case ssaq.IsBuiltin(&u.Call, "close"):
						fc.fires = true
					case ssaq.IsBuiltin(&u.Call, "len"), ssaq.IsBuiltin(&u.Call, "cap"):
					default:
						fc.open = true
					}
				default:
					fc.open = true
				}
			}
		default:
			fc.open = true
		}
	}
}

// checkFieldSends reports bare sends on a channel in an unexported field
// that nothing can take: nothing in the package receives from the field,
// or only goroutines whose loop can return (an actor stopped by quit)
// do, while the sender has no alternative to wait on.
func (c *checker) checkFieldSends() {
	started := c.goroutineBodies()
	for f, fc := range c.fieldChans() {
		if fc.open || fc.buffered {
			continue
		}
		for _, s := range fc.sends {
			if c.inOwnGoroutine(s, fc) {
				continue
			}
			name := c.exprAt(s.Pos(), -1)
			if len(fc.recvs) == 0 {
				c.diag(analysis.Diagnostic{
					Pos:      s.Pos(),
					Category: "orphaned-sender",
					Message: fmt.Sprintf("%s blocks forever sending on %q: nothing in the package receives from field %s.%s; receive it in the owner's loop, or select on a quit channel beside the send",
						ssaq.Name(s.Parent()), name, f.Type.Obj().Name(), fieldName(f)),
				})
				continue
			}
			// Every receiver is a goroutine body that receives in a select
			// whose other case can fire and returns (an actor's loop,
			// stopped by quit).
			var loop *ssa.Function
			ok := true
			for fn := range fc.recvF {
				if !started[fn] || fn == s.Parent() {
					ok = false
					break
				}
				loop = fn
			}
			for _, r := range fc.recvs {
				sel, isSel := r.(*ssa.Select)
				if !isSel || !c.exitCaseFires(sel, f) {
					ok = false // a range or plain receive: it ends on close
				}
			}
			if !ok || loop == nil {
				continue
			}
			c.diag(analysis.Diagnostic{
				Pos:      s.Pos(),
				Category: "orphaned-sender",
				Message: fmt.Sprintf("%s blocks forever sending on %q once %s has returned: only that goroutine receives from it, and the send has no alternative; select on the loop's quit channel beside the send",
					ssaq.Name(s.Parent()), name, ssaq.Name(loop)),
				Related: []analysis.RelatedInformation{related(loop.Pos(), "the only receiver, %s, can return", ssaq.Name(loop))},
			})
		}
	}
}

// inOwnGoroutine reports whether send is in a function that also receives
// from the field (it serves itself).
func (c *checker) inOwnGoroutine(s *ssa.Send, fc *fieldChan) bool {
	return fc.recvF[s.Parent()]
}

func fieldName(f ssaq.Field) string {
	if st, ok := f.Type.Underlying().(*types.Struct); ok && f.Index < st.NumFields() {
		return st.Field(f.Index).Name()
	}
	return "?"
}

// goroutineBodies returns the package's functions that some go statement
// (or runner) starts.
func (c *checker) goroutineBodies() map[*ssa.Function]bool {
	out := make(map[*ssa.Function]bool)
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if g, ok := instr.(*ssa.Go); ok {
					if body := c.goBody(g); body != nil {
						out[body] = true
					}
				}
			}
		}
	}
	return out
}

// exitCaseFires reports whether a receive case of sel other than the
// field's leads to a return and can fire: its channel is not an
// unexported field of the package, or one something closes or sends on.
func (c *checker) exitCaseFires(sel *ssa.Select, field ssaq.Field) bool {
	for i, st := range sel.States {
		if st.Dir != types.RecvOnly {
			continue
		}
		if f, ok := ssaq.LoadedField(st.Chan); ok && f == field {
			continue
		}
		body := caseBody(sel, i)
		if body == nil || len(body.Instrs) == 0 {
			continue
		}
		if _, ret := body.Instrs[0].(*ssa.Return); !ret && ssaq.ExitAvoiding(body.Instrs[0], func(i ssa.Instruction) bool { return i == sel }) == nil {
			continue
		}
		if f, ok := ssaq.LoadedField(st.Chan); ok {
			if fc := c.fields[f]; fc != nil && !fc.open && !fc.fires {
				continue // a quit field nothing closes
			}
		}
		return true
	}
	return false
}
