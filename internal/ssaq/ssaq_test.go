package ssaq

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

const calleeSrc = `package p

import (
	"fmt"
	"time"
)

type T struct{}

func (T) String() string { return "T" }

type P struct{}

func (*P) String() string { return "P" }

type Embeds struct{ T }

type Box[E any] struct{ v E }

func (b *Box[E]) Get() E        { return b.v }
func (b Box[E]) String() string { return "box" }

func f()              {}
func g[E any](e E) E { return e }

func static()        { f() }
func generic()       { g[int](1) }
func genericInfer()  { g("s") }
func genericMethod() { var b Box[int]; b.Get() }
func invokeValue()   { var s fmt.Stringer = T{}; s.String() }
func invokePointer() { var s fmt.Stringer = &P{}; s.String() }
func invokeGeneric() { var s fmt.Stringer = Box[string]{}; s.String() }
func invokeStd()     { var s fmt.Stringer = time.Second; s.String() }
func invokeParam(s fmt.Stringer) { s.String() }
func funcValue(h func()) { h() }
func closure()       { func() {}() }
func builtin(xs []int) { _ = len(xs) }
func stdFunc()       { time.NewTicker(time.Second) }
func stdMethod(t *time.Ticker) { t.Stop() }
func invokeViaPointerToValueMethod() { var s fmt.Stringer = &T{}; s.String() }
func invokePromoted() { var s fmt.Stringer = Embeds{}; s.String() }
`

func TestCallee(t *testing.T) {
	t.Parallel()
	p := build(t, calleeSrc)
	tests := []struct {
		fn, call string
		want     string // callee's String(); "" for nil
		body     bool   // the callee has a body
		skip     string
	}{
		{fn: "static", call: "f", want: "p.f", body: true},
		{fn: "generic", call: "g[int]", want: "p.g", body: true},
		{fn: "genericInfer", call: "g[string]", want: "p.g", body: true},
		{fn: "genericMethod", call: "Get", want: "(*p.Box[E]).Get", body: true},
		{fn: "invokeValue", call: "String", want: "(p.T).String", body: true},
		{fn: "invokePointer", call: "String", want: "(*p.P).String", body: true},
		{fn: "invokeGeneric", call: "String", want: "(p.Box[E]).String", body: true},
		{fn: "invokeStd", call: "String", want: "(time.Duration).String"},
		{fn: "invokeParam", call: "String", want: ""},
		{fn: "funcValue", call: "", want: ""},
		{fn: "closure", call: "closure$1", want: "p.closure$1", body: true},
		{fn: "builtin", call: "len", want: ""},
		{fn: "stdFunc", call: "NewTicker", want: "time.NewTicker"},
		{fn: "stdMethod", call: "Stop", want: "(*time.Ticker).Stop"},
		{fn: "invokeViaPointerToValueMethod", call: "String", want: "(p.T).String", body: true},
		{fn: "invokePromoted", call: "String", want: "(p.T).String", body: true},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			fn := p.fn(t, tt.fn)
			var c ssa.CallInstruction
			if tt.call == "" {
				cs := calls(fn, "")
				if len(cs) != 1 {
					t.Fatalf("%d dynamic calls", len(cs))
				}
				c = cs[0]
			} else {
				c = call(t, fn, tt.call)
			}
			got := Callee(c.Common())
			gotS := ""
			if got != nil {
				gotS = got.String()
			}
			if gotS != tt.want {
				if tt.skip != "" {
					t.Skip(tt.skip + " (got " + gotS + ", synthetic " + got.Synthetic + ")")
				}
				t.Fatalf("Callee = %q, want %q\n%s", gotS, tt.want, dump(fn))
			}
			if tt.skip != "" {
				t.Errorf("case marked %q now passes: drop the skip", tt.skip)
			}
			if got == nil {
				return
			}
			if got.Origin() != nil {
				t.Errorf("Callee returned an instance %v, want the generic origin", got)
			}
			if got.Synthetic != "" && got.Synthetic != "from type information" {
				t.Errorf("Callee returned synthetic %v (%s)", got, got.Synthetic)
			}
			if (len(got.Blocks) > 0) != tt.body {
				t.Errorf("callee %v has %d blocks, want body=%v", got, len(got.Blocks), tt.body)
			}
		})
	}
}

func TestFuncValue(t *testing.T) {
	t.Parallel()
	p := build(t, `package p

func f() {}
func g[E any]() {}
func take(func())

func named()   { take(f) }
func inst()    { take(g[int]) }
func closure() { x := 0; take(func() { x++ }) }
func lit()     { take(func() {}) }
func param(h func()) { take(h) }
`)
	tests := []struct{ fn, want string }{
		{"named", "p.f"},
		{"inst", "p.g"},
		{"closure", "p.closure$1"},
		{"lit", "p.lit$1"},
		{"param", ""},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			c := call(t, p.fn(t, tt.fn), "take")
			got := FuncValue(c.Common().Args[0])
			gotS := ""
			if got != nil {
				gotS = got.String()
			}
			if gotS != tt.want {
				t.Errorf("FuncValue = %q, want %q", gotS, tt.want)
			}
		})
	}
}

func TestIsBuiltinAndUnwrap(t *testing.T) {
	t.Parallel()
	p := build(t, `package p

type I interface{ M() }
type J interface{ M(); N() }
type T struct{}
func (*T) M() {}
func (*T) N() {}
type Named *T

func use(any)
func len2(xs []int) int { return len(xs) }

func f(xs []int, j J) {
	_ = len(xs)
	xs = append(xs, 1)
	t := new(T)
	use(t)
	var i I = j
	use(i)
	use(Named(t))
}
`)
	fn := p.fn(t, "f")
	if c := call(t, fn, "len"); !IsBuiltin(c.Common(), "len") || IsBuiltin(c.Common(), "append") {
		t.Errorf("IsBuiltin(len) wrong")
	}
	if c := call(t, fn, "append"); !IsBuiltin(c.Common(), "append") {
		t.Errorf("IsBuiltin(append) = false")
	}
	if c := call(t, p.fn(t, "len2"), "len"); !IsBuiltin(c.Common(), "len") {
		t.Errorf("IsBuiltin(len) = false in len2")
	}
	uses := calls(fn, "use")
	if len(uses) != 3 {
		t.Fatalf("%d uses", len(uses))
	}
	// use(t): MakeInterface of t.
	if got := Unwrap(uses[0].Common().Args[0]); got != uses[0].Common().Args[0].(*ssa.MakeInterface).X {
		t.Errorf("Unwrap(make any <- *T) = %v", got)
	}
	// use(i): MakeInterface(ChangeInterface(j)) unwraps to the parameter j.
	if got := Unwrap(uses[1].Common().Args[0]); got != fn.Params[1] {
		t.Errorf("Unwrap(any(I(j))) = %v, want parameter j", got)
	}
	// use(Named(t)): MakeInterface(ChangeType(t)) unwraps to the alloc.
	if got, ok := Unwrap(uses[2].Common().Args[0]).(*ssa.Alloc); !ok {
		t.Errorf("Unwrap(any(Named(t))) = %v, want the new(T)", got)
	}
	// A value that is no conversion is returned as is.
	if got := Unwrap(fn.Params[0]); got != fn.Params[0] {
		t.Errorf("Unwrap(param) = %v", got)
	}
	if IsBuiltin(uses[0].Common(), "use") {
		t.Errorf("IsBuiltin true for an ordinary function")
	}
}

const nameSrc = `package p

type T struct{}

func (T) Value()    { func() {}() }
func (*T) Pointer() { func() { func() {}() }() }

type G[E any] struct{}

func (*G[E]) M() {}

func plain() {}
func outer() {
	func() {
		func() {}()
	}()
}
func gen[E any]() { func() {}() }
func useGen() { gen[int](); var g G[int]; g.M() }

func init() { func() {}() }
func init() {}

var V = func() int { return 1 }()
`

func TestName(t *testing.T) {
	t.Parallel()
	p := build(t, nameSrc)
	init1 := p.pkg.Func("init#1")
	init2 := p.pkg.Func("init#2")
	pkgInit := p.pkg.Func("init")
	if init1 == nil || init2 == nil || pkgInit == nil {
		t.Fatalf("missing init functions")
	}
	genInst := Callee(call(t, p.fn(t, "useGen"), "gen[int]").Common())
	rawInst := call(t, p.fn(t, "useGen"), "gen[int]").Common().StaticCallee()
	methInst := call(t, p.fn(t, "useGen"), "M").Common().StaticCallee()
	tests := []struct {
		fn   *ssa.Function
		want string
	}{
		{p.fn(t, "plain"), "plain"},
		{p.fn(t, "outer"), "outer"},
		{p.fn(t, "outer$1"), "outer (closure)"},
		{p.fn(t, "outer").AnonFuncs[0].AnonFuncs[0], "outer (closure)"},
		{p.fn(t, "T.Value"), "(T).Value"},
		{p.fn(t, "T.Value").AnonFuncs[0], "(T).Value (closure)"},
		{p.fn(t, "(*T).Pointer"), "(*T).Pointer"},
		{p.fn(t, "(*T).Pointer").AnonFuncs[0].AnonFuncs[0], "(*T).Pointer (closure)"},
		{genInst, "gen"},
		{rawInst, "gen"},
		{p.fn(t, "gen").AnonFuncs[0], "gen (closure)"},
		{methInst, "(*G[E]).M"},
		{init1, "init"},
		{init2, "init"},
		{init1.AnonFuncs[0], "init (closure)"},
		{pkgInit, "package initialization"},
		{pkgInit.AnonFuncs[0], "package initialization (closure)"},
		{nil, "?"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := Name(tt.fn); got != tt.want {
				t.Errorf("Name(%v) = %q, want %q", tt.fn, got, tt.want)
			}
		})
	}
	if rawInst.Origin() == nil {
		t.Fatalf("gen[int] is not an instance; test is not testing origin mapping")
	}
}

const stdSrc = `package p

import (
	"net/http"
	"sync"
	"time"
)

type Mutex sync.Mutex
type Alias = sync.Mutex

type myTicker struct{}

func (*myTicker) Stop() {}
func NewTicker(d time.Duration) *myTicker { return nil }

var mu sync.Mutex

func f() {
	mu.Lock()
	mu.Unlock()
	var rw sync.RWMutex
	rw.Lock()
	t := time.NewTicker(time.Second)
	t.Stop()
	var once sync.Once
	once.Do(func() {})
	m := NewTicker(1)
	m.Stop()
	var mt myTicker
	mt.Stop()
	time.Sleep(1)
	_ = http.Get
}
`

func TestIsMethodIsFunc(t *testing.T) {
	t.Parallel()
	p := build(t, stdSrc)
	fn := p.fn(t, "f")
	callee := func(name string, i int) *ssa.Function {
		cs := calls(fn, name)
		if i >= len(cs) {
			t.Fatalf("no call %d to %s", i, name)
		}
		return Callee(cs[i].Common())
	}
	lock := callee("Lock", 0)
	rwLock := callee("Lock", 1)
	unlock := callee("Unlock", 0)
	stdStop := callee("Stop", 0)
	myStop := callee("Stop", 1)
	myStop2 := callee("Stop", 2)
	do := callee("Do", 0)
	newTicker := callee("NewTicker", 0)
	myNewTicker := callee("NewTicker", 1)
	sleep := callee("Sleep", 0)
	closure := fn.AnonFuncs[0]

	methods := []struct {
		name             string
		fn               *ssa.Function
		pkg, typ, method string
		want             bool
	}{
		{"Mutex.Lock", lock, "sync", "Mutex", "Lock", true},
		{"Mutex.Unlock", unlock, "sync", "Mutex", "Unlock", true},
		{"Mutex.Lock as Unlock", lock, "sync", "Mutex", "Unlock", false},
		{"RWMutex.Lock as Mutex", rwLock, "sync", "Mutex", "Lock", false},
		{"RWMutex.Lock", rwLock, "sync", "RWMutex", "Lock", true},
		{"Mutex.Lock wrong pkg", lock, "example.com/sync", "Mutex", "Lock", false},
		{"Ticker.Stop", stdStop, "time", "Ticker", "Stop", true},
		{"Ticker.Stop as Timer", stdStop, "time", "Timer", "Stop", false},
		{"local Stop", myStop, "time", "Ticker", "Stop", false},
		{"local Stop own pkg", myStop, "p", "myTicker", "Stop", true},
		{"local Stop value recv call", myStop2, "p", "myTicker", "Stop", true},
		{"Once.Do", do, "sync", "Once", "Do", true},
		{"func as method", newTicker, "time", "Ticker", "NewTicker", false},
		{"nil", nil, "sync", "Mutex", "Lock", false},
	}
	for _, tt := range methods {
		t.Run("IsMethod/"+tt.name, func(t *testing.T) {
			if got := IsMethod(tt.fn, tt.pkg, tt.typ, tt.method); got != tt.want {
				t.Errorf("IsMethod(%v, %q, %q, %q) = %v, want %v", tt.fn, tt.pkg, tt.typ, tt.method, got, tt.want)
			}
		})
	}

	funcs := []struct {
		name       string
		fn         *ssa.Function
		pkg, func_ string
		want       bool
	}{
		{"time.NewTicker", newTicker, "time", "NewTicker", true},
		{"time.NewTicker as NewTimer", newTicker, "time", "NewTimer", false},
		{"time.NewTicker wrong pkg", newTicker, "p", "NewTicker", false},
		{"local NewTicker", myNewTicker, "time", "NewTicker", false},
		{"local NewTicker own pkg", myNewTicker, "p", "NewTicker", true},
		{"time.Sleep", sleep, "time", "Sleep", true},
		{"method Stop", stdStop, "time", "Stop", false},
		{"closure", closure, "p", closure.Name(), false},
		{"source func", fn, "p", "f", true},
		{"nil", nil, "time", "NewTicker", false},
	}
	for _, tt := range funcs {
		t.Run("IsFunc/"+tt.name, func(t *testing.T) {
			if got := IsFunc(tt.fn, tt.pkg, tt.func_); got != tt.want {
				t.Errorf("IsFunc(%v, %q, %q) = %v, want %v", tt.fn, tt.pkg, tt.func_, got, tt.want)
			}
		})
	}
}

func TestIsNamed(t *testing.T) {
	t.Parallel()
	p := build(t, stdSrc)
	scope := p.pkg.Pkg.Scope()
	mutex := scope.Lookup("mu").Type() // sync.Mutex
	ticker := Callee(calls(p.fn(t, "f"), "NewTicker")[0].Common()).Signature.Results().At(0).Type()
	handler := scope.Lookup("Mutex").Type()
	alias := scope.Lookup("Alias").Type()
	tests := []struct {
		name       string
		typ        types.Type
		pkg, name_ string
		want       bool
	}{
		{"sync.Mutex", mutex, "sync", "Mutex", true},
		{"*sync.Mutex", types.NewPointer(mutex), "sync", "Mutex", true},
		{"**sync.Mutex", types.NewPointer(types.NewPointer(mutex)), "sync", "Mutex", false},
		{"sync.Mutex as RWMutex", mutex, "sync", "RWMutex", false},
		{"sync.Mutex wrong pkg", mutex, "p", "Mutex", false},
		{"*time.Ticker", ticker, "time", "Ticker", true},
		{"*time.Ticker as Timer", ticker, "time", "Timer", false},
		{"defined from Mutex", handler, "sync", "Mutex", false},
		{"defined from Mutex own pkg", handler, "p", "Mutex", true},
		{"alias of Mutex", alias, "sync", "Mutex", true},
		{"*alias of Mutex", types.NewPointer(alias), "sync", "Mutex", true},
		{"int", types.Typ[types.Int], "", "int", false},
		{"error", types.Universe.Lookup("error").Type(), "", "error", false},
		{"[]sync.Mutex", types.NewSlice(mutex), "sync", "Mutex", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsNamed(tt.typ, tt.pkg, tt.name_); got != tt.want {
				t.Errorf("IsNamed(%v, %q, %q) = %v, want %v", tt.typ, tt.pkg, tt.name_, got, tt.want)
			}
		})
	}
}

func TestPackageFuncs(t *testing.T) {
	t.Parallel()
	p := build(t, `package p

type T struct{}

func (T) M() { func() {}() }

func f() { func() { func() {}() }() }

func init() {}

var V = func() int { return 1 }()
var W = func() int { return func() int { return 2 }() }()
`)
	funcs := PackageFuncs(p.res)
	var got []string
	for _, fn := range funcs {
		got = append(got, fn.String())
	}
	want := []string{
		"(p.T).M", "(p.T).M$1",
		"p.f", "p.f$1", "p.f$1$1",
		"p.init#1",
		"p.init", "p.init$1", "p.init$2", "p.init$2$1",
	}
	if !equalStrings(got, want) {
		t.Errorf("PackageFuncs = %v, want %v", got, want)
	}
	// The input slice is not modified.
	if len(p.res.SrcFuncs) != 6 {
		t.Errorf("SrcFuncs changed: %v", p.res.SrcFuncs)
	}

	// A package without a package initializer function keeps only SrcFuncs.
	empty := &buildssa.SSA{Pkg: p.pkg, SrcFuncs: p.res.SrcFuncs[:1]}
	if got := PackageFuncs(empty); len(got) < 1 || got[0] != p.res.SrcFuncs[0] {
		t.Errorf("PackageFuncs lost SrcFuncs: %v", got)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

const timeSrc = `package p

import (
	"context"
	"time"
)

func sink(...any) {}

func chans(ctx context.Context, t *time.Ticker, tm *time.Timer, ch chan int) {
	sink(time.Tick(time.Second), time.After(time.Second), t.C, tm.C, ch, ctx.Done())
}

func ranges(t *time.Ticker, ch chan int) {
	for range t.C {
	}
	for range ch {
	}
}
`

func TestTimeChanAndContextDone(t *testing.T) {
	t.Parallel()
	p := build(t, timeSrc)
	fn := p.fn(t, "chans")
	var args []ssa.Value
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if st, ok := instr.(*ssa.Store); ok {
				if mi, ok := st.Val.(*ssa.MakeInterface); ok {
					args = append(args, mi.X)
				}
			}
		}
	}
	want := []string{"Tick", "After", "Ticker", "Timer", "", ""}
	if len(args) != len(want) {
		t.Fatalf("found %d arguments, want %d\n%s", len(args), len(want), dump(fn))
	}
	for i, a := range args {
		if got := TimeChan(a); got != want[i] {
			t.Errorf("TimeChan(arg %d: %v) = %q, want %q", i, a, got, want[i])
		}
		if isDone := ContextDone(a) != nil; isDone != (i == 5) {
			t.Errorf("ContextDone(arg %d) = %v", i, isDone)
		}
	}
	r := p.fn(t, "ranges")
	var closedEdges int
	for _, b := range r.Blocks {
		for i := range b.Succs {
			if TimeChanClosedEdge(b, i) {
				closedEdges++
			}
		}
	}
	if closedEdges != 1 {
		t.Errorf("TimeChanClosedEdge matched %d edges, want 1 (the ticker range's, not the plain channel's)\n%s", closedEdges, dump(r))
	}
}

const fieldSrc = `package p

type Box[T any] struct {
	n   int
	val T
}

type S struct{ a, b int }

func read(s *S, bi *Box[int], bs *Box[string]) int {
	return s.b + bi.n + len(bs.val)
}
`

func TestLoadedField(t *testing.T) {
	t.Parallel()
	p := build(t, fieldSrc)
	fn := p.fn(t, "read")
	var got []Field
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if v, ok := instr.(ssa.Value); ok {
				if f, ok := LoadedField(v); ok {
					got = append(got, f)
				}
			}
		}
	}
	if len(got) != 3 {
		t.Fatalf("found %d field loads, want 3\n%s", len(got), dump(fn))
	}
	if got[0].Type.Obj().Name() != "S" || got[0].Index != 1 {
		t.Errorf("s.b = %v.%d", got[0].Type, got[0].Index)
	}
	// Both instances of Box map to the generic origin.
	if got[1].Type != got[2].Type || got[1].Type.Obj().Name() != "Box" || got[1].Index != 0 || got[2].Index != 1 {
		t.Errorf("Box fields: %v.%d and %v.%d, want one origin type, indexes 0 and 1", got[1].Type, got[1].Index, got[2].Type, got[2].Index)
	}
}
