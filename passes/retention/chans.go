package retention

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/size"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// received is a value a function of the package receives from a channel.
type received struct {
	v  ssa.Value // the received value
	fn *ssa.Function
	ch string // "package-level channel \"lines\""
}

// chanKey identifies a channel by where it is held: a package-level var or
// a field (of every object of its type).
type chanKey struct {
	global *ssa.Global
	field  ssaq.Field
}

// chanOf returns the key of the channel ch loads, and its description.
func (c *checker) chanOf(ch ssa.Value) (chanKey, string, bool) {
	u, ok := ssaq.Unwrap(ch).(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return chanKey{}, "", false
	}
	if g, ok := u.X.(*ssa.Global); ok {
		return chanKey{global: g}, fmt.Sprintf("package-level channel %q", g.Name()), true
	}
	if f, ok := ssaq.FieldAt(u.X); ok {
		return chanKey{field: f}, fmt.Sprintf("channel field %q of %s", size.FieldName(f.Type, f.Index), c.model.TypeString(types.NewPointer(f.Type))), true
	}
	return chanKey{}, "", false
}

// receivesFrom returns the values the package's functions receive from
// the channel ch is loaded from.
func (c *checker) receivesFrom(ch ssa.Value) []received {
	key, desc, ok := c.chanOf(ch)
	if !ok {
		return nil
	}
	if c.recvs == nil {
		c.indexReceives()
	}
	var out []received
	for _, r := range c.recvs[key] {
		r.ch = desc
		out = append(out, r)
	}
	return out
}

// indexReceives records every receive of the package (outside tests) by
// the channel it receives from.
func (c *checker) indexReceives() {
	c.recvs = make(map[chanKey][]received)
	add := func(fn *ssa.Function, ch, v ssa.Value) {
		if key, _, ok := c.chanOf(ch); ok && v != nil {
			c.recvs[key] = append(c.recvs[key], received{v: v, fn: fn})
		}
	}
	for _, fn := range c.funcs {
		if c.inTest[fn] {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.UnOp:
					if instr.Op != token.ARROW {
						continue
					}
					if instr.CommaOk {
						add(fn, instr.X, extractOf(instr, 0))
					} else {
						add(fn, instr.X, instr)
					}
				case *ssa.Select:
					n := 0
					for _, st := range instr.States {
						if st.Dir != types.RecvOnly {
							continue
						}
						add(fn, st.Chan, extractOf(instr, 2+n))
						n++
					}
				}
			}
		}
	}
}

// extractOf returns the Extract of component i of the tuple v, or nil.
func extractOf(v ssa.Value, i int) ssa.Value {
	if refs := v.Referrers(); refs != nil {
		for _, r := range *refs {
			if x, ok := r.(*ssa.Extract); ok && x.Index == i {
				return x
			}
		}
	}
	return nil
}
