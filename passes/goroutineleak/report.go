package goroutineleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// diag reports d through the check's reporter (one diagnostic per
// position, with the check's URL).
func (c *checker) diag(d analysis.Diagnostic) {
	if !d.Pos.IsValid() {
		return
	}
	c.report.Report(d)
}

func related(pos token.Pos, format string, args ...any) analysis.RelatedInformation {
	return analysis.RelatedInformation{Pos: pos, Message: fmt.Sprintf(format, args...)}
}

// file returns the syntax of the file holding pos.
func (c *checker) file(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// exprAt returns the source text of the expression an operation at pos
// acts on: the channel of a send, receive or range, the argument of a
// call, or the receiver of a method call ("s.results", "wg").
func (c *checker) exprAt(pos token.Pos, argIndex int) string {
	f := c.file(pos)
	if f == nil {
		return ""
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	for _, n := range path {
		switch n := n.(type) {
		case *ast.SendStmt:
			return types.ExprString(n.Chan)
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				return types.ExprString(n.X)
			}
		case *ast.RangeStmt:
			return types.ExprString(n.X)
		case *ast.CallExpr:
			if argIndex >= 0 && argIndex < len(n.Args) {
				return types.ExprString(n.Args[argIndex])
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && argIndex < 0 {
				return types.ExprString(sel.X)
			}
			return ""
		}
	}
	return ""
}

// position returns the position to report an op at: the instruction in
// the goroutine's own function when known, else the op itself.
func opPos(o op) token.Pos {
	if o.inGo != nil {
		return instrPos(o.inGo, o.state)
	}
	return instrPos(o.instr, o.state)
}

// instrPos is an instruction's position; for a select case, the case's.
func instrPos(instr ssa.Instruction, state int) token.Pos {
	if s, ok := instr.(*ssa.Select); ok && state >= 0 && state < len(s.States) {
		return s.States[state].Pos
	}
	if g, ok := instr.(*ssa.Go); ok {
		return g.Pos()
	}
	return instr.Pos()
}

// spawnerName names a function for messages ("fetch", "(*Pool).Run").
func spawnerName(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return ssaq.Name(fn)
}

func sortedOps(ops []op) []op {
	sort.SliceStable(ops, func(i, j int) bool { return opPos(ops[i]) < opPos(ops[j]) })
	return ops
}

// retPos is where a return is in the source: an implicit one is at the
// function's closing brace.
func retPos(ret *ssa.Return) token.Pos {
	if ret.Pos().IsValid() {
		return ret.Pos()
	}
	switch syn := ret.Parent().Syntax().(type) {
	case *ast.FuncDecl:
		if syn.Body != nil {
			return syn.Body.Rbrace
		}
	case *ast.FuncLit:
		return syn.Body.Rbrace
	}
	return ret.Parent().Pos()
}
