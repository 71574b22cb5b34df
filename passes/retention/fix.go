package retention

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// clone is the standard copy function for one kind of view.
type clone struct {
	pkg, fn string
	since   string // the Go version that added it
}

var (
	stringsClone = clone{"strings", "Clone", "go1.18"}
	bytesClone   = clone{"bytes", "Clone", "go1.20"}
	slicesClone  = clone{"slices", "Clone", "go1.21"}
)

// fix returns the suggested fix for v (wrapping it in a Clone call the
// file's Go version has) and the advice that ends the message.
func (c *checker) fix(v view) ([]analysis.SuggestedFix, string) {
	if v.kind == pointerView {
		return nil, "copy the element and keep a pointer to the copy"
	}
	t := v.v.Type()
	var cl clone
	var old string
	switch u := t.Underlying().(type) {
	case *types.Basic:
		if u.Info()&types.IsString == 0 {
			return nil, "copy it before keeping it"
		}
		cl, old = stringsClone, "copy it before keeping it (string(b[i:j]) of the bytes copies)"
		if !types.Identical(t, types.Typ[types.String]) {
			return nil, "copy it with strings.Clone before keeping it"
		}
	case *types.Slice:
		if b, ok := u.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
			cl, old = bytesClone, "copy it with append([]byte(nil), ...) before keeping it"
		} else if pointerFree(u.Elem(), 0) {
			cl, old = slicesClone, "copy it with append before keeping it"
		} else {
			// slices.Clone copies the elements' headers: each string or
			// slice still points into the buffer.
			return nil, "copy it, and each element, before keeping it"
		}
	default:
		return nil, "copy it before keeping it"
	}
	file := c.fileOf(v.pos)
	if file == nil || !c.versionHas(file, cl.since) {
		return nil, old
	}
	advice := "copy it with " + cl.pkg + "." + cl.fn
	if v.expr == nil {
		return nil, advice
	}
	if tv, ok := c.pass.TypesInfo.Types[v.expr]; !ok || !types.Identical(tv.Type, t) {
		return nil, advice // a call with more results (s, err = f()): no place to wrap
	}
	name, edits, ok := c.importName(file, cl.pkg, v.expr.Pos())
	if !ok {
		return nil, advice
	}
	edits = append(edits,
		analysis.TextEdit{Pos: v.expr.Pos(), End: v.expr.Pos(), NewText: []byte(name + "." + cl.fn + "(")},
		analysis.TextEdit{Pos: v.expr.End(), End: v.expr.End(), NewText: []byte(")")})
	return []analysis.SuggestedFix{{Message: "Copy the view with " + cl.pkg + "." + cl.fn, TextEdits: edits}}, advice
}

// versionHas reports whether the file's Go version is at least since
// (files without a version are taken to have the latest).
func (c *checker) versionHas(file *ast.File, since string) bool {
	v := c.pass.TypesInfo.FileVersions[file]
	return v == "" || version.Compare(v, since) >= 0
}

// importName returns the name under which file refers to the package
// path at pos, with the edits that add the import when it is missing; ok
// is false when the name is taken by something else there.
func (c *checker) importName(file *ast.File, path string, pos token.Pos) (string, []analysis.TextEdit, bool) {
	for _, imp := range file.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || p != path {
			continue
		}
		if imp.Name == nil {
			return path, nil, true
		}
		if imp.Name.Name == "_" || imp.Name.Name == "." {
			return "", nil, false
		}
		return imp.Name.Name, nil, true
	}
	// The name must not mean something else at pos.
	if scope := c.pass.Pkg.Scope().Innermost(pos); scope != nil {
		if _, obj := scope.LookupParent(path, pos); obj != nil {
			return "", nil, false
		}
	}
	if fscope := c.pass.TypesInfo.Scopes[file]; fscope != nil && fscope.Lookup(path) != nil {
		return "", nil, false
	}
	quoted := strconv.Quote(path)
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		if !gd.Lparen.IsValid() {
			return path, []analysis.TextEdit{{Pos: gd.End(), End: gd.End(), NewText: []byte("\nimport " + quoted)}}, true
		}
		// Keep the block sorted: before the first path that sorts after.
		for _, sp := range gd.Specs {
			is := sp.(*ast.ImportSpec)
			if is.Path.Value > quoted {
				at := is.Pos()
				return path, []analysis.TextEdit{{Pos: at, End: at, NewText: []byte(quoted + "\n\t")}}, true
			}
		}
		at := gd.Specs[len(gd.Specs)-1].End()
		return path, []analysis.TextEdit{{Pos: at, End: at, NewText: []byte("\n\t" + quoted)}}, true
	}
	at := file.Name.End()
	return path, []analysis.TextEdit{{Pos: at, End: at, NewText: []byte("\n\nimport " + quoted)}}, true
}

// fileOf returns the syntax of the package file holding pos.
func (c *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// exprAt returns the innermost expression enclosing pos that satisfies ok.
func (c *checker) exprAt(pos token.Pos, ok func(ast.Node) bool) ast.Expr {
	if !pos.IsValid() {
		return nil
	}
	file := c.fileOf(pos)
	if file == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(file, pos, pos)
	for _, n := range path {
		if e, isExpr := n.(ast.Expr); isExpr && ok(n) {
			return e
		}
		if _, stmt := n.(ast.Stmt); stmt {
			break
		}
	}
	return nil
}

// text is the source form of e, for messages.
func (c *checker) text(e ast.Expr) string { return types.ExprString(e) }

// pointerFree reports whether values of t hold no pointers (strings,
// slices, maps, channels, funcs and interfaces included): copying them
// copies everything they keep alive.
func pointerFree(t types.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString == 0 && u.Kind() != types.UnsafePointer
	case *types.Array:
		return pointerFree(u.Elem(), depth+1)
	case *types.Struct:
		for f := range u.Fields() {
			if !pointerFree(f.Type(), depth+1) {
				return false
			}
		}
		return true
	}
	return false
}
