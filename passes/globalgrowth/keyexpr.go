package globalgrowth

import (
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// exprOf prints v as the source expression that computed it, as far as
// depth allows ("r.Header.Get(\"X-Schema\")", "\"charges.\" + customer"),
// for messages. Values without a source form print as "…".
func exprOf(v ssa.Value, depth int) string {
	s := expr(v, depth)
	if len(s) > 72 {
		s = s[:69] + "…"
	}
	return s
}

func expr(v ssa.Value, depth int) string {
	if depth < 0 || v == nil {
		return "…"
	}
	v = ssaq.Unwrap(v)
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value == nil {
			return "nil"
		}
		return v.Value.ExactString()
	case *ssa.Parameter:
		return v.Name()
	case *ssa.FreeVar:
		return v.Name()
	case *ssa.Global:
		return v.Name() // as a receiver or argument, the var itself reads best
	case *ssa.Function:
		return ssaq.Name(v)
	case *ssa.UnOp:
		switch v.Op {
		case token.MUL:
			switch x := v.X.(type) {
			case *ssa.FieldAddr:
				return addressed(x, depth)
			case *ssa.Global:
				return x.Name()
			case *ssa.Alloc:
				if x.Comment == "complit" {
					return complit(x, depth)
				}
				if x.Comment != "" && !strings.Contains(x.Comment, " ") {
					return x.Comment
				}
			case *ssa.FreeVar:
				return x.Name()
			case *ssa.IndexAddr:
				return expr(x.X, depth-1) + "[" + expr(x.Index, depth-1) + "]"
			}
			return "*" + expr(v.X, depth-1)
		case token.ARROW:
			return "<-" + expr(v.X, depth-1)
		}
		return v.Op.String() + expr(v.X, depth-1)
	case *ssa.FieldAddr:
		return "&" + addressed(v, depth)
	case *ssa.Field:
		return expr(v.X, depth-1) + "." + fieldName(v.X.Type(), v.Field)
	case *ssa.Call:
		return callExpr(&v.Call, v.Parent().Pkg, depth)
	case *ssa.BinOp:
		if rangeIndex(v) {
			return "i"
		}
		return expr(v.X, depth-1) + " " + v.Op.String() + " " + expr(v.Y, depth-1)
	case *ssa.Convert:
		return types.TypeString(v.Type(), shortQual) + "(" + expr(v.X, depth-1) + ")"
	case *ssa.Slice:
		return expr(v.X, depth-1) + "[…]"
	case *ssa.Extract:
		if next, ok := v.Tuple.(*ssa.Next); ok {
			if rng, ok := next.Iter.(*ssa.Range); ok {
				return [...]string{"ok", "a key of ", "a value of "}[min(v.Index, 2)] + expr(rng.X, depth-1)
			}
		}
		return expr(v.Tuple, depth)
	case *ssa.Lookup:
		return expr(v.X, depth-1) + "[" + expr(v.Index, depth-1) + "]"
	case *ssa.Index:
		return expr(v.X, depth-1) + "[" + expr(v.Index, depth-1) + "]"
	case *ssa.IndexAddr:
		return "&" + expr(v.X, depth-1) + "[" + expr(v.Index, depth-1) + "]"
	case *ssa.TypeAssert:
		return expr(v.X, depth-1) + ".(" + types.TypeString(v.AssertedType, shortQual) + ")"
	case *ssa.Phi:
		if v.Comment == "rangeindex" || v.Comment == "rangeint.iter" {
			return "i"
		}
		if v.Comment != "" && !strings.ContainsAny(v.Comment, " .") {
			return v.Comment
		}
	case *ssa.Alloc:
		if v.Comment == "complit" {
			return "&" + types.TypeString(deref(v.Type()), shortQual) + "{…}"
		}
		if v.Comment != "" && !strings.Contains(v.Comment, " ") {
			return "&" + v.Comment
		}
	}
	return "…"
}

func callExpr(common *ssa.CallCommon, from *ssa.Package, depth int) string {
	args := common.Args
	var fun string
	switch {
	case common.IsInvoke():
		fun = expr(common.Value, depth-1) + "." + common.Method.Name()
	case common.StaticCallee() != nil:
		callee := common.StaticCallee()
		switch {
		case callee.Signature.Recv() != nil && len(args) > 0:
			recv := expr(args[0], depth-1)
			if _, addr := args[0].(*ssa.FieldAddr); addr {
				recv = strings.TrimPrefix(recv, "&") // x.f.M(), not &x.f.M(): the address is implicit
			}
			fun = recv + "." + callee.Name()
			args = args[1:]
		case callee.Parent() != nil:
			fun = "func literal"
		case callee.Pkg != nil && callee.Pkg != from:
			fun = callee.Pkg.Pkg.Name() + "." + callee.Name()
		default:
			fun = callee.Name()
		}
	default:
		if b, ok := common.Value.(*ssa.Builtin); ok {
			fun = b.Name()
		} else {
			fun = expr(common.Value, depth-1)
		}
	}
	var parts []string
	for i, a := range args {
		if i == 3 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, expr(a, depth-1))
	}
	return fun + "(" + strings.Join(parts, ", ") + ")"
}

func shortQual(p *types.Package) string { return p.Name() }

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// rangeIndex reports whether v is the index a range loop over a slice
// computes (rangeindex + 1).
func rangeIndex(v *ssa.BinOp) bool {
	phi, ok := v.X.(*ssa.Phi)
	return ok && phi.Comment == "rangeindex" && v.Op == token.ADD
}

// complit prints a struct composite literal built in alloc with the values
// stored in its fields (T{a, b}), or T{…}.
func complit(alloc *ssa.Alloc, depth int) string {
	t := deref(alloc.Type())
	name := types.TypeString(t, shortQual)
	st, ok := t.Underlying().(*types.Struct)
	if !ok || st.NumFields() > 3 || alloc.Referrers() == nil {
		return name + "{…}"
	}
	vals := make([]string, st.NumFields())
	for i := range vals {
		vals[i] = "…"
	}
	for _, r := range *alloc.Referrers() {
		fa, ok := r.(*ssa.FieldAddr)
		if !ok || fa.Referrers() == nil {
			continue
		}
		for _, u := range *fa.Referrers() {
			if st, ok := u.(*ssa.Store); ok && st.Addr == fa {
				vals[fa.Field] = expr(st.Val, depth-1)
			}
		}
	}
	return name + "{" + strings.Join(vals, ", ") + "}"
}

// addressed prints the field fa addresses (db.opt.Dir, not &db.opt.Dir).
func addressed(fa *ssa.FieldAddr, depth int) string {
	base := "…"
	if inner, ok := fa.X.(*ssa.FieldAddr); ok && depth > 0 {
		base = addressed(inner, depth-1)
	} else if a, ok := fa.X.(*ssa.Alloc); ok && a.Comment != "" && a.Comment != "complit" && !strings.Contains(a.Comment, " ") {
		base = a.Comment // a local struct variable: job.ID, not &job.ID
	} else {
		base = expr(fa.X, depth-1)
	}
	return base + "." + fieldName(fa.X.Type(), fa.Field)
}
