package closurecapture

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"unicode"

	"github.com/leakvet/leakvet/internal/size"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// hoistFix builds the fix for a closure that uses only len/cap of a
// captured variable or one field of it: declare the projection in a local
// before the statement that makes the closure, and use the local inside.
// It is offered only when every mention of the variable in the closure is
// that projection, and the closure is made where the variable is declared.
func (c *checker) hoistFix(mc *ssa.MakeClosure, body *ssa.Function, cp capture, projs []projection, kind string) (analysis.SuggestedFix, bool) {
	if cp.mc != mc || (kind != "len" && kind != "cap" && kind != "field") {
		return analysis.SuggestedFix{}, false
	}
	text := projs[0].text
	for _, p := range projs {
		if p.text != text {
			return analysis.SuggestedFix{}, false
		}
	}
	if projs[0].fieldKey != (fieldKey{}) && c.fieldWritten(projs[0].fieldKey) {
		// Reading the field when the closure is made would miss later
		// writes.
		return analysis.SuggestedFix{}, false
	}
	lit, ok := body.Syntax().(*ast.FuncLit)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	file := ssaq.FileOf(c.pass.Files, lit.Pos())
	if file == nil {
		return analysis.SuggestedFix{}, false
	}
	stmt := enclosingStmt(file, lit)
	if stmt == nil {
		return analysis.SuggestedFix{}, false
	}
	info := c.pass.TypesInfo
	// The captured variable, and every mention of it in the closure.
	var obj types.Object
	mentions := 0
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id.Name != cp.name {
			return true
		}
		o := info.Uses[id]
		if o == nil || (o.Pos() >= lit.Pos() && o.Pos() < lit.End()) {
			return true
		}
		if obj == nil {
			obj = o
		}
		if o == obj {
			mentions++
		}
		return true
	})
	if obj == nil || mentions == 0 {
		return analysis.SuggestedFix{}, false
	}
	// The projections spelled exactly as reported.
	var exprs []ast.Expr
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		e, ok := n.(ast.Expr)
		if !ok || types.ExprString(e) != text || !mentionsObj(info, e, obj) {
			return true
		}
		exprs = append(exprs, e)
		return false
	})
	if len(exprs) != mentions {
		return analysis.SuggestedFix{}, false // some mention is not the projection
	}
	name := c.freshName(localNames(cp.name, text, kind), stmt.Pos(), lit)
	if name == "" {
		return analysis.SuggestedFix{}, false
	}
	indent := strings.Repeat("\t", max(c.pass.Fset.Position(stmt.Pos()).Column-1, 0))
	edits := []analysis.TextEdit{{
		Pos:     stmt.Pos(),
		End:     stmt.Pos(),
		NewText: []byte(name + " := " + text + "\n" + indent),
	}}
	for _, e := range exprs {
		edits = append(edits, analysis.TextEdit{Pos: e.Pos(), End: e.End(), NewText: []byte(name)})
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Copy %s into %s before the closure", text, name),
		TextEdits: edits,
	}, true
}

// enclosingStmt returns the statement of a statement list that contains
// lit.
func enclosingStmt(file *ast.File, lit *ast.FuncLit) ast.Stmt {
	path, _ := astutil.PathEnclosingInterval(file, lit.Pos(), lit.End())
	for i := 1; i+1 < len(path); i++ {
		stmt, ok := path[i].(ast.Stmt)
		if !ok {
			continue
		}
		switch path[i+1].(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			return stmt
		}
	}
	return nil
}

func mentionsObj(info *types.Info, e ast.Expr, obj types.Object) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

// localNames proposes names for the hoisted projection, best first:
// dataLen, dataCap (rowsLen for len(rep.Rows)), or the field's name in
// lower case (title for doc.Title), then the variable's name and the
// field's (docTitle).
func localNames(v, text, kind string) []string {
	switch kind {
	case "len", "cap":
		suffix := "Len"
		if kind == "cap" {
			suffix = "Cap"
		}
		// len(rep.Rows): name the field's length, rowsLen.
		if i := strings.LastIndexByte(text, '.'); i >= 0 {
			field := strings.TrimSuffix(text[i+1:], ")")
			return []string{lowerInitial(field) + suffix, v + field + suffix}
		}
		return []string{v + suffix}
	}
	field := text[strings.LastIndexByte(text, '.')+1:]
	name := lowerInitial(field)
	if token.IsKeyword(name) || name == v {
		return []string{v + field}
	}
	return []string{name, v + field}
}

// lowerInitial lowers a leading capital or initialism: Title -> title,
// ID -> id, URLPath -> urlPath.
func lowerInitial(s string) string {
	r := []rune(s)
	n := 0
	for n < len(r) && unicode.IsUpper(r[n]) {
		n++
	}
	switch {
	case n == len(r):
		n = len(r)
	case n > 1:
		n-- // the last capital starts the next word
	}
	for i := 0; i < n; i++ {
		r[i] = unicode.ToLower(r[i])
	}
	return string(r)
}

// freshName returns the first of names, or a numbered variant of the
// last, that is free at pos and unused inside lit; "" if none is.
func (c *checker) freshName(names []string, pos token.Pos, lit *ast.FuncLit) string {
	scope := c.pass.Pkg.Scope().Innermost(pos)
	last := names[len(names)-1]
	for i := 2; i <= 3; i++ {
		names = append(names, fmt.Sprintf("%s%d", last, i))
	}
	for _, cand := range names {
		if scope != nil {
			if _, obj := scope.LookupParent(cand, pos); obj != nil {
				continue
			}
		}
		used := false
		ast.Inspect(lit, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == cand {
				used = true
			}
			return !used
		})
		if !used {
			return cand
		}
	}
	return ""
}

// fieldWritten reports whether some function of the package assigns the
// field (other than while filling a fresh composite literal).
func (c *checker) fieldWritten(k fieldKey) bool {
	if k.st == nil {
		return true
	}
	if c.written == nil {
		c.written = make(map[fieldKey]bool)
		for _, fn := range c.funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					st, ok := instr.(*ssa.Store)
					if !ok {
						continue
					}
					fa, ok := st.Addr.(*ssa.FieldAddr)
					if !ok {
						continue
					}
					if a, ok := fa.X.(*ssa.Alloc); ok && a.Comment == "complit" {
						continue
					}
					if key, ok := fieldKeyOf(fa.X.Type(), fa.Field); ok {
						c.written[key] = true
					}
				}
			}
		}
	}
	return c.written[k]
}

// fieldKey identifies a struct field by its struct type and index.
type fieldKey struct {
	st    *types.Struct
	field int
}

func fieldKeyOf(t types.Type, i int) (fieldKey, bool) {
	st, ok := size.Deref(t).Underlying().(*types.Struct)
	if !ok {
		return fieldKey{}, false
	}
	return fieldKey{st, i}, true
}
