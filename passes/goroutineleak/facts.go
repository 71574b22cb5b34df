package goroutineleak

import (
	"fmt"
	"go/types"
	"slices"
	"strings"

	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/summary"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

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

// summarise computes the ChanOps of the package's functions on the shared
// summary engine and exports them for other packages.
func (c *checker) summarise() {
	c.sums = summary.New(c.pass, c.graph, summary.Spec[*ChanOps]{
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
	// The fed channel is the first result; others (an error) may follow,
	// as in func List() (<-chan T, error).
	res := fn.Signature.Results()
	if res.Len() == 0 {
		return ""
	}
	if _, ok := res.At(0).Type().Underlying().(*types.Chan); !ok {
		return ""
	}
	for i := 1; i < res.Len(); i++ {
		if _, ok := res.At(i).Type().Underlying().(*types.Chan); ok {
			return "" // which channel is fed is not said
		}
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
	ch := fedResult(call)
	if ch == nil {
		return
	}
	f := c.track(ch, chanMode)
	if f.escaped || f.returned {
		return
	}
	fed := op{kind: opSend, instr: call, state: -1, goInstr: call, anchor: call, inGo: call, repeats: feeds == "many", fedBy: ssaq.Callee(&call.Call)}
	c.orphanedSenders(ch, f, 0, []op{fed})
}

// fedResult is the channel value a feeding call returns: the call itself,
// or the first element of its result tuple ((<-chan T, error)); nil if the
// caller never extracts it.
func fedResult(call *ssa.Call) ssa.Value {
	if _, tuple := call.Type().(*types.Tuple); !tuple {
		return call
	}
	for _, r := range *call.Referrers() {
		if x, ok := r.(*ssa.Extract); ok && x.Index == 0 {
			return x
		}
	}
	return nil
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
