package globalgrowth

import (
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// effectKind is what an instruction does to a collection.
type effectKind uint8

const (
	grow   effectKind = iota // adds entries
	bound                    // removes, truncates, resets or replaces
	escape                   // goes where we cannot follow: stay silent
)

// An effect of one instruction on one collection. For calls, the callee's
// summary is mapped onto the caller's collections.
type effect struct {
	c     coll
	kind  effectKind
	instr ssa.Instruction
	// guarded marks growth that is bounded where it happens: a length check,
	// a duplicate-key check that fails loudly, keys from a bounded domain.
	guarded bool
	// via is the function whose body grows the collection, for calls.
	via *ssa.Function
	// viaFact is set for growth through another package's exported function.
	viaFact *GlobalGrowth
	// key is the inserted key (map insert, sync.Map store), if any; val is
	// the value stored or the element appended, when there is one.
	key, val ssa.Value
	// perKey marks a bound that removes single entries (delete, Delete,
	// Remove), as opposed to one that resets the whole collection.
	perKey bool
}

// summary is what a function does to collections reachable from its
// parameters, and which unbounded globals calling it grows.
// fnSummary is what calling a function does to collections: to the ones
// passed as parameters, and the unbounded package-level ones it grows.
type fnSummary struct {
	params  map[ParamEffect]bool
	globals map[GlobalGrowth]bool
}

func newFnSummary() *fnSummary {
	return &fnSummary{params: make(map[ParamEffect]bool), globals: make(map[GlobalGrowth]bool)}
}

func (s *fnSummary) equal(t *fnSummary) bool {
	if len(s.params) != len(t.params) || len(s.globals) != len(t.globals) {
		return false
	}
	for k := range s.params {
		if !t.params[k] {
			return false
		}
	}
	for k := range s.globals {
		if !t.globals[k] {
			return false
		}
	}
	return true
}

// effectsOf lists the effects of fn's instructions, using sums for the
// package's own callees and facts for imported ones.
func (a *analysis) effectsOf(fn *ssa.Function) []effect {
	var out []effect
	add := func(c coll, k effectKind, instr ssa.Instruction) *effect {
		if !c.ok() {
			return nil
		}
		out = append(out, effect{c: c, kind: k, instr: instr})
		return &out[len(out)-1]
	}
	registers := isRegisterFunc(fn)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case *ssa.MapUpdate:
				c := collVal(in.Map)
				if rangesOver(in.Key, c) {
					// for k := range m { m[k] = v } overwrites keys
					// already present and adds none.
				} else if e := add(c, grow, in); e != nil {
					e.guarded = registers || boundedKey(in.Key) || guardedGrowth(in, c) || a.restrictedKey(in.Key, in)
					e.key, e.val = in.Key, in.Value
				}
				a.escapes(in.Key, in, add)
				a.escapes(in.Value, in, add)
			case *ssa.Store:
				a.store(in, registers, add)
				if !isLocalElement(in.Addr) {
					a.escapes(in.Val, in, add)
				}
			case ssa.CallInstruction:
				a.call(in, registers, add, &out)
			case *ssa.Return:
				for i := range in.Results {
					// Seen through the result slots a defer introduces.
					if c := handle(ssaq.ReturnedValue(in, i)); c.ok() {
						if _, isGlobal := c.root.(*ssa.Global); isGlobal {
							add(c, escape, in) // a getter hands it out
						}
					}
				}
			case *ssa.Send:
				a.escapes(in.X, in, add)
			case *ssa.MakeClosure:
				for _, bnd := range in.Bindings {
					a.escapes(bnd, in, add)
				}
			case *ssa.Phi:
				for _, e := range in.Edges {
					if c := handle(e); c.ok() {
						add(c, escape, in) // merged with another value: lose track
					}
				}
			}
		}
	}
	return out
}

// handle identifies the collection (or struct holding collections) that v
// denotes, as a value or a pointer.
func handle(v ssa.Value) coll {
	v = ssaq.Unwrap(v)
	c := collVal(v)
	if !c.ok() {
		c = collPtr(v)
	}
	if !c.ok() {
		if base := structBase(v); base != nil {
			c = coll{base, -1}
		}
	}
	if c.ok() && c.field == -1 {
		if t := typeOf(c); t != nil && collKind(t) == notColl && structOf(t) != nil {
			c.field = allFields // the struct holding collections
		}
	}
	return c
}

// escapes records v going somewhere untracked when it is a collection.
func (a *analysis) escapes(v ssa.Value, instr ssa.Instruction, add func(coll, effectKind, ssa.Instruction) *effect) {
	if c := handle(v); c.ok() {
		add(c, escape, instr)
	}
}

func (a *analysis) store(in *ssa.Store, registers bool, add func(coll, effectKind, ssa.Instruction) *effect) {
	c := collPtr(in.Addr)
	if !c.ok() {
		return
	}
	t := typeOf(c)
	if t == nil {
		return
	}
	if collKind(t) == notColl {
		if structOf(t) != nil {
			// Replacing a whole struct (or the pointer to it) resets its fields.
			add(coll{c.root, allFields}, bound, in)
		}
		return
	}
	if call, ok := in.Val.(*ssa.Call); ok && ssaq.IsBuiltin(&call.Call, "append") {
		switch first := ssaq.Unwrap(call.Call.Args[0]).(type) {
		case *ssa.Slice:
			if collVal(first.X) == c {
				add(c, bound, in) // append(x[:i], ...) drops elements
				return
			}
		default:
			if collVal(first) == c {
				if e := add(c, grow, in); e != nil {
					e.guarded = registers || guardedGrowth(in, c)
					e.val = appendedValue(&call.Call)
				}
				return
			}
		}
	}
	if sl, ok := in.Val.(*ssa.Slice); ok && collVal(sl.X) == c && sl.Low == nil && sl.High == nil {
		return // x = x[:]
	}
	add(c, bound, in) // reassignment: nil, make, literal, x[i:], another value
}

// call records the effects of a call on collections passed to it.
func (a *analysis) call(in ssa.CallInstruction, registers bool, add func(coll, effectKind, ssa.Instruction) *effect, out *[]effect) {
	common := in.Common()
	if b, ok := common.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "delete":
			if e := add(handle(common.Args[0]), bound, in); e != nil {
				e.perKey = true
			}
		case "clear":
			add(handle(common.Args[0]), bound, in)
		}
		return
	}
	callee := ssaq.Callee(common)
	args := common.Args
	if common.IsInvoke() {
		// Unknown dynamic code receives the collection: a map or a pointer
		// can be mutated there.
		for _, v := range append([]ssa.Value{common.Value}, args...) {
			a.escapes(v, in, add)
		}
		return
	}
	if callee == nil {
		for _, v := range args {
			a.escapes(v, in, add)
		}
		return
	}
	if k, ok := knownMethod(callee); ok && len(args) > 0 {
		c := collPtr(args[0])
		e := add(c, k, in)
		switch {
		case e == nil:
		case k == grow:
			e.guarded = registers || (len(args) > 1 && (boundedKey(args[1]) || a.restrictedKey(args[1], in))) || guardedGrowth(in, c) ||
				callee.Name() == "LoadOrStore" && loadedFailsLoudly(in)
			switch callee.Name() {
			case "Store", "LoadOrStore", "Swap":
				e.key, e.val = args[1], args[2]
			case "PushBack", "PushFront":
				e.val = args[1]
			}
		case k == bound:
			e.perKey = callee.Name() != "Clear" && callee.Name() != "Init"
		}
		return
	}
	switch {
	case ssaq.IsFunc(callee, "maps", "DeleteFunc"):
		add(handle(args[0]), bound, in)
		return
	case ssaq.IsFunc(callee, "maps", "Copy"), ssaq.IsFunc(callee, "maps", "Insert"):
		c := handle(args[0])
		if e := add(c, grow, in); e != nil {
			e.guarded = registers || guardedGrowth(in, c)
		}
		return
	}
	sum := a.summaryOf(callee)
	for i, v := range args {
		argColl := handle(v)
		if !argColl.ok() {
			continue
		}
		if sum == nil {
			// No summary: reading a map or slice value is harmless, but a
			// pointer lets the callee do anything.
			if isPointer(ssaq.Unwrap(v).Type()) {
				add(argColl, escape, in)
			}
			continue
		}
		for pe := range sum.params {
			if pe.Param != i {
				continue
			}
			c := argColl
			switch {
			case pe.Field == allFields || argColl.field == allFields && pe.Field != -1:
				c = coll{argColl.root, pe.Field}
			case pe.Field == -1 && argColl.field != allFields:
			default:
				continue // shapes differ: a field of a field is beyond our one level
			}
			e := add(c, effectKind(pe.Effect), in)
			if e != nil {
				e.via = callee
				e.perKey = pe.PerKey
				if e.kind == grow {
					e.guarded = registers || guardedGrowth(in, c)
					if pe.KeyParam >= 0 && pe.KeyParam < len(args) {
						e.key = args[pe.KeyParam]
						e.guarded = e.guarded || boundedKey(e.key)
					}
				}
			}
		}
	}
	if sum != nil && !registers {
		for g := range sum.globals {
			g := g
			e := effect{kind: grow, instr: in, via: callee, viaFact: &g}
			if g.KeyParam >= 0 && g.KeyParam < len(args) {
				e.key = args[g.KeyParam]
			}
			*out = append(*out, e)
		}
	}
}

// isLocalElement reports whether addr is an element of a local array, as
// built for a variadic call's arguments.
func isLocalElement(addr ssa.Value) bool {
	ia, ok := addr.(*ssa.IndexAddr)
	if !ok {
		return false
	}
	_, local := ia.X.(*ssa.Alloc)
	return local
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// knownMethod classifies the methods of sync.Map and container/list.List.
func knownMethod(fn *ssa.Function) (effectKind, bool) {
	switch {
	case ssaq.IsMethod(fn, "sync", "Map", fn.Name()):
		switch fn.Name() {
		case "Store", "LoadOrStore", "Swap":
			return grow, true
		case "Delete", "LoadAndDelete", "CompareAndDelete", "Clear":
			return bound, true
		}
		return 0, false
	case ssaq.IsMethod(fn, "container/list", "List", fn.Name()):
		switch fn.Name() {
		case "PushBack", "PushFront", "InsertBefore", "InsertAfter", "PushBackList", "PushFrontList":
			return grow, true
		case "Remove", "Init":
			return bound, true
		}
	}
	return 0, false
}

// isRegisterFunc reports whether fn (or the named function a closure is in)
// follows the Register* idiom: called once per key at start-up.
func isRegisterFunc(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	name := fn.Name()
	for _, p := range []string{"Register", "register", "MustRegister", "mustRegister"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// rangesOver reports whether key is a key of a range loop over c itself:
// for k := range m { m[k] = v } overwrites entries and adds none.
func rangesOver(key ssa.Value, c coll) bool {
	ex, ok := ssaq.Unwrap(key).(*ssa.Extract)
	if !ok || ex.Index != 1 || !c.ok() {
		return false
	}
	next, ok := ex.Tuple.(*ssa.Next)
	if !ok || next.IsString {
		return false
	}
	rng, ok := next.Iter.(*ssa.Range)
	return ok && collVal(rng.X) == c
}

// appendedValue returns the single element an append call adds, or nil.
func appendedValue(call *ssa.CallCommon) ssa.Value {
	if len(call.Args) != 2 {
		return nil
	}
	sl, ok := call.Args[1].(*ssa.Slice)
	if !ok {
		return nil
	}
	arr, ok := sl.X.(*ssa.Alloc)
	if !ok || arr.Referrers() == nil {
		return nil
	}
	var val ssa.Value
	for _, r := range *arr.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok || ia.Referrers() == nil {
			continue
		}
		for _, u := range *ia.Referrers() {
			if st, ok := u.(*ssa.Store); ok && st.Addr == ia {
				if val != nil {
					return nil // more than one element
				}
				val = st.Val
			}
		}
	}
	return val
}
