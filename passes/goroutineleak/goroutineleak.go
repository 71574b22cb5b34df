package goroutineleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/internal/analysisdoc"
	"github.com/leakvet/leakvet/internal/guard"
	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/summary"
	"github.com/leakvet/leakvet/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

const url = "https://pkg.go.dev/github.com/leakvet/leakvet/passes/goroutineleak"

// Analyzer reports goroutines that can never finish, with the default
// Config.
var Analyzer = New(Config{})

// Config is goroutineleak's configuration. The zero value is the default.
type Config struct {
	// Suppress says which directives the check applies itself.
	Suppress suppress.Policy
}

// New returns a goroutineleak analyzer that runs with cfg.
func New(cfg Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:      "goroutineleak",
		Doc:       analysisdoc.MustExtract(doc, "goroutineleak"),
		URL:       url,
		Requires:  []*analysis.Analyzer{buildssa.Analyzer, lifetime.Analyzer},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
		FactTypes: []analysis.Fact{(*ChanOps)(nil)},
	}
}

// ChanOps is the fact exported for a function with channel parameters
// whose every use it can see: which parameters (by index, receiver first)
// it sends on, receives one value from, receives from until closed, and
// closes. A channel parameter in none of the lists escapes the function.
type ChanOps struct {
	Sends, Receives, Drains, Closes []int
	// Feeds is "one" or "many" when the function returns an unbuffered
	// channel that a goroutine it starts sends that many values on,
	// blocking until the caller receives them.
	Feeds string
}

func (*ChanOps) AFact() {}

func (f *ChanOps) String() string {
	var parts []string
	for _, l := range []struct {
		name string
		idx  []int
	}{{"sends", f.Sends}, {"receives", f.Receives}, {"drains", f.Drains}, {"closes", f.Closes}} {
		for _, i := range l.idx {
			parts = append(parts, fmt.Sprintf("%s(%d)", l.name, i))
		}
	}
	if f.Feeds != "" {
		parts = append(parts, "feeds("+f.Feeds+")")
	}
	return strings.Join(parts, " ")
}

type checker struct {
	pass   *analysis.Pass
	pkg    *ssa.Package
	report *suppress.Reporter
	funcs  []*ssa.Function
	life   *lifetime.Info
	// sums are the package's ChanOps summaries.
	sums         *summary.Table[*ChanOps]
	callsOnCache map[callsOnKey]bool
	flows        map[*ssa.MakeChan]*flow
	feedsCache   map[*ssa.Function]string
}

func run(pass *analysis.Pass, cfg Config) (any, error) {
	ssaRes := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	life := pass.ResultOf[lifetime.Analyzer].(*lifetime.Result)
	c := &checker{
		pass:   pass,
		pkg:    ssaRes.Pkg,
		report: suppress.New(pass, "goroutineleak", cfg.Suppress),
		funcs:  life.Funcs,
		life:   life.Info,
	}
	c.callsOnCache = make(map[callsOnKey]bool)
	c.flows = make(map[*ssa.MakeChan]*flow)
	c.feedsCache = make(map[*ssa.Function]string)
	c.summarise() // facts first: a helper package may have no goroutines
	if !c.concurrent() {
		return nil, nil
	}
	for _, fn := range c.funcs {
		guard.Run(fn, func() { c.checkFunc(fn) })
	}
	return nil, nil
}

// concurrent reports whether the package has anything to check: a go
// statement, a channel, or a use of package sync.
func (c *checker) concurrent() bool {
	for _, imp := range c.pass.Pkg.Imports() {
		if imp.Path() == "sync" {
			return true
		}
	}
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr.(type) {
				case *ssa.Go, *ssa.MakeChan:
					return true
				}
			}
		}
	}
	return false
}

// checkFunc runs every check anchored in fn.
func (c *checker) checkFunc(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.MakeChan:
				c.checkChannel(x)
			case *ssa.Go:
				c.checkGoroutine(x)
			case *ssa.Call:
				if ssaq.GoRunnerArg(&x.Call) != nil {
					c.checkGoroutine(x)
				}
				c.checkCall(x)
				c.checkFed(x)
			}
		}
	}
}

func (c *checker) inLoop(b *ssa.BasicBlock) bool { return c.life.InLoop(b) }

// summarise computes the ChanOps of the package's functions on the shared
// summary engine and exports them for other packages.
func (c *checker) summarise() {
	c.sums = summary.New(c.pass, c.funcs, summary.Spec[*ChanOps]{
		Transfer: c.chanOps,
		Equal:    (*ChanOps).equal,
		Bottom:   func() *ChanOps { return &ChanOps{} },
		Import: func(obj *types.Func) (*ChanOps, bool) {
			var f ChanOps
			if c.pass.ImportObjectFact(obj, &f) {
				return &f, true
			}
			return nil, false
		},
	})
	c.sums.Solve()
	c.sums.ExportFacts(func(_ *ssa.Function, f *ChanOps) analysis.Fact {
		if f.String() == "" {
			return nil
		}
		return f
	})
}

// chanOps is the transfer of the summary engine: what fn does with each
// channel parameter whose every use it can see, and what it feeds.
func (c *checker) chanOps(fn *ssa.Function) *ChanOps {
	var f ChanOps
	for i, p := range fn.Params {
		if _, ok := p.Type().Underlying().(*types.Chan); !ok {
			continue
		}
		fl := c.track(p, chanMode)
		if fl.escaped || fl.returned {
			continue
		}
		kinds := make(map[opKind]bool)
		for _, o := range fl.ops {
			kinds[o.kind] = true
		}
		if kinds[opTrySend] || kinds[opTryRecv] {
			continue // gives up when nobody is there: neither blocks nor serves
		}
		if kinds[opSend] {
			f.Sends = append(f.Sends, i)
		}
		if kinds[opRecv] {
			f.Receives = append(f.Receives, i)
		}
		if kinds[opRange] {
			f.Drains = append(f.Drains, i)
		}
		if kinds[opClose] {
			f.Closes = append(f.Closes, i)
		}
	}
	f.Feeds = c.feeds(fn)
	return &f
}

// equal compares every field.
func (f *ChanOps) equal(g *ChanOps) bool {
	return slices.Equal(f.Sends, g.Sends) && slices.Equal(f.Receives, g.Receives) &&
		slices.Equal(f.Drains, g.Drains) && slices.Equal(f.Closes, g.Closes) && f.Feeds == g.Feeds
}

func isMainPkg(p *types.Package) bool { return p.Name() == "main" }

// feeds says whether fn returns a channel fed by a goroutine (see
// ChanOps.Feeds): made unbuffered in fn, returned, and otherwise used only
// by the blocking sends (and closes) of a goroutine fn starts; or the
// result of a call of such a function, handed on untouched.
func (c *checker) feeds(fn *ssa.Function) string {
	if r, ok := c.feedsCache[fn]; ok {
		return r
	}
	c.feedsCache[fn] = "" // recursion guard
	r := c.computeFeeds(fn)
	c.feedsCache[fn] = r
	return r
}

func (c *checker) computeFeeds(fn *ssa.Function) string {
	res := fn.Signature.Results()
	if res.Len() != 1 {
		return ""
	}
	if _, ok := res.At(0).Type().Underlying().(*types.Chan); !ok {
		return ""
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.MakeChan:
				if r := c.fedChannel(x); r != "" {
					return r
				}
			case *ssa.Call:
				if r := c.calleeFeeds(x); r != "" {
					if f := c.track(x, chanMode); !f.escaped && f.returned && len(f.ops) == 0 {
						return r
					}
				}
			}
		}
	}
	return ""
}

// fedChannel is feeds for one channel made in a function.
func (c *checker) fedChannel(mc *ssa.MakeChan) string {
	if capacity(mc) != 0 {
		return ""
	}
	f := c.flowOf(mc)
	if f.escaped || !f.returned {
		return ""
	}
	sends, many := 0, false
	for _, o := range f.ops {
		switch {
		case o.kind == opSend && o.goInstr != nil && o.anchor != nil:
			sends++
			many = many || anyInLoop(c, []op{o})
		case o.kind == opClose:
		default:
			return "" // received, or sent on in a select: not a plain feed
		}
	}
	switch {
	case sends == 0:
		return ""
	case many || sends > 1:
		return "many"
	}
	return "one"
}

// calleeFeeds is feeds for the function a call calls: from this package's
// summaries, or from another package's fact.
func (c *checker) calleeFeeds(call *ssa.Call) string {
	callee := ssaq.Callee(&call.Call)
	if callee == nil {
		return ""
	}
	if callee.Pkg == c.pkg {
		return c.feeds(callee)
	}
	if f, src := c.sums.Lookup(callee); src == summary.Imported {
		return f.Feeds
	}
	return ""
}

// checkFed checks a call of a function whose returned channel is fed by a
// goroutine: the caller must take every value, or the goroutine blocks.
func (c *checker) checkFed(call *ssa.Call) {
	feeds := c.calleeFeeds(call)
	if feeds == "" {
		return
	}
	f := c.track(call, chanMode)
	if f.escaped || f.returned {
		return
	}
	fed := op{kind: opSend, instr: call, state: -1, goInstr: call, anchor: call, inGo: call, repeats: feeds == "many", fedBy: ssaq.Callee(&call.Call)}
	c.orphanedSenders(call, f, 0, []op{fed})
}

// paramOps returns what callee (outside the walk) does with parameter i,
// from its fact.
func (c *checker) paramOps(callee *ssa.Function, i int) ([]opKind, bool) {
	f, src := c.sums.Lookup(callee)
	if src != summary.Own && src != summary.Imported {
		return nil, false
	}
	var kinds []opKind
	for _, l := range []struct {
		kind opKind
		idx  []int
	}{{opSend, f.Sends}, {opRecv, f.Receives}, {opRange, f.Drains}, {opClose, f.Closes}} {
		for _, j := range l.idx {
			if j == i {
				kinds = append(kinds, l.kind)
			}
		}
	}
	return kinds, len(kinds) > 0
}

// diag reports d through the check's reporter (one diagnostic per
// position, with the check's URL).
func (c *checker) diag(d analysis.Diagnostic) {
	if !d.Pos.IsValid() {
		return
	}
	c.report.Report(d)
}

func related(pos token.Pos, format string, args ...any) analysis.RelatedInformation {
	return analysis.RelatedInformation{Pos: pos, Message: fmt.Sprintf(format, args...)}
}

// file returns the syntax of the file holding pos.
func (c *checker) file(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// exprAt returns the source text of the expression an operation at pos
// acts on: the channel of a send, receive or range, the argument of a
// call, or the receiver of a method call ("s.results", "wg").
func (c *checker) exprAt(pos token.Pos, argIndex int) string {
	f := c.file(pos)
	if f == nil {
		return ""
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	for _, n := range path {
		switch n := n.(type) {
		case *ast.SendStmt:
			return types.ExprString(n.Chan)
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				return types.ExprString(n.X)
			}
		case *ast.RangeStmt:
			return types.ExprString(n.X)
		case *ast.CallExpr:
			if argIndex >= 0 && argIndex < len(n.Args) {
				return types.ExprString(n.Args[argIndex])
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && argIndex < 0 {
				return types.ExprString(sel.X)
			}
			return ""
		}
	}
	return ""
}

// position returns the position to report an op at: the instruction in
// the goroutine's own function when known, else the op itself.
func opPos(o op) token.Pos {
	if o.inGo != nil {
		return instrPos(o.inGo, o.state)
	}
	return instrPos(o.instr, o.state)
}

// instrPos is an instruction's position; for a select case, the case's.
func instrPos(instr ssa.Instruction, state int) token.Pos {
	if s, ok := instr.(*ssa.Select); ok && state >= 0 && state < len(s.States) {
		return s.States[state].Pos
	}
	if g, ok := instr.(*ssa.Go); ok {
		return g.Pos()
	}
	return instr.Pos()
}

// spawnerName names a function for messages ("fetch", "(*Pool).Run").
func spawnerName(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return ssaq.Name(fn)
}

func sortedOps(ops []op) []op {
	sort.SliceStable(ops, func(i, j int) bool { return opPos(ops[i]) < opPos(ops[j]) })
	return ops
}

// retPos is where a return is in the source: an implicit one is at the
// function's closing brace.
func retPos(ret *ssa.Return) token.Pos {
	if ret.Pos().IsValid() {
		return ret.Pos()
	}
	switch syn := ret.Parent().Syntax().(type) {
	case *ast.FuncDecl:
		if syn.Body != nil {
			return syn.Body.Rbrace
		}
	case *ast.FuncLit:
		return syn.Body.Rbrace
	}
	return ret.Parent().Pos()
}
