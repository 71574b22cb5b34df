package goroutineleak

import (
	"fmt"

	"github.com/leakvet/leakvet/internal/blocking"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkWaitGroup reports a goroutine that calls wg.Done on some paths but
// can return without it, when its spawner (or the owner) waits on wg.
func (c *checker) checkWaitGroup(g ssa.CallInstruction, body *ssa.Function) {
	var key syncKey
	var dones []ssa.Instruction
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			typ, m, r := syncCall(ci.Common())
			if typ != "WaitGroup" || m != "Done" {
				continue
			}
			if _, deferred := instr.(*ssa.Defer); deferred || c.inLoop(b) {
				return // deferred, or once per iteration (paired with Add(n))
			}
			key = keyOf(r, g)
			dones = append(dones, instr)
		}
	}
	if len(dones) == 0 || !key.valid() {
		return
	}
	isDone := func(instr ssa.Instruction) bool {
		ci, ok := instr.(ssa.CallInstruction)
		if !ok {
			return false
		}
		if typ, m, _ := syncCall(ci.Common()); typ == "WaitGroup" && m == "Done" {
			return true
		}
		// A helper handed the WaitGroup may call Done.
		for _, a := range ci.Common().Args {
			if ssaq.IsNamed(a.Type(), "sync", "WaitGroup") {
				return true
			}
		}
		if callee := ssaq.Callee(ci.Common()); callee != nil && callee.Pkg == c.pkg && key.typ != nil {
			return c.callsOn(callee, key, "Done")
		}
		return false
	}
	// A loop over a ticker's or timer's channel never ends by the channel
	// closing: that exit edge is not a path.
	var ret *ssa.Return
	if first := body.Blocks[0].Instrs[0]; !isDone(first) {
		if r, ok := first.(*ssa.Return); ok {
			ret = r
		} else {
			ret = ssaq.ExitAvoidingEdges(first, isDone, ssaq.TimeChanClosedEdge)
		}
	}
	if ret == nil {
		return
	}
	wait := c.findWait(g, key)
	if wait == nil {
		return
	}
	name := c.exprAt(wait.Pos(), -1)
	c.diag(analysis.Diagnostic{
		Pos:      wait.Pos(),
		Category: "waitgroup-done-skipped",
		Message: fmt.Sprintf("%s.Wait blocks forever when the goroutine returns without calling %s.Done; defer %s.Done() at the top of the goroutine",
			name, name, name),
		Related: []analysis.RelatedInformation{
			related(g.Pos(), "goroutine started here"),
			related(retPos(ret), "returns here without %s.Done()", name),
		},
	})
}

// findWait returns a Wait on key: in the spawner after the go statement,
// or, for a field, anywhere in the package.
func (c *checker) findWait(g ssa.CallInstruction, key syncKey) ssa.Instruction {
	isWait := func(instr ssa.Instruction) bool {
		ci, ok := instr.(ssa.CallInstruction)
		if !ok {
			return false
		}
		typ, m, r := syncCall(ci.Common())
		return typ == "WaitGroup" && m == "Wait" && keyOf(r, nil) == key
	}
	fns := []*ssa.Function{g.Parent()}
	if key.typ != nil {
		fns = c.funcs
	}
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if isWait(instr) && (fn != g.Parent() || ssaq.ReachesAvoiding(g.Block(), b, nil)) {
					return instr
				}
			}
		}
	}
	return nil
}

// checkBulkAdd reports a WaitGroup counted up front (wg.Add(n), n not the
// constant 1) for goroutines a later loop starts, when wg.Wait cannot
// return: an iteration of the loop can skip the go statement (continue
// past an item) with no Done on that path, or the Wait is inside the loop
// itself, waiting for all n after starting one.
func (c *checker) checkBulkAdd(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			typ, m, recv := syncCall(&call.Call)
			if typ != "WaitGroup" || m != "Add" || len(call.Call.Args) != 2 || isConstOne(call.Call.Args[1]) {
				continue
			}
			key := keyOf(recv, nil)
			if !key.valid() || key.v == nil {
				continue // a field: Adds and Waits elsewhere in the package
			}
			c.bulkAddLoops(fn, call, key)
		}
	}
}

func isConstOne(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.Value != nil && k.Value.String() == "1"
}

func (c *checker) bulkAddLoops(fn *ssa.Function, add *ssa.Call, key syncKey) {
	for _, l := range blocking.Loops(fn) {
		if l.Contains(add.Block()) || !ssaq.ReachesAvoiding(add.Block(), l.Header, nil) {
			continue
		}
		starts := make(map[*ssa.BasicBlock]ssa.Instruction)
		dones := make(map[*ssa.BasicBlock]bool)
		var waitIn ssa.Instruction
		for _, b := range fn.Blocks {
			if !l.Contains(b) {
				continue
			}
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.Go:
					if body := c.goBody(x); body != nil && c.callsOnKey(body, key, x, "Done") {
						starts[b] = x
					}
				case ssa.CallInstruction:
					typ, m, r := syncCall(x.Common())
					switch {
					case typ == "WaitGroup" && keyOf(r, nil) == key && m == "Wait" && waitIn == nil:
						waitIn = x
					case typ == "WaitGroup" && keyOf(r, nil) == key:
						dones[b] = true // Done or Add in the loop: counted per iteration
					case typ == "" && passesKey(x.Common(), key):
						dones[b] = true // a helper given the WaitGroup
					}
				}
			}
		}
		if len(starts) == 0 {
			continue
		}
		var start ssa.Instruction
		for _, s := range starts {
			if start == nil || s.Pos() < start.Pos() {
				start = s
			}
		}
		name := c.exprAt(add.Pos(), -1)
		if waitIn != nil {
			c.diag(analysis.Diagnostic{
				Pos:      waitIn.Pos(),
				Category: "waitgroup-done-skipped",
				Message: fmt.Sprintf("%s.Wait inside the loop that starts the goroutines blocks forever: %s.Add counted all of them up front, and only one has started; wait once, after the loop",
					name, name),
				Related: []analysis.RelatedInformation{
					related(add.Pos(), "%s.Add counts every goroutine here", name),
					related(start.Pos(), "goroutine started here"),
				},
			})
			return
		}
		if len(dones) > 0 || !l.IterationAvoiding(func(b *ssa.BasicBlock) bool { return starts[b] != nil }) {
			continue
		}
		wait := c.waitAfter(fn, l, key)
		if wait == nil {
			continue
		}
		c.diag(analysis.Diagnostic{
			Pos:      wait.Pos(),
			Category: "waitgroup-done-skipped",
			Message: fmt.Sprintf("%s.Wait blocks forever: %s.Add counted every item up front, but the loop can go on to the next item without starting its goroutine; call %s.Add(1) next to the go statement",
				name, name, name),
			Related: []analysis.RelatedInformation{
				related(add.Pos(), "%s.Add counts every item here", name),
				related(start.Pos(), "goroutine started here, not on every iteration"),
			},
		})
		return
	}
}

// callsOnKey reports whether body (a goroutine started by g) calls the
// WaitGroup method on key, directly or deferred.
func (c *checker) callsOnKey(body *ssa.Function, key syncKey, g ssa.CallInstruction, method string) bool {
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok {
				if typ, m, r := syncCall(ci.Common()); typ == "WaitGroup" && m == method && keyOf(r, g) == key {
					return true
				}
			}
		}
	}
	return false
}

// passesKey reports whether a call is given the WaitGroup key (its
// address as an argument).
func passesKey(call *ssa.CallCommon, key syncKey) bool {
	for _, a := range call.Args {
		if ssaq.IsNamed(a.Type(), "sync", "WaitGroup") && keyOf(a, nil) == key {
			return true
		}
	}
	return false
}

// waitAfter returns a Wait on key outside loop l that the loop reaches.
func (c *checker) waitAfter(fn *ssa.Function, l blocking.Loop, key syncKey) ssa.Instruction {
	for _, b := range fn.Blocks {
		if l.Contains(b) || !ssaq.ReachesAvoiding(l.Header, b, nil) {
			continue
		}
		for _, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok {
				if typ, m, r := syncCall(ci.Common()); typ == "WaitGroup" && m == "Wait" && keyOf(r, nil) == key {
					return instr
				}
			}
		}
	}
	return nil
}
