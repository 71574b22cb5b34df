package timersem

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// pass type-checks src at goVersion in dir (so a go.mod there can be found)
// and returns a Pass shaped like a driver's, with or without Module.
func pass(t *testing.T, dir, src, goVersion string, withModule bool) *analysis.Pass {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(dir, "p.go"), src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.Default(), GoVersion: goVersion}
	pkg, err := conf.Check("example.com/p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &analysis.Pass{Fset: fset, Files: []*ast.File{f}, Pkg: pkg}
	if withModule {
		p.Module = &analysis.Module{Path: "example.com", GoVersion: goVersion}
	}
	return p
}

func TestOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, goVersion, goMod string
		module                      bool
		want                        Semantics
		why                         string
	}{
		{name: "main below 1.23", src: "package main\nfunc main() {}\n", goVersion: "go1.22", want: Old, why: "go 1.22"},
		{name: "library below 1.23", src: "package lib\n", goVersion: "go1.22", want: Unknown, why: "library at go 1.22, so its consumer's go version decides"},
		{name: "main at 1.23", src: "package main\nfunc main() {}\n", goVersion: "go1.23", want: New, why: "go 1.23"},
		{name: "library at 1.26", src: "package lib\n", goVersion: "go1.26", want: New, why: "go 1.26"},
		{name: "no version", src: "package lib\n", want: Unknown, why: "no go version"},
		{name: "directive restores old timers", src: "//go:debug asynctimerchan=1\npackage main\nfunc main() {}\n", goVersion: "go1.26", want: Old, why: "//go:debug asynctimerchan=1"},
		{name: "directive default before 1.23", src: "//go:debug default=go1.21\npackage main\nfunc main() {}\n", goVersion: "go1.26", want: Old, why: "//go:debug default=go1.21"},
		{name: "directive new on old module", src: "//go:debug asynctimerchan=0\npackage main\nfunc main() {}\n", goVersion: "go1.22", want: New, why: "//go:debug asynctimerchan=0"},
		{name: "directive 2 keeps collectable timers", src: "//go:debug asynctimerchan=2\npackage main\nfunc main() {}\n", goVersion: "go1.22", want: New, why: "//go:debug asynctimerchan=2"},
		{name: "directive ignored in a library", src: "//go:debug asynctimerchan=1\npackage lib\n", goVersion: "go1.26", want: New, why: "go 1.26"},
		{name: "unrelated directive", src: "//go:debug panicnil=1\npackage main\nfunc main() {}\n", goVersion: "go1.26", want: New, why: "go 1.26"},
		{name: "go.mod godebug with Module", src: "package main\nfunc main() {}\n", goVersion: "go1.26", module: true,
			goMod: "module example.com\n\ngo 1.26\n\ngodebug asynctimerchan=1\n", want: Old, why: "godebug asynctimerchan=1 in go.mod"},
		{name: "go.mod godebug block default", src: "package main\nfunc main() {}\n", goVersion: "go1.26", module: true,
			goMod: "module example.com\n\ngo 1.26\n\ngodebug (\n\tdefault=go1.22\n)\n", want: Old, why: "godebug default=go1.22 in go.mod"},
		{name: "go.mod godebug without Module is not read", src: "package main\nfunc main() {}\n", goVersion: "go1.26",
			goMod: "module example.com\n\ngo 1.26\n\ngodebug asynctimerchan=1\n", want: New, why: "go 1.26"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.goMod != "" {
				if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(tt.goMod), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got := Of(pass(t, dir, tt.src, tt.goVersion, tt.module))
			if got.Semantics != tt.want || got.Why != tt.why {
				t.Errorf("Of = %v (%q), want %v (%q)", got.Semantics, got.Why, tt.want, tt.why)
			}
		})
	}
}
