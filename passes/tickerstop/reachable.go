package tickerstop

import (
	"fmt"
	"go/token"

	"github.com/leakvet/leakvet/internal/golife"
	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Under Go 1.23 semantics an unreferenced ticker is collected, so only a
// ticker that stays reachable leaks: one read by a goroutine that outlives
// the call that made it. Whether a goroutine outlives its call is the
// suite's one goroutine-lifetime query (internal/golife), not a rule of
// this check.

// checkForeverReader reports a local ticker never stopped by its maker
// and read by a goroutine that outlives the call: one whose exits never
// fire, started from code that runs repeatedly, or one that exits only at
// the owner's shutdown, started once per request.
func (c *checker) checkForeverReader(fn *ssa.Function, call *ssa.Call, cr creation, label string, goroutines []ssa.Instruction, stops func(ssa.Instruction) bool) {
	if cr.kind != "ticker" {
		return // a timer fires once; its reader is goroutineleak's business
	}
	// A stop by the maker itself (on some path) counts as handled; a stop
	// inside the goroutine runs only when it exits, which is the question.
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c.golife.GoFunc(instr) == nil && stops(instr) {
				return
			}
		}
	}
	for _, gi := range goroutines {
		g, ok := gi.(ssa.CallInstruction)
		if !ok || c.golife.GoFunc(g) == nil {
			continue
		}
		l := c.golife.Of(g)
		related := []analysis.RelatedInformation{{Pos: g.Pos(), Message: "the goroutine that reads it"}}
		if len(l.Waits) > 0 && l.Waits[0].Pos.IsValid() {
			related = append(related, analysis.RelatedInformation{Pos: l.Waits[0].Pos, Message: "its exit waits here: " + l.Waits[0].Why})
		}
		switch {
		case l.Forever() && l.Runs.Runs == lifetime.Repeatedly:
			c.report.Report(analysis.Diagnostic{
				Pos:      call.Pos(),
				Category: "unstopped-ticker-reader",
				Message: fmt.Sprintf("ticker %q from %s is never stopped and is read by a goroutine that never exits (%s), so both live for ever and one more is left behind each time this runs (%s); stop the ticker and let the goroutine return",
					label, cr.source, l.Why(), l.Runs.Why),
				Related: related,
			})
			return
		case l.Exit == golife.Owner && l.PerRequest:
			c.report.Report(analysis.Diagnostic{
				Pos:      call.Pos(),
				Category: "unstopped-ticker-reader",
				Message: fmt.Sprintf("ticker %q from %s is read by a goroutine that outlives its request: it exits only when the owner shuts down (%s), so every request leaves one more goroutine and ticker running until then; stop the ticker and end the goroutine when the request is done (close a done channel, or select on the request's context)",
					label, cr.source, l.Why()),
				Related: related,
			})
			return
		}
	}
	c.checkMadeInForeverGoroutine(fn, call, cr, label, stops)
}

// checkMadeInForeverGoroutine reports a ticker (NewTicker or time.Tick)
// made by a goroutine that never exits, started from code that runs
// repeatedly: each start leaves one more goroutine and ticker running.
func (c *checker) checkMadeInForeverGoroutine(fn *ssa.Function, call *ssa.Call, cr creation, label string, stops func(ssa.Instruction) bool) {
	if cr.kind != "ticker" {
		return
	}
	if stops != nil {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if stops(instr) {
					return
				}
			}
		}
	}
	for _, g := range c.golife.GoSites(fn) {
		l := c.golife.Of(g)
		if !l.Forever() || l.Runs.Runs != lifetime.Repeatedly {
			continue
		}
		c.report.Report(analysis.Diagnostic{
			Pos:      call.Pos(),
			Category: "ticker-in-endless-goroutine",
			Message: fmt.Sprintf("%s from %s is made by a goroutine that never exits (%s), started %s: each start leaves one more goroutine and ticker running; give the goroutine an exit and stop the ticker on the way out",
				tickerLabel(label), cr.source, l.Why(), trimIn(l.Runs.Why)),
			Related: []analysis.RelatedInformation{{Pos: g.Pos(), Message: "the goroutine is started here"}},
		})
		return
	}
}

// tickerLabel names a ticker for a message: ticker "t", or ticker.
func tickerLabel(name string) string {
	if name == "" || name == "ticker" {
		return "ticker"
	}
	return fmt.Sprintf("ticker %q", name)
}

// trimIn turns a lifetime reason ("in method (*T).m") into "from method
// (*T).m".
func trimIn(why string) string {
	if len(why) > 3 && why[:3] == "in " {
		return "from " + why[3:]
	}
	return why
}

// checkFieldReader reports, under new semantics, a ticker stored in field
// k and read by a goroutine that never exits: never stopped while such
// goroutines are started repeatedly, or replaced (by code that runs
// repeatedly) while the goroutine reading the previous one keeps running.
func (c *checker) checkFieldReader(fn *ssa.Function, call *ssa.Call, cr creation, k fieldKey, st *ssa.Store) {
	if cr.kind != "ticker" {
		return
	}
	for _, g := range c.fieldReaders(k, call) {
		l := c.golife.Of(g)
		if !l.Forever() {
			continue
		}
		related := []analysis.RelatedInformation{{Pos: g.Pos(), Message: "the goroutine that reads it for ever"}}
		if !c.stoppedFields[k] && l.Runs.Runs == lifetime.Repeatedly {
			c.report.Report(analysis.Diagnostic{
				Pos:      call.Pos(),
				Category: "unstopped-ticker-reader",
				Message: fmt.Sprintf("ticker %q stored in a field of %s is never stopped and is read by a goroutine that never exits (%s), started %s, so each start leaves one more goroutine and ticker running; stop the ticker and let the goroutine return",
					k.Name(), ptrTypeName(k), l.Why(), trimIn(l.Runs.Why)),
				Related: related,
			})
			return
		}
		if c.life.At(st).Runs == lifetime.Repeatedly && !freshPlace(st.Addr, fn) && !nilGuarded(st, k) && !c.stopBefore(fn, st, k) {
			c.report.Report(analysis.Diagnostic{
				Pos:      call.Pos(),
				Category: "replaced-ticker",
				Message: fmt.Sprintf("ticker field %q of %s is replaced without stopping the previous ticker while the goroutine reading it never exits (%s); each run (%s) leaves one more ticking goroutine; stop the old ticker and end its reader before replacing it",
					k.Name(), ptrTypeName(k), l.Why(), c.life.At(st).Why),
				Related: related,
			})
			return
		}
	}
}

// fieldReaders returns the go statements of the package whose goroutine
// reads the channel of the ticker in field k, directly (x.t.C) or through
// a parameter or captured value bound to it (or to the ticker made by
// created) at the go statement.
func (c *checker) fieldReaders(k fieldKey, created *ssa.Call) []*ssa.Go {
	isIt := func(v ssa.Value) bool {
		if fk, ok := fieldOf(v); ok && fk == k {
			return true
		}
		return ssaq.Unwrap(v) == created
	}
	var out []*ssa.Go
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				g, ok := instr.(*ssa.Go)
				if !ok {
					continue
				}
				body := ssaq.FuncValue(g.Call.Value)
				if body == nil {
					body = ssaq.Callee(&g.Call)
				}
				if body == nil || !c.inPkg[body] {
					continue
				}
				var bound func(v ssa.Value) bool
				bound = func(v ssa.Value) bool {
					switch x := ssaq.Unwrap(v).(type) {
					case *ssa.UnOp: // a captured variable: the value stored in it
						if fv, ok := x.X.(*ssa.FreeVar); ok && x.Op == token.MUL {
							mc, ok := g.Call.Value.(*ssa.MakeClosure)
							if !ok {
								return false
							}
							for i, f := range body.FreeVars {
								if f == fv && i < len(mc.Bindings) {
									if a, ok := mc.Bindings[i].(*ssa.Alloc); ok {
										if val := ssaq.StoredOnce(a); val != nil {
											return isIt(val)
										}
									}
								}
							}
							return false
						}
					case *ssa.Parameter:
						for i, p := range body.Params {
							if p == x && i < len(g.Call.Args) {
								return isIt(g.Call.Args[i])
							}
						}
					case *ssa.FreeVar:
						mc, ok := g.Call.Value.(*ssa.MakeClosure)
						if !ok {
							return false
						}
						for i, fv := range body.FreeVars {
							if fv == x && i < len(mc.Bindings) {
								return isIt(mc.Bindings[i])
							}
						}
					}
					return isIt(v)
				}
				if readsTicker(body, bound) {
					out = append(out, g)
				}
			}
		}
	}
	return out
}

// readsTicker reports whether fn receives from the channel of a ticker
// for which match holds (for range t.C, <-t.C, a select case on t.C).
func readsTicker(fn *ssa.Function, match func(ssa.Value) bool) bool {
	tickerOf := func(ch ssa.Value) ssa.Value {
		u, ok := ssaq.Unwrap(ch).(*ssa.UnOp)
		if !ok || ssaq.TimeChan(u) != "Ticker" {
			return nil
		}
		return u.X.(*ssa.FieldAddr).X
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.UnOp:
				if t := tickerOf(x.X); t != nil && x.Op.String() == "<-" && match(t) {
					return true
				}
			case *ssa.Select:
				for _, st := range x.States {
					if t := tickerOf(st.Chan); t != nil && match(t) {
						return true
					}
				}
			}
		}
	}
	return false
}
