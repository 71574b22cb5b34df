package tickerstop

import (
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// This file finds how a package function is entered: its static call
// sites, sync.Once bodies and AfterFunc callbacks (bound method values).

// callSite is one way a package function is entered.
type callSite struct {
	instr  ssa.Instruction
	caller *ssa.Function
	args   []ssa.Value // the arguments, receiver first; nil for once/callback
	once   bool        // run by sync.Once.Do (per object)
	cb     *ssa.Call   // the time.AfterFunc call it is the callback of
}

// callSitesOf returns how fn is entered within the package, and false if
// it may also be entered from elsewhere (exported, or used as a value
// other than by sync.Once or time.AfterFunc).
func (c *checker) callSitesOf(fn *ssa.Function) ([]callSite, bool) {
	if c.sites == nil {
		c.buildSites()
	}
	if obj := fn.Object(); obj == nil || obj.Exported() || fn.Parent() != nil {
		return nil, false
	}
	sites, ok := c.sites[fn]
	for _, s := range sites {
		if s.instr == nil {
			return nil, false // used as a value
		}
	}
	return sites, ok
}

func (c *checker) buildSites() {
	c.sites = make(map[*ssa.Function][]callSite)
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.Call, *ssa.Defer:
					common := x.(ssa.CallInstruction).Common()
					if callee := ssaq.Callee(common); callee != nil && c.inPkg[callee] && !common.IsInvoke() {
						c.sites[callee] = append(c.sites[callee], callSite{instr: instr, caller: fn, args: common.Args})
					}
				case *ssa.MakeClosure:
					m := c.funcOf(x)
					if m == nil || ssaq.FuncValue(x) == m {
						continue // a closure literal: its own uses decide elsewhere
					}
					// A bound method value x.m.
					c.sites[m] = append(c.sites[m], c.boundUses(x, fn)...)
				}
				// A named function used as a value.
				if _, isCall := instr.(ssa.CallInstruction); !isCall {
					for _, op := range instr.Operands(nil) {
						if op == nil || *op == nil {
							continue
						}
						if f, ok := (*op).(*ssa.Function); ok && c.inPkg[f] {
							c.sites[f] = append(c.sites[f], callSite{caller: fn})
						}
					}
				} else {
					for _, a := range instr.(ssa.CallInstruction).Common().Args {
						if f, ok := a.(*ssa.Function); ok && c.inPkg[f] {
							c.sites[f] = append(c.sites[f], callSite{caller: fn})
						}
					}
				}
			}
		}
	}
}

// boundUses classifies the uses of a bound method value: handed to
// sync.Once.Do, or to time.AfterFunc; anything else is a value use.
func (c *checker) boundUses(mc *ssa.MakeClosure, fn *ssa.Function) []callSite {
	var out []callSite
	if mc.Referrers() == nil {
		return nil
	}
	for _, r := range *mc.Referrers() {
		ci, ok := r.(ssa.CallInstruction)
		if !ok {
			if _, dbg := r.(*ssa.DebugRef); !dbg {
				out = append(out, callSite{caller: fn})
			}
			continue
		}
		callee := ssaq.Callee(ci.Common())
		switch {
		case ci.Common().Value == mc:
			out = append(out, callSite{instr: r, caller: fn, args: mc.Bindings})
		case ssaq.IsMethod(callee, "sync", "Once", "Do"):
			out = append(out, callSite{instr: r, caller: fn, once: true})
		case ssaq.IsFunc(callee, "time", "AfterFunc"):
			out = append(out, callSite{instr: r, caller: fn, cb: asCall(r)})
		default:
			out = append(out, callSite{caller: fn})
		}
	}
	return out
}

func paramIndex(fn *ssa.Function, p *ssa.Parameter) int {
	for i, q := range fn.Params {
		if q == p {
			return i
		}
	}
	return -1
}

// storesInto reports whether the result of call is stored into field k.
func storesInto(call *ssa.Call, k fieldKey) bool {
	for _, e := range ssaq.Escapes(call) {
		if st, ok := e.Instr.(*ssa.Store); ok && e.Kind == ssaq.ToField {
			if fk, ok := fieldAddrKey(st.Addr); ok && fk == k {
				return true
			}
		}
	}
	return false
}

func asCall(instr ssa.Instruction) *ssa.Call {
	c, _ := instr.(*ssa.Call)
	return c
}
