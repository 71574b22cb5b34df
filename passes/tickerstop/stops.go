package tickerstop

import (
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// This file is the stop analysis: which calls stop a ticker or timer
// (a Stop method, a helper that stops its parameter, a closure), which
// value or field a stop denotes, and which fields the package stops.

// isStopMethod reports whether call is t.Stop() on a *time.Ticker/Timer and
// returns the receiver.
func isStopMethod(call *ssa.CallCommon) (ssa.Value, bool) {
	fn := call.StaticCallee()
	if fn == nil || len(call.Args) == 0 {
		return nil, false
	}
	if ssaq.IsMethod(fn, "time", "Ticker", "Stop") || ssaq.IsMethod(fn, "time", "Timer", "Stop") {
		return call.Args[0], true
	}
	return nil, false
}

// stoppedValues returns the values a call instruction stops: a Stop
// method's receiver, arguments a callee stops, and, for a closure called,
// deferred or started as a goroutine, the captured values its body stops.
func (c *checker) stoppedValues(instr ssa.CallInstruction) []ssa.Value {
	call := instr.Common()
	if v, ok := isStopMethod(call); ok {
		return []ssa.Value{v}
	}
	var out []ssa.Value
	if fn := ssaq.Callee(call); fn != nil {
		if s := c.summaryOf(fn); s != nil {
			for i, a := range call.Args {
				if s.stops[i] {
					out = append(out, a)
				}
			}
		}
	}
	if mc, ok := call.Value.(*ssa.MakeClosure); ok {
		body := ssaq.FuncValue(mc)
		for i, fv := range body.FreeVars {
			if i < len(mc.Bindings) && c.stopsWithin(body, fv) {
				out = append(out, mc.Bindings[i])
			}
		}
	}
	return out
}

// stopsWithin reports whether fn stops v (a parameter or free variable)
// anywhere in its body, directly or through a captured variable's loads.
func (c *checker) stopsWithin(fn *ssa.Function, v ssa.Value) bool {
	return c.anyStopped(fn, func(s ssa.Value) bool { return sameValue(s, v) })
}

// anyStopped reports whether match holds for some value that a call in fn
// stops (see stoppedValues).
func (c *checker) anyStopped(fn *ssa.Function, match func(ssa.Value) bool) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok {
				for _, s := range c.stoppedValues(call) {
					if match(s) {
						return true
					}
				}
			}
		}
	}
	return false
}

// sameValue reports whether a denotes v, seeing through conversions and
// loads of a captured variable that holds v.
func sameValue(a, v ssa.Value) bool {
	return sameValueDepth(a, v, 0)
}

// sameValueDepth is sameValue that also sees through a phi whose other
// edges are nil (var t *time.Timer; if ... { t = time.NewTimer(d) }).
func sameValueDepth(a, v ssa.Value, depth int) bool {
	a = ssaq.Unwrap(a)
	if a == v {
		return true
	}
	if phi, ok := a.(*ssa.Phi); ok && depth < 3 {
		found := false
		for _, e := range phi.Edges {
			if k, ok := e.(*ssa.Const); ok && k.IsNil() {
				continue
			}
			if !sameValueDepth(e, v, depth+1) {
				return false
			}
			found = true
		}
		return found
	}
	if u, ok := a.(*ssa.UnOp); ok && u.Op == token.MUL {
		return u.X == v // v is the captured variable's address
	}
	return false
}

// findStoppedFields records which fields some function of the package
// stops (directly, through a **time.Timer helper, or through an interface
// kept in the field).
func (c *checker) findStoppedFields() {
	for _, fn := range c.funcs {
		for k := range c.directStops(fn) {
			c.stoppedFields[k] = true
		}
	}
}

// fieldOf identifies the struct field a value was loaded from (x.f). A
// value extracted from a struct value (j.canceler of a map element) counts
// too.
func fieldOf(v ssa.Value) (fieldKey, bool) {
	if f, ok := ssaq.LoadedField(v); ok {
		return f, true
	}
	if fx, ok := ssaq.Unwrap(v).(*ssa.Field); ok {
		if n, ok := types.Unalias(fx.X.Type()).(*types.Named); ok {
			return fieldKey{Type: n.Origin(), Index: fx.Field}, true
		}
	}
	return fieldKey{}, false
}

// fieldAddrKey identifies the field whose address addr is.
func fieldAddrKey(addr ssa.Value) (fieldKey, bool) { return ssaq.FieldAt(addr) }

// ptrTypeName names the pointer to k's struct type for messages: "*Server".
func ptrTypeName(k ssaq.Field) string { return "*" + k.Type.Obj().Name() }
