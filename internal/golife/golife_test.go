package golife

import (
	"strings"
	"testing"

	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

// build returns the query for src and the go statement of each function
// (by RelString) that has exactly one.
func build(t *testing.T, src string) (*Info, map[string]*ssa.Go) {
	t.Helper()
	_, res := ssatest.Build(t, src)
	funcs := ssaq.PackageFuncs(res)
	in := New(funcs, lifetime.Compute(funcs))
	goes := map[string]*ssa.Go{}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if g, ok := instr.(*ssa.Go); ok {
					goes[fn.RelString(res.Pkg.Pkg)] = g
				}
			}
		}
	}
	return in, goes
}

type want struct {
	exit       Signal
	why        string // substring of Lifetime.Why
	perRequest bool
}

func check(t *testing.T, src string, cases map[string]want) {
	t.Helper()
	in, goes := build(t, src)
	for name, w := range cases {
		g := goes[name]
		if g == nil {
			t.Errorf("no go statement in %s (have %v)", name, keys(goes))
			continue
		}
		l := in.Of(g)
		if l.Exit != w.exit || !strings.Contains(l.Why(), w.why) || l.PerRequest != w.perRequest {
			t.Errorf("%s: Exit=%v Why=%q PerRequest=%v, want %v %q %v\n%s", name, l.Exit, l.Why(), l.PerRequest, w.exit, w.why, w.perRequest, ssatest.Dump(l.Body))
		}
		if l.OutlivesCall() != (w.exit != PerCall) || l.Forever() != (w.exit == Never) {
			t.Errorf("%s: OutlivesCall=%v Forever=%v disagree with Exit %v", name, l.OutlivesCall(), l.Forever(), l.Exit)
		}
	}
}

func keys(m map[string]*ssa.Go) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestLocalChannels(t *testing.T) {
	check(t, `package p

import "time"

func work() {}

// nothing closes done
func unclosed() {
	done := make(chan struct{})
	t := time.NewTicker(time.Second)
	go func() {
		for {
			select {
			case <-t.C:
				work()
			case <-done:
				return
			}
		}
	}()
}

// the spawner closes done when it returns
func closed() {
	done := make(chan struct{})
	defer close(done)
	go func() {
		<-done
	}()
	work()
}

// a send ends it
func sent() {
	done := make(chan bool)
	go waitOn(done)
	done <- true
}

func waitOn(c chan bool) { <-c }

// the channel is handed to code the model cannot see
func escapes(f func(chan int)) {
	c := make(chan int)
	f(c)
	go func() { <-c }()
}

// a nil channel
func nilChan() {
	var c chan int
	go func() { <-c }()
}

// no return at all
func spin() {
	go func() {
		for {
			work()
		}
	}()
}

// range over a ticker never ends
func tickerRange() {
	t := time.NewTicker(time.Second)
	go func() {
		for range t.C {
			work()
		}
	}()
}

// range over a ticker with an error return is a per-call exit
func tickerRangeErr(f func() error) {
	t := time.NewTicker(time.Second)
	go func() {
		for range t.C {
			if f() != nil {
				return
			}
		}
	}()
}

// a timeout exits
func timeout(c chan int) {
	go func() {
		select {
		case <-c:
		case <-time.After(time.Second):
		}
	}()
}

// the closure closes a captured channel in a helper the spawner calls
func helperClose() {
	done := make(chan struct{})
	go func() { <-done }()
	finish(done)
}

func finish(c chan struct{}) { close(c) }
`, map[string]want{
		"unclosed":       {Never, `channel "done" is never closed or sent to`, false},
		"closed":         {PerCall, "", false},
		"sent":           {PerCall, "", false},
		"escapes":        {PerCall, "", false},
		"nilChan":        {Never, "nil channel", false},
		"spin":           {Never, "no return", false},
		"tickerRange":    {Never, "", false},
		"tickerRangeErr": {PerCall, "", false},
		"timeout":        {PerCall, "", false},
		"helperClose":    {PerCall, "", false},
	})
}

func TestContexts(t *testing.T) {
	check(t, `package p

import (
	"context"
	"net/http"
	"time"
)

func work() {}

type R struct{}

func (r *R) Lookup() { r.warn(context.Background()) }

// every caller passes context.Background()
func (r *R) warn(ctx context.Context) {
	go func() {
		select {
		case <-ctx.Done():
		}
	}()
}

// the request's context ends with the request
func Handle(w http.ResponseWriter, req *http.Request) {
	ctx := req.Context()
	go func() {
		<-ctx.Done()
	}()
}

// cancel is returned to the caller
func Watch() func() {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			default:
				work()
			}
		}
	}()
	return cancel
}

// cancel is dropped: the context never ends
func dropped() {
	ctx, _ := context.WithCancel(context.TODO())
	go func() { <-ctx.Done() }()
}

// a deadline fires
func deadline() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	_ = cancel
	go func() { <-ctx.Done() }()
}

// an exported function's context comes from outside
func Exported(ctx context.Context) {
	go func() { <-ctx.Done() }()
}

type Server struct{ base context.Context }

// a context kept in the owner
func (s *Server) Serve() {
	go func() { <-s.base.Done() }()
}
`, map[string]want{
		"(*R).warn":       {Never, "context.Background()", false},
		"Handle":          {PerCall, "", true},
		"Watch":           {PerCall, "", false},
		"dropped":         {Never, "cancel func is never called", false},
		"deadline":        {PerCall, "", false},
		"Exported":        {PerCall, "", false},
		"(*Server).Serve": {Owner, "Server.base", false},
	})
}

func TestOwnerFields(t *testing.T) {
	check(t, `package p

import (
	"net/http"
	"time"
)

type Server struct {
	quit  chan struct{}
	done  chan struct{}
	never chan struct{}
	Pub   chan struct{}
}

func (s *Server) refresh() {}

// per request, exits only when Shutdown closes quit
func (s *Server) Upload(w http.ResponseWriter, r *http.Request) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-t.C:
				s.refresh()
			case <-s.quit:
				return
			}
		}
	}()
}

func (s *Server) Shutdown() { close(s.quit) }

// the spawner itself closes done (through a helper): per call
func (s *Server) Run() {
	s.done = make(chan struct{})
	go s.loop(s.done)
	s.refresh()
	s.finish()
}

func (s *Server) finish() { close(s.done) }

func (s *Server) loop(done chan struct{}) { <-done }

// nothing closes never
func (s *Server) Wait() {
	go func() { <-s.never }()
}

// an exported field is an open world
func (s *Server) Public() {
	go func() { <-s.Pub }()
}
`, map[string]want{
		"(*Server).Upload": {Owner, "closed only by (*Server).Shutdown", true},
		"(*Server).Run":    {PerCall, "", false},
		"(*Server).Wait":   {Never, "Server.never is never closed", false},
		"(*Server).Public": {PerCall, "", false},
	})
}

// TestGeneric: a generic spawner and body are judged on their origin.
func TestGeneric(t *testing.T) {
	check(t, `package p

type Pool[T any] struct{ stop chan struct{} }

func (p *Pool[T]) Go(f func(T)) {
	go func() {
		<-p.stop
	}()
}
`, map[string]want{
		"(*Pool[T]).Go": {Never, "Pool.stop is never closed", false},
	})
}

func TestChanAndContext(t *testing.T) {
	_, res := ssatest.Build(t, `package p

import "context"

type S struct{ base context.Context }

func abort(ctx context.Context) { context.AfterFunc(ctx, func() {}) }

func (s *S) Serve() { abort(s.base) }

func bg() { abort2(context.Background()) }

func abort2(ctx context.Context) { context.AfterFunc(ctx, func() {}) }

func local() {
	c := make(chan int)
	use(c)
}

func use(c chan int) {}
`)
	funcs := ssaq.PackageFuncs(res)
	in := New(funcs, lifetime.Compute(funcs))
	param := func(name string) ssa.Value {
		fn := res.Pkg.Func(name)
		return fn.Params[0]
	}
	if s, why := in.Context(param("abort")); s != Owner || !strings.Contains(why, "S.base") {
		t.Errorf("abort's ctx: %v %q, want owner lifetime", s, why)
	}
	if s, _ := in.Context(param("abort2")); s != Never {
		t.Errorf("abort2's ctx: %v, want never", s)
	}
	if s, why := in.Chan(param("use")); s != Never || !strings.Contains(why, `"c"`) {
		t.Errorf("use's channel: %v %q, want never", s, why)
	}
}

// A runner helper (func spawn(f func()) { go f() }) starts its argument:
// its calls are goroutine starts, and the closures they start have
// lifetimes. A helper that also calls f, or passes it on, is not a runner.
func TestRunners(t *testing.T) {
	_, res := ssatest.Build(t, `package p

import "sync"

func spawn(f func()) { go f() }

func both(f func()) { go f(); f() }

func loopForever() {
	spawn(func() {
		for {
		}
	})
}

func notRunner() {
	both(func() {})
}

func group(wg *sync.WaitGroup) {
	wg.Go(func() {})
}
`)
	funcs := ssaq.PackageFuncs(res)
	in := New(funcs, lifetime.Compute(funcs))
	starts := func(name string) []ssa.CallInstruction {
		var out []ssa.CallInstruction
		for _, b := range res.Pkg.Func(name).Blocks {
			for _, instr := range b.Instrs {
				if ci, ok := instr.(ssa.CallInstruction); ok && in.GoFunc(ci) != nil {
					out = append(out, ci)
				}
			}
		}
		return out
	}
	if got := starts("loopForever"); len(got) != 1 {
		t.Fatalf("loopForever: %d goroutine starts, want the call of spawn", len(got))
	} else if l := in.Of(got[0]); l.Body == nil || l.Exit != Never {
		t.Errorf("goroutine started through spawn: body %v, exit %v; want a body that never exits", l.Body, l.Exit)
	}
	if got := starts("notRunner"); len(got) != 0 {
		t.Errorf("notRunner: %d goroutine starts, want none (both also calls f)", len(got))
	}
	if got := starts("group"); len(got) != 1 {
		t.Errorf("group: %d goroutine starts, want wg.Go", len(got))
	}
}
