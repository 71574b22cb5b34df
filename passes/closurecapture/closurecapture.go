package closurecapture

import (
	_ "embed"
	"fmt"
	"go/types"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/internal/analysisdoc"
	"github.com/leakvet/leakvet/internal/flagval"
	"github.com/leakvet/leakvet/internal/golife"
	"github.com/leakvet/leakvet/internal/guard"
	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/longlived"
	"github.com/leakvet/leakvet/internal/size"
	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/summary"
	"github.com/leakvet/leakvet/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

const url = "https://pkg.go.dev/github.com/leakvet/leakvet/passes/closurecapture"

// Analyzer reports long-lived closures that pin large values but use only a
// small projection of them, with the default Config; its flags (-size) set
// that analyzer's own Config.
var Analyzer = New(Config{})

// DefaultSize is the default of -closurecapture.size: 64 KiB.
const DefaultSize = 64 << 10

// Config is closurecapture's configuration. The zero value is the default.
type Config struct {
	// Size is the number of bytes from which a captured array, struct or
	// constant-size buffer counts as large (-closurecapture.size); 0 means
	// DefaultSize. Input-sized values (a request body, a file) are always
	// large. New panics on a negative Size: validate it with NewSize first
	// (analyzers.Config does).
	Size int64
	// Suppress says which directives the check applies itself.
	Suppress suppress.Policy
}

// NewSize returns the validating flag value for Config.Size holding n
// (0: the default). A negative n is an error.
func NewSize(n int64) (*flagval.Bytes, error) {
	b := flagval.NewBytes(DefaultSize)
	return b, b.SetInt(n)
}

// New returns a closurecapture analyzer that runs with cfg. Its flag set
// writes to its own copy of cfg: analyzers from different calls share no
// state.
func New(cfg Config) *analysis.Analyzer {
	size, err := NewSize(cfg.Size)
	if err != nil {
		panic("closurecapture.New: size: " + err.Error())
	}
	a := &analysis.Analyzer{
		Name:      "closurecapture",
		Doc:       analysisdoc.MustExtract(doc, "closurecapture"),
		URL:       url,
		Requires:  []*analysis.Analyzer{buildssa.Analyzer, lifetime.Analyzer, golife.Analyzer},
		FactTypes: []analysis.Fact{(*Capture)(nil)},
	}
	a.Flags.Var(size, "size", "bytes from which a captured value counts as large (0: the default, 65536; input-sized values always are)")
	a.Run = func(pass *analysis.Pass) (any, error) {
		run := cfg
		run.Size = size.Int() // read once per run
		return runPass(pass, run)
	}
	return a
}

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

// checker is the state of one run on one package.
type checker struct {
	pass   *analysis.Pass
	report *suppress.Reporter
	funcs  []*ssa.Function
	life   *lifetime.Info // how often code runs; nil if unknown
	golife *golife.Info   // the suite's goroutine-lifetime query
	inPkg  map[*ssa.Function]bool
	inTest map[*ssa.Function]bool
	sums   *summary.Table[*fnSummary]
	m      *size.Model       // the size model, over the summaries
	places *longlived.Places // long-lived places of the package
	// written records fields assigned outside composite literals.
	written map[fieldKey]bool
}

func runPass(pass *analysis.Pass, cfg Config) (any, error) {
	life := pass.ResultOf[lifetime.Analyzer].(*lifetime.Result)
	if !mayMatter(life.Funcs) {
		return nil, nil
	}
	c := &checker{
		pass:   pass,
		report: suppress.New(pass, "closurecapture", cfg.Suppress),
		funcs:  life.Funcs,
		life:   life.Info,
		golife: pass.ResultOf[golife.Analyzer].(*golife.Info),
		inPkg:  make(map[*ssa.Function]bool, len(life.Funcs)),
		inTest: make(map[*ssa.Function]bool),
	}
	c.m = size.New(size.Config{Pkg: pass.Pkg, Sizes: pass.TypesSizes, Threshold: cfg.Size, Callee: c.sizeSummary})
	for _, fn := range c.funcs {
		c.inPkg[fn] = true
		if ssaq.InTestFile(pass.Fset, fn.Pos()) {
			c.inTest[fn] = true
		}
	}
	guard.Run(guard.Package(pass.Pkg.Path()), func() {
		c.places = longlived.New(longlived.Config{Pkg: pass.Pkg, Funcs: c.funcs, Fset: pass.Fset, LongGoroutine: c.longGo})
	})
	if c.places == nil {
		c.places = longlived.New(longlived.Config{})
	}
	c.summarise()
	for _, fn := range c.funcs {
		if c.inTest[fn] {
			continue // test code is short-lived; its closures die with the test
		}
		guard.Run(fn, func() { c.checkFunc(fn) })
	}
	c.exportFacts()
	return nil, nil
}

// mayMatter reports whether the package has anything the check looks at:
// a closure, a func-typed parameter or a function returning a value that
// may be large. Packages of plain scalar code are skipped.
func mayMatter(funcs []*ssa.Function) bool {
	for _, fn := range funcs {
		if len(fn.AnonFuncs) > 0 || fn.Parent() != nil {
			return true
		}
		for _, p := range fn.Params {
			if isFuncType(p.Type()) {
				return true
			}
		}
		res := fn.Signature.Results()
		for i := 0; i < res.Len(); i++ {
			switch res.At(i).Type().Underlying().(type) {
			case *types.Slice, *types.Pointer, *types.Basic, *types.Struct:
				return true
			}
		}
	}
	return false
}

func isFuncType(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// summarise computes each function's summary on the shared summary engine
// (callees' summaries feed their callers').
func (c *checker) summarise() {
	c.m.Reset()
	defer c.m.Reset()
	c.sums = summary.New(c.pass, c.funcs, summary.Spec[*fnSummary]{
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

// typeString writes t relative to the current package.
func (c *checker) typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == c.pass.Pkg {
			return ""
		}
		return p.Name()
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
