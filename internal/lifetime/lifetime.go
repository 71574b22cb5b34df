// Package lifetime answers "how often does this code run?" for the
// functions of one package: once (initialisation), repeatedly (loops,
// callbacks, handlers, methods, exported functions, goroutines started from
// repeated code), or unknown (no caller seen).
package lifetime

import (
	"strings"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// Runs says how often code runs over the life of the process.
type Runs uint8

const (
	Unknown    Runs = iota // no caller in the package and not reachable as a value
	Once                   // at most once: init, var initializers, main outside loops, sync.Once bodies
	Repeatedly             // any number of times
)

func (r Runs) String() string { return [...]string{"unknown", "once", "repeatedly"}[r] }

// Context is how often some code runs, and why, for messages
// ("in a loop", "in exported function Serve", ...).
type Context struct {
	Runs Runs
	Why  string
	// InitTime marks Once code that runs during initialisation (init, var
	// initializers, sync.Once bodies, flag callbacks, and what only they
	// call): its loops and recursion walk fixed start-up data, so they do
	// not make it repeated.
	InitTime bool
	// Goroutine marks Once code that runs in a goroutine started once (a
	// daemon): any loop in it runs for the life of the process. Loops in
	// other Once code (main and what it calls) count only when endless.
	Goroutine bool
}

// repeatProne orders Once contexts by how easily their loops repeat.
func (c Context) repeatProne() int {
	switch {
	case c.InitTime:
		return 0
	case c.Goroutine:
		return 2
	}
	return 1
}

// Info holds the classification of one package's functions.
type Info struct {
	funcs     map[*ssa.Function]Context
	loops     map[*ssa.Function][]bool
	endless   map[*ssa.Function][]bool
	callSites map[*ssa.Function][]site
	valueUse  map[*ssa.Function]ssa.Instruction
}

type site struct {
	instr  ssa.Instruction
	caller *ssa.Function
}

// Compute classifies funcs, which must be all the functions of one package
// (see ssaq.PackageFuncs), in three phases: the package's call sites, the
// roots whose frequency is known from their own shape, and propagation
// from callers to callees.
func Compute(funcs []*ssa.Function) *Info {
	in := &Info{
		funcs:   make(map[*ssa.Function]Context, len(funcs)),
		loops:   make(map[*ssa.Function][]bool, len(funcs)),
		endless: make(map[*ssa.Function][]bool, len(funcs)),
	}
	s := collectSites(funcs)
	in.callSites, in.valueUse = s.calls, s.valueUse
	in.classifyRoots(funcs)
	in.propagate(funcs, s, recursiveFuncs(funcs, s.edges))
	return in
}

// sites is the package's call graph as the classification needs it.
type sites struct {
	calls    map[*ssa.Function][]site          // callee -> static call sites
	once     map[*ssa.Function][]site          // callee -> sync.Once bodies sites
	goes     map[*ssa.Function][]site          // callee -> go statements
	valueUse map[*ssa.Function]ssa.Instruction // escapes as a func value
	edges    map[*ssa.Function][]*ssa.Function // static call graph (not go)
}

// collectSites records, for each function of the package, where it is
// called, started as a goroutine, run once, or used as a value. Code in
// _test.go files is ignored: what tests call or pass around says nothing
// about production.
func collectSites(funcs []*ssa.Function) *sites {
	inPkg := make(map[*ssa.Function]bool, len(funcs))
	for _, fn := range funcs {
		inPkg[fn] = true
	}
	s := &sites{
		calls:    make(map[*ssa.Function][]site),
		once:     make(map[*ssa.Function][]site),
		goes:     make(map[*ssa.Function][]site),
		valueUse: make(map[*ssa.Function]ssa.Instruction),
		edges:    make(map[*ssa.Function][]*ssa.Function),
	}
	useAsValue := func(f *ssa.Function, instr ssa.Instruction) {
		if _, seen := s.valueUse[f]; !seen {
			s.valueUse[f] = instr
		}
	}
	var ops []*ssa.Value // reused: Operands appends
	for _, fn := range funcs {
		if ssaq.FuncInTestFile(fn) {
			continue
		}
		init := isInit(fn)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if init && ssaq.InTestFile(fn.Prog.Fset, instr.Pos()) {
					continue // a test file's var initializer
				}
				if c, ok := instr.(ssa.CallInstruction); ok {
					s.addCall(fn, c, inPkg, useAsValue)
					continue
				}
				if _, isClosure := instr.(*ssa.MakeClosure); isClosure {
					continue // the closure value's own uses decide
				}
				ops = instr.Operands(ops[:0])
				for _, op := range ops {
					if op == nil || *op == nil {
						continue
					}
					if f := ssaq.FuncValue(*op); f != nil && inPkg[f] {
						if v, ok := instr.(ssa.Value); ok && onlyToOnceRunners(v, 3) {
							// flagFunc(f) handed to flag.Var and the like.
							s.once[f] = append(s.once[f], site{instr, fn})
						} else {
							useAsValue(f, instr)
						}
					}
				}
				if mc, ok := instr.(*ssa.MakeClosure); ok && !closureOnlyCalled(mc) {
					if f := ssaq.FuncValue(mc); f != nil {
						useAsValue(f, instr)
					}
				}
			}
		}
	}
	return s
}

// addCall records one call instruction of fn: its static callee, and the
// package functions it passes as arguments.
func (s *sites) addCall(fn *ssa.Function, c ssa.CallInstruction, inPkg map[*ssa.Function]bool, useAsValue func(*ssa.Function, ssa.Instruction)) {
	common := c.Common()
	var callee *ssa.Function
	if !common.IsInvoke() {
		callee = ssaq.FuncValue(common.Value)
	}
	if callee != nil && inPkg[callee] {
		st := site{c, fn}
		if _, isGo := c.(*ssa.Go); isGo {
			s.goes[callee] = append(s.goes[callee], st)
		} else {
			s.calls[callee] = append(s.calls[callee], st)
			s.edges[fn] = append(s.edges[fn], callee)
		}
	}
	// Function values passed to sync.Once.Do and friends run once.
	for _, a := range common.Args {
		if f := ssaq.FuncValue(a); f != nil && inPkg[f] && f != callee {
			if isOnceRunner(common) {
				s.once[f] = append(s.once[f], site{c, fn})
			} else {
				useAsValue(f, c)
			}
		}
	}
	if common.IsInvoke() {
		if f := ssaq.FuncValue(common.Value); f != nil && inPkg[f] {
			s.valueUse[f] = c
		}
	}
}

// classifyRoots sets the context of the functions whose frequency follows
// from their own shape: init and main run once; HTTP handlers, callbacks,
// methods and exported functions run repeatedly. It also computes each
// function's loops once for the package.
func (in *Info) classifyRoots(funcs []*ssa.Function) {
	for _, fn := range funcs {
		in.loops[fn] = ssaq.LoopBlocks(fn)
		in.endless[fn] = ssaq.EndlessLoopBlocks(fn)
		switch {
		case isInit(fn):
			in.funcs[fn] = Context{Runs: Once, InitTime: true}
		case isMain(fn):
			in.funcs[fn] = Context{Runs: Once}
		case isHTTPHandler(fn):
			in.funcs[fn] = Context{Runs: Repeatedly, Why: "in HTTP handler " + ssaq.Name(fn)}
		case in.valueUse[fn] != nil && fn.Parent() == nil:
			in.funcs[fn] = Context{Runs: Repeatedly, Why: "in " + ssaq.Name(fn) + ", which is used as a func value (a callback)"}
		case in.valueUse[fn] != nil:
			in.funcs[fn] = Context{Runs: Repeatedly, Why: "in a closure used as a callback"}
		case fn.Signature.Recv() != nil:
			in.funcs[fn] = Context{Runs: Repeatedly, Why: "in method " + ssaq.Name(fn)}
		case fn.Parent() == nil && fn.Object() != nil && fn.Object().Exported():
			in.funcs[fn] = Context{Runs: Repeatedly, Why: "in exported function " + ssaq.Name(fn)}
		}
	}
}

// propagate joins each remaining function's context over its call sites,
// go statements and once-runners until nothing changes.
func (in *Info) propagate(funcs []*ssa.Function, s *sites, recursive map[*ssa.Function]int) {
	for changed := true; changed; {
		changed = false
		for _, fn := range funcs {
			if c, ok := in.funcs[fn]; ok && (c.Runs == Repeatedly || isInit(fn) || isMain(fn)) {
				continue
			}
			c := in.joinCallers(fn, s)
			if _, rec := recursive[fn]; rec && c.Runs == Once && c.Goroutine {
				c = Context{Runs: Repeatedly, Why: "in recursive function " + ssaq.Name(fn)}
			}
			if old, ok := in.funcs[fn]; !ok && c.Runs != Unknown || ok && (old.Runs < c.Runs || old.Runs == Once && c.Runs == Once && old.repeatProne() < c.repeatProne()) {
				in.funcs[fn] = c
				changed = true
			}
		}
	}
}

// joinCallers is the context fn inherits from the places that run it.
func (in *Info) joinCallers(fn *ssa.Function, s *sites) Context {
	c := Context{}
	join := func(at Context) {
		switch {
		case at.Runs == Repeatedly && c.Runs != Repeatedly:
			c = at
		case at.Runs == Once && c.Runs == Unknown:
			c = at
		case at.Runs == Once && c.Runs == Once && at.repeatProne() > c.repeatProne():
			c = at // also called from code whose loops repeat more easily
		}
	}
	for _, st := range s.calls[fn] {
		if st.caller == fn {
			continue // self-recursion adds no caller; the recursion rule applies
		}
		join(in.At(st.instr))
	}
	for _, st := range s.goes[fn] {
		at := in.At(st.instr)
		at.InitTime = false // a goroutine outlives initialisation
		at.Goroutine = true
		if at.Runs == Repeatedly {
			at.Why = "in a goroutine started " + at.Why
		}
		join(at)
	}
	for _, st := range s.once[fn] {
		if at := in.At(st.instr); at.Runs != Unknown {
			// A sync.Once body is lazy initialisation: its loops walk
			// fixed data, like init's.
			join(Context{Runs: Once, InitTime: true})
		}
	}
	return c
}

// Callers returns the static call sites (calls and defers, not go
// statements) of fn within the package, and whether the package also uses
// fn as a func value (so it may be called from anywhere).
func (in *Info) Callers(fn *ssa.Function) (calls []ssa.CallInstruction, asValue bool) {
	for _, s := range in.callSites[fn] {
		calls = append(calls, s.instr.(ssa.CallInstruction))
	}
	return calls, in.valueUse[fn] != nil
}

// Func returns how often fn's body starts running.
func (in *Info) Func(fn *ssa.Function) Context {
	if fn != nil && fn.Origin() != nil {
		fn = fn.Origin()
	}
	return in.funcs[fn]
}

// At returns how often instr runs: repeatedly when it lies in a loop of its
// function or its function runs repeatedly.
func (in *Info) At(instr ssa.Instruction) Context {
	b := instr.Block()
	if b == nil {
		return Context{}
	}
	fn := b.Parent()
	c := in.funcs[fn]
	if c.Runs == Repeatedly {
		return c
	}
	loops, ok := in.loops[fn]
	if !ok {
		loops = ssaq.LoopBlocks(fn)
	}
	if b.Index >= len(loops) || !loops[b.Index] {
		return c
	}
	switch {
	case c.Runs == Unknown || c.InitTime:
		return c // dead code stays unknown; start-up loops walk fixed data
	case c.Goroutine:
		return Context{Runs: Repeatedly, Why: "in a loop in a long-lived goroutine (" + ssaq.Name(fn) + ")"}
	}
	// main and what it calls: a loop over input ends with the program;
	// only a loop nothing leaves (a serve or accept loop) repeats for ever.
	endless, ok := in.endless[fn]
	if !ok {
		endless = ssaq.EndlessLoopBlocks(fn)
	}
	if b.Index < len(endless) && endless[b.Index] {
		return Context{Runs: Repeatedly, Why: "in an endless loop in " + ssaq.Name(fn)}
	}
	return c
}

// InLoop reports whether b lies on a cycle of its function's CFG (a loop
// body or header). It uses the loops computed once for the package, and
// computes them for a function of another package (or a nil Info).
func (in *Info) InLoop(b *ssa.BasicBlock) bool {
	if b == nil {
		return false
	}
	var loops []bool
	ok := false
	if in != nil {
		loops, ok = in.loops[b.Parent()]
	}
	if !ok {
		loops = ssaq.LoopBlocks(b.Parent())
	}
	return b.Index < len(loops) && loops[b.Index]
}

// Forever reports whether a goroutine running fn can never finish: no path
// from its entry reaches a return.
func Forever(fn *ssa.Function) bool { return !ssaq.Returns(fn) }

func isInit(fn *ssa.Function) bool {
	if fn.Parent() != nil || fn.Signature.Recv() != nil {
		return false
	}
	return fn.Synthetic == "package initializer" || strings.HasPrefix(fn.Name(), "init#")
}

func isMain(fn *ssa.Function) bool {
	return fn.Parent() == nil && fn.Name() == "main" && fn.Signature.Recv() == nil &&
		fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main"
}

// isOnceRunner reports whether call runs its func argument at most once,
// or only while the program starts: (*sync.Once).Do, sync.OnceFunc,
// sync.OnceValue(s), and the flag callbacks that run while parsing the
// command line (flag.Func, flag.BoolFunc, flag.Var and the FlagSet methods).
func isOnceRunner(call *ssa.CallCommon) bool {
	fn := call.StaticCallee()
	if fn != nil && fn.Origin() != nil {
		fn = fn.Origin()
	}
	if fn == nil {
		return false
	}
	switch fn.Name() {
	case "Do":
		return ssaq.IsMethod(fn, "sync", "Once", "Do")
	case "OnceFunc", "OnceValue", "OnceValues":
		return ssaq.IsFunc(fn, "sync", fn.Name())
	case "Func", "BoolFunc", "Var", "TextVar":
		return ssaq.IsFunc(fn, "flag", fn.Name()) || ssaq.IsMethod(fn, "flag", "FlagSet", fn.Name())
	}
	return false
}

// onlyToOnceRunners reports whether every use of v (a conversion of a
// function value) ends, through further conversions, as an argument of a
// once runner.
func onlyToOnceRunners(v ssa.Value, depth int) bool {
	refs := v.Referrers()
	if depth == 0 || refs == nil || len(*refs) == 0 {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case ssa.CallInstruction:
			if !isOnceRunner(r.Common()) {
				return false
			}
		case *ssa.ChangeType, *ssa.MakeInterface, *ssa.Convert:
			if !onlyToOnceRunners(r.(ssa.Value), depth-1) {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// closureOnlyCalled reports whether a closure value is only ever called
// directly (func(){...}(), defer func(){...}(), go func(){...}()) or handed
// to a runner that calls it at most once (sync.Once.Do).
func closureOnlyCalled(mc *ssa.MakeClosure) bool {
	refs := mc.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		c, ok := r.(ssa.CallInstruction)
		if !ok {
			if _, dbg := r.(*ssa.DebugRef); dbg {
				continue
			}
			return false
		}
		if common := c.Common(); common.Value != mc && !isOnceRunner(common) {
			return false
		}
	}
	return true
}

// recursiveFuncs maps each function on a cycle of the static call graph
// to the number of its strongly connected component.
func recursiveFuncs(funcs []*ssa.Function, edges map[*ssa.Function][]*ssa.Function) map[*ssa.Function]int {
	out := make(map[*ssa.Function]int)
	selfLoop := make(map[*ssa.Function]bool)
	ncomp := 0
	index := make(map[*ssa.Function]int)
	low := make(map[*ssa.Function]int)
	onStack := make(map[*ssa.Function]bool)
	var stack []*ssa.Function
	next := 0
	var strong func(v *ssa.Function)
	strong = func(v *ssa.Function) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range edges[v] {
			if w == v {
				selfLoop[v] = true
			}
			if _, ok := index[w]; !ok {
				strong(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var comp []*ssa.Function
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp = append(comp, w)
				if w == v {
					break
				}
			}
			if len(comp) > 1 || selfLoop[v] {
				ncomp++
				for _, w := range comp {
					out[w] = ncomp
				}
			}
		}
	}
	for _, fn := range funcs {
		if _, ok := index[fn]; !ok {
			strong(fn)
		}
	}
	return out
}

// isHTTPHandler reports whether fn has the shape of an http.HandlerFunc,
// which the server calls once per request.
func isHTTPHandler(fn *ssa.Function) bool {
	params := fn.Signature.Params()
	return params.Len() == 2 && fn.Signature.Results().Len() == 0 &&
		ssaq.IsNamed(params.At(0).Type(), "net/http", "ResponseWriter") &&
		ssaq.IsNamed(params.At(1).Type(), "net/http", "Request")
}
