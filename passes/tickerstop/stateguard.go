package tickerstop

import (
	"fmt"
	"go/token"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// This file recognises a re-arm guarded by a state field.

// stateGuarded recognises a re-arm guarded by a state field:
//
//	if b.state == open { return }
//	b.state = open
//	b.probe = time.AfterFunc(...)
//
// The store runs only when the state is not C, and the function sets it to
// C: the timer can be pending again only after some function moves the
// state away from C. It is safe when each such function stops the timer
// (or is its callback, or initialises a fresh object); the others are
// returned as related. ok is false when there is no such guard.
func (c *checker) stateGuarded(fn *ssa.Function, st *ssa.Store, k fieldKey) (armVerdict, bool) {
	for dom := st.Block().Idom(); dom != nil; dom = dom.Idom() {
		if len(dom.Instrs) == 0 {
			continue
		}
		iff, ok := dom.Instrs[len(dom.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := iff.Cond.(*ssa.BinOp)
		if !ok || cmp.Op != token.EQL && cmp.Op != token.NEQ {
			continue
		}
		g, okG := fieldOf(cmp.X)
		cst, okC := cmp.Y.(*ssa.Const)
		if !okG || !okC || g == k {
			continue
		}
		// Which side of the comparison leads to the store: "state != C"
		// (if s.state == C { return }) or "state == C" (if s.state != C
		// { return }).
		eqSucc := 0
		if cmp.Op == token.NEQ {
			eqSucc = 1
		}
		var whenEqual bool
		switch {
		case dom.Succs[eqSucc].Dominates(st.Block()) && !dom.Succs[1-eqSucc].Dominates(st.Block()):
			whenEqual = true
		case dom.Succs[1-eqSucc].Dominates(st.Block()) && !dom.Succs[eqSucc].Dominates(st.Block()):
			whenEqual = false
		default:
			continue
		}
		// The arming function leaves the arming state: it stores C (armed
		// only when != C), or a value other than C (armed only when == C).
		if whenEqual && !storesOther(fn, g, cst) || !whenEqual && !storesConst(fn, g, cst) {
			continue
		}
		// Dangerous are the stores that make the guard pass again.
		dangerous := func(s *ssa.Store) bool {
			sc, ok := s.Val.(*ssa.Const)
			same := ok && sameConst(sc, cst)
			if whenEqual {
				return same || !ok
			}
			return !same
		}
		v := armVerdict{safe: true}
		for _, other := range c.funcs {
			if other == fn {
				continue
			}
			for _, b := range other.Blocks {
				for _, instr := range b.Instrs {
					s, ok := instr.(*ssa.Store)
					if !ok {
						continue
					}
					if sk, ok := fieldAddrKey(s.Addr); !ok || sk != g {
						continue
					}
					if !dangerous(s) {
						continue
					}
					if freshPlace(s.Addr, other) || c.inCallback(other, k) || c.stopsIn(other)[k] {
						continue
					}
					v.safe = false
					v.related = append(v.related, analysis.RelatedInformation{
						Pos:     s.Pos(),
						Message: fmt.Sprintf("%s moves %s back without stopping the timer, so the next arming replaces a pending one", ssaq.Name(other), g.Name()),
					})
				}
			}
		}
		return v, true
	}
	return armVerdict{}, false
}

func sameConst(a, b *ssa.Const) bool {
	return a.Value != nil && b.Value != nil && a.Value.ExactString() == b.Value.ExactString()
}

// storesOther reports whether fn stores into field g a constant other
// than cst.
func storesOther(fn *ssa.Function, g fieldKey, cst *ssa.Const) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			s, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			if sk, ok := fieldAddrKey(s.Addr); ok && sk == g {
				if sc, ok := s.Val.(*ssa.Const); ok && !sameConst(sc, cst) {
					return true
				}
			}
		}
	}
	return false
}

// storesConst reports whether fn stores the constant cst into field g.
func storesConst(fn *ssa.Function, g fieldKey, cst *ssa.Const) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			s, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			if sk, ok := fieldAddrKey(s.Addr); ok && sk == g {
				if sc, ok := s.Val.(*ssa.Const); ok && sc.Value != nil && cst.Value != nil && sc.Value.ExactString() == cst.Value.ExactString() {
					return true
				}
			}
		}
	}
	return false
}
