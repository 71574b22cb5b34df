package ssaq

import "golang.org/x/tools/go/ssa"

// StoredOnce returns the value stored in the local variable alloc when it
// is stored exactly once, by its own function, and is otherwise only
// loaded (whole, or a field or element in place) or captured by closures
// that do not store to it; nil when it is
// never stored, stored twice, or its address goes elsewhere (then a callee
// may store to it).
func StoredOnce(alloc *ssa.Alloc) ssa.Value {
	if alloc.Referrers() == nil {
		return nil
	}
	var val ssa.Value
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc || val != nil {
				return nil
			}
			val = r.Val
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.FieldAddr, *ssa.IndexAddr:
			// A part of the variable read in place (f.kind): fine, as long
			// as the part is only loaded.
			for _, u := range *r.(ssa.Value).Referrers() {
				switch u.(type) {
				case *ssa.UnOp, *ssa.DebugRef:
				default:
					return nil
				}
			}
		case *ssa.MakeClosure:
			if fn, ok := r.Fn.(*ssa.Function); ok {
				for i, b := range r.Bindings {
					if b == alloc && i < len(fn.FreeVars) && storesTo(fn.FreeVars[i]) {
						return nil
					}
				}
			}
		default:
			return nil
		}
	}
	return val
}

// storesTo reports whether a closure stores to its free variable fv.
func storesTo(fv *ssa.FreeVar) bool {
	for _, r := range *fv.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == fv {
			return true
		}
	}
	return false
}
