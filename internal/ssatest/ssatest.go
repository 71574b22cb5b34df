// Package ssatest builds SSA from Go source for the tests of leakvet's
// internal helpers, the way buildssa builds it for a pass.
package ssatest

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// The standard library's export data is read once for all test builds.
// The importer is not safe for concurrent use, and parallel tests build at
// the same time: buildMu serialises its use.
var (
	impOnce sync.Once
	imp     types.Importer
	buildMu sync.Mutex
)

func stdImporter() types.Importer {
	impOnce.Do(func() { imp = importer.Default() })
	return imp
}

// Build parses and type-checks src (one file, importing only the standard
// library) as package "<name>" ("example.com/main" for main) and builds its SSA. SrcFuncs are
// collected exactly as buildssa does: each FuncDecl's function and its
// closures, in source order.
func Build(t testing.TB, src string) (*token.FileSet, *buildssa.SSA) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	path := f.Name.Name
	if path == "main" {
		path = "example.com/main" // a main package needs a path of its own
	}
	tpkg := types.NewPackage(path, f.Name.Name)
	buildMu.Lock()
	defer buildMu.Unlock()
	pkg, info, err := ssautil.BuildPackage(&types.Config{Importer: stdImporter()}, fset, tpkg, []*ast.File{f}, 0)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	var funcs []*ssa.Function
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		funcs = append(funcs, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, decl := range f.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok {
			fn := pkg.Prog.FuncValue(info.Defs[fd.Name].(*types.Func))
			if fn == nil {
				t.Fatalf("no SSA function for %s", fd.Name.Name)
			}
			add(fn)
		}
	}
	return fset, &buildssa.SSA{Pkg: pkg, SrcFuncs: funcs}
}

// Dump renders fn's SSA for failure messages.
func Dump(fn *ssa.Function) string {
	var buf bytes.Buffer
	ssa.WriteFunction(&buf, fn)
	return buf.String()
}
