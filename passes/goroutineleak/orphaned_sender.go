package goroutineleak

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/internal/blocking"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkChannel looks for goroutines blocked forever on a channel made by
// mc: senders nobody receives from once the maker returns early (orphaned
// senders), and receivers nobody sends to or closes for (orphaned
// receivers). A channel that escapes to code we cannot see is skipped.
func (c *checker) checkChannel(mc *ssa.MakeChan) {
	for _, send := range blocking.SelfBlockingSends(mc) {
		name := c.exprAt(send.Pos(), -1)
		c.diag(analysis.Diagnostic{
			Pos:      send.Pos(),
			Category: "blocked-forever",
			Message: fmt.Sprintf("%s blocks forever sending on %q: it is unbuffered and no goroutine that could receive from it has been started yet; start the receiving goroutine before the send, or give %s a buffer",
				ssaq.Name(send.Parent()), name, name),
			Related: []analysis.RelatedInformation{related(mc.Pos(), "%s made here", name)},
		})
	}
	f := c.flowOf(mc)
	if f.escaped || f.returned {
		return
	}
	c.orphanedSenders(mc, f, capacity(mc), nil)
	c.orphanedReceivers(mc, f)
}

// flowOf returns the uses of the channel mc makes, computed once.
func (c *checker) flowOf(mc *ssa.MakeChan) *flow {
	f, ok := c.flows[mc]
	if !ok {
		f = c.track(mc, chanMode)
		c.flows[mc] = f
	}
	return f
}

// siblingReceives returns the spawner's receives from the other channels
// made next to mc that only the goroutines started at starts send on.
func (c *checker) siblingReceives(mc *ssa.MakeChan, starts map[ssa.Instruction]ssa.CallInstruction) []op {
	var out []op
	for _, b := range mc.Parent().Blocks {
		for _, instr := range b.Instrs {
			other, ok := instr.(*ssa.MakeChan)
			if !ok || other == mc {
				continue
			}
			f := c.flowOf(other)
			if f.escaped || f.returned {
				continue
			}
			var recvs []op
			sent, foreign := false, false
			for _, o := range f.ops {
				switch {
				case o.kind.sends() && o.anchor != nil && starts[o.anchor] != nil:
					sent = true
				case o.kind.sends() || o.kind == opClose:
					foreign = true
				case o.kind.receives() && o.goInstr == nil && o.anchor != nil:
					recvs = append(recvs, o)
				}
			}
			if sent && !foreign {
				out = append(out, recvs...)
			}
		}
	}
	return out
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
// can return without taking all the values they send. ch is the channel
// (made with buffer buf, -1 if not constant) in the spawner; fed, if not
// nil, stands for the senders of a channel a called function returns, fed
// by a goroutine it starts.
func (c *checker) orphanedSenders(ch ssa.Value, f *flow, buf int64, fed []op) {
	senders := fed
	var recvs []op
	// starts are the spawner's instructions that start senders: go
	// statements, or calls of functions that start them.
	starts := make(map[ssa.Instruction]ssa.CallInstruction)
	var order []ssa.Instruction
	var goRecvs []op // receives in goroutines the spawner starts
	for _, o := range f.ops {
		switch {
		case o.kind.receives() && o.goInstr != nil && o.anchor != nil:
			goRecvs = append(goRecvs, o)
		case o.kind.receives() && o.anchor == nil:
			return // code run at unknown times may receive
		case o.kind.receives():
			recvs = append(recvs, o)
		case o.kind == opSend && o.goInstr != nil && o.anchor != nil:
			senders = append(senders, o)
			if starts[o.anchor] == nil {
				order = append(order, o.anchor)
			}
			starts[o.anchor] = o.goInstr
		case o.kind.sends() && o.goInstr == nil:
			return // the spawner sends too: counting gets murky
		}
	}
	if len(senders) == 0 {
		return
	}
	if len(goRecvs) > 0 {
		if len(recvs) == 0 && len(fed) == 0 && (buf == 0 || buf > 0 && c.outrunsBuffer(senders)) {
			c.siblingConsumer(ch, senders, goRecvs)
		}
		return // another goroutine receives: only its own early exit strands the senders
	}
	for _, o := range fed {
		if starts[o.anchor] == nil {
			order = append(order, o.anchor)
		}
		starts[o.anchor] = o.goInstr
	}
	many := len(starts) > 1 || anyInLoop(c, senders)
	switch {
	case buf < 0:
		return // sized at run time: presumably to the number of senders
	case buf > 0 && c.outrunsBuffer(senders):
		// One goroutine sends in a loop with no constant bound: a constant
		// buffer holds only the first buf values, so judge the channel as
		// if unbuffered (the receiver must take every value).
	case buf > 0 && (!many || anyInLoop(c, senders)):
		return // one buffered slot per sender, or an unknown number of senders
	case buf > 0 && int64(len(starts)) <= buf+int64(len(recvs)):
		return
	}
	avoid := c.avoiding(recvs, c.receivedAt)
	for _, r := range recvs {
		c.avoidCase(avoid, r)
	}
	for _, o := range fed {
		skipFailedCall(avoid, o.instr)
	}
	// Taking a value from another channel only these goroutines send on
	// takes their one value too (a result channel and an error channel).
	if mc, ok := ch.(*ssa.MakeChan); ok {
		for _, r := range c.siblingReceives(mc, starts) {
			avoid.instrs[c.receivedAt(r)] = true
			c.avoidCase(avoid, r)
		}
	}
	// Seeing a channel closed that the senders close in a defer means they
	// have finished: a return after that strands nobody (a handshake).
	if mc, ok := ch.(*ssa.MakeChan); ok {
		c.finished(mc, starts, avoid)
	}
	// (a) A path from a go statement to a return that receives nothing.
	for _, start := range order {
		if ret := avoid.exit(start); ret != nil {
			c.reportSenders(ch, senders, ret, c.earlyReason(recvs, ret))
			return
		}
	}
	if !many {
		return
	}
	for _, s := range senders {
		if _, direct := startsGoroutine(s.anchor); !direct && s.fedBy == nil {
			return // started inside a helper: how many it starts is its business
		}
	}
	// (b) Several senders: the spawner receives fewer values than they send.
	loopRecv := false
	for _, r := range recvs {
		if !c.inLoop(r.anchor.Block()) {
			continue
		}
		loopRecv = true
		// An exit from the receiving loop that does not go back through
		// its header: return or break on the first error or result.
		h := ssaq.LoopHeader(r.anchor.Block())
		if h == nil {
			continue
		}
		normal := normalExits(h, r.instr)
		from := c.receivedAt(r)
		ret := ssaq.ExitAvoidingEdges(from, func(i ssa.Instruction) bool {
			return i == h.Instrs[0] || i != from && avoid.avoid(i) // e.g. a deferred drain
		}, func(b *ssa.BasicBlock, succ int) bool { return normal[edge{b, succ}] || avoid.skip(b, succ) })
		if ret != nil {
			c.reportSenders(ch, senders, ret, "after the first "+c.errOrResult(ch))
			return
		}
	}
	// First of N: senders started in a loop, one value taken.
	if !loopRecv && len(recvs) == 1 && (anyInLoop(c, senders) || int64(len(starts)) > buf+1) {
		if ret := ssaq.ExitAvoiding(c.receivedAt(recvs[0]), func(ssa.Instruction) bool { return false }); ret != nil {
			c.reportSenders(ch, senders, ret, "after the first "+c.errOrResult(ch))
		}
	}
}

// pathFilter says which instructions and control-flow edges a path search
// must not pass.
type pathFilter struct {
	instrs map[ssa.Instruction]bool
	edges  map[edge]bool
}

// siblingConsumer reports the senders when the only receiver is one
// sibling goroutine (started once, receiving in its own body) that can leave
// its receiving loop and return before the channel is closed: on the first
// error or on ctx.Done(), the senders' next send has nobody to take it.
func (c *checker) siblingConsumer(ch ssa.Value, senders, recvs []op) {
	g := recvs[0].goInstr
	if c.inLoop(g.Block()) {
		return // several consumers: one leaving does not strand the senders
	}
	for _, r := range recvs {
		if r.goInstr != g || r.inGo != r.instr || !c.inLoop(r.instr.Block()) {
			return // receives in helpers, or a second consumer
		}
	}
	for _, r := range recvs {
		h := ssaq.LoopHeader(r.instr.Block())
		if h == nil {
			continue
		}
		normal := normalExits(h, r.instr)
		recv, _ := r.instr.(ssa.Value)
		ret := ssaq.ExitAvoidingEdges(r.instr, func(i ssa.Instruction) bool { return i == h.Instrs[0] },
			func(b *ssa.BasicBlock, succ int) bool { return normal[edge{b, succ}] || sentinelTest(b, recv) })
		if ret == nil {
			continue
		}
		consumer := ssaq.Name(r.instr.Parent())
		for _, s := range sortedOps(senders) {
			name := c.chanName(s, ch)
			c.diag(analysis.Diagnostic{
				Pos:      opPos(s),
				Category: "orphaned-sender",
				Message: fmt.Sprintf("goroutine blocks forever sending on %q when the goroutine receiving from it (%s) returns before %s is closed; drain %s before returning, or close a done channel the sender selects on",
					name, consumer, name, name),
				Related: []analysis.RelatedInformation{
					related(s.goInstr.Pos(), "sending goroutine started here"),
					related(g.Pos(), "receiving goroutine started here"),
					related(retPos(ret), "the receiving goroutine returns here"),
				},
			})
		}
		return
	}
}

// sentinelTest reports whether block b ends in a test of the received
// value (or a field of it) against a constant: m.Kind == "end", v == 0.
// A consumer that returns on a sentinel follows a protocol in which the
// producer sends the sentinel last, so the return strands nobody.
func sentinelTest(b *ssa.BasicBlock, recv ssa.Value) bool {
	if recv == nil || len(b.Instrs) == 0 {
		return false
	}
	t, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	bin, ok := t.Cond.(*ssa.BinOp)
	if !ok || bin.Op != token.EQL && bin.Op != token.NEQ {
		return false
	}
	x, y := bin.X, bin.Y
	if _, ok := x.(*ssa.Const); ok {
		x, y = y, x
	}
	if k, ok := y.(*ssa.Const); !ok || k.IsNil() {
		return false // a nil test is an error check, not a sentinel
	}
	for range 8 {
		switch v := x.(type) {
		case *ssa.Extract:
			return v.Tuple == recv
		case *ssa.UnOp:
			if v.X == recv {
				return true
			}
			x = v.X
		case *ssa.FieldAddr:
			x = v.X
		case *ssa.Field:
			x = v.X
		case *ssa.Alloc:
			// A local the value is stored in (f := <-ch, then f.kind).
			if x = ssaq.StoredOnce(v); x == nil {
				return false
			}
		default:
			return x == recv
		}
	}
	return false
}

// skipFailedCall removes from f the paths on which call, a feeding call
// that also returns an error, failed: with a non-nil error it started no
// goroutine (func List() (<-chan T, error) returns nil, err first).
func skipFailedCall(f pathFilter, call ssa.Instruction) {
	v, ok := call.(*ssa.Call)
	if !ok {
		return
	}
	for _, r := range *v.Referrers() {
		x, ok := r.(*ssa.Extract)
		if !ok || !types.Identical(x.Type(), types.Universe.Lookup("error").Type()) {
			continue
		}
		for _, u := range *x.Referrers() {
			bin, ok := u.(*ssa.BinOp)
			if !ok || (bin.Op != token.NEQ && bin.Op != token.EQL) {
				continue
			}
			if c, ok := bin.Y.(*ssa.Const); !ok || !c.IsNil() {
				if c, ok := bin.X.(*ssa.Const); !ok || !c.IsNil() {
					continue
				}
			}
			for _, w := range *bin.Referrers() {
				iff, ok := w.(*ssa.If)
				if !ok {
					continue
				}
				failed := 0 // err != nil: the true edge
				if bin.Op == token.EQL {
					failed = 1
				}
				f.edges[edge{iff.Block(), failed}] = true
			}
		}
	}
}

type edge struct {
	from *ssa.BasicBlock
	succ int
}

func (f pathFilter) avoid(i ssa.Instruction) bool          { return f.instrs[i] }
func (f pathFilter) skip(b *ssa.BasicBlock, succ int) bool { return f.edges[edge{b, succ}] }

// exit returns a return reachable from from through the filter, or nil.
func (f pathFilter) exit(from ssa.Instruction) *ssa.Return {
	return ssaq.ExitAvoidingEdges(from, f.avoid, f.skip)
}

// avoiding returns the filter for paths that skip ops: the instruction at
// of each op and, for an op in a loop, the loop's normal exits (a loop that
// sends or receives does so as often as it runs, which the number of
// goroutines it pairs with presumably matches).
func (c *checker) avoiding(ops []op, at func(op) ssa.Instruction) pathFilter {
	f := pathFilter{instrs: make(map[ssa.Instruction]bool), edges: make(map[edge]bool)}
	for _, o := range ops {
		f.instrs[at(o)] = true
		if h := ssaq.LoopHeader(o.anchor.Block()); h != nil {
			for e := range normalExits(h, o.instr) {
				f.edges[e] = true
			}
		}
	}
	return f
}

// normalExits returns the edges by which a loop headed by h is left (or
// skipped, by its zero-trip guard) on a test that does not look at what
// instr (a receive in the loop) took: the loop ran its course. An exit on a
// test of the received value (return on the first error) is not normal,
// nor is a select case's, nor, for a range over a channel, anything but the
// channel being closed.
func normalExits(h *ssa.BasicBlock, instr ssa.Instruction) map[edge]bool {
	out := make(map[edge]bool)
	inLoop := func(b *ssa.BasicBlock) bool { return inNaturalLoop(b, h) }
	u, isRecv := instr.(*ssa.UnOp)
	ranging := isRecv && u.Op == token.ARROW && u.CommaOk
	for _, b := range h.Parent().Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok || isSelectDispatch(iff.Cond) || dependsOn(iff.Cond, instr, 8) && !isClosedTest(iff.Cond, instr) {
			continue
		}
		if ranging && !isClosedTest(iff.Cond, instr) {
			continue
		}
		if !(b == h || inLoop(b) || b == h.Idom()) {
			continue
		}
		for i, s := range b.Succs {
			if !inLoop(s) && inLoop(b.Succs[1-i]) {
				out[edge{b, i}] = true
			}
		}
	}
	return out
}

// outrunsBuffer reports whether the senders are goroutines started once
// each (not in a loop) whose send repeats in a loop whose condition is not
// a comparison with a constant (a scanner, a reader, a range over data):
// they send more values than any constant buffer holds.
func (c *checker) outrunsBuffer(senders []op) bool {
	if len(senders) == 0 {
		return false
	}
	for _, s := range senders {
		if s.goInstr == nil || c.inLoop(s.goInstr.Block()) {
			return false
		}
		at := s.instr // the send, or the goroutine's call that reaches it
		if s.inGo != nil {
			at = s.inGo
		}
		if !c.inLoop(at.Block()) {
			return false
		}
		h := ssaq.LoopHeader(at.Block())
		if h == nil || constantBound(h) {
			return false
		}
	}
	return true
}

// constantBound reports whether loop header h exits on a comparison with a
// constant (for i := 0; i < 3; i++): a trip count a buffer may cover.
func constantBound(h *ssa.BasicBlock) bool {
	for _, b := range append([]*ssa.BasicBlock{h}, h.Succs...) {
		if len(b.Instrs) == 0 {
			continue
		}
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		if bin, ok := iff.Cond.(*ssa.BinOp); ok {
			_, xc := bin.X.(*ssa.Const)
			_, yc := bin.Y.(*ssa.Const)
			if xc || yc {
				return true
			}
		}
		if _, ok := iff.Cond.(*ssa.Extract); ok {
			return true // a range over a map or an iterator: its size is the caller's
		}
	}
	return false
}

func anyInLoop(c *checker, senders []op) bool {
	for _, s := range senders {
		if s.repeats || c.inLoop(s.goInstr.Block()) || c.inLoop(s.instr.Block()) || (s.inGo != nil && c.inLoop(s.inGo.Block())) {
			return true
		}
	}
	return false
}

// errOrResult says what a channel carries, for messages.
func (c *checker) errOrResult(v ssa.Value) string {
	if ch, ok := v.Type().Underlying().(*types.Chan); ok && types.Identical(ch.Elem(), types.Universe.Lookup("error").Type()) {
		return "error"
	}
	return "result"
}

// avoidCase makes a filter avoid the edge into a select case's body
// rather than the body's first instruction when the body is empty: SSA
// then threads the case straight into the join block, which the other
// cases (a timeout) reach too.
func (c *checker) avoidCase(f pathFilter, o op) {
	s, ok := o.anchor.(*ssa.Select)
	if !ok || o.instr != o.anchor || o.state < 0 {
		return
	}
	body := caseBody(s, o.state)
	if body == nil || len(body.Preds) < 2 || len(body.Instrs) == 0 {
		return
	}
	delete(f.instrs, body.Instrs[0])
	for _, p := range body.Preds {
		if len(p.Instrs) == 0 {
			continue
		}
		iff, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If)
		if !ok || p.Succs[0] != body || !isCaseTest(iff.Cond, s, o.state) {
			continue
		}
		f.edges[edge{p, 0}] = true
	}
}

// isCaseTest reports whether cond is "select s chose case i".
func isCaseTest(cond ssa.Value, s *ssa.Select, i int) bool {
	cmp, ok := cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.EQL {
		return false
	}
	ext, ok := cmp.X.(*ssa.Extract)
	k, ok2 := cmp.Y.(*ssa.Const)
	if !ok || !ok2 || ext.Index != 0 || ext.Tuple != ssa.Value(s) || k.Value == nil {
		return false
	}
	v, ok := constant.Int64Val(k.Value)
	return ok && v == int64(i)
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
			if body == nil || !ssaq.ReachesAvoiding(body, ret.Block(), nil) {
				continue
			}
			if ssaq.ContextDone(st.Chan) != nil {
				return "on " + c.ctxName(st.Pos) + ".Done()"
			}
			if ssaq.TimeChan(st.Chan) != "" {
				return "on timeout"
			}
		}
	}
	return "early"
}

// ctxName is the receiver text of the ctx.Done() call whose receive is
// at pos ("ctx", "s.ctx"), or "ctx".
func (c *checker) ctxName(pos token.Pos) string {
	if s, ok := strings.CutSuffix(c.exprAt(pos, -1), ".Done()"); ok && s != "" {
		return s
	}
	return "ctx"
}

func (c *checker) reportSenders(ch ssa.Value, senders []op, ret *ssa.Return, reason string) {
	if isProgramMain(ret.Parent()) {
		return // main's return ends the process: nothing outlives it
	}
	spawner := spawnerName(ch.Parent())
	fix := "make %s buffered (cap %s) or select on a done channel or ctx.Done() in the goroutine"
	capHint := "1"
	if anyInLoop(c, senders) || len(senders) > 1 {
		capHint = "one per sender"
	}
	for _, s := range sortedOps(senders) {
		when := "returns " + reason
		if reason == "early" {
			when = "returns without receiving from it"
		}
		rel := []analysis.RelatedInformation{
			related(s.goInstr.Pos(), "goroutine started here"),
			related(retPos(ret), "%s returns here without receiving", spawner),
		}
		if s.fedBy != nil {
			// The goroutine is in the callee: report at the call.
			feeder := ssaq.Name(s.fedBy)
			if s.fedBy.Pkg != c.pkg && s.fedBy.Pkg != nil {
				feeder = s.fedBy.Pkg.Pkg.Name() + "." + feeder
			}
			c.diag(analysis.Diagnostic{
				Pos:      s.goInstr.Pos(),
				Category: "orphaned-sender",
				Message: fmt.Sprintf("goroutine started by %s blocks forever sending on the channel it returns when %s %s; receive until %s closes it, or give %s a done channel or context to stop on",
					feeder, spawner, when, feeder, feeder),
				Related: rel[1:],
			})
			continue
		}
		name := c.chanName(s, ch)
		msg := fmt.Sprintf("goroutine blocks forever sending on %q when %s %s; "+fix, name, spawner, when, name, capHint)
		if mc, ok := ch.(*ssa.MakeChan); ok && capacity(mc) > 0 && c.outrunsBuffer(senders) {
			msg = fmt.Sprintf("goroutine blocks forever sending on %q when %s %s: it sends in a loop and the buffer of %d fills; select on a done channel or ctx.Done() that %s closes or cancels when it returns",
				name, spawner, when, capacity(mc), spawner)
		}
		c.diag(analysis.Diagnostic{
			Pos:      opPos(s),
			Category: "orphaned-sender",
			Message:  msg,
			Related:  rel,
		})
	}
}

// chanName names the channel an op acts on as the source writes it there,
// falling back to the name of the variable it was made for.
func (c *checker) chanName(o op, mc ssa.Value) string {
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

// isSelectDispatch reports whether cond is a select's "case i chosen" test.
func isSelectDispatch(cond ssa.Value) bool {
	cmp, ok := cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.EQL {
		return false
	}
	ext, ok := cmp.X.(*ssa.Extract)
	if !ok || ext.Index != 0 {
		return false
	}
	_, ok = ext.Tuple.(*ssa.Select)
	return ok
}

// dependsOn reports whether v is computed from the result of instr.
func dependsOn(v ssa.Value, instr ssa.Instruction, depth int) bool {
	if res, ok := instr.(ssa.Value); ok && v == res {
		return true
	}
	if depth == 0 {
		return false
	}
	if _, ok := v.(*ssa.Phi); ok {
		return false
	}
	// A local variable holding the received value (a, ok := <-ch in a
	// select case): what was stored into it.
	if alloc, ok := v.(*ssa.Alloc); ok {
		for _, ref := range *alloc.Referrers() {
			if st, ok := ref.(*ssa.Store); ok && st.Addr == ssa.Value(alloc) && dependsOn(st.Val, instr, depth-1) {
				return true
			}
		}
		return false
	}
	vi, ok := v.(ssa.Instruction)
	if !ok {
		return false
	}
	for _, p := range vi.Operands(nil) {
		if *p != nil && dependsOn(*p, instr, depth-1) {
			return true
		}
	}
	return false
}

// inNaturalLoop reports whether b belongs to the loop headed by h: h
// dominates b and b gets back to h through blocks h dominates (not by
// going round an enclosing loop).
func inNaturalLoop(b, h *ssa.BasicBlock) bool {
	if b == h {
		return true
	}
	if !h.Dominates(b) {
		return false
	}
	seen := map[*ssa.BasicBlock]bool{b: true}
	work := []*ssa.BasicBlock{b}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range x.Succs {
			if s == h {
				return true
			}
			if !seen[s] && h.Dominates(s) {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return false
}

// isClosedTest reports whether cond is the ok of receive instr: a range
// over a channel ends when it is closed, which is its normal end.
func isClosedTest(cond ssa.Value, instr ssa.Instruction) bool {
	ext, ok := cond.(*ssa.Extract)
	u, isRecv := instr.(*ssa.UnOp)
	return ok && isRecv && ext.Index == 1 && ext.Tuple == ssa.Value(u)
}

// isProgramMain reports whether fn is func main of a main package.
func isProgramMain(fn *ssa.Function) bool {
	return fn != nil && fn.Parent() == nil && fn.Name() == "main" && fn.Signature.Recv() == nil &&
		fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main"
}

// finished makes the filter f avoid the spawner's paths that have seen a
// channel (made next to mc, or mc) closed, when only the goroutines
// started at starts close it, nothing sends on it, and each close is
// deferred or followed at once by the goroutine's return: past such a
// receive they have finished (a handshake).
func (c *checker) finished(mc *ssa.MakeChan, starts map[ssa.Instruction]ssa.CallInstruction, f pathFilter) {
	gos := make(map[ssa.CallInstruction]bool)
	for _, g := range starts {
		gos[g] = true
	}
	for _, b := range mc.Parent().Blocks {
		for _, instr := range b.Instrs {
			other, ok := instr.(*ssa.MakeChan)
			if !ok {
				continue
			}
			fl := c.flowOf(other)
			if fl.escaped || fl.returned {
				continue
			}
			closed, foreign, hasSends := false, false, false
			var recvs []op
			for _, o := range fl.ops {
				switch {
				case o.kind == opClose:
					if gos[o.goInstr] && closesLast(o.instr) {
						closed = true
					} else {
						foreign = true
					}
				case o.kind.sends():
					// Values from the senders themselves are fine: seeing
					// the channel closed still means they have finished.
					hasSends = true
					foreign = foreign || !gos[o.goInstr]
				case o.kind.receives() && o.goInstr == nil && o.anchor != nil:
					recvs = append(recvs, o)
				}
			}
			if !closed || foreign {
				continue
			}
			for _, r := range recvs {
				switch x := r.instr.(type) {
				case *ssa.UnOp:
					if !x.CommaOk && !hasSends {
						f.instrs[x] = true // only a close can wake it
					}
					for _, ref := range *x.Referrers() {
						ext, ok := ref.(*ssa.Extract)
						if !ok || ext.Index != 1 {
							continue
						}
						for _, ref2 := range *ext.Referrers() {
							if iff, ok := ref2.(*ssa.If); ok && iff.Cond == ssa.Value(ext) {
								f.edges[edge{iff.Block(), 1}] = true
							}
						}
					}
				case *ssa.Select:
					if hasSends {
						for _, ref := range *x.Referrers() {
							ext, ok := ref.(*ssa.Extract)
							if !ok || ext.Index != 1 {
								continue
							}
							for _, ref2 := range *ext.Referrers() {
								if iff, ok := ref2.(*ssa.If); ok && iff.Cond == ssa.Value(ext) {
									f.edges[edge{iff.Block(), 1}] = true
								}
							}
						}
						continue
					}
					c.avoidCase(f, r)
					if body := caseBody(x, r.state); body != nil && len(body.Preds) == 1 && len(body.Instrs) > 0 {
						f.instrs[body.Instrs[0]] = true
					}
				}
			}
		}
	}
}

// closesLast reports whether a close runs as the goroutine ends: deferred,
// or followed in its block by nothing but the return.
func closesLast(instr ssa.Instruction) bool {
	if _, ok := instr.(*ssa.Defer); ok {
		return true
	}
	b := instr.Block()
	after := false
	for _, i := range b.Instrs {
		if i == instr {
			after = true
			continue
		}
		if !after {
			continue
		}
		switch i.(type) {
		case *ssa.Return:
			return true
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return false
}
