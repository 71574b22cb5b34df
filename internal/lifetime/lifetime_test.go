package lifetime

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
)

const mainSrc = `package main

import (
	"flag"
	"net/http"
	"slices"
	"sync"
	"time"
)

var V = initVar()

var W = func() int { return initVarClosure() }()

var hook = hookFunc

var lazy = sync.OnceFunc(onceFuncBody)

func initVar() int        { return 1 }
func initVarClosure() int { return 2 }
func hookFunc()           {}
func onceFuncBody()       {}

func init() {
	onlyFromInit()
	recInit(3)
	mutualInitA(3)
	func() { iifeNoCapture() }()
	n := 0
	func() { n++; iifeCapture() }()
	for i := 0; i < 3; i++ {
		loopInInit(i)
	}
	both()
	initAndMain()
	go fromInitGoroutine()
	flag.Func("level", "log level", parseLevel)
	flag.Var(funcValue(parseMode), "mode", "mode")
}

func init() {}

func onlyFromInit()  {}
func iifeNoCapture() {}
func iifeCapture()   {}
func loopInInit(int) {}
func both()          {}
func initAndMain()   {}
func fromInitGoroutine() {
	for {
		tick()
	}
}
func tick() {}

func parseLevel(s string) error { return nil }
func parseMode(s string) error  { return nil }

type funcValue func(string) error

func (f funcValue) String() string     { return "" }
func (f funcValue) Set(s string) error { return f(s) }

func recInit(n int) {
	if n > 0 {
		recInit(n - 1)
	}
}

func mutualInitA(n int) {
	if n > 0 {
		mutualInitB(n - 1)
	}
}

func mutualInitB(n int) { mutualInitA(n) }

func main() {
	fromMain()
	initAndMain()
	recMain(3)
	mutualA(3)
	go worker()
	go finite()
	go recGo(3)
	register(callback)
	register(func() { closureCallbackBody() })
	var once sync.Once
	once.Do(func() { onceBody() })
	k := 0
	once.Do(func() { k++; onceCaptureBody() })
	for i := 0; i < 3; i++ {
		inMainLoop()
		go perIteration()
	}
	defer deferred()
	f := func() { calledLocalClosure() }
	f()
	for x := range slices.Values([]int{1, 2}) {
		_ = x
		rangeFuncBody()
	}
	calledFromUnused2Too()
	generic[int]()
	h := capturedFuncValue
	func() { h() }()
	mainAndGoroutine()
	serveLoop()
	finiteLoop()
}

func fromMain()            {}
func callback()            {}
func closureCallbackBody() {}
func onceBody()            {}
func onceCaptureBody()     {}
func inMainLoop()          {}
func perIteration()        {}
func deferred()            {}
func calledLocalClosure()  {}
func rangeFuncBody()       {}
func register(f func())    { f() }
func generic[T any]()      {}
func capturedFuncValue()   {}
func mainAndGoroutine()    {}

func recMain(n int) {
	if n > 0 {
		recMain(n - 1)
	}
}

func mutualA(n int) {
	if n > 0 {
		mutualB(n - 1)
	}
}

func mutualB(n int) { mutualA(n); fromMutualB() }

func fromMutualB() {}

func recGo(n int) {
	if n > 0 {
		recGo(n - 1)
	}
}

func worker() {
	for {
		tick2()
		mainAndGoroutine()
	}
}

func tick2() {}

func finite() {
	time.Sleep(time.Second)
	fromFinite()
}

func fromFinite() {}

// serveLoop never leaves its loop: it repeats for the life of the process.
func serveLoop() {
	for {
		handleConn()
	}
}

func handleConn() {}

// finiteLoop walks its input and ends.
func finiteLoop() {
	for i := 0; i < 10; i++ {
		if i == 5 {
			break
		}
		finiteLoopBody()
	}
}

func finiteLoopBody() {}

func forever() { select {} }

type S struct{}

func (s *S) Method()   { both() }
func (S) valueMethod() {}

func Exported() { fromExported() }

func fromExported() {}

func handlerShape(w http.ResponseWriter, r *http.Request) { fromHandler() }

func fromHandler() {}

func unused() { calledFromUnused() }

func calledFromUnused()     {}
func calledFromUnused2Too() {}
`

// whyHas reports whether why contains every ";"-separated part of want.
func whyHas(why, want string) bool {
	for _, part := range strings.Split(want, ";") {
		if !strings.Contains(why, part) {
			return false
		}
	}
	return true
}

func TestFunc(t *testing.T) {
	t.Parallel()
	p := build(t, mainSrc)
	in := Compute(p.funcs)
	tests := []struct {
		fn        string
		runs      Runs
		initTime  bool
		goroutine bool
		why       string // ";"-separated substrings of Why
		skip      string
	}{
		// Initialisation.
		{fn: "init", runs: Once, initTime: true},
		{fn: "init#1", runs: Once, initTime: true},
		{fn: "init#2", runs: Once, initTime: true},
		{fn: "initVar", runs: Once, initTime: true},
		{fn: "init$1", runs: Once, initTime: true}, // var W's closure
		{fn: "initVarClosure", runs: Once, initTime: true},
		{fn: "onlyFromInit", runs: Once, initTime: true},
		{fn: "recInit", runs: Once, initTime: true},
		{fn: "mutualInitA", runs: Once, initTime: true},
		{fn: "mutualInitB", runs: Once, initTime: true},
		{fn: "init#1$1", runs: Once, initTime: true},
		{fn: "iifeNoCapture", runs: Once, initTime: true},
		{fn: "init#1$2", runs: Once, initTime: true},
		{fn: "iifeCapture", runs: Once, initTime: true},
		{fn: "loopInInit", runs: Once, initTime: true},
		{fn: "onceFuncBody", runs: Once, initTime: true},
		{fn: "parseLevel", runs: Once, initTime: true},
		{fn: "parseMode", runs: Once, initTime: true},
		{fn: "hookFunc", runs: Repeatedly, why: "hookFunc;used as a func value"},
		// A goroutine outlives initialisation.
		{fn: "fromInitGoroutine", runs: Once, goroutine: true},
		{fn: "tick", runs: Repeatedly, why: "loop;fromInitGoroutine"},

		// main and what it calls once.
		{fn: "main", runs: Once},
		{fn: "fromMain", runs: Once},
		{fn: "initAndMain", runs: Once},
		{fn: "deferred", runs: Once},
		{fn: "main$4", runs: Once},
		{fn: "calledLocalClosure", runs: Once},
		{fn: "generic", runs: Once},
		{fn: "register", runs: Once},
		{fn: "calledFromUnused2Too", runs: Once},
		// Recursion and finite loops in main-time code end with the program.
		{fn: "recMain", runs: Once},
		{fn: "mutualA", runs: Once},
		{fn: "mutualB", runs: Once},
		{fn: "fromMutualB", runs: Once},
		{fn: "inMainLoop", runs: Once},
		{fn: "finiteLoop", runs: Once},
		{fn: "finiteLoopBody", runs: Once},
		// An endless loop repeats for ever.
		{fn: "serveLoop", runs: Once},
		{fn: "handleConn", runs: Repeatedly, why: "endless loop;serveLoop"},

		// Goroutines started once.
		{fn: "worker", runs: Once, goroutine: true},
		{fn: "tick2", runs: Repeatedly, why: "loop;worker"},
		{fn: "mainAndGoroutine", runs: Repeatedly, why: "loop;worker"},
		{fn: "finite", runs: Once, goroutine: true},
		{fn: "fromFinite", runs: Once, goroutine: true},
		{fn: "perIteration", runs: Once, goroutine: true},
		{fn: "recGo", runs: Repeatedly, why: "in recursive function recGo"},

		// Callbacks and once runners.
		{fn: "callback", runs: Repeatedly, why: "in callback, which is used as a func value"},
		{fn: "main$1", runs: Repeatedly, why: "in a closure used as a callback"},
		{fn: "closureCallbackBody", runs: Repeatedly, why: "callback"},
		{fn: "main$2", runs: Once, initTime: true},
		{fn: "onceBody", runs: Once, initTime: true},
		{fn: "main$3", runs: Once, initTime: true},
		{fn: "onceCaptureBody", runs: Once, initTime: true},
		// The body of a range-over-func loop is a closure the iterator calls.
		{fn: "rangeFuncBody", runs: Repeatedly},
		// A captured variable is stored in a cell: the func is used as a value.
		{fn: "capturedFuncValue", runs: Repeatedly, why: "used as a func value"},

		// Roots.
		{fn: "(*S).Method", runs: Repeatedly, why: "in method (*S).Method"},
		{fn: "(S).valueMethod", runs: Repeatedly, why: "in method (S).valueMethod"},
		{fn: "both", runs: Repeatedly, why: "in method (*S).Method"},
		{fn: "Exported", runs: Repeatedly, why: "in exported function Exported"},
		{fn: "fromExported", runs: Repeatedly, why: "in exported function Exported"},
		{fn: "handlerShape", runs: Repeatedly, why: "in HTTP handler handlerShape"},
		{fn: "fromHandler", runs: Repeatedly, why: "in HTTP handler handlerShape"},

		// No caller.
		{fn: "unused", runs: Unknown},
		{fn: "calledFromUnused", runs: Unknown},
		{fn: "forever", runs: Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			fn := p.fn(t, tt.fn)
			got := in.Func(fn)
			ok := got.Runs == tt.runs && got.InitTime == tt.initTime && got.Goroutine == tt.goroutine && whyHas(got.Why, tt.why)
			if !ok && tt.skip != "" {
				t.Skipf("%s (got %+v)", tt.skip, got)
			}
			if !ok {
				t.Errorf("Func(%s) = %+v (%v), want runs=%v initTime=%v goroutine=%v why~%q", tt.fn, got, got.Runs, tt.runs, tt.initTime, tt.goroutine, tt.why)
			}
			if ok && tt.skip != "" {
				t.Errorf("case marked %q now passes: drop the skip", tt.skip)
			}
			if (got.InitTime || got.Goroutine) && got.Runs != Once {
				t.Errorf("InitTime/Goroutine set on %v code", got.Runs)
			}
			if got.InitTime && got.Goroutine {
				t.Errorf("both InitTime and Goroutine set")
			}
			if got.Runs == Repeatedly && got.Why == "" {
				t.Errorf("Repeatedly without a reason")
			}
		})
	}
}

func TestAt(t *testing.T) {
	t.Parallel()
	p := build(t, mainSrc)
	in := Compute(p.funcs)
	tests := []struct {
		fn, call  string
		runs      Runs
		initTime  bool
		goroutine bool
		why       string
	}{
		// A loop in init walks fixed data: still once.
		{"init#1", "loopInInit", Once, true, false, ""},
		{"init#1", "onlyFromInit", Once, true, false, ""},
		// The goroutine body runs once, its loop repeatedly.
		{"worker", "tick2", Repeatedly, false, false, "loop;worker"},
		{"fromInitGoroutine", "tick", Repeatedly, false, false, "loop;fromInitGoroutine"},
		{"finite", "fromFinite", Once, false, true, ""},
		{"main", "fromMain", Once, false, false, ""},
		{"main", "worker", Once, false, false, ""},
		// A loop in main-time code repeats only when nothing leaves it.
		{"main", "inMainLoop", Once, false, false, ""},
		{"main", "perIteration", Once, false, false, ""},
		{"finiteLoop", "finiteLoopBody", Once, false, false, ""},
		{"serveLoop", "handleConn", Repeatedly, false, false, "endless loop;serveLoop"},
		{"(*S).Method", "both", Repeatedly, false, false, "in method (*S).Method"},
		{"unused", "calledFromUnused", Unknown, false, false, ""},
		{"recMain", "recMain", Once, false, false, ""},
		{"recGo", "recGo", Repeatedly, false, false, "recursive"},
		{"recInit", "recInit", Once, true, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.fn+"/"+tt.call, func(t *testing.T) {
			c := call(t, p.fn(t, tt.fn), tt.call)
			got := in.At(c)
			if got.Runs != tt.runs || got.InitTime != tt.initTime || got.Goroutine != tt.goroutine || !whyHas(got.Why, tt.why) {
				t.Errorf("At(%v) = %+v (%v), want runs=%v initTime=%v goroutine=%v why~%q", c, got, got.Runs, tt.runs, tt.initTime, tt.goroutine, tt.why)
			}
		})
	}
}

const loopDeadSrc = `package p

func dead() {
	for i := 0; i < 3; i++ {
		inDeadLoop()
	}
}

func inDeadLoop() {}
`

// Dead code stays unknown even inside a loop.
func TestAtDeadLoop(t *testing.T) {
	t.Parallel()
	p := build(t, loopDeadSrc)
	in := Compute(p.funcs)
	c := call(t, p.fn(t, "dead"), "inDeadLoop")
	if got := in.At(c); got.Runs != Unknown {
		t.Errorf("At(loop in dead code) = %+v, want unknown", got)
	}
	if got := in.Func(p.fn(t, "inDeadLoop")); got.Runs != Unknown {
		t.Errorf("Func(inDeadLoop) = %+v, want unknown", got)
	}
}

const libSrc = `package p

import "sync"

var once sync.Once

type Cache struct{ once sync.Once }

// Get runs often; the Once body it guards runs once.
func (c *Cache) Get() {
	c.once.Do(c.load)
	once.Do(func() {
		for i := 0; i < 3; i++ {
			inOnceLoop()
		}
	})
}

func (c *Cache) load() {}

func inOnceLoop() {}

func helper() {}

func Serve() {
	for {
		helper()
	}
}

func gen[T any](t T) T { return genHelper(t) }

func genHelper[T any](t T) T { return t }

func UseGen() int { return gen(1) }

var table = build()

func build() map[string]int {
	m := map[string]int{}
	for i := 0; i < 10; i++ {
		fill(m, i)
	}
	return m
}

func fill(m map[string]int, i int) {}
`

func TestLibrary(t *testing.T) {
	t.Parallel()
	p := build(t, libSrc)
	in := Compute(p.funcs)
	tests := []struct {
		fn       string
		runs     Runs
		initTime bool
	}{
		{"(*Cache).Get", Repeatedly, false},
		// A method is a root whatever its callers.
		{"(*Cache).load", Repeatedly, false},
		{"(*Cache).Get$1", Once, true},
		{"inOnceLoop", Once, true},
		{"helper", Repeatedly, false},
		{"Serve", Repeatedly, false},
		{"UseGen", Repeatedly, false},
		{"gen", Repeatedly, false},
		{"genHelper", Repeatedly, false},
		{"build", Once, true},
		{"fill", Once, true},
		// No main.main outside package main.
		{"init", Once, true},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			got := in.Func(p.fn(t, tt.fn))
			if got.Runs != tt.runs || got.InitTime != tt.initTime {
				t.Errorf("Func(%s) = %+v (%v), want runs=%v initTime=%v", tt.fn, got, got.Runs, tt.runs, tt.initTime)
			}
		})
	}
	// The loop in a sync.Once body walks fixed data.
	c := call(t, p.fn(t, "(*Cache).Get$1"), "inOnceLoop")
	if got := in.At(c); got.Runs != Once || !got.InitTime {
		t.Errorf("At(loop in Once body) = %+v, want once at init time", got)
	}
	// Func maps a generic instance to its origin.
	inst := call(t, p.fn(t, "UseGen"), "gen").Common().StaticCallee()
	if inst == nil || inst.Origin() == nil {
		t.Fatalf("gen[int] is not an instance")
	}
	if got, want := in.Func(inst), in.Func(p.fn(t, "gen")); got != want {
		t.Errorf("Func(gen[int]) = %+v, want the origin's %+v", got, want)
	}
}

func TestCallers(t *testing.T) {
	t.Parallel()
	p := build(t, mainSrc)
	in := Compute(p.funcs)
	tests := []struct {
		fn      string
		callers []string // caller function names, in order
		asValue bool
	}{
		{"onlyFromInit", []string{"init#1"}, false},
		{"initAndMain", []string{"init#1", "main"}, false},
		{"both", []string{"init#1", "Method"}, false},
		{"recMain", []string{"main", "recMain"}, false},
		{"callback", nil, true},
		{"hookFunc", nil, true},
		{"main$1", nil, true},
		// go statements are not call sites.
		{"worker", nil, false},
		{"deferred", []string{"main"}, false},
		{"initVar", []string{"init"}, false},
		{"unused", nil, false},
		{"main", nil, false},
		// Handed to sync.Once.Do: neither a call site nor a value use.
		{"main$2", nil, false},
		{"onceFuncBody", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			calls, asValue := in.Callers(p.fn(t, tt.fn))
			var got []string
			for _, c := range calls {
				got = append(got, c.Parent().Name())
			}
			if strings.Join(got, ",") != strings.Join(tt.callers, ",") || asValue != tt.asValue {
				t.Errorf("Callers = %v, %v; want %v, %v", got, asValue, tt.callers, tt.asValue)
			}
		})
	}
	// A deferred call is a *ssa.Defer call site.
	calls, _ := in.Callers(p.fn(t, "deferred"))
	if len(calls) == 1 {
		if _, ok := calls[0].(*ssa.Defer); !ok {
			t.Errorf("call site of deferred is %T, want *ssa.Defer", calls[0])
		}
	}
}

func TestForever(t *testing.T) {
	t.Parallel()
	p := build(t, mainSrc)
	tests := []struct {
		fn   string
		want bool
	}{
		{"worker", true},
		{"fromInitGoroutine", true},
		{"forever", true},
		{"finite", false},
		{"main", false},
		{"recMain", false},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			if got := Forever(p.fn(t, tt.fn)); got != tt.want {
				t.Errorf("Forever(%s) = %v, want %v", tt.fn, got, tt.want)
			}
		})
	}
}

func TestRunsString(t *testing.T) {
	t.Parallel()
	for r, want := range map[Runs]string{Unknown: "unknown", Once: "once", Repeatedly: "repeatedly"} {
		if got := r.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", r, got, want)
		}
	}
	if (Context{}).Runs != Unknown {
		t.Errorf("zero Context is not Unknown")
	}
}
