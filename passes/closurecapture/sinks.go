package closurecapture

// This file follows a closure forward to where it goes, and says which of
// those places keep it long (through internal/longlived for stores, and
// golife with the delayed-action rule for goroutines).

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"github.com/leakvet/leakvet/internal/golife"
	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/longlived"
	"github.com/leakvet/leakvet/internal/size"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// sink is one place a closure goes.
type sink struct {
	category string    // "capture-goroutine", ...
	desc     string    // "passed to time.AfterFunc": read after "closure "
	pos      token.Pos // where it escapes
	where    string    // for a stored func parameter's fact: "package-level slice \"hooks\""
	returned bool      // returned to the caller (long-lived only if the caller keeps it)
	intoArg  int       // stored into what parameter intoArg points to (-1: no)
}

func (s sink) longLived() bool { return !s.returned && s.intoArg < 0 }

// apiSinks are the standard library functions that keep a func argument
// (parameter index, receiver first) alive long after the call returns.
var apiSinks = []struct {
	pkg, recv, name       string
	param                 int
	category, desc, where string
	// stoppable: the call returns a handle (a *time.Timer, a stop func)
	// that releases the func when stopped.
	stoppable bool
}{
	{"time", "", "AfterFunc", 1, "capture-afterfunc", "passed to time.AfterFunc", "a time.AfterFunc timer", true},
	{"context", "", "AfterFunc", 1, "capture-afterfunc", "passed to context.AfterFunc", "a context.AfterFunc callback", true},
	{"runtime", "", "SetFinalizer", 1, "capture-finalizer", "set as a finalizer with runtime.SetFinalizer", "a finalizer", false},
	{"runtime", "", "AddCleanup", 1, "capture-finalizer", "registered with runtime.AddCleanup", "a cleanup", false},
	{"net/http", "", "HandleFunc", 1, "capture-handler", "registered with http.HandleFunc", "the default HTTP mux", false},
	{"net/http", "", "Handle", 1, "capture-handler", "registered with http.Handle", "the default HTTP mux", false},
	{"net/http", "ServeMux", "HandleFunc", 2, "capture-handler", "registered with (*http.ServeMux).HandleFunc", "an HTTP mux", false},
	{"net/http", "ServeMux", "Handle", 2, "capture-handler", "registered with (*http.ServeMux).Handle", "an HTTP mux", false},
	{"net/http", "Server", "RegisterOnShutdown", 1, "capture-handler", "registered with (*http.Server).RegisterOnShutdown", "an HTTP server's shutdown hooks", false},
}

// walker follows a closure (or a func value) forward to its sinks.
type walker struct {
	c *checker
	// param: it follows a func parameter for a summary, where objects of
	// other parameters are the caller's to judge.
	param bool
	seen  map[ssa.Value]bool
	out   []sink
}

// sinksOf returns where v, a closure, a call's result or a func
// parameter, goes.
func (c *checker) sinksOf(v ssa.Value) []sink {
	_, param := v.(*ssa.Parameter)
	w := &walker{c: c, param: param, seen: make(map[ssa.Value]bool)}
	w.visit(v, 0)
	return w.out
}

// longSinks returns the long-lived places v (a closure or a call's
// result) reaches.
func (c *checker) longSinks(v ssa.Value) []sink {
	var long []sink
	for _, s := range c.sinksOf(v) {
		if s.longLived() {
			long = append(long, s)
		}
	}
	return long
}

func (w *walker) long(category, desc, where string, pos token.Pos) {
	w.out = append(w.out, sink{category: category, desc: desc, where: where, pos: pos, intoArg: -1})
}

func (w *walker) visit(v ssa.Value, depth int) {
	if v == nil || depth > 12 || w.seen[v] {
		return
	}
	w.seen[v] = true
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.ChangeType, *ssa.ChangeInterface, *ssa.MakeInterface, *ssa.Phi, *ssa.Convert, *ssa.TypeAssert, *ssa.Slice:
			w.visit(r.(ssa.Value), depth+1)
		case *ssa.UnOp:
			if r.Op == token.MUL {
				w.visit(r, depth+1) // load of a variable or cell holding it
			}
		case *ssa.Extract:
			// One result of a call returning a tuple (f, err := build()):
			// follow the results that may hold it, not the error.
			if !isErrorType(r.Type()) {
				w.visit(r, depth+1)
			}
		case *ssa.MakeClosure:
			// Another closure captures the variable holding it: it lives
			// as long as that closure.
			w.visit(r, depth+1)
		case *ssa.Store:
			if r.Val == v {
				w.stored(r, depth)
			}
		case *ssa.MapUpdate:
			if r.Value == v || r.Key == v {
				w.intoContainer(r.Map, r, depth)
			}
		case *ssa.Send:
			if r.X == v {
				w.sent(r)
			}
		case *ssa.Return:
			w.out = append(w.out, sink{returned: true, pos: r.Pos(), intoArg: -1})
		case *ssa.Go:
			call := r.Common()
			if call.Value == v && !call.IsInvoke() {
				// The goroutine runs v's body: the closure followed, or one
				// that captures it (a func parameter called in a loop).
				if body := ssaq.FuncValue(v); body != nil {
					if why, ok := w.c.longGoroutine(r, body); ok {
						w.long("capture-goroutine", "started as a goroutine that "+why, "a goroutine that "+why, r.Pos())
					}
				}
				continue
			}
			w.args(r, call, v, depth)
		case *ssa.Call:
			call := r.Common()
			if ssaq.IsBuiltin(call, "append") {
				for _, a := range call.Args {
					if a == v {
						w.visit(r, depth+1) // the grown slice holds it
					}
				}
				continue
			}
			w.args(r, call, v, depth)
		}
	}
}

// stored follows a store of the value.
func (w *walker) stored(st *ssa.Store, depth int) {
	switch addr := st.Addr.(type) {
	case *ssa.Alloc:
		w.visit(addr, depth+1) // a local variable or cell: follow it
	case *ssa.FieldAddr:
		w.intoField(addr, st, depth)
	case *ssa.IndexAddr:
		w.intoContainer(addr.X, st, depth)
	case *ssa.Global:
		if pl, ok := w.c.places.Store(addr); ok {
			w.long(placeCategory(pl), "stored in "+pl.Where, pl.Where, st.Pos())
		}
	default:
		if p, ok := ssaq.Unwrap(st.Addr).(*ssa.Parameter); ok {
			w.out = append(w.out, sink{pos: st.Pos(), intoArg: size.ParamIndex(p)})
		}
	}
}

// placeCategory is the diagnostic category of a long-lived place.
func placeCategory(pl longlived.Place) string {
	switch pl.Kind {
	case "field":
		return "capture-field"
	case "channel":
		return "capture-channel"
	}
	return "capture-global"
}

// intoField follows a store into field fa.
func (w *walker) intoField(fa *ssa.FieldAddr, st ssa.Instruction, depth int) {
	if p := w.paramRoot(fa.X); p != nil {
		// A func parameter stored into another parameter's object: whether
		// that object lives long is the caller's to say.
		w.out = append(w.out, sink{pos: st.Pos(), intoArg: size.ParamIndex(p)})
		return
	}
	if pl, ok := w.c.places.Field(fa); ok {
		w.long(placeCategory(pl), "stored in "+pl.Where, pl.Where, st.Pos())
		return
	}
	w.container(fa.X, st, depth)
}

// intoContainer follows a store into an element of x (a slice, array or
// map).
func (w *walker) intoContainer(x ssa.Value, st ssa.Instruction, depth int) {
	x = ssaq.Unwrap(x)
	if u, ok := x.(*ssa.UnOp); ok && u.Op == token.MUL {
		if a, ok := u.X.(*ssa.FieldAddr); ok {
			if p := w.paramRoot(a.X); p != nil {
				w.out = append(w.out, sink{pos: st.Pos(), intoArg: size.ParamIndex(p)})
				return
			}
		}
		if pl, ok := w.c.places.Container(x); ok {
			w.long(placeCategory(pl), "stored in "+pl.Where, pl.Where, st.Pos())
			return
		}
		if a, ok := u.X.(*ssa.FieldAddr); ok {
			w.container(a.X, st, depth)
			return
		}
	}
	w.container(x, st, depth)
}

// paramRoot returns the parameter whose object x is (a field of), when
// the walker follows a func parameter for a summary; else nil.
func (w *walker) paramRoot(x ssa.Value) *ssa.Parameter {
	if !w.param {
		return nil
	}
	return ssaq.ParamRoot(x)
}

// container follows the object or collection x that now holds the closure:
// a fresh local one is followed on; a parameter's is recorded for the
// summary.
func (w *walker) container(x ssa.Value, st ssa.Instruction, depth int) {
	switch x := ssaq.Unwrap(x).(type) {
	case *ssa.Alloc, *ssa.MakeSlice, *ssa.MakeMap:
		w.visit(x, depth+1)
	case *ssa.Parameter:
		w.out = append(w.out, sink{pos: st.Pos(), intoArg: size.ParamIndex(x)})
	case *ssa.UnOp:
		if a, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL {
			w.visit(a, depth+1) // a local variable holding the collection
		}
	}
}

// sent follows a send on a channel: one held by a package-level var or a
// long-lived object keeps what it carries until someone receives it.
func (w *walker) sent(s *ssa.Send) {
	if pl, ok := w.c.places.Chan(s.Chan); ok {
		w.long(placeCategory(pl), "sent on "+pl.Where, pl.Where, s.Pos())
	}
}

// args follows the value passed as arguments of call.
func (w *walker) args(instr ssa.CallInstruction, call *ssa.CallCommon, v ssa.Value, depth int) {
	fn := ssaq.Callee(call)
	if fn == nil {
		return // unknown callee: stay silent
	}
	for i, a := range call.Args {
		if a != v {
			continue
		}
		p := size.ParamFor(call, i)
		for _, api := range apiSinks {
			match := api.param == p && (api.recv == "" && ssaq.IsFunc(fn, api.pkg, api.name) ||
				api.recv != "" && ssaq.IsMethod(fn, api.pkg, api.recv, api.name))
			if match && !(api.stoppable && stoppedOnReturn(instr)) {
				w.long(api.category, api.desc, api.where, instr.Pos())
			}
		}
		s := w.c.summaryOf(fn)
		if s == nil {
			continue
		}
		name := ssaq.CalleeName(fn, w.c.pass.Pkg)
		if sf, ok := s.stores[p]; ok {
			w.long(orDefault(sf.Category, "capture-stored"), fmt.Sprintf("passed to %s, which stores it in %s", name, sf.Where), sf.Where, instr.Pos())
		}
		for in := range s.storesIn {
			if in.Param != p {
				continue
			}
			into := size.ArgFor(call, in.Into)
			if into == nil {
				continue
			}
			if why, ok := w.c.places.Object(into); ok {
				where := fmt.Sprintf("the %s %s", w.c.typeString(into.Type()), why)
				w.long("capture-stored", fmt.Sprintf("passed to %s, which stores it in %s", name, where), where, instr.Pos())
				continue
			}
			w.container(into, instr, depth)
		}
	}
}

// stoppedOnReturn reports whether the handle the call returns (the
// *time.Timer of time.AfterFunc, the stop func of context.AfterFunc) is
// stopped on every path to its function's return, deferred or not: the
// func it was given then lives no longer than the function.
func stoppedOnReturn(instr ssa.CallInstruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	stops := make(map[ssa.Instruction]bool)
	for _, h := range handles(call) {
		for ci := range stopCalls(h) {
			stops[ci] = true
		}
	}
	// defer func() { t.Stop() }(): the Defer of a closure that stops the
	// handle on every path of its own is a stop where it is registered.
	for _, mc := range handleClosures(call) {
		for _, r := range *mc.Referrers() {
			d, ok := r.(*ssa.Defer)
			if !ok || d.Call.Value != mc {
				continue
			}
			body := mc.Fn.(*ssa.Function)
			inner := make(map[ssa.Instruction]bool)
			for i, fv := range body.FreeVars {
				if !slices.Contains(handleAllocs(call), mc.Bindings[i]) {
					continue
				}
				for _, fr := range *fv.Referrers() {
					if u, ok := fr.(*ssa.UnOp); ok && u.Op == token.MUL {
						for ci := range stopCalls(u) {
							inner[ci] = true
						}
					}
				}
			}
			if len(inner) > 0 && ssaq.EntryExitAvoiding(body, func(i ssa.Instruction) bool { return inner[i] }) == nil {
				stops[d] = true
			}
		}
	}
	return len(stops) > 0 && !ssaq.PathToExitAvoiding(instr, func(i ssa.Instruction) bool { return stops[i] })
}

// stopCalls returns the calls that stop the handle h: h() (a stop func) or
// h.Stop() (a *time.Timer).
func stopCalls(h ssa.Value) map[ssa.CallInstruction]bool {
	out := make(map[ssa.CallInstruction]bool)
	refs := h.Referrers()
	if refs == nil {
		return out
	}
	for _, r := range *refs {
		ci, ok := r.(ssa.CallInstruction)
		if !ok {
			continue
		}
		c := ci.Common()
		if c.Value == h || len(c.Args) == 1 && c.Args[0] == h && ssaq.IsMethod(ssaq.Callee(c), "time", "Timer", "Stop") {
			out[ci] = true
		}
	}
	return out
}

// handleAllocs returns the local variables v is stored in.
func handleAllocs(v ssa.Value) []ssa.Value {
	var out []ssa.Value
	if v.Referrers() == nil {
		return nil
	}
	for _, r := range *v.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Val == v {
			if a, ok := st.Addr.(*ssa.Alloc); ok && a.Referrers() != nil {
				out = append(out, a)
			}
		}
	}
	return out
}

// handleClosures returns the closures that capture a variable v is stored
// in.
func handleClosures(v ssa.Value) []*ssa.MakeClosure {
	var out []*ssa.MakeClosure
	for _, a := range handleAllocs(v) {
		for _, r := range *a.Referrers() {
			if mc, ok := r.(*ssa.MakeClosure); ok {
				if _, ok := mc.Fn.(*ssa.Function); ok {
					out = append(out, mc)
				}
			}
		}
	}
	return out
}

// handles returns v and, when v is stored in local variables (t :=
// time.AfterFunc(...) captured by a closure), the values loaded from them.
func handles(v ssa.Value) []ssa.Value {
	out := []ssa.Value{v}
	for _, a := range handleAllocs(v) {
		for _, ar := range *a.Referrers() {
			if u, ok := ar.(*ssa.UnOp); ok && u.Op == token.MUL {
				out = append(out, u)
			}
		}
	}
	return out
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// longGoroutine reports whether the goroutine g starts, running body,
// outlives its spawner: it never returns, or it blocks (on a channel, a
// select, a sleep, or a call that never returns) and the spawner does not
// wait for it before returning.
func (c *checker) longGoroutine(g *ssa.Go, body *ssa.Function) (string, bool) {
	if len(body.Blocks) == 0 {
		return "", false
	}
	if lifetime.Forever(body) {
		return "never returns", true
	}

	// It lives long when it waits in a loop (a worker, a poller), or waits
	// for a context, a timer or a sleep (a delayed action). A one-off
	// receive in straight-line code (a semaphore, a ready signal) does not
	// count.
	blocks, signals := false, false
	for _, b := range body.Blocks {
		inLoop := c.life.InLoop(b)
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.UnOp:
				if instr.Op == token.ARROW && (inLoop || longWaitChan(instr.X)) && !endsWithSpawner(g, instr.X) {
					blocks = true
				}
			case *ssa.Select:
				if instr.Blocking {
					ended := false // a case the spawner's return fires ends the wait
					for _, st := range instr.States {
						ended = ended || st.Dir == types.RecvOnly && endsWithSpawner(g, st.Chan)
					}
					for _, st := range instr.States {
						if !ended && (inLoop || st.Dir == types.RecvOnly && longWaitChan(st.Chan)) {
							blocks = true
						}
					}
				}
			case *ssa.Send:
				signals = true
			case ssa.CallInstruction:
				call := instr.Common()
				fn := ssaq.Callee(call)
				switch {
				case ssaq.IsBuiltin(call, "close"):
					signals = true
				case ssaq.IsFunc(fn, "time", "Sleep"):
					blocks = true
				case ssaq.IsMethod(fn, "sync", "Cond", "Wait"):
					blocks = blocks || inLoop
				case ssaq.IsMethod(fn, "sync", "WaitGroup", "Done"):
					signals = true
				case fn != nil && c.inPkg[fn] && fn != body && len(fn.Blocks) > 0 && lifetime.Forever(fn):
					return "never returns", true
				}
			}
		}
	}
	why := "blocks and that nothing waits for"
	if !blocks && c.golife != nil {
		// What this delayed-action rule does not see (a goroutine that
		// blocks inside a callee), the suite's goroutine-lifetime query may;
		// a goroutine the spawner joins is short-lived either way.
		why, blocks = outlives(c.golife.Of(g))
	}
	if !blocks {
		return "", false
	}
	spawner := g.Parent()
	waits := func(instr ssa.Instruction) bool {
		switch instr := instr.(type) {
		case *ssa.UnOp:
			return signals && instr.Op == token.ARROW
		case *ssa.Select:
			return signals && instr.Blocking
		case ssa.CallInstruction:
			fn := ssaq.Callee(instr.Common())
			return ssaq.IsMethod(fn, "sync", "WaitGroup", "Wait") ||
				ssaq.IsMethod(fn, "golang.org/x/sync/errgroup", "Group", "Wait")
		}
		return false
	}
	hasWait := false
	for _, b := range spawner.Blocks {
		for _, instr := range b.Instrs {
			hasWait = hasWait || waits(instr)
		}
	}
	if hasWait && !ssaq.PathToExitAvoiding(g, waits) {
		return "", false // joined before the spawner returns
	}
	return why, true
}

// longWaitChan reports whether ch is a channel whose receive waits as long
// as something else lives: ctx.Done() (or another Done() method's channel),
// a timer's or ticker's C, time.After or time.Tick.
func longWaitChan(ch ssa.Value) bool {
	if ssaq.ContextDone(ch) != nil || ssaq.TimeChan(ch) != "" {
		return true
	}
	if v, ok := ssaq.Unwrap(ch).(*ssa.Call); ok && !v.Call.IsInvoke() {
		fn := ssaq.Callee(&v.Call)
		return fn != nil && fn.Name() == "Done" && fn.Signature.Recv() != nil && fn.Signature.Params().Len() == 0
	}
	return false
}

// endsWithSpawner reports whether a receive from ch, in the body of the
// goroutine g starts, returns once g's spawner has returned: ch is the
// Done channel of a context the spawner makes with context.WithCancel,
// WithTimeout or WithDeadline and cancels with defer cancel(), or a
// channel the spawner makes and closes with defer close(ch).
func endsWithSpawner(g *ssa.Go, ch ssa.Value) bool {
	spawner := g.Parent()
	mc, ok := g.Call.Value.(*ssa.MakeClosure)
	if !ok {
		return false
	}
	body := ssaq.FuncValue(mc)
	bound := func(v ssa.Value) ssa.Value { // a captured value in the spawner's terms
		v = ssaq.Unwrap(v)
		load, isLoad := v.(*ssa.UnOp) // a captured variable: *fv
		if isLoad && load.Op == token.MUL {
			v = load.X
		}
		fv, ok := v.(*ssa.FreeVar)
		if !ok || body == nil {
			return nil
		}
		for i, f := range body.FreeVars {
			if f != fv || i >= len(mc.Bindings) {
				continue
			}
			b := mc.Bindings[i]
			if !isLoad {
				return b
			}
			if a, ok := b.(*ssa.Alloc); ok {
				return ssaq.StoredOnce(a)
			}
		}
		return nil
	}
	deferred := func(match func(*ssa.Defer) bool) bool {
		for _, b := range spawner.Blocks {
			for _, instr := range b.Instrs {
				if d, ok := instr.(*ssa.Defer); ok && match(d) {
					return true
				}
			}
		}
		return false
	}
	if ctx := ssaq.ContextDone(ch); ctx != nil {
		ext, ok := bound(ctx).(*ssa.Extract)
		if !ok || ext.Index != 0 {
			return false
		}
		call, ok := ext.Tuple.(*ssa.Call)
		if !ok {
			return false
		}
		fn := ssaq.Callee(&call.Call)
		if !ssaq.IsFunc(fn, "context", "WithCancel") && !ssaq.IsFunc(fn, "context", "WithTimeout") && !ssaq.IsFunc(fn, "context", "WithDeadline") {
			return false
		}
		return deferred(func(d *ssa.Defer) bool {
			cancel, ok := d.Call.Value.(*ssa.Extract)
			return ok && cancel.Tuple == call && cancel.Index == 1
		})
	}
	made, ok := bound(ch).(*ssa.MakeChan)
	return ok && deferred(func(d *ssa.Defer) bool {
		if !ssaq.IsBuiltin(&d.Call, "close") || len(d.Call.Args) != 1 {
			return false
		}
		arg := ssaq.Unwrap(d.Call.Args[0])
		if load, ok := arg.(*ssa.UnOp); ok && load.Op == token.MUL {
			if a, ok := load.X.(*ssa.Alloc); ok {
				arg = ssaq.StoredOnce(a) // the variable the closure captures
			}
		}
		return arg == made
	})
}

// longGo is the goroutine-lifetime query the long-lived places use (a
// type runs a goroutine that outlives its call): the suite's golife.
func (c *checker) longGo(g *ssa.Go) (string, bool) {
	if c.golife == nil {
		return "", false
	}
	return outlives(c.golife.Of(g))
}

// outlives words golife's answer for messages.
func outlives(l golife.Lifetime) (string, bool) {
	switch {
	case !l.OutlivesCall():
		return "", false
	case l.Exit == golife.Never:
		return "never returns", true
	}
	return "runs until its owner shuts down", true
}

// isErrorType reports whether t is the predeclared error type.
func isErrorType(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// once reports whether instr runs at most once in the life of the process
// (main, init, a sync.Once body, and what only they call): a value it pins
// is pinned once, like configuration loaded at start-up and captured by a
// handler, not once per request.
func (c *checker) once(instr ssa.Instruction) bool {
	return c.life != nil && c.life.At(instr).Runs == lifetime.Once
}
