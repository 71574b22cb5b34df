package goroutineleak

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkChannel looks for goroutines blocked forever on a channel made by
// mc: senders nobody receives from once the maker returns early (orphaned
// senders), and receivers nobody sends to or closes for (orphaned
// receivers). A channel that escapes to code we cannot see is skipped.
func (c *checker) checkChannel(mc *ssa.MakeChan) {
	f := c.track(mc, chanMode)
	if f.escaped {
		return
	}
	c.orphanedSenders(mc, f)
	c.orphanedReceivers(mc, f)
}

// capacity returns the constant buffer size of mc, or -1.
func capacity(mc *ssa.MakeChan) int64 {
	k, ok := mc.Size.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return -1
	}
	n, ok := constant.Int64Val(k.Value)
	if !ok {
		return -1
	}
	return n
}

// orphanedSenders reports blocking sends in goroutines when the spawner
// can return without taking all the values they send.
func (c *checker) orphanedSenders(mc *ssa.MakeChan, f *flow) {
	var senders, recvs []op
	gos := make(map[*ssa.Go]bool)
	many := false
	for _, o := range f.ops {
		switch {
		case o.kind.receives() && (o.goInstr != nil || o.anchor == nil):
			return // another goroutine, or code run at unknown times, may receive
		case o.kind.receives():
			recvs = append(recvs, o)
		case o.kind == opSend && o.goInstr != nil && o.anchor != nil:
			senders = append(senders, o)
			gos[o.goInstr] = true
			if c.inLoop(o.goInstr.Block()) || c.inLoop(o.instr.Block()) || (o.inGo != nil && c.inLoop(o.inGo.Block())) {
				many = true
			}
		case o.kind.sends() && o.goInstr == nil:
			// The spawner sends too: counting gets murky.
			return
		}
	}
	if len(senders) == 0 {
		return
	}
	if len(gos) > 1 {
		many = true
	}
	buf := capacity(mc)
	switch {
	case buf < 0:
		return // sized at run time: presumably to the number of senders
	case buf > 0 && (!many || anyInLoop(c, senders)):
		return // one buffered slot per sender, or an unknown number of senders
	case buf > 0 && int64(len(gos)) <= buf+int64(len(recvs)):
		return
	}
	avoid := c.receiveSet(recvs)
	// Entering a loop that receives drains as many values as it runs for;
	// its normal end (the header's exit) is not an early return.
	for _, r := range recvs {
		if h := ssaq.LoopHeader(r.anchor.Block()); h != nil && h != r.anchor.Block() {
			for _, s := range h.Succs {
				if ssaq.LoopHeader(s) != h && len(s.Instrs) > 0 {
					drained := s.Instrs[0]
					prev := avoid
					avoid = func(i ssa.Instruction) bool { return i == drained || prev(i) }
				}
			}
		}
	}
	first := senders[0]
	// (a) A path from a go statement to a return that receives nothing.
	for g := range gos {
		if ret := ssaq.ExitAvoiding(g, avoid); ret != nil {
			c.reportSenders(mc, senders, g, ret, c.earlyReason(recvs, ret))
			return
		}
	}
	if !many {
		return
	}
	// (b) Several senders: the spawner receives fewer values than they send.
	loopRecv := false
	for _, r := range recvs {
		if c.inLoop(r.anchor.Block()) {
			loopRecv = true
			// An exit from the receiving loop that does not go back through
			// its header: return or break on the first error or result.
			h := ssaq.LoopHeader(r.anchor.Block())
			if h == nil || h == r.anchor.Block() {
				continue
			}
			from := c.receivedAt(r)
			if ret := ssaq.ExitAvoiding(from, func(i ssa.Instruction) bool { return i.Block() == h }); ret != nil {
				c.reportSenders(mc, senders, first.goInstr, ret, "after the first "+c.errOrResult(mc))
				return
			}
		}
	}
	if !loopRecv && len(recvs) > 0 && (anyInLoop(c, senders) || int64(len(gos)) > buf+int64(len(recvs))) {
		ret := ssaq.ExitAvoiding(c.receivedAt(recvs[0]), func(ssa.Instruction) bool { return false })
		if ret != nil {
			c.reportSenders(mc, senders, first.goInstr, ret, fmt.Sprintf("after receiving %d of the values", len(recvs)))
		}
	}
}

func anyInLoop(c *checker, senders []op) bool {
	for _, s := range senders {
		if c.inLoop(s.goInstr.Block()) || c.inLoop(s.instr.Block()) || (s.inGo != nil && c.inLoop(s.inGo.Block())) {
			return true
		}
	}
	return false
}

// errOrResult says what a channel carries, for messages.
func (c *checker) errOrResult(mc *ssa.MakeChan) string {
	if ch, ok := mc.Type().Underlying().(*types.Chan); ok && types.Identical(ch.Elem(), types.Universe.Lookup("error").Type()) {
		return "error"
	}
	return "result"
}

// receivedAt is the instruction after which a receive op has taken its
// value: the receive itself, or the start of its select case's body.
func (c *checker) receivedAt(o op) ssa.Instruction {
	if s, ok := o.anchor.(*ssa.Select); ok && o.instr == o.anchor && o.state >= 0 {
		if body := caseBody(s, o.state); body != nil && len(body.Instrs) > 0 {
			return body.Instrs[0]
		}
	}
	return o.anchor
}

// receiveSet returns the avoid predicate for paths that take a value: a
// plain receive, a call or defer that receives, or entering the body of a
// select case that receives.
func (c *checker) receiveSet(recvs []op) func(ssa.Instruction) bool {
	set := make(map[ssa.Instruction]bool)
	for _, r := range recvs {
		set[c.receivedAt(r)] = true
	}
	return func(i ssa.Instruction) bool { return set[i] }
}

// caseBody returns the block a select's case i runs in: the true branch of
// the "index == i" test on the select's result.
func caseBody(s *ssa.Select, i int) *ssa.BasicBlock {
	for _, ref := range *s.Referrers() {
		ext, ok := ref.(*ssa.Extract)
		if !ok || ext.Index != 0 {
			continue
		}
		for _, r2 := range *ext.Referrers() {
			cmp, ok := r2.(*ssa.BinOp)
			if !ok || cmp.Op != token.EQL {
				continue
			}
			k, ok := cmp.Y.(*ssa.Const)
			if !ok || k.Value == nil {
				continue
			}
			if v, ok := constant.Int64Val(k.Value); !ok || v != int64(i) {
				continue
			}
			for _, r3 := range *cmp.Referrers() {
				if iff, ok := r3.(*ssa.If); ok {
					return iff.Block().Succs[0]
				}
			}
		}
	}
	// A blocking select with one receive and nothing else dispatches no test.
	if len(s.States) == 1 && s.Blocking {
		return s.Block()
	}
	return nil
}

// earlyReason says why the spawner returns without receiving, when the
// path leaves through a select case on ctx.Done() or a timer.
func (c *checker) earlyReason(recvs []op, ret *ssa.Return) string {
	for _, r := range recvs {
		s, ok := r.instr.(*ssa.Select)
		if !ok || r.instr != r.anchor {
			continue
		}
		for i, st := range s.States {
			if i == r.state || st.Dir != 2 { // types.RecvOnly
				continue
			}
			body := caseBody(s, i)
			if body == nil || !reaches(body, ret.Block()) {
				continue
			}
			if call, ok := st.Chan.(*ssa.Call); ok {
				if call.Call.IsInvoke() && call.Call.Method.Name() == "Done" {
					return "on " + exprString(c, st.Pos, "ctx") + ".Done()"
				}
				if callee := ssaq.Callee(&call.Call); ssaq.IsFunc(callee, "time", "After") {
					return "on timeout"
				}
			}
			if isTimerChan(st.Chan) {
				return "on timeout"
			}
		}
	}
	return "early"
}

// exprString is the receiver text of the ctx.Done() call whose receive is
// at pos, or def.
func exprString(c *checker, pos token.Pos, def string) string {
	if s := c.exprAt(pos, -1); s != "" {
		if len(s) > 7 && s[len(s)-7:] == ".Done()" {
			return s[:len(s)-7]
		}
	}
	return def
}

// isTimerChan reports whether v is the C field of a time.Timer or Ticker.
func isTimerChan(v ssa.Value) bool {
	ld, ok := v.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return false
	}
	fa, ok := ld.X.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	return ssaq.IsNamed(fa.X.Type(), "time", "Timer") || ssaq.IsNamed(fa.X.Type(), "time", "Ticker")
}

func reaches(from, to *ssa.BasicBlock) bool {
	if from == to {
		return true
	}
	seen := map[*ssa.BasicBlock]bool{from: true}
	work := []*ssa.BasicBlock{from}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range b.Succs {
			if s == to {
				return true
			}
			if !seen[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return false
}

func (c *checker) reportSenders(mc *ssa.MakeChan, senders []op, g *ssa.Go, ret *ssa.Return, reason string) {
	spawner := spawnerName(mc.Parent())
	fix := "make %s buffered (cap %s) or select on a done channel or ctx.Done() in the goroutine"
	capHint := "1"
	if anyInLoop(c, senders) || len(senders) > 1 {
		capHint = "one per sender"
	}
	for _, s := range sortedOps(senders) {
		name := c.chanName(s, mc)
		when := "returns " + reason
		if reason == "early" {
			when = "returns without receiving from it"
		}
		c.diag(analysis.Diagnostic{
			Pos:      opPos(s),
			Category: "orphaned-sender",
			Message: fmt.Sprintf("goroutine blocks forever sending on %q when %s %s; "+fix,
				name, spawner, when, name, capHint),
			Related: []analysis.RelatedInformation{
				related(s.goInstr.Pos(), "goroutine started here"),
				related(ret.Pos(), "%s returns here without receiving", spawner),
			},
		})
	}
}

// chanName names the channel an op acts on as the source writes it there,
// falling back to the name of the variable it was made for.
func (c *checker) chanName(o op, mc *ssa.MakeChan) string {
	pos := opPos(o)
	arg := -1
	if call, ok := instrAt(o).(ssa.CallInstruction); ok {
		for i, a := range call.Common().Args {
			if isChan(a) {
				arg = i
				if call.Common().Signature().Recv() != nil && call.Common().StaticCallee() != nil {
					arg-- // AST args exclude the receiver
				}
				break
			}
		}
	}
	if s := c.exprAt(pos, arg); s != "" {
		return s
	}
	if mc != nil {
		if name := varName(mc); name != "" {
			return name
		}
	}
	return "channel"
}

// instrAt is the instruction reported for an op.
func instrAt(o op) ssa.Instruction {
	if o.inGo != nil {
		return o.inGo
	}
	return o.instr
}

func isChan(v ssa.Value) bool {
	_, ok := v.Type().Underlying().(*types.Chan)
	return ok
}

// varName returns the source variable a value was assigned to, if any.
func varName(v ssa.Value) string {
	for _, ref := range *v.Referrers() {
		switch r := ref.(type) {
		case *ssa.DebugRef:
			if id, ok := r.Expr.(interface{ Name() string }); ok {
				return id.Name()
			}
		case *ssa.Store:
			if a, ok := r.Addr.(*ssa.Alloc); ok && a.Comment != "" {
				return a.Comment
			}
		}
	}
	return ""
}

// orphanedReceivers reports receives in goroutines that no path of the
// code holding the channel serves: a range over a channel that is not
// closed on every path, or a single receive with no send or close on some
// path.
func (c *checker) orphanedReceivers(mc *ssa.MakeChan, f *flow) {
	var recvs []op
	for _, o := range f.ops {
		if (o.kind == opRecv || o.kind == opRange) && o.goInstr != nil && o.anchor != nil {
			recvs = append(recvs, o)
		}
		if (o.kind.sends() || o.kind == opClose) && o.anchor == nil {
			return // served from code run at unknown times
		}
	}
	for _, r := range sortedOps(recvs) {
		c.orphanedReceiver(mc, f, r)
	}
}

func (c *checker) orphanedReceiver(mc *ssa.MakeChan, f *flow, r op) {
	var closes, sends []op
	for _, o := range f.ops {
		if o.goInstr == r.goInstr && o.goInstr != nil {
			continue // the goroutine does not serve itself
		}
		switch {
		case o.kind == opClose:
			closes = append(closes, o)
		case o.kind.sends():
			sends = append(sends, o)
		}
	}
	name := c.chanName(r, mc)
	spawner := spawnerName(mc.Parent())
	rel := []analysis.RelatedInformation{related(r.goInstr.Pos(), "goroutine started here")}
	if r.kind == opRange {
		if len(closes) == 0 {
			c.diag(analysis.Diagnostic{
				Pos:      opPos(r),
				Category: "orphaned-receiver",
				Message: fmt.Sprintf("goroutine blocks forever receiving from %q: nothing closes it, so the loop never ends; close(%s) when the last value is sent",
					name, name),
				Related: rel,
			})
			return
		}
		ret := c.closesOnEveryPath(closes, r.goInstr)
		if ret == nil {
			return
		}
		c.diag(analysis.Diagnostic{
			Pos:      opPos(r),
			Category: "orphaned-receiver",
			Message: fmt.Sprintf("goroutine blocks forever receiving from %q when %s returns without closing it; defer close(%s) where the values are sent",
				name, ssaq.Name(ret.Parent()), name),
			Related: append(rel, related(ret.Pos(), "returns here without close(%s)", name)),
		})
		return
	}
	// A single receive needs one send or a close.
	if len(sends)+len(closes) == 0 {
		c.diag(analysis.Diagnostic{
			Pos:      opPos(r),
			Category: "orphaned-receiver",
			Message:  fmt.Sprintf("goroutine blocks forever receiving from %q: nothing sends on or closes it; close(%s) or send when the goroutine should proceed", name, name),
			Related:  rel,
		})
		return
	}
	var served []op
	for _, o := range append(sends, closes...) {
		if o.goInstr != nil {
			return // another goroutine serves it
		}
		served = append(served, o)
	}
	set := make(map[ssa.Instruction]bool)
	for _, o := range served {
		set[o.anchor] = true
	}
	ret := ssaq.ExitAvoiding(r.goInstr, func(i ssa.Instruction) bool { return set[i] })
	if ret == nil {
		return
	}
	c.diag(analysis.Diagnostic{
		Pos:      opPos(r),
		Category: "orphaned-receiver",
		Message: fmt.Sprintf("goroutine blocks forever receiving from %q when %s returns without sending on or closing it; defer close(%s) after starting the goroutine",
			name, spawner, name),
		Related: append(rel, related(ret.Pos(), "%s returns here", spawner)),
	})
}

// closesOnEveryPath checks that some code holding the channel closes it on
// every path: the spawner from the go statement on, or a goroutine from its
// start. It returns a return that skips the close, or nil.
func (c *checker) closesOnEveryPath(closes []op, consumer *ssa.Go) *ssa.Return {
	byCtx := make(map[*ssa.Go][]op)
	for _, o := range closes {
		byCtx[o.goInstr] = append(byCtx[o.goInstr], o)
	}
	var missed *ssa.Return
	for g, ops := range byCtx {
		set := make(map[ssa.Instruction]bool)
		for _, o := range ops {
			if g == nil {
				set[o.anchor] = true
			} else {
				set[o.inGo] = true
			}
		}
		avoid := func(i ssa.Instruction) bool { return set[i] }
		var ret *ssa.Return
		if g == nil {
			if consumer.Parent() != closes[0].anchor.Parent() {
				return nil
			}
			ret = ssaq.ExitAvoiding(consumer, avoid)
		} else {
			ret = ssaq.EntryExitAvoiding(ops[0].inGo.Parent(), avoid)
		}
		if ret == nil {
			return nil
		}
		if missed == nil || g == nil {
			missed = ret
		}
	}
	return missed
}
