package closurecapture

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// longSinks returns the long-lived places v (a closure or a call's
// result) reaches.
func (c *checker) longSinks(v ssa.Value) []sink {
	var long []sink
	for _, s := range c.sinksOf(v) {
		if s.longLived() {
			long = append(long, s)
		}
	}
	return long
}

// once reports whether instr runs at most once in the life of the process
// (main, init, a sync.Once body, and what only they call): a value it pins
// is pinned once, like configuration loaded at start-up and captured by a
// handler, not once per request.
func (c *checker) once(instr ssa.Instruction) bool {
	return c.life != nil && c.life.At(instr).Runs == lifetime.Once
}

// checkMethodValue judges a bound method value (x.flush passed to
// time.AfterFunc) like the closure func() { x.flush() }: it keeps x alive
// as long as it lives, and is reported when x is large and the method uses
// only a projection of its receiver.
func (c *checker) checkMethodValue(mc *ssa.MakeClosure, wrapper *ssa.Function) {
	if !strings.HasPrefix(wrapper.Synthetic, "bound method wrapper") || len(mc.Bindings) != 1 {
		return
	}
	method := boundMethod(wrapper)
	if method == nil || len(method.Params) == 0 || len(method.Blocks) == 0 || !c.inPkg[method] {
		return // the method's body is not at hand (another package, an interface)
	}
	long := c.longSinks(mc)
	if len(long) == 0 {
		return
	}
	recv := mc.Bindings[0]
	sz := c.m.Of(recv)
	if !sz.Large() {
		return
	}
	name := c.receiverText(mc)
	if name == "" {
		name = valueName(recv)
	}
	projs, ok := c.receiverUses(method, name, sz.Field, 0)
	if !ok || len(projs) == 0 {
		return
	}
	if retainedElsewhere(recv, !outlivesCallers(long), 0) {
		return
	}
	uses, kind := usesText(projs)
	sk := long[0]
	d := analysis.Diagnostic{
		Pos:      mc.Pos(),
		Category: sk.category,
		Message: fmt.Sprintf("method value %s.%s %s captures %q (%s) but %s uses only %s; %s, and pass a closure that uses them",
			name, method.Name(), sk.desc, name, sz.What, ssaq.CalleeName(method, c.pass.Pkg), uses, strings.TrimSuffix(fixAdvice(kind), " before the closure")),
		Related: []analysis.RelatedInformation{{Pos: sk.pos, Message: "kept alive here"}},
	}
	for _, p := range projs {
		if p.pos.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: p.pos, Message: "uses " + p.text + " here"})
			break
		}
	}
	c.emit(d)
}

// boundMethod returns the method a bound method wrapper calls.
func boundMethod(wrapper *ssa.Function) *ssa.Function {
	for _, b := range wrapper.Blocks {
		for _, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok {
				return ci.Common().StaticCallee()
			}
		}
	}
	return nil
}

// valueName names the variable v was loaded from, for messages.
func valueName(v ssa.Value) string {
	switch x := ssaq.Unwrap(v).(type) {
	case *ssa.UnOp:
		if a, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL && a.Comment != "" {
			return a.Comment
		}
		if fv, ok := x.X.(*ssa.FreeVar); ok && x.Op == token.MUL {
			return fv.Name()
		}
	case *ssa.Alloc:
		if x.Comment != "" {
			return x.Comment
		}
	case *ssa.Parameter:
		return x.Name()
	}
	return "receiver"
}

// receiverText spells the receiver of the method value mc as the source
// does (b in b.flush), when short.
func (c *checker) receiverText(mc *ssa.MakeClosure) string {
	file := ssaq.FileOf(c.pass.Files, mc.Pos())
	if file == nil {
		return ""
	}
	text := ""
	ast.Inspect(file, func(n ast.Node) bool {
		if text != "" || n == nil || !(n.Pos() <= mc.Pos() && mc.Pos() < n.End()) {
			return false
		}
		if sel, ok := n.(*ast.SelectorExpr); ok && (sel.Sel.Pos() == mc.Pos() || sel.Pos() == mc.Pos()) {
			if t := types.ExprString(sel.X); len(t) <= 32 {
				text = t
			}
			return false
		}
		return true
	})
	return text
}

// receiverUses classifies how method uses its receiver: as a value, or
// through the local variable a value receiver is spilled to (s.Title of
// func (s Summary) title()).
func (c *checker) receiverUses(method *ssa.Function, name string, largeField, depth int) ([]projection, bool) {
	recv := method.Params[0]
	refs := recv.Referrers()
	if refs != nil {
		for _, r := range *refs {
			if st, ok := r.(*ssa.Store); ok && st.Val == recv {
				if a, ok := st.Addr.(*ssa.Alloc); ok && len(*refs) == 1 {
					return c.usesOf(method, a, name, largeField, depth)
				}
			}
		}
	}
	return c.valueUses(method, recv, name, largeField, depth)
}
