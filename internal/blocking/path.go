// Package blocking is the blocking model under goroutineleak: which
// primitive an operation acts on (by allocation site or access path), which
// paths through a function are feasible (branch correlation, constant
// conditions, range-over-func bodies), and what each path does to the locks
// it touches (lock dataflow with summaries of the package's callees).
//
// The model is built lazily, per function, and only for functions that
// operate on a lock directly or through a callee of the same package.
// Source: ../shared/design/blocking-model.md (§1 identity, §3 feasibility,
// §5 locks as dataflow).
package blocking

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// Path is an access path: a root (a parameter of the analysed function,
// "p0" for the receiver or first parameter; a package-level variable; or a
// value of the function, by identity) followed by field selections (".2"),
// dereferences ("*") and element steps ("[]"). Two loads of the same field
// chain have the same Path although SSA gives them different values.
//
// A Path with an element step denotes many objects (Many): a lock at such
// a path is one of a collection (c.shards[i].mu).
type Path string

// Root returns the root of p (its text up to the first step or the lock
// mode).
func (p Path) Root() string {
	if i := strings.IndexAny(string(p), ".*[&#"); i >= 0 {
		return string(p[:i])
	}
	return string(p)
}

// Many reports whether p goes through an element of a slice, array or map.
func (p Path) Many() bool { return strings.Contains(string(p), "[]") }

// Local reports whether p is rooted in a value of the function that owns
// it (not a parameter, free variable or package-level variable): such a
// path means nothing to a caller.
func (p Path) Local() bool { return strings.HasPrefix(string(p), "v") }

// HasPrefix reports whether q is p or reached from p by further steps.
func (p Path) HasPrefix(q Path) bool {
	return p == q || strings.HasPrefix(string(p), string(q)) && strings.ContainsRune(".*[&#", rune(p[len(q)]))
}

// frame is one activation of a function in the model: the paths its
// parameters and free variables denote in the analysed (outermost)
// function's terms, and, for free variables, the values they are bound to
// in the enclosing frame (to find the closures called through them).
type frame struct {
	fn       *ssa.Function
	args     []Path       // by fn.Params; "" when unknown
	free     []Path       // by fn.FreeVars
	consts   []*ssa.Const // by fn.Params: the constant the call passes, or nil
	freeVals []ssa.Value
	parent   *frame // the frame freeVals belong to
	// callerArgs are the call's arguments in caller (to find the
	// closures a function value parameter denotes: runners).
	callerArgs []ssa.Value
	caller     *frame
	depth      int
}

func topFrame(fn *ssa.Function) *frame {
	fr := &frame{fn: fn}
	for i := range fn.Params {
		fr.args = append(fr.args, Path(fmt.Sprintf("p%d", i)))
	}
	for i := range fn.FreeVars {
		fr.free = append(fr.free, Path(fmt.Sprintf("f%d", i)))
	}
	return fr
}

// pathOf returns the access path of v in fr, or "" when v has none.
func (fr *frame) pathOf(v ssa.Value) Path {
	return fr.pathOfDepth(v, 0)
}

func (fr *frame) pathOfDepth(v ssa.Value, depth int) Path {
	if depth > 12 {
		return ""
	}
	switch x := v.(type) {
	case *ssa.ChangeType:
		return fr.pathOfDepth(x.X, depth+1)
	case *ssa.Convert:
		if _, ok := x.Type().Underlying().(*types.Pointer); ok {
			return fr.pathOfDepth(x.X, depth+1)
		}
	case *ssa.MakeInterface:
		return fr.pathOfDepth(x.X, depth+1)
	case *ssa.ChangeInterface:
		return fr.pathOfDepth(x.X, depth+1)
	case *ssa.Parameter:
		for i, p := range fr.fn.Params {
			if p == x && i < len(fr.args) {
				return fr.args[i]
			}
		}
		return ""
	case *ssa.FreeVar:
		for i, f := range fr.fn.FreeVars {
			if f == x && i < len(fr.free) {
				return fr.free[i]
			}
		}
		return ""
	case *ssa.Global:
		if x.Pkg != nil {
			return Path("g" + x.Pkg.Pkg.Path() + "." + x.Name())
		}
	case *ssa.FieldAddr:
		if b := fr.pathOfDepth(x.X, depth+1); b != "" {
			return Path(fmt.Sprintf("%s.%d", b, x.Field))
		}
		return ""
	case *ssa.Field:
		if b := fr.pathOfDepth(x.X, depth+1); b != "" {
			return Path(fmt.Sprintf("%s.%d", b, x.Field))
		}
		return ""
	case *ssa.IndexAddr:
		if b := fr.pathOfDepth(x.X, depth+1); b != "" {
			return b + "[]"
		}
		return ""
	case *ssa.Index:
		if b := fr.pathOfDepth(x.X, depth+1); b != "" {
			return b + "[]"
		}
		return ""
	case *ssa.Lookup:
		if b := fr.pathOfDepth(x.X, depth+1); b != "" {
			return b + "[]"
		}
		return ""
	case *ssa.UnOp:
		if x.Op == token.MUL {
			b := fr.pathOfDepth(x.X, depth+1)
			if b == "" {
				return ""
			}
			if strings.HasSuffix(string(b), "&") {
				return b[:len(b)-1] // the value stored in a variable that holds only it
			}
			return b + "*"
		}
	case *ssa.Alloc:
		// A variable assigned once (a parameter or value captured by a
		// closure, moved to the heap) stands for the value it holds.
		if s := ssaq.StoredOnce(x); s != nil {
			if b := fr.pathOfDepth(s, depth+1); b != "" {
				return b + "&"
			}
		}
	}
	return localPath(v)
}

// localPath is the path rooted at a value of the function itself.
func localPath(v ssa.Value) Path { return Path(fmt.Sprintf("v%p", v)) }

// closureOf returns the function value v denotes in fr and the frame its
// body runs in (free variables bound), following variables that hold a
// single closure and free variables bound to such values.
func (fr *frame) closureOf(v ssa.Value, depth int) (*ssa.Function, []ssa.Value, *frame) {
	if depth > 6 {
		return nil, nil, nil
	}
	switch x := v.(type) {
	case *ssa.Function:
		return x, nil, fr
	case *ssa.MakeClosure:
		if fn, ok := x.Fn.(*ssa.Function); ok {
			return fn, x.Bindings, fr
		}
	case *ssa.UnOp:
		if x.Op == token.MUL {
			switch a := x.X.(type) {
			case *ssa.Alloc:
				if s := ssaq.StoredOnce(a); s != nil {
					return fr.closureOf(s, depth+1)
				}
			case *ssa.FreeVar:
				if p, ok := fr.freeValue(a); ok {
					if alloc, ok := p.(*ssa.Alloc); ok {
						if s := ssaq.StoredOnce(alloc); s != nil {
							return fr.parent.closureOf(s, depth+1)
						}
					}
				}
			}
		}
	case *ssa.FreeVar:
		if p, ok := fr.freeValue(x); ok {
			return fr.parent.closureOf(p, depth+1)
		}
	case *ssa.Parameter:
		for i, p := range fr.fn.Params {
			if p == x && i < len(fr.callerArgs) && fr.caller != nil {
				return fr.caller.closureOf(fr.callerArgs[i], depth+1)
			}
		}
	}
	return nil, nil, nil
}

// freeValue returns the value fv is bound to in the enclosing frame.
func (fr *frame) freeValue(fv *ssa.FreeVar) (ssa.Value, bool) {
	if fr.parent == nil {
		return nil, false
	}
	for i, f := range fr.fn.FreeVars {
		if f == fv && i < len(fr.freeVals) {
			return fr.freeVals[i], true
		}
	}
	return nil, false
}

// callFrame returns the frame a call of fn (with bindings made in fr) runs
// in, with args as the call's arguments.
func (fr *frame) callFrame(fn *ssa.Function, bindings []ssa.Value, bindFrame *frame, args []ssa.Value) *frame {
	nf := &frame{fn: fn, parent: bindFrame, freeVals: bindings, depth: fr.depth + 1, callerArgs: args, caller: fr}
	for i := range fn.Params {
		var p Path
		if i < len(args) {
			p = fr.pathOf(args[i])
		}
		nf.args = append(nf.args, p)
		var k *ssa.Const
		if i < len(args) {
			k, _ = fr.constOf(args[i]).(*ssa.Const)
		}
		nf.consts = append(nf.consts, k)
	}
	for i := range fn.FreeVars {
		var p Path
		if i < len(bindings) && bindFrame != nil {
			p = bindFrame.pathOf(bindings[i])
		}
		nf.free = append(nf.free, p)
	}
	return nf
}

// signature is a frame's identity for memoising: function and paths.
func (fr *frame) signature() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%p|", fr.fn)
	for _, a := range fr.args {
		b.WriteString(string(a))
		b.WriteByte(',')
	}
	for _, k := range fr.consts {
		if k != nil {
			b.WriteString(k.String())
		}
		b.WriteByte(',')
	}
	b.WriteByte('|')
	for _, v := range fr.callerArgs {
		switch v.(type) {
		case *ssa.MakeClosure, *ssa.Function:
			fmt.Fprintf(&b, "%p", v)
		}
		b.WriteByte(',')
	}
	b.WriteByte('|')
	for _, v := range fr.freeVals {
		fmt.Fprintf(&b, "%p,", v)
	}
	b.WriteByte('|')
	for _, a := range fr.free {
		b.WriteString(string(a))
		b.WriteByte(',')
	}
	return b.String()
}

// constOf returns the constant v is in this frame (a parameter the call
// passed a constant for), or v.
func (fr *frame) constOf(v ssa.Value) ssa.Value {
	if p, ok := v.(*ssa.Parameter); ok {
		for i, q := range fr.fn.Params {
			if q == p && i < len(fr.consts) && fr.consts[i] != nil {
				return fr.consts[i]
			}
		}
	}
	return v
}

// givenRoot reports whether root is the root of a path the caller passed
// in (an argument or a free variable's binding).
func (fr *frame) givenRoot(root string) bool {
	for _, ps := range [][]Path{fr.args, fr.free} {
		for _, p := range ps {
			if p != "" && p.Root() == root {
				return true
			}
		}
	}
	return false
}
