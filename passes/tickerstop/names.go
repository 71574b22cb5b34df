package tickerstop

import (
	"go/ast"
	"go/token"
)

// This file names what a message or a suggested fix refers to: the
// variable a creation is assigned to, the end of its line.

// localName returns the variable a creating call is assigned to
// (t := time.NewTicker(d)), and the assignment statement, if any.
func (c *checker) localName(pos token.Pos) (string, *ast.AssignStmt) {
	for _, f := range c.pass.Files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		var name string
		var stmt *ast.AssignStmt
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil || stmt != nil || pos < n.Pos() || pos >= n.End() {
				return false
			}
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 && as.Rhs[0].Pos() <= pos && pos < as.Rhs[0].End() {
				if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
					name, stmt = id.Name, as
				}
				return false
			}
			return true
		})
		return name, stmt
	}
	return "", nil
}

// endOfLine returns pos, or the end of a comment that follows it on the
// same line, so an inserted line does not split code from its comment.
func (c *checker) endOfLine(pos token.Pos) token.Pos {
	line := c.pass.Fset.Position(pos).Line
	for _, f := range c.pass.Files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, cg := range f.Comments {
			for _, cm := range cg.List {
				if cm.Pos() >= pos && c.pass.Fset.Position(cm.Pos()).Line == line && cm.End() > pos {
					pos = cm.End()
				}
			}
		}
	}
	return pos
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
