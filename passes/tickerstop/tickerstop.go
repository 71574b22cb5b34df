package tickerstop

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
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
		report:        suppress.New(pass, "tickerstop", cfg.Suppress),
		sem:           timersem.Of(pass),
		funcs:         life.Funcs,
		life:          life.Info,
		stoppedFields: make(map[fieldKey]bool),
		golife:        pass.ResultOf[golife.Analyzer].(*golife.Info),
	}
	c.inPkg = make(map[*ssa.Function]bool, len(c.funcs))
	for _, fn := range c.funcs {
		c.inPkg[fn] = true
	}
	c.summarise()
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

// summarise computes, for each function of the package, whether it returns
// a fresh unstopped ticker and which parameters it stops or keeps, on the
// shared summary engine.
func (c *checker) summarise() {
	c.sums = summary.New(c.pass, c.funcs, summary.Spec[*fnSummary]{
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

// localName returns the variable a creating call is assigned to
// (t := time.NewTicker(d)), and the assignment statement, if any.
func (c *checker) localName(pos token.Pos) (string, *ast.AssignStmt) {
	for _, f := range c.pass.Files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		var name string
		var stmt *ast.AssignStmt
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil || stmt != nil || pos < n.Pos() || pos >= n.End() {
				return false
			}
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 && as.Rhs[0].Pos() <= pos && pos < as.Rhs[0].End() {
				if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
					name, stmt = id.Name, as
				}
				return false
			}
			return true
		})
		return name, stmt
	}
	return "", nil
}
