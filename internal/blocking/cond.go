package blocking

import (
	"fmt"
	"go/constant"
	"go/token"
	"slices"
	"strings"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// A branch condition's identity: two If instructions whose conditions have
// the same key go the same way on one path (branch correlation). The key
// names SSA values, so a parameter never reassigned, tested twice, gives
// one key; a value recomputed in a loop is forgotten when its block runs
// again (see assumption.defs).
type assumption struct {
	key  string
	val  bool
	defs []ssa.Value // the values the key depends on
}

// condition returns the key of v as a branch condition and whether v is
// the key's negation. A constant condition has key "" and its value in
// konst.
//
// sub, when not nil, replaces a value by a constant it is known to be (a
// parameter the call passes a constant for), deciding more conditions.
func condition(v ssa.Value, sub func(ssa.Value) ssa.Value) (key string, neg bool, defs []ssa.Value, konst *bool) {
	if sub == nil {
		sub = func(v ssa.Value) ssa.Value { return v }
	}
	v, neg = ssaq.StripNot(v)
	if c, ok := sub(v).(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Bool {
		b := constant.BoolVal(c.Value) != neg
		return "", false, nil, &b
	}
	if bin, ok := v.(*ssa.BinOp); ok {
		op := bin.Op
		switch op {
		case token.NEQ:
			op, neg = token.EQL, !neg
		case token.GEQ:
			op, neg = token.LSS, !neg
		case token.LEQ:
			op, neg = token.GTR, !neg
		}
		cx, okx := sub(bin.X).(*ssa.Const)
		cy, oky := sub(bin.Y).(*ssa.Const)
		if okx && oky && cx.Value != nil && cy.Value != nil && cx.Value.Kind() == cy.Value.Kind() {
			switch op {
			case token.EQL, token.LSS, token.GTR:
				b := constant.Compare(cx.Value, op, cy.Value) != neg
				return "", false, nil, &b
			}
		}
		switch op {
		case token.EQL, token.LSS, token.GTR:
			x, y := operandKey(bin.X), operandKey(bin.Y)
			if op == token.EQL && x > y {
				x, y = y, x // == is symmetric
			}
			for _, o := range []ssa.Value{bin.X, bin.Y} {
				if _, ok := o.(*ssa.Const); !ok {
					defs = append(defs, o)
				}
			}
			return fmt.Sprintf("%s %s %s", x, op, y), neg, defs, nil
		}
	}
	return operandKey(v), neg, []ssa.Value{v}, nil
}

func operandKey(v ssa.Value) string {
	if c, ok := v.(*ssa.Const); ok {
		if c.Value == nil {
			return "nil"
		}
		return c.Value.ExactString()
	}
	return fmt.Sprintf("%p", v)
}

// definedIn reports whether v is computed by an instruction of b (so it
// takes a new value each time b runs).
func definedIn(v ssa.Value, b *ssa.BasicBlock) bool {
	instr, ok := v.(ssa.Instruction)
	return ok && instr.Block() == b
}

// jumpVar reports whether alloc is the synthetic variable SSA uses to
// leave a range-over-func loop (its value after the iterator returns says
// which return, break or continue of the body ran).
func jumpVar(alloc *ssa.Alloc) bool {
	return strings.HasPrefix(alloc.Comment, "jump")
}

// forgetDefinedIn returns as without the assumptions about values defined
// in b (entering b gives them new values): as itself when none is, a new
// slice otherwise (as may be shared with other paths).
func forgetDefinedIn(as []assumption, b *ssa.BasicBlock) []assumption {
	fresh := func(a assumption) bool {
		for _, d := range a.defs {
			if definedIn(d, b) {
				return true
			}
		}
		return false
	}
	if !slices.ContainsFunc(as, fresh) {
		return as
	}
	kept := make([]assumption, 0, len(as)-1)
	for _, a := range as {
		if !fresh(a) {
			kept = append(kept, a)
		}
	}
	return kept
}

// condition is the function condition, except that a load of a boolean
// field of a parameter that the function never stores to (if b.shared {
// b.mu.Lock() } ... if b.shared { b.mu.Unlock() }) has one key for all
// its loads: the function cannot change it, and another goroutine that
// did would race with the loads.
func (m *Model) condition(v ssa.Value, sub func(ssa.Value) ssa.Value) (key string, neg bool, defs []ssa.Value, konst *bool) {
	base, neg := ssaq.StripNot(v)
	if f, ok := loadedField(base); ok && m.fieldFlag(base.Parent(), f) {
		return fmt.Sprintf("%s.%d", operandKey(f.x), f.field), neg, nil, nil
	}
	return condition(v, sub)
}

// fieldOf is a field of the value a parameter holds.
type fieldOf struct {
	x     *ssa.Parameter
	field int
}

// loadedField returns the parameter field v loads (*&p.f), if it is one.
func loadedField(v ssa.Value) (fieldOf, bool) {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return fieldOf{}, false
	}
	fa, ok := u.X.(*ssa.FieldAddr)
	if !ok {
		return fieldOf{}, false
	}
	p, ok := fa.X.(*ssa.Parameter)
	if !ok {
		return fieldOf{}, false
	}
	return fieldOf{p, fa.Field}, true
}

// fieldFlag reports whether fn never stores to the parameter field f nor
// takes its address for anything but a load.
func (m *Model) fieldFlag(fn *ssa.Function, f fieldOf) bool {
	if fn == nil {
		return false
	}
	written, ok := m.fieldFlags[fn]
	if !ok {
		written = make(map[fieldOf]bool)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				fa, ok := instr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				p, ok := fa.X.(*ssa.Parameter)
				if !ok {
					continue
				}
				for _, r := range *fa.Referrers() {
					if u, ok := r.(*ssa.UnOp); !ok || u.Op != token.MUL {
						written[fieldOf{p, fa.Field}] = true // stored, or its address passed on
					}
				}
			}
		}
		if m.fieldFlags == nil {
			m.fieldFlags = make(map[*ssa.Function]map[fieldOf]bool)
		}
		m.fieldFlags[fn] = written
	}
	return !written[f]
}
