package closurecapture

// This file decides and words the diagnostics: closures, method values and
// calls whose callee pins or returns a capture.

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/internal/size"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkFunc reports the closures made in fn that reach a long-lived sink
// while capturing a large value of which they use only a projection, and
// calls that do the same through a callee's summary.
func (c *checker) checkFunc(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.MakeClosure:
				c.checkClosure(instr)
			case ssa.CallInstruction:
				c.checkCall(fn, instr)
			}
		}
	}
}

func (c *checker) checkClosure(mc *ssa.MakeClosure) {
	body := ssaq.FuncValue(mc)
	if body == nil || c.once(mc) {
		return
	}
	if body.Synthetic != "" {
		c.checkMethodValue(mc, body)
		return
	}
	long := c.longSinks(mc)
	if len(long) == 0 {
		return
	}
	for i, bnd := range mc.Bindings {
		if i >= len(body.FreeVars) {
			break
		}
		cp, ok := c.captured(mc, bnd)
		if !ok || !cp.size.Large() {
			continue // a parameter of unknown size is judged at the calls (Pins)
		}
		var projs []projection
		if cp.short > 0 {
			// Whatever the closure does with a short sub-slice, it needs only
			// those bytes, yet keeps the whole backing array.
			projs = []projection{{kind: "slice", text: fmt.Sprintf("%s (%d bytes)", cp.name, cp.short)}}
		} else {
			projs, ok = c.usesOf(body, body.FreeVars[i], cp.name, cp.size.Field, 0)
			if !ok || len(projs) == 0 {
				continue
			}
		}
		if ret := !outlivesCallers(long); retainedElsewhere(cp.value, ret, 0) || retainedElsewhere(cp.alloc, ret, 0) || cp.short == 0 && c.otherWholeUse(cp, mc) {
			continue
		}
		c.reportClosure(mc, body, long[0], cp, projs)
	}
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

// checkCall reports calls whose callee pins a large argument in a
// long-lived closure, or returns a closure capturing a large value that the
// caller keeps.
func (c *checker) checkCall(fn *ssa.Function, instr ssa.CallInstruction) {
	call := instr.Common()
	callee := ssaq.Callee(call)
	s := c.summaryOf(callee)
	if s == nil || len(s.pins) == 0 && len(s.returns) == 0 {
		return
	}
	name := ssaq.CalleeName(callee, c.pass.Pkg)
	for p, pin := range s.pins {
		arg := size.ArgFor(call, p)
		sz := c.m.Of(arg)
		if !sz.Large() || usesLargeField(pin, sz, arg.Type()) || retainedElsewhere(arg, true, 0) {
			continue
		}
		label := c.argLabel(instr, p, pin.Var)
		c.emit(analysis.Diagnostic{
			Pos:      instr.Pos(),
			Category: orDefault(pin.Category, "capture-stored"),
			Message: fmt.Sprintf("call to %s pins %q (%s): %s keeps its parameter %q in a closure %s, which uses only %s; %s in %s",
				name, label, sz.What, name, pin.Var, pin.Sink, pin.Uses, fixAdvice(pin.Kind), name),
		})
	}
	if len(s.returns) == 0 {
		return
	}
	v, ok := instr.(*ssa.Call)
	if !ok || c.once(v) {
		return
	}
	long := c.longSinks(v)
	if len(long) == 0 {
		return
	}
	keys := make([]string, 0, len(s.returns))
	for k := range s.returns {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		pin := s.returns[k]
		what, label := pin.What, pin.Var
		if pin.Param >= 0 {
			arg := size.ArgFor(call, pin.Param)
			sz := c.m.Of(arg)
			if !sz.Large() || usesLargeField(pin, sz, arg.Type()) || retainedElsewhere(arg, true, 0) {
				continue
			}
			what, label = sz.What, c.argLabel(instr, pin.Param, pin.Var)
		}
		c.emit(analysis.Diagnostic{
			Pos:      instr.Pos(),
			Category: "capture-returned",
			Message: fmt.Sprintf("closure returned by %s captures %q (%s) but uses only %s, and is %s; %s in %s",
				name, label, what, pin.Uses, long[0].desc, fixAdvice(pin.Kind), name),
			Related: []analysis.RelatedInformation{{Pos: long[0].pos, Message: "kept alive here"}},
		})
	}
}

// argLabel names the argument that binds the callee's parameter p: as
// the source spells it when short (doc, r.Body), else the parameter's name.
func (c *checker) argLabel(instr ssa.CallInstruction, p int, param string) string {
	call := instr.Common()
	file := ssaq.FileOf(c.pass.Files, instr.Pos())
	if file == nil {
		return param
	}
	var expr ast.Expr
	ast.Inspect(file, func(n ast.Node) bool {
		if expr != nil {
			return false
		}
		ce, ok := n.(*ast.CallExpr)
		if !ok || ce.Lparen != instr.Pos() {
			return true
		}
		i := p
		if call.IsInvoke() {
			i = p - 1 // the receiver is call.Value, not an argument
		}
		if fn := call.StaticCallee(); fn != nil && fn.Signature.Recv() != nil {
			if i == 0 {
				if sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr); ok {
					expr = sel.X
				}
				return false
			}
			i--
		}
		if call.IsInvoke() && p == 0 {
			if sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr); ok {
				expr = sel.X
			}
			return false
		}
		if i >= 0 && i < len(ce.Args) {
			expr = ce.Args[i]
		}
		return false
	})
	if expr == nil {
		return param
	}
	if text := types.ExprString(expr); len(text) <= 32 {
		return text
	}
	return param
}

// usesText joins the distinct projections for a message, and says which
// kind they share ("mixed" if several).
func usesText(projs []projection) (string, string) {
	seen := map[string]bool{}
	var texts []string
	kind := ""
	for _, p := range projs {
		if kind == "" {
			kind = p.kind
		} else if kind != p.kind {
			kind = "mixed"
		}
		if !seen[p.text] {
			seen[p.text] = true
			texts = append(texts, p.text)
		}
	}
	sort.Strings(texts)
	if len(texts) > 1 {
		return strings.Join(texts[:len(texts)-1], ", ") + " and " + texts[len(texts)-1], kind
	}
	return texts[0], kind
}

// fixAdvice is the fix for a kind of projection.
func fixAdvice(kind string) string {
	switch kind {
	case "len":
		return "copy the length into a local before the closure"
	case "cap":
		return "copy the capacity into a local before the closure"
	case "field":
		return "copy the field into a local before the closure"
	case "elem":
		return "copy the element into a local before the closure"
	case "slice":
		return "copy the sub-slice (bytes.Clone, strings.Clone) into a local before the closure"
	case "nil":
		return "capture the result of the nil check instead"
	case "method":
		return "call the method before the closure and capture its result"
	}
	return "copy what it uses into locals before the closure"
}

// emit reports d through the check's reporter, which reports one
// diagnostic per position (a function and its closures can reach the same
// call twice through nested summaries).
func (c *checker) emit(d analysis.Diagnostic) { c.report.Report(d) }

func (c *checker) reportClosure(mc *ssa.MakeClosure, body *ssa.Function, sk sink, cp capture, projs []projection) {
	uses, kind := usesText(projs)
	d := analysis.Diagnostic{
		Pos:      body.Pos(),
		Category: sk.category,
		Message: fmt.Sprintf("closure %s captures %q (%s) but uses only %s; %s",
			sk.desc, cp.name, cp.size.What, uses, fixAdvice(kind)),
		Related: []analysis.RelatedInformation{{Pos: sk.pos, Message: "kept alive here"}},
	}
	for _, p := range projs {
		if p.pos.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: p.pos, Message: "uses " + p.text + " here"})
			break
		}
	}
	if fix, ok := c.hoistFix(mc, body, cp, projs, kind); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.emit(d)
}
