package goroot

import (
	"go/ast"
	"go/build"
	"go/token"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func passAt(filename string) *analysis.Pass {
	fset := token.NewFileSet()
	tf := fset.AddFile(filename, -1, 10)
	return &analysis.Pass{Fset: fset, Files: []*ast.File{{FileStart: token.Pos(tf.Base()), FileEnd: token.Pos(tf.Base() + 10)}}}
}

func TestContains(t *testing.T) {
	t.Parallel()
	if !Contains(passAt(filepath.Join(build.Default.GOROOT, "src", "time", "sleep.go"))) {
		t.Error("time/sleep.go in GOROOT not recognised")
	}
	if Contains(passAt("/home/u/project/main.go")) {
		t.Error("a file outside GOROOT was taken for the standard library")
	}
	if Contains(&analysis.Pass{Fset: token.NewFileSet()}) {
		t.Error("a package without files was taken for the standard library")
	}
}
