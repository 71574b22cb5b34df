package ssaq

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// InTestFile reports whether pos lies in a _test.go file of fset.
func InTestFile(fset *token.FileSet, pos token.Pos) bool {
	if fset == nil || !pos.IsValid() {
		return false
	}
	f := fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// FuncInTestFile reports whether fn (or, for a closure, its enclosing
// function) is declared in a _test.go file.
func FuncInTestFile(fn *ssa.Function) bool {
	if fn == nil || fn.Prog == nil {
		return false
	}
	return InTestFile(fn.Prog.Fset, fn.Pos())
}

// FileOf returns the file of files that contains pos, or nil.
func FileOf(files []*ast.File, pos token.Pos) *ast.File {
	for _, f := range files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// CalleeName names fn for messages as seen from package pkg: Name(fn) for
// pkg's own functions ("watch", "(*Queue).Push"), and for another
// package's the package-qualified form ("lib.OnExit", "(*lib.Queue).Push").
func CalleeName(fn *ssa.Function, pkg *types.Package) string {
	if fn == nil {
		return "?"
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg() == pkg {
		return Name(fn)
	}
	qual := func(p *types.Package) string { return p.Name() }
	if recv := obj.Signature().Recv(); recv != nil {
		return "(" + types.TypeString(recv.Type(), qual) + ")." + obj.Name()
	}
	return obj.Pkg().Name() + "." + obj.Name()
}

// GoFunc returns the func value a goroutine start runs: the function of a
// go statement, or the func argument of (*sync.WaitGroup).Go and
// (*errgroup.Group).Go. It returns nil for any other instruction.
func GoFunc(instr ssa.Instruction) ssa.Value {
	switch x := instr.(type) {
	case *ssa.Go:
		return x.Call.Value
	case ssa.CallInstruction:
		return GoRunnerArg(x.Common())
	}
	return nil
}

// GoRunnerArg returns the func a goroutine-starting method call runs
// ((*sync.WaitGroup).Go, (*errgroup.Group).Go), or nil.
func GoRunnerArg(call *ssa.CallCommon) ssa.Value {
	fn := call.StaticCallee()
	if fn == nil || len(call.Args) != 2 {
		return nil
	}
	if IsMethod(fn, "sync", "WaitGroup", "Go") || IsMethod(fn, "golang.org/x/sync/errgroup", "Group", "Go") {
		return call.Args[1]
	}
	return nil
}

// GoBody returns the function a goroutine start (a go statement or a
// goroutine-starting runner call, see GoFunc) runs, when it is known
// statically (a function or a closure); nil otherwise.
func GoBody(instr ssa.Instruction) *ssa.Function {
	if v := GoFunc(instr); v != nil {
		return FuncValue(v)
	}
	return nil
}
