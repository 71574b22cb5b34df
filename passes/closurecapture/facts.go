package closurecapture

// This file holds the Capture fact and the per-function summaries it is
// made from, computed on the shared summary engine: which func parameters
// a function stores, what its results hold, which captures it pins or
// returns.

import (
	"fmt"
	"go/types"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/internal/size"
	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/summary"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Capture is the fact exported for a function whose calls make closures
// long-lived or hand out large values:
//
//   - StoresFunc: func parameters it stores somewhere long-lived (a
//     package-level var or registry, time.AfterFunc, a long-lived goroutine);
//   - StoresFuncIn: func parameters it stores in the object (or collection)
//     another parameter points to, long-lived when that argument is;
//   - ReturnsInput: its result is input-sized (what it holds);
//   - HoldsParam: its result holds a parameter (directly or in a field);
//   - Pins: parameters a long-lived closure inside it captures while using
//     only a projection of them;
//   - Returns: captures of the closure it returns (a parameter, or a large
//     value of its own) of which the closure uses only a projection.
type Capture struct {
	StoresFunc   []StoredFunc
	StoresFuncIn []StoredIn
	ReturnsInput string
	HoldsParam   []Held
	Pins         []Pin
	Returns      []Pin
}

// StoredFunc is a func parameter stored somewhere long-lived.
type StoredFunc struct {
	Param    int
	Where    string // "package-level slice \"hooks\""
	Category string
}

// StoredIn is a func parameter stored into what parameter Into points to.
type StoredIn struct{ Param, Into int }

// Held says the result holds parameter Param, in struct field Field (-1:
// the result is the parameter or a sub-slice of it).
type Held = size.Held

// Pin is a capture by a closure that uses only a projection of it.
type Pin struct {
	Param    int    // the captured parameter; -1 for a value of the function's own
	Var      string // the captured variable's name
	What     string // for Param -1: the size description of the value
	Uses     string // "len(snap)", "doc.Title"
	Fields   []int  // fields of the captured struct the uses go through
	Kind     string // projection kind for the fix wording: "len", "field", ... or "mixed"
	Sink     string // for Pins: "started as a goroutine that never returns"
	Category string
}

func (*Capture) AFact() {}

func (f *Capture) String() string {
	var parts []string
	for _, s := range f.StoresFunc {
		parts = append(parts, fmt.Sprintf("storesFunc(%d)", s.Param))
	}
	for _, s := range f.StoresFuncIn {
		parts = append(parts, fmt.Sprintf("storesFuncIn(%d->%d)", s.Param, s.Into))
	}
	if f.ReturnsInput != "" {
		parts = append(parts, "returnsInput")
	}
	for _, h := range f.HoldsParam {
		parts = append(parts, fmt.Sprintf("holdsParam(%d.%d)", h.Param, h.Field))
	}
	for _, p := range f.Pins {
		parts = append(parts, fmt.Sprintf("pins(%d:%s)", p.Param, p.Uses))
	}
	for _, p := range f.Returns {
		who := fmt.Sprint(p.Param)
		if p.Param < 0 {
			who = "own"
		}
		parts = append(parts, fmt.Sprintf("returnsClosure(%s:%s)", who, p.Uses))
	}
	return strings.Join(parts, " ")
}

// summary is a function's Capture, for the package's own functions.
type fnSummary struct {
	stores   map[int]StoredFunc
	storesIn map[StoredIn]bool
	input    string
	holds    map[Held]bool
	pins     map[int]Pin
	returns  map[string]Pin // by param and var
}

func newSummary() *fnSummary {
	return &fnSummary{
		stores:   map[int]StoredFunc{},
		storesIn: map[StoredIn]bool{},
		holds:    map[Held]bool{},
		pins:     map[int]Pin{},
		returns:  map[string]Pin{},
	}
}

func (s *fnSummary) empty() bool {
	return len(s.stores) == 0 && len(s.storesIn) == 0 && s.input == "" && len(s.holds) == 0 &&
		len(s.pins) == 0 && len(s.returns) == 0
}

func (s *fnSummary) fact() *Capture {
	f := &Capture{ReturnsInput: s.input}
	for _, v := range s.stores {
		f.StoresFunc = append(f.StoresFunc, v)
	}
	for k := range s.storesIn {
		f.StoresFuncIn = append(f.StoresFuncIn, k)
	}
	for k := range s.holds {
		f.HoldsParam = append(f.HoldsParam, k)
	}
	for _, p := range s.pins {
		f.Pins = append(f.Pins, p)
	}
	for _, p := range s.returns {
		f.Returns = append(f.Returns, p)
	}
	sort.Slice(f.StoresFunc, func(i, j int) bool { return f.StoresFunc[i].Param < f.StoresFunc[j].Param })
	sort.Slice(f.StoresFuncIn, func(i, j int) bool {
		a, b := f.StoresFuncIn[i], f.StoresFuncIn[j]
		return a.Param < b.Param || a.Param == b.Param && a.Into < b.Into
	})
	sort.Slice(f.HoldsParam, func(i, j int) bool {
		a, b := f.HoldsParam[i], f.HoldsParam[j]
		return a.Param < b.Param || a.Param == b.Param && a.Field < b.Field
	})
	sort.Slice(f.Pins, func(i, j int) bool { return f.Pins[i].Param < f.Pins[j].Param })
	sort.Slice(f.Returns, func(i, j int) bool {
		a, b := f.Returns[i], f.Returns[j]
		return a.Param < b.Param || a.Param == b.Param && a.Var < b.Var
	})
	return f
}

func (f *Capture) summary() *fnSummary {
	s := newSummary()
	s.input = f.ReturnsInput
	for _, v := range f.StoresFunc {
		s.stores[v.Param] = v
	}
	for _, v := range f.StoresFuncIn {
		s.storesIn[v] = true
	}
	for _, v := range f.HoldsParam {
		s.holds[v] = true
	}
	for _, p := range f.Pins {
		s.pins[p.Param] = p
	}
	for _, p := range f.Returns {
		s.returns[fmt.Sprint(p.Param, p.Var)] = p
	}
	return s
}

// equal compares every field of two summaries.
func (s *fnSummary) equal(t *fnSummary) bool {
	return s.input == t.input && maps.Equal(s.stores, t.stores) && maps.Equal(s.storesIn, t.storesIn) &&
		maps.Equal(s.holds, t.holds) && maps.EqualFunc(s.pins, t.pins, Pin.equal) && maps.EqualFunc(s.returns, t.returns, Pin.equal)
}

func (p Pin) equal(q Pin) bool {
	return p.Param == q.Param && p.Var == q.Var && p.What == q.What && p.Uses == q.Uses &&
		slices.Equal(p.Fields, q.Fields) && p.Kind == q.Kind && p.Sink == q.Sink && p.Category == q.Category
}

// summarise computes each function's summary on the shared summary engine
// (callees' summaries feed their callers').
func (c *checker) summarise() {
	c.m.Reset()
	defer c.m.Reset()
	c.sums = summary.New(c.pass, c.graph, summary.Spec[*fnSummary]{
		Transfer: c.summaryFor,
		Equal:    (*fnSummary).equal,
		Bottom:   newSummary,
		Import: func(obj *types.Func) (*fnSummary, bool) {
			var f Capture
			if c.pass.ImportObjectFact(obj, &f) {
				return f.summary(), true
			}
			return nil, false
		},
		Changed: func(*ssa.Function) { c.m.Reset() }, // sizes depend on the callees' summaries
	})
	c.sums.Solve()
}

// summaryOf returns fn's summary: computed for the package's own
// functions, imported as a fact for others, nil when unknown.
func (c *checker) summaryOf(fn *ssa.Function) *fnSummary {
	switch s, src := c.sums.Lookup(fn); src {
	case summary.Own, summary.Imported:
		return s
	}
	return nil
}

// exportFacts records Capture for exported functions and methods.
func (c *checker) exportFacts() {
	c.sums.ExportFacts(func(fn *ssa.Function, s *fnSummary) analysis.Fact {
		if s.empty() {
			return nil
		}
		return s.fact()
	})
}

// sizeSummary hands the size model what fn's summary says of its results.
func (c *checker) sizeSummary(fn *ssa.Function) *size.Summary {
	s := c.summaryOf(fn)
	if s == nil || s.input == "" && len(s.holds) == 0 {
		return nil
	}
	out := &size.Summary{Input: s.input}
	for h := range s.holds {
		out.Holds = append(out.Holds, h)
	}
	sort.Slice(out.Holds, func(i, j int) bool {
		a, b := out.Holds[i], out.Holds[j]
		return a.Param < b.Param || a.Param == b.Param && a.Field < b.Field
	})
	return out
}

// summaryFor computes fn's summary from its body and its callees'.
func (c *checker) summaryFor(fn *ssa.Function) *fnSummary {
	s := newSummary()
	for i, p := range fn.Params {
		if !isFuncType(p.Type()) {
			continue
		}
		for _, sk := range c.sinksOf(p) {
			switch {
			case sk.returned:
			case sk.intoArg >= 0:
				if sk.intoArg != i {
					s.storesIn[StoredIn{i, sk.intoArg}] = true
				}
			default:
				if _, ok := s.stores[i]; !ok {
					s.stores[i] = StoredFunc{Param: i, Where: sk.where, Category: sk.category}
				}
			}
		}
	}
	res := c.m.Results(fn)
	s.input = res.Input
	for _, h := range res.Holds {
		s.holds[h] = true
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.MakeClosure:
				c.summariseClosure(s, fn, instr)
			case ssa.CallInstruction:
				c.summariseWrapper(s, fn, instr.Common())
			}
		}
	}
	return s
}

// summariseClosure records the parameters of fn that the closure mc pins
// (it is long-lived) or hands to fn's callers (it is returned), using only
// a projection of them; and a returned closure's large values.
func (c *checker) summariseClosure(s *fnSummary, fn *ssa.Function, mc *ssa.MakeClosure) {
	body := ssaq.FuncValue(mc)
	if body == nil || body.Synthetic != "" {
		return
	}
	var long, returned *sink
	for _, sk := range c.sinksOf(mc) {
		sk := sk
		switch {
		case sk.returned && returned == nil:
			returned = &sk
		case sk.longLived() && long == nil:
			long = &sk
		}
	}
	if long == nil && returned == nil {
		return
	}
	for i, bnd := range mc.Bindings {
		if i >= len(body.FreeVars) {
			break
		}
		cp, ok := c.captured(mc, bnd)
		if !ok || cp.mc.Parent() != fn {
			continue
		}
		if cp.param < 0 && (!cp.size.Large() || long != nil) {
			continue // a large value of fn's own in a long-lived closure is reported in fn
		}
		projs, ok := c.usesOf(body, body.FreeVars[i], cp.name, cp.size.Field, 0)
		if !ok || len(projs) == 0 {
			continue
		}
		if cp.param < 0 && (retainedElsewhere(cp.value, true, 0) || retainedElsewhere(cp.alloc, true, 0)) {
			continue
		}
		if c.otherWholeUse(cp, mc) {
			continue
		}
		if cp.param >= 0 && (cp.size.Large() || !size.CanHold(cp.value.Type()) ||
			long != nil && fn.Signature.Recv() != nil && cp.param == 0) {
			// Large by type: reported at the closure. A scalar, or a
			// receiver pinned by the method's own closure: no caller hands
			// it a large value worth a fact.
			continue
		}
		uses, kind := usesText(projs)
		pin := Pin{Param: cp.param, Var: cp.name, Uses: uses, Kind: kind, Fields: viaFields(projs)}
		if long != nil {
			pin.Sink, pin.Category = long.desc, long.category
			if cp.param >= 0 {
				s.pins[cp.param] = pin
			}
			continue
		}
		if cp.param < 0 {
			pin.What = cp.size.What
		}
		s.returns[fmt.Sprint(pin.Param, pin.Var)] = pin
	}
}

// summariseWrapper passes a callee's pins on to fn when fn hands its own
// parameter to the pinned parameter.
func (c *checker) summariseWrapper(s *fnSummary, fn *ssa.Function, call *ssa.CallCommon) {
	callee := ssaq.Callee(call)
	if callee == nil || callee == fn {
		return
	}
	cs := c.summaryOf(callee)
	if cs == nil {
		return
	}
	for p, pin := range cs.pins {
		if param, ok := ssaq.Unwrap(size.ArgFor(call, p)).(*ssa.Parameter); ok && param.Parent() == fn {
			i := size.ParamIndex(param)
			if _, ok := s.pins[i]; !ok {
				pin.Param, pin.Var = i, param.Name()
				pin.Sink = fmt.Sprintf("%s (through %s)", pin.Sink, ssaq.CalleeName(callee, c.pass.Pkg))
				s.pins[i] = pin
			}
		}
	}
}

// viaFields lists the captured struct's fields that the projections take
// whole (doc.Raw, not len(doc.Raw)): a caller whose argument is large by
// one of them uses the large part.
func viaFields(projs []projection) []int {
	var out []int
	seen := map[int]bool{}
	for _, p := range projs {
		if p.kind == "field" && p.viaField > 0 && !seen[p.viaField-1] {
			seen[p.viaField-1] = true
			out = append(out, p.viaField-1)
		}
	}
	sort.Ints(out)
	return out
}

// usesLargeField reports whether a pin's projections go through the field
// that makes the argument large: the closure then uses the large part.
func usesLargeField(pin Pin, sz size.Size, t types.Type) bool {
	for _, f := range pin.Fields {
		if size.IsLargeField(sz.Field, t, f) {
			return true
		}
	}
	return false
}
