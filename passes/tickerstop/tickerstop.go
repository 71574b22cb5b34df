package tickerstop

import (
	_ "embed"
	"fmt"
	"go/types"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/internal/analysisdoc"
	"github.com/leakvet/leakvet/internal/golife"
	"github.com/leakvet/leakvet/internal/guard"
	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/summary"
	"github.com/leakvet/leakvet/internal/suppress"
	"github.com/leakvet/leakvet/internal/timersem"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

const url = "https://pkg.go.dev/github.com/leakvet/leakvet/passes/tickerstop"

// Analyzer reports tickers and timers that are never stopped, with the
// default Config; its flags (-strict) set that analyzer's own Config.
var Analyzer = New(Config{})

// Config is tickerstop's configuration. The zero value is the default.
type Config struct {
	// Strict reports every unstopped ticker or timer, whatever the Go
	// version (-tickerstop.strict).
	Strict bool
	// Suppress says which directives the check applies itself.
	Suppress suppress.Policy
	// FactsOnly computes and exports only the facts other packages
	// import, and skips the checks: for runs whose diagnostics are
	// discarded (go vet analyses each dependency of the vetted packages
	// only for its facts, a "VetxOnly" unit). No finding is reported.
	FactsOnly bool
}

// New returns a tickerstop analyzer that runs with cfg. Its flag set writes
// to its own copy of cfg: analyzers from different calls share no state.
func New(cfg Config) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:      "tickerstop",
		Doc:       analysisdoc.MustExtract(doc, "tickerstop"),
		URL:       url,
		Requires:  []*analysis.Analyzer{buildssa.Analyzer, lifetime.Analyzer, golife.Analyzer},
		FactTypes: []analysis.Fact{(*Ticks)(nil)},
	}
	a.Flags.BoolVar(&cfg.Strict, "strict", cfg.Strict, "report every unstopped ticker or timer regardless of the Go version's timer semantics")
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, cfg) }
	return a
}

// Ticks is the fact exported for a function that returns a fresh ticker or
// timer its caller must stop, or that stops (or takes ownership of) a
// ticker passed to it.
type Ticks struct {
	Returns    string // "ticker" or "timer" when it returns an unstopped one
	StopsParam []int  // parameters it stops
	KeepsParam []int  // parameters it stores or hands on (ownership moves)
}

func (*Ticks) AFact() {}

func (t *Ticks) String() string {
	var parts []string
	if t.Returns != "" {
		parts = append(parts, "returns"+strings.ToUpper(t.Returns[:1])+t.Returns[1:])
	}
	for _, i := range t.StopsParam {
		parts = append(parts, fmt.Sprintf("stopsParam(%d)", i))
	}
	for _, i := range t.KeepsParam {
		parts = append(parts, fmt.Sprintf("keepsParam(%d)", i))
	}
	return strings.Join(parts, " ")
}

// fnSummary is a function's Ticks, for the package's own functions.
type fnSummary struct {
	returns string
	stops   map[int]bool
	keeps   map[int]bool
}

func newSummary() *fnSummary { return &fnSummary{stops: map[int]bool{}, keeps: map[int]bool{}} }

func (s *fnSummary) equal(t *fnSummary) bool {
	if s.returns != t.returns || len(s.stops) != len(t.stops) || len(s.keeps) != len(t.keeps) {
		return false
	}
	for i := range s.stops {
		if !t.stops[i] {
			return false
		}
	}
	for i := range s.keeps {
		if !t.keeps[i] {
			return false
		}
	}
	return true
}

type checker struct {
	pass   *analysis.Pass
	cfg    Config
	report *suppress.Reporter
	sem    timersem.Result
	funcs  []*ssa.Function
	graph  *summary.Graph
	inPkg  map[*ssa.Function]bool
	sums   *summary.Table[*fnSummary]
	life   *lifetime.Info
	// stoppedFields records struct fields (by type and index) that some
	// function of the package stops.
	stoppedFields map[fieldKey]bool
	// Memos of owner.go, arming.go and container.go, and the
	// goroutine-lifetime query.
	stopMemo    map[*ssa.Function]map[fieldKey]bool
	closerMemo  map[*types.Named][]*ssa.Function
	cbMemo      map[fieldKey]map[*ssa.Function]bool
	afterFields map[fieldKey]bool
	sites       map[*ssa.Function][]callSite
	golife      *golife.Info
}

// fieldKey identifies a struct field (of a generic type's origin).
type fieldKey = ssaq.Field

func run(pass *analysis.Pass, cfg Config) (any, error) {
	if !mayUseTimers(pass.Pkg) {
		return nil, nil
	}
	life := pass.ResultOf[lifetime.Analyzer].(*lifetime.Result)
	c := &checker{
		pass:          pass,
		cfg:           cfg,
		report:        suppress.New(pass, "tickerstop", cfg.Suppress.DiscardIf(cfg.FactsOnly)),
		sem:           timersem.Of(pass),
		funcs:         life.Funcs,
		graph:         life.Graph,
		life:          life.Info,
		stoppedFields: make(map[fieldKey]bool),
		golife:        pass.ResultOf[golife.Analyzer].(*golife.Info),
	}
	c.inPkg = make(map[*ssa.Function]bool, len(c.funcs))
	for _, fn := range c.funcs {
		c.inPkg[fn] = true
	}
	c.summarise()
	if cfg.FactsOnly {
		c.exportFacts() // the facts come from the summaries alone
		return nil, nil
	}
	if c.life == nil {
		return nil, nil
	}
	guard.Run(guard.Package(pass.Pkg.Path()), c.findStoppedFields)
	for _, fn := range c.funcs {
		guard.Run(fn, func() { c.checkFunc(fn) })
	}
	c.exportFacts()
	return nil, nil
}

// mayUseTimers reports whether pkg can see package time's types: it
// imports time, or imports a package that does (and may hand out tickers).
func mayUseTimers(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if imp.Path() == "time" {
			return true
		}
		for _, imp2 := range imp.Imports() {
			if imp2.Path() == "time" {
				return true
			}
		}
	}
	return false
}

// timerKind returns "ticker" or "timer" for *time.Ticker / *time.Timer.
func timerKind(t types.Type) string {
	switch {
	case ssaq.IsNamed(t, "time", "Ticker"):
		return "ticker"
	case ssaq.IsNamed(t, "time", "Timer"):
		return "timer"
	}
	return ""
}

// creation describes a call that returns a fresh ticker or timer.
type creation struct {
	kind   string // "ticker" or "timer"
	source string // "time.NewTicker", "newTicker", "tickers.Fresh"
}

// created reports whether call returns a fresh, unstopped ticker or timer:
// time.NewTicker, time.NewTimer, or a function whose summary or fact says so.
func (c *checker) created(call *ssa.CallCommon) (creation, bool) {
	fn := ssaq.Callee(call)
	if fn == nil {
		return creation{}, false
	}
	switch {
	case ssaq.IsFunc(fn, "time", "NewTicker"):
		return creation{"ticker", "time.NewTicker"}, true
	case ssaq.IsFunc(fn, "time", "NewTimer"):
		return creation{"timer", "time.NewTimer"}, true
	}
	if s := c.summaryOf(fn); s != nil && s.returns != "" {
		return creation{s.returns, ssaq.CalleeName(fn, c.pass.Pkg)}, true
	}
	return creation{}, false
}

// summaryOf returns fn's summary: the package's own, or another package's
// fact; nil when there is none.
func (c *checker) summaryOf(fn *ssa.Function) *fnSummary {
	switch s, src := c.sums.Lookup(fn); src {
	case summary.Own, summary.Imported:
		return s
	}
	return nil
}

func (t *Ticks) summary() *fnSummary {
	s := newSummary()
	s.returns = t.Returns
	for _, i := range t.StopsParam {
		s.stops[i] = true
	}
	for _, i := range t.KeepsParam {
		s.keeps[i] = true
	}
	return s
}

// summarise computes, for each function of the package, whether it returns
// a fresh unstopped ticker and which parameters it stops or keeps, on the
// shared summary engine.
func (c *checker) summarise() {
	c.sums = summary.New(c.pass, c.graph, summary.Spec[*fnSummary]{
		Transfer: c.summaryFor,
		Equal:    (*fnSummary).equal,
		Bottom:   newSummary,
		Import: func(obj *types.Func) (*fnSummary, bool) {
			var f Ticks
			if c.pass.ImportObjectFact(obj, &f) {
				return f.summary(), true
			}
			return nil, false
		},
	})
	c.sums.Solve()
}

func (c *checker) summaryFor(fn *ssa.Function) *fnSummary {
	s := newSummary()
	for i, p := range fn.Params {
		if timerKind(p.Type()) == "" && !isTimerPtrPtr(p.Type()) {
			continue
		}
		if c.stopsWithin(fn, p) {
			s.stops[i] = true
		}
		if c.handedOn(p) {
			s.keeps[i] = true
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ret, ok := instr.(*ssa.Return)
			if !ok {
				continue
			}
			for _, r := range ret.Results {
				if call, ok := ssaq.Unwrap(r).(*ssa.Call); ok {
					if cr, ok := c.created(&call.Call); ok {
						s.returns = cr.kind
					}
				}
			}
		}
	}
	return s
}

// handedOn reports whether v is stored, sent, returned or passed to code
// that keeps it: ownership moves somewhere we stop following.
func (c *checker) handedOn(v ssa.Value) bool {
	for _, e := range ssaq.Escapes(v) {
		switch e.Kind {
		case ssaq.ToCall:
			if c.callKeeps(e) {
				return true
			}
		case ssaq.ToClosure:
			// A closure that uses the ticker is part of this function's
			// handling of it; stops inside it are found by stoppedValues.
		default:
			return true
		}
	}
	return false
}

// callKeeps reports whether the call in e keeps its argument: an unknown
// callee, or one whose summary says it keeps (not merely stops) it.
func (c *checker) callKeeps(e ssaq.Escape) bool {
	if e.Arg < 0 {
		return true // an interface method receives it
	}
	if _, ok := isStopMethod(e.Call); ok {
		return false
	}
	fn := ssaq.Callee(e.Call)
	if fn == nil {
		return true
	}
	if ssaq.IsMethod(fn, "time", "Ticker", fn.Name()) || ssaq.IsMethod(fn, "time", "Timer", fn.Name()) {
		return false // Reset and friends
	}
	s := c.summaryOf(fn)
	if s == nil {
		return !c.inPkg[fn] && fn.Pkg != nil && fn.Pkg.Pkg.Path() != "time" && !isStd(fn)
	}
	return s.keeps[e.Arg]
}

// isStd reports whether fn belongs to the standard library (no dot in the
// first path element): those functions take no ownership of tickers.
func isStd(fn *ssa.Function) bool {
	obj := fn.Object()
	if obj == nil || obj.Pkg() == nil {
		return false
	}
	first, _, _ := strings.Cut(obj.Pkg().Path(), "/")
	return !strings.Contains(first, ".")
}

// exportFacts records Ticks for exported functions.
func (c *checker) exportFacts() {
	c.sums.ExportFacts(func(fn *ssa.Function, s *fnSummary) analysis.Fact {
		f := &Ticks{Returns: s.returns}
		for i := range s.stops {
			f.StopsParam = append(f.StopsParam, i)
		}
		for i := range s.keeps {
			f.KeepsParam = append(f.KeepsParam, i)
		}
		if f.Returns == "" && len(f.StopsParam) == 0 && len(f.KeepsParam) == 0 {
			return nil
		}
		sort.Ints(f.StopsParam)
		sort.Ints(f.KeepsParam)
		return f
	})
}
