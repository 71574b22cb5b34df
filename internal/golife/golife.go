// Package golife is the suite's one goroutine-lifetime query (blocking
// model §6, /work/shared/design/blocking-model.md): for each goroutine a
// package starts, it classifies every exit by the signal the exit waits
// for, and answers "does this goroutine outlive the call that starts it?".
//
// The signals, from the earliest to fire to the latest:
//
//   - PerCall: derived from the spawner's locals or its request — a local
//     done channel some party closes or sends to, r.Context(), a context
//     whose cancel func is called or handed on, a deadline, a per-call
//     error; and anything the model cannot see (an escaped channel, an
//     unknown call), so that an unknown exit never makes a goroutine look
//     immortal;
//   - Owner: a field of the long-lived owner that only other functions
//     close or send to (its shutdown path, found by what those functions
//     do — close(s.quit), s.cancel() — never by their names), and a context
//     kept in a field of the owner;
//   - Never: a channel nothing closes or sends to in a closed world (a
//     local that does not escape, an unexported field, a nil channel),
//     ctx.Done() of a context rooted at context.Background() whose cancel
//     is never called, and the closing of a ticker's channel (the runtime
//     never closes it: for range t.C does not end).
//
// A goroutine's Exit is the earliest signal that lets some path of its body
// reach a return: PerCall when a return needs no Owner or Never wait,
// Owner when every return needs the owner's shutdown, Never when no return
// can be reached. A goroutine started per call whose Exit is Owner or Never
// outlives its call.
//
// Parameters are followed to the go statement's arguments, free variables
// to the closure's bindings, a spawner's own parameters to its callers in
// the package (all of them; an exported or escaping function's parameters
// are PerCall). The query is lazy and memoised per go statement, and safe
// for concurrent use by the passes of one package.
package golife

import (
	"go/token"
	"go/types"
	"strings"
	"sync"

	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// Signal is what an exit of a goroutine waits for, ordered from the
// earliest to fire to the latest.
type Signal uint8

const (
	PerCall Signal = iota // fires within the spawning call (or cannot be told)
	Owner                 // fires when the long-lived owner shuts down
	Never                 // never fires
)

func (s Signal) String() string { return [...]string{"per call", "owner lifetime", "never"}[s] }

// Wait is one operation on a path to a goroutine's return whose signal is
// Owner or Never: a receive, a select case, a call that does not return.
type Wait struct {
	Pos    token.Pos
	Signal Signal
	Why    string // "done is never closed or sent to", "s.quit is closed only by (*Server).Shutdown"
}

// Lifetime is the answer for one goroutine start: a go statement, or a
// call that runs its func argument in a new goroutine ((*sync.WaitGroup).Go,
// Go 1.25; (*errgroup.Group).Go), see ssaq.GoFunc.
type Lifetime struct {
	Go      ssa.CallInstruction
	Body    *ssa.Function // nil when the started function is not in the package
	Spawner *ssa.Function // the function holding the go statement
	// Exit is the earliest signal some path of Body needs to reach a return.
	Exit Signal
	// Waits are the Owner and Never waits the paths to a return meet, in
	// the order found (for messages and Related).
	Waits []Wait
	// Runs is how often the go statement runs (lifetime.Info.At).
	Runs lifetime.Context
	// PerRequest reports that the spawner serves one request per call: an
	// http.Handler-shaped function or one taking an *http.Request.
	PerRequest bool
}

// Forever reports that no exit of the goroutine can ever fire.
func (l Lifetime) Forever() bool { return l.Body != nil && l.Exit == Never }

// OutlivesCall reports that the goroutine runs past the end of the call
// that starts it: its exits wait only for the owner's shutdown or for
// nothing.
func (l Lifetime) OutlivesCall() bool { return l.Body != nil && l.Exit != PerCall }

// Why joins the reasons of the waits that keep the goroutine alive, for
// messages: "done is never closed or sent to; ctx is context.Background()".
func (l Lifetime) Why() string {
	var parts []string
	seen := map[string]bool{}
	for _, w := range l.Waits {
		if w.Signal >= l.Exit && !seen[w.Why] {
			seen[w.Why] = true
			parts = append(parts, w.Why)
		}
	}
	if len(parts) == 0 && l.Exit == Never {
		return "its body has no return"
	}
	return strings.Join(parts, "; ")
}

// Info answers the query for the functions of one package.
type Info struct {
	mu     sync.Mutex
	funcs  []*ssa.Function
	inPkg  map[*ssa.Function]bool
	life   *lifetime.Info
	memo   map[ssa.CallInstruction]*Lifetime
	goes   map[*ssa.Function][]ssa.CallInstruction // body -> goroutine starts running it
	fields map[ssaq.Field]*fieldUse                // channel fields, lazily
	cls    map[*ssa.Function][]*ssa.MakeClosure
	// runners are the package's functions that start a func parameter
	// as a goroutine and do nothing else with it (func spawn(f func())
	// { go f() }), with that parameter's index.
	runners map[*ssa.Function]int
}

// New prepares the query for funcs (all the functions of one package, as
// ssaq.PackageFuncs lists them); life may be nil (then spawners' callers
// are not followed and Runs is zero).
func New(funcs []*ssa.Function, life *lifetime.Info) *Info {
	in := &Info{
		funcs: funcs,
		inPkg: make(map[*ssa.Function]bool, len(funcs)),
		life:  life,
		memo:  make(map[ssa.CallInstruction]*Lifetime),
		goes:  make(map[*ssa.Function][]ssa.CallInstruction),
		cls:   make(map[*ssa.Function][]*ssa.MakeClosure),

		runners: make(map[*ssa.Function]int),
	}
	for _, fn := range funcs {
		in.inPkg[fn] = true
		if i, ok := runnerParam(fn); ok {
			in.runners[fn] = i
		}
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case ssa.CallInstruction:
					if in.GoFunc(x) == nil {
						continue
					}
					if body := in.body(x); body != nil {
						in.goes[body] = append(in.goes[body], x)
					}
				case *ssa.MakeClosure:
					if f := ssaq.FuncValue(x); f != nil {
						in.cls[f] = append(in.cls[f], x)
					}
				}
			}
		}
	}
	return in
}

// GoFunc returns the func value a goroutine start runs: ssaq.GoFunc's (a
// go statement, (*sync.WaitGroup).Go, (*errgroup.Group).Go), or the
// argument of a call of one of the package's runners (func spawn(f
// func()) { go f() }). It returns nil for any other instruction.
func (in *Info) GoFunc(instr ssa.Instruction) ssa.Value {
	if v := ssaq.GoFunc(instr); v != nil {
		return v
	}
	call, ok := instr.(*ssa.Call)
	if !ok {
		return nil
	}
	callee := call.Call.StaticCallee()
	if callee == nil {
		return nil
	}
	if callee.Origin() != nil {
		callee = callee.Origin()
	}
	if i, ok := in.runners[callee]; ok && i < len(call.Call.Args) {
		return call.Call.Args[i]
	}
	return nil
}

// runnerParam returns the index of fn's func parameter that fn only
// starts as a goroutine, with no arguments (go f()), if it has one.
func runnerParam(fn *ssa.Function) (int, bool) {
	for i, p := range fn.Params {
		sig, ok := p.Type().Underlying().(*types.Signature)
		if !ok || sig.Params().Len() != 0 || p.Referrers() == nil {
			continue
		}
		started := false
		only := true
		for _, r := range *p.Referrers() {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Go:
				if r.Call.Value == p && len(r.Call.Args) == 0 {
					started = true
				} else {
					only = false
				}
			default:
				only = false
			}
		}
		if started && only {
			return i, true
		}
	}
	return 0, false
}

// body returns the package function a goroutine start runs, or nil.
func (in *Info) body(g ssa.CallInstruction) *ssa.Function {
	var fn *ssa.Function
	if x, ok := g.(*ssa.Go); ok {
		if x.Call.IsInvoke() {
			return nil
		}
		fn = ssaq.FuncValue(x.Call.Value)
		if fn == nil {
			fn = ssaq.Callee(&x.Call)
		}
	} else if v := in.GoFunc(g); v != nil {
		fn = ssaq.FuncValue(v)
	}
	if fn == nil || !in.inPkg[fn] || len(fn.Blocks) == 0 {
		return nil
	}
	return fn
}

// GoSites returns the goroutine starts of the package that run body
// (go body(...), go func() {...}() for a closure body, go x.m(),
// wg.Go(func() {...})).
func (in *Info) GoSites(body *ssa.Function) []ssa.CallInstruction {
	if body != nil && body.Origin() != nil {
		body = body.Origin()
	}
	return in.goes[body]
}

// Of answers the query for one goroutine start of the package (a go
// statement or a call ssaq.GoFunc recognises).
func (in *Info) Of(g ssa.CallInstruction) Lifetime {
	in.mu.Lock()
	defer in.mu.Unlock()
	if l, ok := in.memo[g]; ok {
		return *l
	}
	l := &Lifetime{Go: g, Spawner: g.Parent(), Body: in.body(g)}
	in.memo[g] = l // guards recursion (a goroutine starting itself)
	if in.life != nil {
		l.Runs = in.life.At(g)
	}
	l.PerRequest = perRequest(g.Parent())
	if l.Body != nil {
		l.Exit, l.Waits = in.exits(l.Body, frame{site: g, spawner: g.Parent()}, 0)
	}
	return *l
}

// Chan classifies the signal of a channel value within its function:
// when it is closed or sent to. Parameters are followed to the callers.
func (in *Info) Chan(ch ssa.Value) (Signal, string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	fn := parentOf(ch)
	return in.chanSignal(ch, frame{spawner: fn}, 0)
}

// Context classifies the signal of a context.Context value within its
// function: when its Done channel closes. Parameters are followed to the
// callers.
func (in *Info) Context(ctx ssa.Value) (Signal, string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	fn := parentOf(ctx)
	return in.ctxSignal(ctx, frame{spawner: fn}, 0)
}

func parentOf(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case ssa.Instruction:
		return v.Parent()
	case *ssa.Parameter:
		return v.Parent()
	case *ssa.FreeVar:
		return v.Parent()
	}
	return nil
}

// frame says how to resolve a function's parameters and free variables:
// through the call site that runs it (site), or through its callers.
// spawner is the function whose own closes and cancels are per call.
type frame struct {
	site    ssa.CallInstruction
	spawner *ssa.Function
}

const maxDepth = 4

// perRequest reports whether fn (or the function enclosing it) serves one
// request per call.
func perRequest(fn *ssa.Function) bool {
	for fn != nil && fn.Parent() != nil {
		fn = fn.Parent()
	}
	if fn == nil {
		return false
	}
	params := fn.Signature.Params()
	for i := 0; i < params.Len(); i++ {
		if ssaq.IsNamed(params.At(i).Type(), "net/http", "Request") {
			return true
		}
	}
	return false
}
