package tickerstop

import (
	"fmt"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// stopsOf returns a predicate for the instructions that stop the ticker or
// timer denoted by any of aliases (the creating call, the local variables
// closures capture it through).
func (c *checker) stopsOf(aliases []ssa.Value) func(ssa.Instruction) bool {
	return func(instr ssa.Instruction) bool {
		ci, ok := instr.(ssa.CallInstruction)
		if !ok {
			return false
		}
		for _, s := range c.stoppedValues(ci) {
			for _, a := range aliases {
				if sameValue(s, a) {
					return true
				}
			}
		}
		return false
	}
}

// checkHandoffPaths reports, under old rules, a ticker or timer whose
// ownership moves on some paths (returned, stored in an object, sent, kept
// by a callee) while another path reaches a return without handing it off
// or stopping it: hand-off is path sensitive, and that path leaks it
// (typically the error return of a constructor that made the ticker before
// a step that can fail).
func (c *checker) checkHandoffPaths(fn *ssa.Function, call *ssa.Call, cr creation, aliases []ssa.Value, handoffs []ssa.Instruction) {
	if !returnsUnlessTimerClosed(fn) {
		return
	}
	isHandoff := make(map[ssa.Instruction]bool, len(handoffs))
	for _, h := range handoffs {
		isHandoff[h] = true
	}
	stops := c.stopsOf(aliases)
	ret := ssaq.ExitAvoidingEdges(call, func(instr ssa.Instruction) bool {
		return isHandoff[instr] || stops(instr)
	}, ssaq.TimeChanClosedEdge)
	if ret == nil {
		return
	}
	name, _ := c.localName(call.Pos())
	label := orDefault(name, cr.kind)
	c.report.Report(analysis.Diagnostic{
		Pos:      call.Pos(),
		Category: "unstopped-" + cr.kind,
		URL:      url + "#hdr-Analyzer_tickerstop",
		Message: fmt.Sprintf("%s %q from %s is handed off on some paths but a return drops it without Stop (%s); stop it before that return",
			cr.kind, label, cr.source, c.why(cr.kind)),
		Related: []analysis.RelatedInformation{
			{Pos: ret.Pos(), Message: "this return neither hands it off nor stops it"},
			{Pos: handoffs[0].Pos(), Message: "ownership moves here on the other paths"},
		},
	})
}
