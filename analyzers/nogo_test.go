package analyzers

// Bazel's nogo runs each analyzer with a Pass that has no ReadFile and no
// Module. This test drives the suite the same way, package by package in
// dependency order with facts passed along in memory, on the end-to-end
// fixture module, and checks that every check still reports its findings.

import (
	"go/types"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

type objFactKey struct {
	obj types.Object
	typ reflect.Type
}

type pkgFactKey struct {
	pkg *types.Package
	typ reflect.Type
}

type nogoDriver struct {
	objFacts map[objFactKey]analysis.Fact
	pkgFacts map[pkgFactKey]analysis.Fact
	diags    []string
}

func TestNogoShapedPass(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the standard library from source")
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: "../testdata/example"}
	roots, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	d := &nogoDriver{objFacts: map[objFactKey]analysis.Fact{}, pkgFacts: map[pkgFactKey]analysis.Fact{}}
	isRoot := make(map[*packages.Package]bool)
	for _, p := range roots {
		isRoot[p] = true
	}
	packages.Visit(roots, nil, func(p *packages.Package) {
		if len(p.Errors) > 0 {
			t.Fatalf("%s: %v", p.PkgPath, p.Errors)
		}
		d.analyse(t, p, isRoot[p])
	})
	got := strings.Join(d.diags, "\n")
	for _, want := range []string{
		`metrics.go:37:5: globalgrowth: package-level map "hits" grows without bound`,
		`handlers.go:125:24: globalgrowth: events.Subscribe appends to package-level slice "subscribers" of package events`, // needs facts
		`monitor.go:23:21: tickerstop: ticker "t" from time.NewTicker is never stopped and is read by a goroutine that never exits`,
		`monitor.go:36:26: tickerstop: timer "retry" from time.AfterFunc is stored in a field of *Monitor that Close never stops`,
		`inventory.go:20:12: goroutineleak: goroutine blocks forever sending on "replies" when (*Server).stockLevel returns on ctx.Done()`,
		`monitor.go:24:2: goroutineleak: goroutine runs forever`,
		`imports.go:25:30: closurecapture: closure passed to time.AfterFunc captures "body"`,
		`receipts.go:27:8: retention: substring string(body)[:12] of input-sized []byte from io.ReadAll is stored in field "ids" of *receiptRing`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing finding %q; got:\n%s", want, got)
		}
	}
}

// analyse runs the suite (and what it requires) on one package: all of it
// for a root package, only the fact-producing part for a dependency.
func (d *nogoDriver) analyse(t *testing.T, p *packages.Package, root bool) {
	results := make(map[*analysis.Analyzer]any)
	var run func(a *analysis.Analyzer)
	run = func(a *analysis.Analyzer) {
		if _, done := results[a]; done {
			return
		}
		for _, req := range a.Requires {
			run(req)
		}
		pass := &analysis.Pass{
			Analyzer:   a,
			Fset:       p.Fset,
			Files:      p.Syntax,
			Pkg:        p.Types,
			TypesInfo:  p.TypesInfo,
			TypesSizes: p.TypesSizes,
			ResultOf:   make(map[*analysis.Analyzer]any),
			// nogo's shape: no ReadFile, no Module.
			ReadFile: nil,
			Module:   nil,
			Report: func(diag analysis.Diagnostic) {
				if root {
					pos := p.Fset.Position(diag.Pos)
					d.diags = append(d.diags, pos.String()+": "+a.Name+": "+diag.Message)
				}
			},
			ImportObjectFact: func(obj types.Object, fact analysis.Fact) bool {
				f, ok := d.objFacts[objFactKey{obj, reflect.TypeOf(fact)}]
				if ok {
					reflect.ValueOf(fact).Elem().Set(reflect.ValueOf(f).Elem())
				}
				return ok
			},
			ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
				d.objFacts[objFactKey{obj, reflect.TypeOf(fact)}] = fact
			},
			ImportPackageFact: func(pkg *types.Package, fact analysis.Fact) bool {
				f, ok := d.pkgFacts[pkgFactKey{pkg, reflect.TypeOf(fact)}]
				if ok {
					reflect.ValueOf(fact).Elem().Set(reflect.ValueOf(f).Elem())
				}
				return ok
			},
			ExportPackageFact: func(fact analysis.Fact) {
				d.pkgFacts[pkgFactKey{p.Types, reflect.TypeOf(fact)}] = fact
			},
			AllObjectFacts:  func() []analysis.ObjectFact { return nil },
			AllPackageFacts: func() []analysis.PackageFact { return nil },
		}
		for _, req := range a.Requires {
			pass.ResultOf[req] = results[req]
		}
		res, err := a.Run(pass)
		if err != nil {
			t.Fatalf("%s on %s: %v", a.Name, p.PkgPath, err)
		}
		results[a] = res
	}
	for _, a := range All {
		if root || len(a.FactTypes) > 0 {
			run(a)
		}
	}
}
