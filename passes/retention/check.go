package retention

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/internal/size"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// summaryFor computes fn's summary: what the size model knows of its
// results, the views it returns, and the parameters it keeps.
func (c *checker) summaryFor(fn *ssa.Function) *Retention {
	s := &Retention{}
	res := c.model.Results(fn)
	s.Input, s.Holds = res.Input, res.Holds
	views := c.markViews(fn)
	if fn.Signature.Results().Len() > 0 {
		for _, v := range views {
			if v.kind == pointerView {
				continue // a pointer result is judged by its caller's use of it
			}
			f := c.follow(v.v, false, 0)
			if len(f.returns) == 0 {
				continue
			}
			if p, ok := ssaq.Unwrap(v.base).(*ssa.Parameter); ok && v.base != nil && !v.computed {
				for r := range f.returns {
					s.ParamViews = append(s.ParamViews, ParamView{Result: r, Param: size.ParamIndex(p), View: c.viewText(v)})
				}
				continue
			}
			sz, ok := c.baseSize(v)
			if !ok {
				continue
			}
			for r := range f.returns {
				s.Views = append(s.Views, View{Result: r, View: c.viewText(v), Of: sz.What})
			}
		}
	}
	for i, p := range fn.Params {
		if !canHold(p.Type()) || c.lowLevel {
			continue
		}
		f := c.follow(p, true, 1)
		stored := map[int]bool{}
		for _, k := range f.keepers {
			if !stored[i] {
				stored[i] = true
				s.Stores = append(s.Stores, Stored{Param: i, Where: k.where, Category: k.category})
			}
		}
		for into := range f.into {
			if into != i {
				s.StoresIn = append(s.StoresIn, StoredIn{Param: i, Into: into})
			}
		}
	}
	s.Views = dedupViews(s.Views)
	return s
}

func dedupViews(vs []View) []View {
	seen := map[int]bool{}
	var out []View
	for _, v := range vs {
		if !seen[v.Result] {
			seen[v.Result] = true
			out = append(out, v)
		}
	}
	return out
}

// viewText is the view's description with how it was made.
func (c *checker) viewText(v view) string {
	c.resolve(&v)
	if v.via != "" {
		return v.desc + " (" + v.via + ")"
	}
	return v.desc
}

// markViews returns the views fn makes and records them in c.isView and
// c.viewOf.
func (c *checker) markViews(fn *ssa.Function) []view {
	views := c.viewsIn(fn)
	c.isView = make(map[ssa.Value]bool, len(views))
	c.viewOf = make(map[ssa.Value]view, len(views))
	for _, v := range views {
		c.isView[v.v] = true
		c.viewOf[v.v] = v
	}
	return views
}

// baseSize returns the size of what v is cut from, when that is large: a
// large value, or a view of one (a strings.Cut of a line of a file).
func (c *checker) baseSize(v view) (size.Size, bool) {
	for depth := 0; depth < 4; depth++ {
		if v.of != "" {
			return size.Size{Input: true, What: v.of, Field: -1}, true // a fact's view
		}
		if v.base == nil {
			return size.Unknown, false
		}
		if sz := c.model.Of(v.base); sz.Large() {
			return sz, true
		}
		inner, ok := c.viewOf[v.base]
		if !ok {
			return size.Unknown, false
		}
		v = inner
	}
	return size.Unknown, false
}

// checkFunc reports the views fn makes that reach a long-lived place.
func (c *checker) checkFunc(fn *ssa.Function) {
	for _, v := range c.markViews(fn) {
		sz, ok := c.baseSize(v)
		if !ok {
			continue
		}
		f := c.follow(v.v, false, 1)
		keepers := f.keepers
		for r := range f.returns {
			keepers = append(keepers, c.keptByCallers(fn, r, false)...)
		}
		for r := range f.heldReturns {
			keepers = append(keepers, c.keptByCallers(fn, r, true)...)
		}
		if len(keepers) == 0 || c.keptAnyway(v) {
			continue
		}
		sort.SliceStable(keepers, func(i, j int) bool { return keepers[i].pos < keepers[j].pos })
		c.reportView(fn, v, sz, keepers[0])
	}
}

// keptAnyway reports whether the value v is cut from lives long anyway,
// so the view keeps nothing extra alive: it is held by a package-level
// variable or a long-lived object (a buffer of the long-lived object that
// also keeps the view), or it is itself stored in a long-lived place.
func (c *checker) keptAnyway(v view) bool {
	if v.base == nil {
		return false
	}
	x := v.base
	for depth := 0; depth < 8; depth++ {
		switch b := ssaq.Unwrap(x).(type) {
		case *ssa.Global:
			return true
		case *ssa.FieldAddr:
			if _, ok := c.long.Object(b.X); ok && !freshObject(b.X) {
				return true
			}
			x = b.X
			continue
		case *ssa.IndexAddr:
			x = b.X
			continue
		case *ssa.Slice:
			x = b.X
			continue
		case *ssa.UnOp:
			if b.Op == token.MUL {
				x = b.X
				continue
			}
		}
		break
	}
	f := c.followAvoiding(v.base, v.v, false, false, 1)
	return len(f.keepers) > 0
}

// keptByCallers follows result r of fn at its callers in the package;
// held says the result is not the view but holds it.
func (c *checker) keptByCallers(fn *ssa.Function, r int, held bool) []keeper {
	if c.life == nil {
		return nil
	}
	calls, _ := c.life.Callers(fn)
	var out []keeper
	for _, ci := range calls {
		call, ok := ci.(*ssa.Call)
		if !ok || c.inTest[call.Parent()] {
			continue
		}
		f := c.followAvoiding(result(call, r), nil, held, false, 1)
		how := "is returned by %s and %s"
		if held {
			how = "is returned by %s inside its result, which is %s"
		}
		for _, k := range f.keepers {
			out = append(out, keeper{
				category: "retention-returned",
				how:      fmt.Sprintf(how, ssaq.Name(fn), strings.TrimPrefix(k.how, "is ")),
				where:    k.where,
				pos:      k.pos,
			})
		}
	}
	return out
}

// reportView reports v, kept by k.
func (c *checker) reportView(fn *ssa.Function, v view, sz size.Size, k keeper) {
	c.resolve(&v)
	pos := v.pos
	if v.expr != nil {
		pos = v.expr.Pos() // the start of the view's expression
	}
	if !pos.IsValid() {
		pos = k.pos
	}
	key := fmt.Sprint(pos)
	if c.reported[key] {
		return
	}
	c.reported[key] = true
	of := sz.What
	if v.of != "" {
		of = v.of
	}
	fixes, advice := c.fix(v)
	category := k.category
	if v.via != "" {
		category = "retention-returned"
	}
	d := analysis.Diagnostic{
		Pos:            pos,
		Category:       category,
		Message:        fmt.Sprintf("%s of %s %s and keeps all of it alive; %s", c.viewText(v), of, k.how, advice),
		SuggestedFixes: fixes,
	}
	if src := sourcePos(v.base); src.IsValid() && src != pos {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: src, Message: "the large value: " + sz.What})
	}
	if k.pos.IsValid() && k.pos != pos {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: k.pos, Message: "kept here: " + k.where})
	}
	c.report.Report(d)
}

// sourcePos returns where the value v comes from, for Related: the call
// or allocation that makes it.
func sourcePos(v ssa.Value) token.Pos {
	for depth := 0; v != nil && depth < 8; depth++ {
		switch x := v.(type) {
		case *ssa.Call, *ssa.Alloc, *ssa.MakeSlice, *ssa.MakeMap:
			return x.Pos()
		case *ssa.Extract:
			v = x.Tuple
		case *ssa.Convert:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.Slice:
			v = x.X
		case *ssa.UnOp:
			v = x.X
		default:
			return token.NoPos
		}
	}
	return token.NoPos
}

// lowLevel reports whether the package at path is the runtime or an
// internal package of the standard library. What they do with a pointer
// (a finalizer's special record, abi.Escape's never-taken store into a
// sink, race-detector bookkeeping) is not a program keeping a value: their
// functions get no Stores summaries, so the sync and os APIs built on them
// do not inherit one.
func lowLevel(path string) bool {
	return path == "runtime" || path == "unsafe" || strings.HasPrefix(path, "runtime/") ||
		strings.HasPrefix(path, "internal/") || path == "sync/atomic"
}

// canHold reports whether a value of type t can refer to a view: a
// string, slice, pointer or map, or a type parameter (which may be one).
func canHold(t types.Type) bool {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return true
	}
	switch t.Underlying().(type) {
	case *types.Interface, *types.Struct, *types.Array, *types.Chan:
		return true
	}
	return size.CanHold(t)
}
