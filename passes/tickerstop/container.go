package tickerstop

import (
	"fmt"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// afterFuncFields returns the fields the package stores time.AfterFunc
// timers in (directly, or as an interface value such as an embedded
// interface{ Stop() bool }).
func (c *checker) afterFuncFields() map[fieldKey]bool {
	if c.afterFields == nil {
		c.afterFields = make(map[fieldKey]bool)
		for _, fn := range c.funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(*ssa.Call)
					if !ok || !ssaq.IsFunc(ssaq.Callee(&call.Call), "time", "AfterFunc") || isPlaceholder(call) {
						continue
					}
					for _, e := range ssaq.Escapes(call) {
						if st, ok := e.Instr.(*ssa.Store); ok && e.Kind == ssaq.ToField {
							if k, ok := fieldAddrKey(st.Addr); ok {
								c.afterFields[k] = true
							}
						}
					}
				}
			}
		}
	}
	return c.afterFields
}

// checkRemoval reports delete(m, k) or clear(m) on a map (or clear on a
// slice) whose elements hold a pending AfterFunc timer in a field, in a
// function that does not stop that field (directly or in a helper) and is
// not the timer's own callback: the removed entry's callback stays
// pending, keeps the entry (and what it captures) alive until it fires,
// and still runs after the container let go of it.
func (c *checker) checkRemoval(fn *ssa.Function, call *ssa.Call) {
	if len(call.Call.Args) == 0 {
		return
	}
	m := call.Call.Args[0]
	var elem types.Type
	switch u := types.Unalias(m.Type()).Underlying().(type) {
	case *types.Map:
		elem = u.Elem()
	case *types.Slice:
		elem = u.Elem()
	default:
		return
	}
	if p, ok := types.Unalias(elem).(*types.Pointer); ok {
		elem = p.Elem()
	}
	named, ok := types.Unalias(elem).(*types.Named)
	if !ok {
		return
	}
	named = named.Origin()
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return
	}
	fields := c.afterFuncFields()
	for i := 0; i < st.NumFields(); i++ {
		k := fieldKey{named, i}
		if !fields[k] || c.stopsIn(fn)[k] || c.inCallback(fn, k) {
			continue
		}
		what := "map"
		if f, ok := ssaq.LoadedField(m); ok {
			what = fmt.Sprintf("%s %s", what, fieldKey{f.Type, f.Index}.fieldName())
		}
		if _, isSlice := types.Unalias(m.Type()).Underlying().(*types.Slice); isSlice {
			what = "slice"
		}
		c.report.Report(analysis.Diagnostic{
			Pos:      call.Pos(),
			Category: "afterfunc-entry-removed",
			URL:      url + "#hdr-Analyzer_tickerstop",
			Message: fmt.Sprintf("%s drops entries of %s whose field %q holds a time.AfterFunc timer without stopping it; each pending callback keeps its entry (and what it captures) alive until it fires, and still runs after removal; stop the entry's timer before removing it",
				builtinName(call), what, k.fieldName()),
		})
		return
	}
}

func builtinName(call *ssa.Call) string {
	if b, ok := call.Call.Value.(*ssa.Builtin); ok {
		return b.Name()
	}
	return "this call"
}
