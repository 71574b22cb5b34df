// Keys restricted on the way to the growth: a value tested against
// constants (a switch), against a fixed allow-list, or between two
// constant bounds, on every path to the insert.

package globalgrowth

import (
	"go/constant"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// edge is a successor edge of a block ending in an If.
type edge struct {
	from *ssa.BasicBlock
	succ int
}

// restrictedKey reports whether every path from the entry of instr's
// function to instr passes an edge on which the key k is known to take one
// of a few values: the true edge of k == c (the false edge of k != c: a
// switch's cases), the edge on which allow[k] is true for allow an
// unexported package-level map the package fills only at start-up (an
// allow-list), or, for an integer k, both a lower and an upper constant
// bound less than maxSmallKeys apart (n < 0 || n >= 10 returns first).
func (a *analysis) restrictedKey(k ssa.Value, instr ssa.Instruction) bool {
	k = ssaq.Unwrap(k)
	// A conversion of a restricted integer takes no more values.
	if conv, ok := k.(*ssa.Convert); ok && isInteger(conv.Type()) && isInteger(conv.X.Type()) && a.restrictedKey(conv.X, instr) {
		return true
	}
	fn := instr.Parent()
	if fn == nil || instr.Block() == nil {
		return false
	}
	member := make(map[edge]bool) // k is one of a few values
	lower := make(map[edge]int64)
	upper := make(map[edge]int64)
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		t, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond, neg := ssaq.StripNot(t.Cond)
		for succ, holds := range [2]bool{!neg, neg} { // Succs[0] is taken when Cond is true
			e := edge{b, succ}
			if holds && a.allowListed(cond, k) {
				member[e] = true
			}
			op, c, ok := compared(cond, k)
			if !ok {
				continue
			}
			if !holds {
				op = ssaq.NegateOp(op)
			}
			switch op {
			case token.EQL:
				member[e] = true
			case token.LSS, token.LEQ, token.GTR, token.GEQ:
				n, exact := constant.Int64Val(c)
				if !exact {
					continue
				}
				switch op {
				case token.LSS:
					upper[e] = n - 1
				case token.LEQ:
					upper[e] = n
				case token.GTR:
					lower[e] = n + 1
				case token.GEQ:
					lower[e] = n
				}
			}
		}
	}
	target := instr.Block()
	if len(member) > 0 && !reachesAvoidingEdges(fn, target, func(e edge) bool { return member[e] }) {
		return true
	}
	if len(upper) == 0 || !isInteger(k.Type()) {
		return false
	}
	lo, hi := int64(0), int64(0)
	for _, n := range upper {
		hi = max(hi, n)
	}
	if b, ok := k.Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsUnsigned == 0 {
		if len(lower) == 0 {
			return false
		}
		lo = hi
		for _, n := range lower {
			lo = min(lo, n)
		}
		if reachesAvoidingEdges(fn, target, func(e edge) bool { _, ok := lower[e]; return ok }) {
			return false
		}
	}
	return hi-lo < maxSmallKeys && !reachesAvoidingEdges(fn, target, func(e edge) bool { _, ok := upper[e]; return ok })
}

// compared returns the comparison cond makes of k with a constant, as
// "k op c".
func compared(cond, k ssa.Value) (token.Token, constant.Value, bool) {
	bin, ok := cond.(*ssa.BinOp)
	if !ok {
		return 0, nil, false
	}
	x, y := ssaq.Unwrap(bin.X), ssaq.Unwrap(bin.Y)
	op := bin.Op
	if x != k {
		x, y, op = y, x, ssaq.MirrorOp(op)
	}
	c, ok := y.(*ssa.Const)
	if x != k || !ok || c.Value == nil {
		return 0, nil, false
	}
	switch op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		return op, c.Value, true
	}
	return 0, nil, false
}

// allowListed reports whether cond is true only when k is a key of an
// allow-list: allow[k] (a bool map) or the ok of _, ok := allow[k], allow
// an unexported package-level map that only start-up code writes.
func (a *analysis) allowListed(cond, k ssa.Value) bool {
	var l *ssa.Lookup
	switch c := cond.(type) {
	case *ssa.Lookup:
		if isBool(c.Type()) {
			l = c
		}
	case *ssa.Extract:
		if t, ok := c.Tuple.(*ssa.Lookup); ok && c.Index == 1 {
			l = t
		}
	}
	if l == nil || !isMapLookup(l) || ssaq.Unwrap(l.Index) != k {
		return false
	}
	load, ok := l.X.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	g, ok := load.X.(*ssa.Global)
	return ok && !g.Object().Exported() && a.fixedMap(g)
}

// fixedMap reports whether the package writes the map g only at start-up
// (its initializer, init functions): no insert, delete or assignment of g
// elsewhere, and g's value is not passed on.
func (a *analysis) fixedMap(g *ssa.Global) bool {
	if a.life == nil {
		return false
	}
	if fixed, ok := a.fixedMaps[g]; ok {
		return fixed
	}
	fixed := a.writtenOnlyAtStart(g)
	if a.fixedMaps == nil {
		a.fixedMaps = make(map[*ssa.Global]bool)
	}
	a.fixedMaps[g] = fixed
	return fixed
}

// writtenOnlyAtStart is fixedMap's scan of the package.
func (a *analysis) writtenOnlyAtStart(g *ssa.Global) bool {
	for _, fn := range a.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if a.life.At(instr).InitTime {
					continue
				}
				switch in := instr.(type) {
				case *ssa.Store:
					if in.Addr == g {
						return false
					}
				case *ssa.UnOp:
					if in.Op != token.MUL || in.X != g || in.Referrers() == nil {
						continue
					}
					for _, r := range *in.Referrers() {
						if l, ok := r.(*ssa.Lookup); !ok || l.X != in {
							return false // updated, deleted, ranged over or passed on
						}
					}
				}
			}
		}
	}
	return true
}

// reachesAvoidingEdges reports whether target is reachable from fn's entry
// without taking an edge for which cut is true.
func reachesAvoidingEdges(fn *ssa.Function, target *ssa.BasicBlock, cut func(edge) bool) bool {
	if len(fn.Blocks) == 0 {
		return false
	}
	seen := map[*ssa.BasicBlock]bool{fn.Blocks[0]: true}
	work := []*ssa.BasicBlock{fn.Blocks[0]}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if b == target {
			return true
		}
		for i, s := range b.Succs {
			if !seen[s] && !cut(edge{b, i}) {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return false
}
