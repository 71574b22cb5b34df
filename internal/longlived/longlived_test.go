package longlived_test

import (
	"go/token"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/internal/longlived"
	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

const src = `package p

import "net/http"

type Registry struct{ hooks []func() }
type Page struct{ title func() string }
type Worker struct{ cb func(); quit chan struct{} }
type Joined struct{ cb func() }
type Plain struct{ cb func(); ch chan func() }
type Embeds struct{ *http.ServeMux; cb func() }

func (*Page) ServeHTTP(http.ResponseWriter, *http.Request) {}

var reg = &Registry{}
var hook func()
var hooks []func()
var table map[string]func()
var events chan func()

func (w *Worker) loop() {
	for {
		select {
		case <-w.quit:
		}
	}
}
func NewWorker() *Worker { w := &Worker{}; go w.loop(); return w }

func (j *Joined) once() {}
func NewJoined() *Joined { j := &Joined{}; go j.once(); return j }

func toGlobal(f func())            { hook = f }
func toGlobalSlice(f func())       { hooks = append(hooks, f); hooks[0] = f }
func toGlobalMap(f func())         { table["x"] = f }
func toRegistry(f func())          { reg.hooks = append(reg.hooks, f) }
func toFreshPage(f func() string) *Page { return &Page{title: f} }
func toFreshWorker(f func()) *Worker    { w := &Worker{}; w.cb = f; return w }
func toParamPage(p *Page, f func() string) { p.title = f }
func toJoined(f func()) *Joined    { return &Joined{cb: f} }
func toPlain(f func()) *Plain      { return &Plain{cb: f} }
func toPlainParam(p *Plain, f func()) { p.cb = f }
func toEmbeds(f func()) *Embeds    { return &Embeds{cb: f} }
func localPage(f func() string) string { var p Page; p.title = f; return p.title() }
func localWorker(f func()) { w := &Worker{}; w.cb = f; w.cb() }
func goWorker(f func()) { w := &Worker{}; w.cb = f; go w.loop() }
func sendGlobal(f func())          { events <- f }
func sendPlain(p *Plain, f func()) { p.ch <- f }
func sendWorker(w *Worker)         { w.quit <- struct{}{} }
`

// TestPlaces asks Store (and Chan, for sends) for every store of a func
// value in each function and compares the first answer.
func TestPlaces(t *testing.T) {
	fset, res := ssatest.Build(t, src)
	funcs := ssaq.PackageFuncs(res)
	p := longlived.New(longlived.Config{
		Pkg:   res.Pkg.Pkg,
		Funcs: funcs,
		Fset:  fset,
		LongGoroutine: func(g *ssa.Go) (string, bool) {
			fn := g.Common().StaticCallee()
			if fn != nil && fn.Name() == "loop" {
				return "never returns", true
			}
			return "", false
		},
	})
	want := map[string]string{
		"toGlobal":      `global: package-level var "hook"`,
		"toGlobalSlice": `global: package-level slice "hooks"`,
		"toGlobalMap":   `global: package-level map "table"`,
		"toRegistry":    `field: field "hooks" of *Registry (held by package-level var "reg")`,
		"toFreshPage":   `field: field "title" of *Page (which serves HTTP requests)`,
		"toFreshWorker": `field: field "cb" of *Worker (which runs a goroutine that never returns)`,
		"toParamPage":   `field: field "title" of *Page (which serves HTTP requests)`,
		"toJoined":      ``,
		"toPlain":       ``,
		"toPlainParam":  ``,
		"toEmbeds":      `field: field "cb" of *Embeds (which serves HTTP requests)`,
		"localPage":     ``,
		"localWorker":   ``,
		"goWorker":      `field: field "cb" of *Worker (which runs a goroutine that never returns)`,
		"sendGlobal":    `channel: package-level channel "events"`,
		"sendPlain":     ``,
		"sendWorker":    `channel: channel field "quit" of *Worker (which runs a goroutine that never returns)`,
	}
	for _, fn := range funcs {
		w, ok := want[fn.Name()]
		if !ok {
			continue
		}
		got := ""
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if got != "" {
					break
				}
				var pl longlived.Place
				var found bool
				switch instr := instr.(type) {
				case *ssa.Store:
					pl, found = p.Store(instr.Addr)
				case *ssa.MapUpdate:
					pl, found = p.Container(instr.Map)
				case *ssa.Send:
					pl, found = p.Chan(instr.Chan)
				}
				if found {
					got = pl.Kind + ": " + pl.Where
				}
			}
		}
		if got != w {
			t.Errorf("%s: got %q, want %q", fn.Name(), got, w)
		}
	}
}

func TestType(t *testing.T) {
	_, res := ssatest.Build(t, src)
	p := longlived.New(longlived.Config{Pkg: res.Pkg.Pkg, Funcs: ssaq.PackageFuncs(res)})
	for name, want := range map[string]string{
		"Registry": "package-level var",
		"Page":     "serves HTTP",
		"Worker":   "", // no goroutine query given
		"Plain":    "",
	} {
		why, ok := p.Type(res.Pkg.Pkg.Scope().Lookup(name).Type())
		if ok != (want != "") || !strings.Contains(why, want) {
			t.Errorf("Type(%s) = %q, %v; want %q", name, why, ok, want)
		}
	}
}

// TestTestFiles checks that a package-level var in a _test.go file does
// not make its type long-lived.
func TestTestFiles(t *testing.T) {
	fset, res := ssatest.Build(t, `package p
type T struct{ f func() }
var fixture = &T{}
`)
	// Pretend the file is a test file.
	var file *token.File
	fset.Iterate(func(f *token.File) bool { file = f; return false })
	test := token.NewFileSet()
	test.AddFile(strings.TrimSuffix(file.Name(), ".go")+"_test.go", file.Base(), file.Size())
	p := longlived.New(longlived.Config{Pkg: res.Pkg.Pkg, Fset: test})
	if why, ok := p.Type(res.Pkg.Pkg.Scope().Lookup("T").Type()); ok {
		t.Errorf("T long-lived from a test file: %q", why)
	}
	p = longlived.New(longlived.Config{Pkg: res.Pkg.Pkg, Fset: fset})
	if _, ok := p.Type(res.Pkg.Pkg.Scope().Lookup("T").Type()); !ok {
		t.Errorf("T not long-lived from a package file")
	}
}
