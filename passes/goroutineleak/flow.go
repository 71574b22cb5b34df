package goroutineleak

import (
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// opKind is what an instruction does with a tracked value.
type opKind uint8

const (
	opSend    opKind = iota // blocking send
	opRecv                  // blocking receive of one value
	opRange                 // receive until closed (range, or v, ok in a loop)
	opClose                 // close(ch)
	opTrySend               // send as one case of a select with alternatives
	opTryRecv               // receive as one case of a select with alternatives
	opCall                  // call of a tracked func value (a cancel func)
)

func (k opKind) receives() bool { return k == opRecv || k == opRange || k == opTryRecv }
func (k opKind) sends() bool    { return k == opSend || k == opTrySend }

// op is one operation on a tracked value, with where it happens relative
// to the function the value was made in (its origin).
type op struct {
	kind  opKind
	instr ssa.Instruction // the operation, in whatever function
	// state is the select case index of a try op.
	state int
	// goInstr starts the goroutine that performs the op (a go statement,
	// or a call like wg.Go(f)); nil if the op is on the origin function's
	// own flow of control.
	goInstr ssa.CallInstruction
	// anchor is the instruction of the origin function through which the
	// op is reached (the op itself, a call, a defer or a go statement); nil
	// when reached through a closure that escapes (run at unknown times).
	anchor ssa.Instruction
	// inGo is the instruction of the goroutine's own function through which
	// the op is reached; nil when goInstr is nil.
	inGo ssa.Instruction
	// repeats marks a send that happens many times (a loop in a callee).
	repeats bool
	// fedBy is, for the stand-in sender of a channel a call returns, the
	// callee whose goroutine sends on it.
	fedBy *ssa.Function
}

// flow is everything done with one value (a channel, a context or a cancel
// func) made in origin.
type flow struct {
	origin  *ssa.Function
	ops     []op
	escaped bool // it reaches code whose use of it cannot be seen
	// returned: the origin function returns it (its caller takes over).
	returned bool
	// handoffs are where it escaped, for flows (cancel funcs) where
	// handing it on is as good as using it.
	handoffs []op
}

// flowMode selects what counts as an operation.
type flowMode uint8

const (
	chanMode   flowMode = iota // channel: send, receive, close
	ctxMode                    // context: receives from its Done(); other uses are harmless
	cancelMode                 // cancel func: calls of it
	objMode                    // a local object holding the tracked channel in a field
)

// place is where the walk is: in which function, under which goroutine,
// and through which anchors.
type place struct {
	fn         *ssa.Function
	goInstr    ssa.CallInstruction
	goFn       *ssa.Function // the goroutine's own function
	anchor     ssa.Instruction
	inGo       ssa.Instruction
	unanchored bool
	depth      int
}

const maxDepth = 6

type walker struct {
	c      *checker
	mode   flowMode
	f      *flow
	origin ssa.Value // the tracked value as made (other stores to its variable are ambiguous)
	seen   map[walkKey]bool
	// In objMode: the field of the object that holds the channel, and the
	// channel's walker, which follows loads of that field.
	field int
	chans *walker
}

type walkKey struct {
	v       ssa.Value
	anchor  ssa.Instruction
	goInstr ssa.CallInstruction
}

// track follows v, made in its parent function, through locals, closures,
// calls of the package's functions, go statements and other packages'
// facts, and records what is done with it.
func (c *checker) track(v ssa.Value, mode flowMode) *flow {
	fn := v.Parent()
	w := &walker{c: c, mode: mode, f: &flow{origin: fn}, origin: v, seen: make(map[walkKey]bool)}
	w.value(v, place{fn: fn})
	return w.f
}

// record adds an op found at instr under p.
func (w *walker) record(kind opKind, instr ssa.Instruction, state int, p place) {
	o := op{kind: kind, instr: instr, state: state, goInstr: p.goInstr, anchor: p.anchor, inGo: p.inGo}
	if p.unanchored {
		o.anchor = nil
	} else if o.anchor == nil {
		o.anchor = instr
	}
	if p.goInstr != nil && o.inGo == nil {
		o.inGo = instr
	}
	w.f.ops = append(w.f.ops, o)
}

// enter returns the place for code reached from p through instr (a call,
// defer or go statement, or a call that starts fn as a goroutine) into fn.
func (p place) enter(instr ssa.Instruction, fn *ssa.Function) place {
	q := p
	q.fn = fn
	q.depth++
	if g, ok := startsGoroutine(instr); ok {
		if q.anchor == nil && !q.unanchored {
			q.anchor = g
		}
		q.goInstr, q.goFn, q.inGo = g, fn, nil
		return q
	}
	if q.anchor == nil && !q.unanchored {
		q.anchor = instr
	}
	if q.goInstr != nil && q.inGo == nil {
		q.inGo = instr
	}
	return q
}

func (w *walker) escape() {
	if w.mode != ctxMode {
		w.f.escaped = true
	}
}

// escapeAt records an escape at instr under p: cancel funcs may be handed
// on (stored, returned, passed) and then called by the new holder.
func (w *walker) escapeAt(instr ssa.Instruction, p place) {
	if w.mode == cancelMode {
		o := op{kind: opCall, instr: instr, goInstr: p.goInstr, anchor: p.anchor}
		if p.unanchored {
			o.anchor = nil
		} else if o.anchor == nil {
			o.anchor = instr
		}
		w.f.handoffs = append(w.f.handoffs, o)
	}
	w.escape()
}

func (w *walker) value(v ssa.Value, p place) {
	if w.f.escaped || p.depth > maxDepth {
		return
	}
	key := walkKey{v, p.anchor, p.goInstr}
	if w.seen[key] {
		return
	}
	w.seen[key] = true
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, instr := range *refs {
		if w.f.escaped {
			return
		}
		switch u := instr.(type) {
		case *ssa.ChangeType, *ssa.Phi, *ssa.Convert, *ssa.ChangeInterface:
			w.value(u.(ssa.Value), p)
		case *ssa.DebugRef, *ssa.BinOp, *ssa.If:
		case *ssa.Store:
			if u.Val != v {
				continue
			}
			if a, ok := u.Addr.(*ssa.Alloc); ok {
				w.variable(a, p, v)
			} else if fa, ok := u.Addr.(*ssa.FieldAddr); ok && w.mode == chanMode && isLocalObject(fa.X) {
				obj := &walker{c: w.c, mode: objMode, f: w.f, origin: fa.X, seen: w.seen, field: fa.Field, chans: w}
				obj.value(fa.X, p)
			} else if w.mode != ctxMode {
				w.escapeAt(u, p)
			}
		case *ssa.FieldAddr:
			if w.mode != objMode {
				w.escapeAt(u, p)
			} else if u.Field == w.field {
				w.fieldUses(u, p)
			}
		case *ssa.Send:
			if w.mode == chanMode && u.Chan == v {
				kind := opSend
				if roomGuarded(u) {
					kind = opTrySend // runs only when the buffer has room: cannot block
				}
				w.record(kind, u, -1, p)
			} else if w.mode != ctxMode {
				w.escape()
			}
		case *ssa.UnOp:
			if w.mode == chanMode && u.Op == token.ARROW {
				kind := opRecv
				if u.CommaOk && w.c.inLoop(u.Block()) {
					kind = opRange
				}
				w.record(kind, u, -1, p)
			}
		case *ssa.Select:
			w.selectOp(u, v, p)
		case *ssa.MakeClosure:
			for i, b := range u.Bindings {
				if b == v {
					w.closure(u, i, false, p)
				}
			}
		case ssa.CallInstruction:
			w.call(u, v, p)
		case *ssa.Return:
			if w.mode == chanMode && p.fn == w.f.origin && p.goInstr == nil && !p.unanchored {
				w.f.returned = true
			} else {
				w.escapeAt(u, p)
			}
		default:
			if w.mode != ctxMode {
				w.escapeAt(u, p)
			}
		}
	}
}

// isLocalObject reports whether v is a struct allocated in its function,
// whose uses the walk can follow.
func isLocalObject(v ssa.Value) bool {
	_, ok := v.(*ssa.Alloc)
	return ok
}

// fieldUses follows the address of the object's channel field: loads carry
// the channel; other stores replace it.
func (w *walker) fieldUses(fa *ssa.FieldAddr, p place) {
	for _, ref := range *fa.Referrers() {
		switch u := ref.(type) {
		case *ssa.UnOp:
			if u.Op == token.MUL {
				w.chans.value(u, p)
			}
		case *ssa.Store:
			if u.Addr == fa && ssaq.Unwrap(u.Val) != w.chans.origin && !isNil(u.Val) { // the channel itself, also as chan<- T
				w.escape()
			}
		case *ssa.DebugRef:
		default:
			w.escape()
		}
	}
}

func (w *walker) selectOp(s *ssa.Select, v ssa.Value, p place) {
	for i, st := range s.States {
		if st.Send == v && w.mode != ctxMode {
			w.escape()
			return
		}
		if st.Chan != v || w.mode != chanMode {
			continue
		}
		alone := len(s.States) == 1 && s.Blocking
		switch {
		case st.Dir == 1 && alone: // types.SendOnly
			w.record(opSend, s, i, p)
		case st.Dir == 1:
			w.record(opTrySend, s, i, p)
		case alone:
			w.record(opRecv, s, i, p)
		default:
			w.record(opTryRecv, s, i, p)
		}
	}
}

// variable follows a local variable (an Alloc, or a closure's free
// variable holding its address) the value was stored in; via is the value
// stored (the tracked one, or a parameter carrying it), nil for a captured
// variable.
func (w *walker) variable(addr ssa.Value, p place, via ssa.Value) {
	refs := addr.Referrers()
	if refs == nil {
		return
	}
	for _, instr := range *refs {
		switch u := instr.(type) {
		case *ssa.UnOp:
			if u.Op == token.MUL {
				w.value(u, p)
			}
		case *ssa.Store:
			// Another value assigned to the variable: its uses may be of
			// either. A nil (disabling a select case) is harmless.
			if u.Addr == addr && ssaq.Unwrap(u.Val) != w.origin && u.Val != via && !isNil(u.Val) && w.mode != ctxMode {
				w.escape()
			}
		case *ssa.MakeClosure:
			for i, b := range u.Bindings {
				if b == addr {
					w.closure(u, i, true, p)
				}
			}
		case *ssa.DebugRef:
		default:
			if w.mode != ctxMode {
				w.escape()
			}
		}
	}
}

// closure follows the value (or variable, when byRef) captured as free
// variable i of mc into the closure's body, once per way the closure is
// run: as a goroutine, called or deferred here, or (escaping) at unknown
// times.
func (w *walker) closure(mc *ssa.MakeClosure, i int, byRef bool, p place) {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok || i >= len(fn.FreeVars) {
		w.escape()
		return
	}
	fv := fn.FreeVars[i]
	follow := func(q place) {
		if byRef {
			w.variable(fv, q, nil)
		} else {
			w.value(fv, q)
		}
	}
	refs := mc.Referrers()
	if refs == nil {
		return
	}
	for _, instr := range *refs {
		switch u := instr.(type) {
		case ssa.CallInstruction:
			if u.Common().Value == mc {
				follow(p.enter(u, fn))
				continue
			}
			if _, ok := startsGoroutine(u); ok && runnerArg(u.Common()) == ssa.Value(mc) {
				follow(p.enter(u, fn))
				continue
			}
			q := p
			q.fn, q.unanchored, q.depth = fn, true, p.depth+1
			follow(q)
		case *ssa.DebugRef:
		default:
			q := p
			q.fn, q.unanchored, q.depth = fn, true, p.depth+1
			follow(q)
		}
	}
}

// call handles v passed to, or called by, a call, defer or go statement.
func (w *walker) call(instr ssa.CallInstruction, v ssa.Value, p place) {
	call := instr.Common()
	if call.Value == v {
		if w.mode == cancelMode {
			w.record(opCall, instr, -1, p)
		} else if w.mode == ctxMode && call.IsInvoke() && call.Method.Name() == "Done" {
			if res, ok := instr.(*ssa.Call); ok {
				w.doneChannel(res, p)
			}
		}
		return
	}
	if w.mode == chanMode {
		if ssaq.IsBuiltin(call, "close") {
			w.record(opClose, instr, -1, p)
			return
		}
		if ssaq.IsBuiltin(call, "len") || ssaq.IsBuiltin(call, "cap") {
			return
		}
	}
	for i, a := range call.Args {
		if a != v {
			continue
		}
		callee := ssaq.Callee(call)
		if call.IsInvoke() {
			i++ // Params include the receiver
			callee = nil
		}
		if callee != nil && callee.Pkg == w.c.pkg && len(callee.Blocks) > 0 && i < len(callee.Params) {
			w.value(callee.Params[i], p.enter(instr, callee))
			continue
		}
		if w.mode == ctxMode {
			continue // contexts go everywhere; only cancel funcs matter
		}
		if w.mode == chanMode && callee != nil {
			if ops, ok := w.c.paramOps(callee, i); ok {
				q := p
				if g, isGo := startsGoroutine(instr); isGo {
					q = p.enter(g, callee)
				}
				for _, k := range ops {
					w.record(k, instr, -1, q)
				}
				continue
			}
		}
		w.escapeAt(instr, p)
		return
	}
}

// doneChannel records receives from the channel a ctx.Done() call returns.
func (w *walker) doneChannel(done *ssa.Call, p place) {
	refs := done.Referrers()
	if refs == nil {
		return
	}
	for _, instr := range *refs {
		switch u := instr.(type) {
		case *ssa.UnOp:
			if u.Op == token.ARROW {
				w.record(opRecv, u, -1, p)
			}
		case *ssa.Select:
			for i, st := range u.States {
				if st.Chan == done {
					if len(u.States) == 1 && u.Blocking {
						w.record(opRecv, u, i, p)
					} else {
						w.record(opTryRecv, u, i, p)
					}
				}
			}
		}
	}
}

func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// startsGoroutine reports whether instr starts a goroutine: a go
// statement, or a call of (*sync.WaitGroup).Go or (*errgroup.Group).Go,
// which run their func argument in a new goroutine.
func startsGoroutine(instr ssa.Instruction) (ssa.CallInstruction, bool) {
	switch x := instr.(type) {
	case *ssa.Go:
		return x, true
	case *ssa.Call:
		if runnerArg(&x.Call) != nil {
			return x, true
		}
	}
	return nil, false
}

// roomGuarded reports whether send runs only when its channel's buffer has
// room: it is dominated by the "room" edge of a test len(ch) < cap(ch)
// (or len(ch) == cap(ch), != , >=) of the same channel value. With one
// sender, such a send never blocks; an unbuffered channel never has room,
// so the guarded branch never runs.
func roomGuarded(send *ssa.Send) bool {
	b := send.Block()
	for d := b; d != nil; d = d.Idom() {
		dom := d.Idom()
		if dom == nil || len(dom.Instrs) == 0 {
			break
		}
		iff, ok := dom.Instrs[len(dom.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		bin, ok := iff.Cond.(*ssa.BinOp)
		if !ok {
			continue
		}
		lenFirst := builtinOf(bin.X, "len", send.Chan) && builtinOf(bin.Y, "cap", send.Chan)
		capFirst := builtinOf(bin.X, "cap", send.Chan) && builtinOf(bin.Y, "len", send.Chan)
		if !lenFirst && !capFirst {
			continue
		}
		// succ is the successor of dom that leads to the send.
		succ := -1
		for i, s := range dom.Succs {
			if s == d && len(d.Preds) == 1 {
				succ = i
			}
		}
		if succ < 0 {
			continue
		}
		op := bin.Op
		if capFirst { // cap(ch) OP len(ch): mirror
			op = ssaq.MirrorOp(op)
		}
		// Room means len < cap.
		switch {
		case op == token.LSS && succ == 0, op == token.GEQ && succ == 1,
			op == token.NEQ && succ == 0, op == token.EQL && succ == 1:
			return true
		}
	}
	return false
}

// builtinOf reports whether v is a call of the builtin name on ch.
func builtinOf(v ssa.Value, name string, ch ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok || len(call.Call.Args) != 1 {
		return false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == name && call.Call.Args[0] == ch
}

// runnerArg returns the func value a call hands to a goroutine it starts:
// the known runners (sync.WaitGroup.Go, errgroup.Group.Go, see
// ssaq.GoRunnerArg), or a function of the package judged by what it does:
// one of its func parameters is only run by a go statement (go f()).
func runnerArg(call *ssa.CallCommon) ssa.Value {
	if v := ssaq.GoRunnerArg(call); v != nil {
		return v
	}
	fn := call.StaticCallee()
	if fn != nil && fn.Origin() != nil {
		fn = fn.Origin() // a generic instance: its origin has the body
	}
	if fn == nil || len(fn.Blocks) == 0 {
		return nil
	}
	for i, p := range fn.Params {
		if _, ok := p.Type().Underlying().(*types.Signature); !ok || i >= len(call.Args) {
			continue
		}
		started, only := false, true
		for _, r := range *p.Referrers() {
			switch r := r.(type) {
			case *ssa.Go:
				if r.Call.Value == ssa.Value(p) {
					started = true
				} else {
					only = false
				}
			case *ssa.DebugRef:
			default:
				only = false
			}
		}
		if started && only {
			return call.Args[i]
		}
	}
	return nil
}

// goFunc is the func value a goroutine start runs: a go statement's, or
// the one a runner call hands on (see runnerArg).
func goFunc(instr ssa.Instruction) ssa.Value {
	switch x := instr.(type) {
	case *ssa.Go:
		return x.Call.Value
	case ssa.CallInstruction:
		return runnerArg(x.Common())
	}
	return nil
}
