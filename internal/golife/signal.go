package golife

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// This file classifies when a channel is closed or sent to: a local
// channel, a channel field (closed world), a package-level channel.

// join keeps the earliest of two signals (with its reason).
func join(s Signal, why string, t Signal, whyT string) (Signal, string) {
	if t < s {
		return t, whyT
	}
	return s, why
}

// chanSignal classifies when a channel read through fr is closed or sent to.
func (in *Info) chanSignal(ch ssa.Value, fr frame, depth int) (Signal, string) {
	if d := ssaq.ContextDone(ch); d != nil {
		return in.ctxSignal(d, fr, depth)
	}
	vals, ok := in.resolve(ch, fr, depth)
	if !ok || len(vals) == 0 {
		return PerCall, ""
	}
	name := valueName(ch)
	s, why := Never, ""
	for i, fv := range vals {
		t, whyT := in.chanOrigin(fv.v, fv.fr, depth, name)
		if i == 0 {
			s, why = t, whyT
		} else {
			s, why = join(s, why, t, whyT)
		}
	}
	return s, why
}

// chanOrigin classifies a resolved channel value.
func (in *Info) chanOrigin(v ssa.Value, fr frame, depth int, name string) (Signal, string) {
	switch x := v.(type) {
	case *ssa.Const:
		if x.IsNil() {
			return Never, "a receive from a nil channel never completes"
		}
	case *ssa.MakeChan:
		return in.localChan(x, name)
	case *ssa.Call:
		if d := ssaq.ContextDone(x); d != nil {
			return in.ctxSignal(d, fr, depth+1)
		}
	case *ssa.UnOp:
		if f, ok := ssaq.LoadedField(x); ok {
			return in.fieldChan(f, fr)
		}
		if g, ok := x.X.(*ssa.Global); ok && x.Op == token.MUL {
			return in.globalChan(g)
		}
	}
	return PerCall, ""
}

// localChan classifies a channel made in the function: Never when nothing
// closes or sends to it and it goes nowhere the model cannot see.
func (in *Info) localChan(mc *ssa.MakeChan, name string) (Signal, string) {
	u := in.chanUses(mc)
	if u.open || u.closes > 0 || u.sends > 0 {
		return PerCall, ""
	}
	if name == "" {
		name = localName(mc)
	}
	if name == "" {
		return Never, "the channel made at line " + lineOf(mc) + " is never closed or sent to"
	}
	return Never, fmt.Sprintf("channel %q is never closed or sent to", name)
}

// valueName is the source name of a value as the goroutine sees it: a
// parameter's or captured variable's name, a local variable's; or "".
func valueName(v ssa.Value) string {
	switch x := ssaq.Unwrap(v).(type) {
	case *ssa.Parameter:
		return x.Name()
	case *ssa.FreeVar:
		return x.Name()
	case *ssa.UnOp:
		if x.Op == token.MUL {
			switch a := x.X.(type) {
			case *ssa.Alloc:
				return a.Comment
			case *ssa.FreeVar:
				return a.Name()
			}
		}
	}
	return ""
}

// localName is the name of the local variable mc is stored in, or "".
func localName(mc *ssa.MakeChan) string {
	if mc.Referrers() != nil {
		for _, r := range *mc.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Val == mc {
				if a, ok := st.Addr.(*ssa.Alloc); ok {
					return a.Comment
				}
			}
		}
	}
	return ""
}

func lineOf(v ssa.Value) string {
	fn := parentOf(v)
	if fn == nil || fn.Prog == nil {
		return "?"
	}
	return fmt.Sprint(fn.Prog.Fset.Position(v.Pos()).Line)
}

type chanUse struct {
	closes, sends int
	open          bool
	closers       map[*ssa.Function]bool
}

// chanUses follows a channel value through locals, closures and package
// callees, counting closes and sends; open when it escapes further.
func (in *Info) chanUses(v ssa.Value) chanUse {
	u := chanUse{closers: map[*ssa.Function]bool{}}
	seen := map[ssa.Value]bool{}
	var visit func(v ssa.Value, depth int)
	visit = func(v ssa.Value, depth int) {
		if seen[v] || u.open {
			return
		}
		seen[v] = true
		if depth > maxDepth {
			u.open = true
			return
		}
		refs := v.Referrers()
		if refs == nil {
			return
		}
		for _, r := range *refs {
			switch x := r.(type) {
			case *ssa.DebugRef, *ssa.BinOp, *ssa.Select:
				if sel, ok := r.(*ssa.Select); ok {
					for _, st := range sel.States {
						if st.Chan == v && st.Dir == types.SendOnly {
							u.sends++
							u.closers[sel.Parent()] = true
						}
					}
				}
			case *ssa.UnOp:
				if x.Op == token.ARROW {
					continue // a receive
				}
				visit(x, depth) // a load of a variable holding it
			case *ssa.ChangeType, *ssa.Phi, *ssa.ChangeInterface:
				visit(x.(ssa.Value), depth)
			case *ssa.Send:
				if x.Chan == v {
					u.sends++
					u.closers[x.Parent()] = true
				} else {
					u.open = true
				}
			case *ssa.Store:
				if a, ok := x.Addr.(*ssa.Alloc); ok && x.Val == v {
					visit(a, depth)
				} else if x.Addr != v {
					u.open = true
				}
			case *ssa.Alloc:
			case *ssa.MakeClosure:
				fn := ssaq.FuncValue(x)
				for i, b := range x.Bindings {
					if b == v && fn != nil && i < len(fn.FreeVars) {
						visit(fn.FreeVars[i], depth+1)
					}
				}
			case ssa.CallInstruction:
				c := x.Common()
				if ssaq.IsBuiltin(c, "close") {
					u.closes++
					u.closers[x.Parent()] = true
					continue
				}
				if ssaq.IsBuiltin(c, "len") || ssaq.IsBuiltin(c, "cap") {
					continue
				}
				callee := ssaq.Callee(c)
				if callee == nil || !in.inPkg[callee] || len(callee.Blocks) == 0 || c.IsInvoke() && c.Value == v {
					u.open = true
					continue
				}
				for i, a := range c.Args {
					if a == v && i < len(callee.Params) {
						visit(callee.Params[i], depth+1)
					}
				}
				if mc, ok := c.Value.(*ssa.MakeClosure); ok && mc == v {
					u.open = true
				}
			default:
				u.open = true
			}
		}
	}
	visit(v, 0)
	return u
}

// fieldUse is what the package does with a channel field.
type fieldUse struct {
	open    bool                   // exported, address taken, or its value escapes
	closers map[*ssa.Function]bool // functions that close or send to it
}

// fieldChan classifies a channel kept in a struct field: Never when no
// function of the package closes or sends to it (closed world), PerCall
// when the spawner does, Owner when only other functions do.
func (in *Info) fieldChan(f ssaq.Field, fr frame) (Signal, string) {
	u := in.fieldUses(f)
	name := fieldName(f)
	if u.open {
		return PerCall, ""
	}
	if len(u.closers) == 0 {
		return Never, fmt.Sprintf("field %s is never closed or sent to", name)
	}
	var names []string
	for fn := range u.closers {
		if in.spawnerOwns(fr.spawner, fn) {
			return PerCall, ""
		}
		names = append(names, ssaq.Name(fn))
	}
	sort.Strings(names)
	return Owner, fmt.Sprintf("field %s is closed only by %s", name, strings.Join(names, " and "))
}

// spawnerOwns reports whether closer runs as part of the spawner's call:
// it is the spawner, a closure of it, or a package function it calls.
func (in *Info) spawnerOwns(spawner, closer *ssa.Function) bool {
	if spawner == nil {
		return false
	}
	for f := closer; f != nil; f = f.Parent() {
		if f == spawner {
			return true
		}
	}
	seen := map[*ssa.Function]bool{spawner: true}
	work := []*ssa.Function{spawner}
	for len(work) > 0 && len(seen) < 64 {
		fn := work[len(work)-1]
		work = work[:len(work)-1]
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				c, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if _, isGo := instr.(*ssa.Go); isGo {
					continue // a goroutine does not run within the call
				}
				callee := ssaq.Callee(c.Common())
				if callee == nil || !in.inPkg[callee] || seen[callee] {
					continue
				}
				if callee == closer {
					return true
				}
				seen[callee] = true
				work = append(work, callee)
			}
		}
	}
	return false
}

func fieldName(f ssaq.Field) string {
	st, ok := f.Type.Underlying().(*types.Struct)
	if !ok || f.Index >= st.NumFields() {
		return "?"
	}
	return fmt.Sprintf("%s.%s", f.Type.Obj().Name(), st.Field(f.Index).Name())
}

// fieldUses scans the package once per field for closes of and sends on it.
func (in *Info) fieldUses(f ssaq.Field) *fieldUse {
	if in.fields == nil {
		in.fields = make(map[ssaq.Field]*fieldUse)
	}
	if u, ok := in.fields[f]; ok {
		return u
	}
	u := &fieldUse{closers: map[*ssa.Function]bool{}}
	in.fields[f] = u
	st, ok := f.Type.Underlying().(*types.Struct)
	if !ok || f.Index >= st.NumFields() || st.Field(f.Index).Exported() || f.Type.Obj().Pkg() == nil {
		u.open = true
		return u
	}
	if len(in.funcs) > 0 && in.funcs[0].Pkg != nil && f.Type.Obj().Pkg() != in.funcs[0].Pkg.Pkg {
		u.open = true // another package's field: not a closed world here
		return u
	}
	for _, fn := range in.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				fa, ok := instr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				if g, ok := ssaq.FieldAt(fa); !ok || g != f {
					continue
				}
				for _, r := range *fa.Referrers() {
					switch x := r.(type) {
					case *ssa.Store:
						if x.Addr != fa {
							u.open = true
						}
					case *ssa.UnOp:
						if x.Op != token.MUL {
							u.open = true
							continue
						}
						cu := in.chanUses(x)
						if cu.open {
							u.open = true
						}
						for c := range cu.closers {
							u.closers[c] = true
						}
					case *ssa.DebugRef:
					default:
						u.open = true // &s.quit goes somewhere
					}
				}
			}
		}
	}
	return u
}

// globalChan classifies a channel in a package-level var.
func (in *Info) globalChan(g *ssa.Global) (Signal, string) {
	if g.Object() == nil || g.Object().Exported() {
		return PerCall, ""
	}
	closers := map[*ssa.Function]bool{}
	if g.Referrers() != nil {
		for _, r := range *g.Referrers() {
			switch x := r.(type) {
			case *ssa.UnOp:
				cu := in.chanUses(x)
				if cu.open {
					return PerCall, ""
				}
				for c := range cu.closers {
					closers[c] = true
				}
			case *ssa.Store, *ssa.DebugRef:
			default:
				return PerCall, ""
			}
		}
	}
	if len(closers) == 0 {
		return Never, fmt.Sprintf("package-level %s is never closed or sent to", g.Name())
	}
	return Owner, fmt.Sprintf("package-level %s is closed only at shutdown", g.Name())
}
