package retention

import (
	_ "embed"
	"fmt"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/internal/analysisdoc"
	"github.com/leakvet/leakvet/internal/flagval"
	"github.com/leakvet/leakvet/internal/golife"
	"github.com/leakvet/leakvet/internal/guard"
	"github.com/leakvet/leakvet/internal/lifetime"
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

const url = "https://pkg.go.dev/github.com/leakvet/leakvet/passes/retention"

// Analyzer reports small views of large values kept in long-lived places,
// with the default Config; its flags (-size) set that analyzer's own
// Config.
var Analyzer = New(Config{})

// DefaultSize is the default of -retention.size: 64 KiB.
const DefaultSize = 64 << 10

// Config is retention's configuration. The zero value is the default.
type Config struct {
	// Size is the number of bytes from which an array, struct or
	// constant-size buffer a view is cut from counts as large
	// (-retention.size); 0 means DefaultSize. Input-sized values are always
	// large. New panics on a negative Size: validate it with NewSize first
	// (analyzers.Config does).
	Size int64
	// Suppress says which directives the check applies itself.
	Suppress suppress.Policy
	// FactsOnly computes and exports only the facts other packages
	// import, and skips the checks: for runs whose diagnostics are
	// discarded (go vet analyses each dependency of the vetted packages
	// only for its facts, a "VetxOnly" unit). No finding is reported.
	FactsOnly bool
}

// NewSize returns the validating flag value for Config.Size holding n
// (0: the default). A negative n is an error.
func NewSize(n int64) (*flagval.Bytes, error) {
	b := flagval.NewBytes(DefaultSize)
	return b, b.SetInt(n)
}

// New returns a retention analyzer that runs with cfg. Its flag set writes
// to its own copy of cfg: analyzers from different calls share no state.
func New(cfg Config) *analysis.Analyzer {
	size, err := NewSize(cfg.Size)
	if err != nil {
		panic("retention.New: size: " + err.Error())
	}
	a := &analysis.Analyzer{
		Name:      "retention",
		Doc:       analysisdoc.MustExtract(doc, "retention"),
		URL:       url,
		Requires:  []*analysis.Analyzer{buildssa.Analyzer, lifetime.Analyzer, golife.Analyzer},
		FactTypes: []analysis.Fact{(*Retention)(nil)},
	}
	a.Flags.Var(size, "size", "bytes from which the array, struct or constant-size buffer a view is cut from counts as large (0: the default, 65536; input-sized values always are)")
	a.Run = func(pass *analysis.Pass) (any, error) {
		run := cfg
		run.Size = size.Int() // read once per run
		return runPass(pass, run)
	}
	return a
}

// Retention is the fact exported for a function whose calls hand out views
// of large values or keep their arguments:
//
//   - Input, Holds: what the shared size model knows of its results (an
//     input-sized result; parameters the result holds);
//   - Views: results that are small views of a large value of its own (a
//     subslice of a file it read);
//   - ParamViews: results that are small views of a parameter;
//   - Stores: parameters it stores somewhere long-lived;
//   - StoresIn: parameters it stores in the object another parameter
//     points to (long-lived when that argument is).
//
// Parameters count the receiver first, as ssa.Function.Params does.
type Retention struct {
	Input      string
	Holds      []size.Held
	Views      []View
	ParamViews []ParamView
	Stores     []Stored
	StoresIn   []StoredIn
}

// View is a result (index Result) that is a small view of a large value.
type View struct {
	Result int
	View   string // "subslice b[4:20]"
	Of     string // "input-sized []byte from os.ReadFile"
}

// ParamView is a result that is a small view of parameter Param.
type ParamView struct {
	Result, Param int
	View          string // "subslice s[:8]"
}

// Stored is a parameter the function stores in a long-lived place.
type Stored struct {
	Param    int
	Where    string // "package-level map \"registry\""
	Category string
}

// StoredIn is a parameter stored into what parameter Into points to.
type StoredIn struct{ Param, Into int }

func (*Retention) AFact() {}

func (f *Retention) String() string {
	var parts []string
	if f.Input != "" {
		parts = append(parts, "input")
	}
	for _, h := range f.Holds {
		parts = append(parts, fmt.Sprintf("holds(%d.%d)", h.Param, h.Field))
	}
	for _, v := range f.Views {
		parts = append(parts, fmt.Sprintf("view(%d)", v.Result))
	}
	for _, v := range f.ParamViews {
		parts = append(parts, fmt.Sprintf("paramView(%d:%d)", v.Result, v.Param))
	}
	for _, s := range f.Stores {
		parts = append(parts, fmt.Sprintf("stores(%d)", s.Param))
	}
	for _, s := range f.StoresIn {
		parts = append(parts, fmt.Sprintf("storesIn(%d->%d)", s.Param, s.Into))
	}
	return strings.Join(parts, " ")
}

func (f *Retention) empty() bool {
	return f.Input == "" && len(f.Holds) == 0 && len(f.Views) == 0 && len(f.ParamViews) == 0 &&
		len(f.Stores) == 0 && len(f.StoresIn) == 0
}

// normalise sorts the fact's lists so that equal summaries compare equal.
func (f *Retention) normalise() {
	sort.Slice(f.Holds, func(i, j int) bool {
		a, b := f.Holds[i], f.Holds[j]
		return a.Param < b.Param || a.Param == b.Param && a.Field < b.Field
	})
	sort.Slice(f.Views, func(i, j int) bool { return f.Views[i].Result < f.Views[j].Result })
	sort.Slice(f.ParamViews, func(i, j int) bool {
		a, b := f.ParamViews[i], f.ParamViews[j]
		return a.Result < b.Result || a.Result == b.Result && a.Param < b.Param
	})
	sort.Slice(f.Stores, func(i, j int) bool { return f.Stores[i].Param < f.Stores[j].Param })
	sort.Slice(f.StoresIn, func(i, j int) bool {
		a, b := f.StoresIn[i], f.StoresIn[j]
		return a.Param < b.Param || a.Param == b.Param && a.Into < b.Into
	})
}

// checker is the state of one run on one package.
type checker struct {
	pass     *analysis.Pass
	report   *suppress.Reporter
	life     *lifetime.Info
	model    *size.Model
	funcs    []*ssa.Function
	inPkg    map[*ssa.Function]bool
	inTest   map[*ssa.Function]bool
	sums     *summary.Table[*Retention]
	long     *longPlaces
	recvs    map[chanKey][]received // by channel, built on first use
	lowLevel bool                   // the runtime or a std internal package: no Stores summaries
	// isView and viewOf mark the views of the function being looked at.
	isView   map[ssa.Value]bool
	viewOf   map[ssa.Value]view
	reported map[string]bool
	// shapeViews caches each function's views found by their shape.
	shapeViews map[*ssa.Function]shapeViews
}

func runPass(pass *analysis.Pass, cfg Config) (any, error) {
	life := pass.ResultOf[lifetime.Analyzer].(*lifetime.Result)
	c := &checker{
		pass:     pass,
		report:   suppress.New(pass, "retention", cfg.Suppress.DiscardIf(cfg.FactsOnly)),
		life:     life.Info,
		funcs:    life.Funcs,
		inPkg:    make(map[*ssa.Function]bool, len(life.Funcs)),
		inTest:   make(map[*ssa.Function]bool),
		reported: make(map[string]bool),
		// views found by shape do not depend on summaries: found once
		shapeViews: make(map[*ssa.Function]shapeViews),
	}
	c.model = size.New(size.Config{
		Pkg:       pass.Pkg,
		Sizes:     pass.TypesSizes,
		Threshold: cfg.Size,
		Callee:    c.sizeSummary,
	})
	c.lowLevel = lowLevel(pass.Pkg.Path())
	for _, fn := range c.funcs {
		c.inPkg[fn] = true
		if ssaq.InTestFile(pass.Fset, fn.Pos()) {
			c.inTest[fn] = true
		}
	}
	guard.Run(guard.Package(pass.Pkg.Path()), func() { c.long = newLongPlaces(pass, c) })
	if c.long == nil {
		return nil, nil
	}
	c.sums = summary.New(pass, life.Graph, summary.Spec[*Retention]{
		Transfer: func(fn *ssa.Function) *Retention {
			s := c.summaryFor(fn)
			s.normalise()
			return s
		},
		Equal:  func(a, b *Retention) bool { return reflect.DeepEqual(a, b) },
		Bottom: func() *Retention { return &Retention{} },
		Import: func(obj *types.Func) (*Retention, bool) {
			var f Retention
			if pass.ImportObjectFact(obj, &f) {
				return &f, true
			}
			return nil, false
		},
		Changed: func(*ssa.Function) { c.model.Reset() }, // sizes depend on the callees' summaries
	})
	c.sums.Solve()
	c.model.Reset()
	for _, fn := range c.funcs {
		if c.inTest[fn] || cfg.FactsOnly {
			continue // test code is short-lived
		}
		guard.Run(fn, func() { c.checkFunc(fn) })
	}
	c.sums.ExportFacts(func(_ *ssa.Function, s *Retention) analysis.Fact {
		if s == nil || s.empty() {
			return nil
		}
		return s
	})
	return nil, nil
}

// sizeSummary is the size model's view of a callee's results.
func (c *checker) sizeSummary(fn *ssa.Function) *size.Summary {
	s := c.summaryOf(fn)
	if s == nil || s.Input == "" && len(s.Holds) == 0 {
		return nil
	}
	return &size.Summary{Input: s.Input, Holds: s.Holds}
}

// summaryOf returns fn's summary: computed for the package's own
// functions, imported as a fact for others, nil when unknown or empty.
func (c *checker) summaryOf(fn *ssa.Function) *Retention {
	if c.sums == nil {
		return nil
	}
	s, src := c.sums.Lookup(fn)
	if src == summary.Own || src == summary.Imported {
		return s
	}
	return nil
}
