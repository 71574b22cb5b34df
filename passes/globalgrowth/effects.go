package globalgrowth

import (
	"go/constant"
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
	// key is the inserted key (map insert, sync.Map store), if any.
	key ssa.Value
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
				if e := add(c, grow, in); e != nil {
					e.guarded = registers || boundedKey(in.Key) || guardedGrowth(in, c)
					e.key = in.Key
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
				for _, r := range in.Results {
					if c := handle(r); c.ok() {
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
		case "delete", "clear":
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
		if e := add(c, k, in); e != nil && k == grow {
			e.guarded = registers || (len(args) > 1 && boundedKey(args[1])) || guardedGrowth(in, c) ||
				callee.Name() == "LoadOrStore" && loadedFailsLoudly(in)
			if len(args) > 1 && callee.Name() != "PushBack" && callee.Name() != "PushFront" {
				e.key = args[1]
			}
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
				if e.kind == grow {
					e.guarded = registers || guardedGrowth(in, c)
				}
			}
		}
	}
	if sum != nil && !registers {
		for g := range sum.globals {
			g := g
			*out = append(*out, effect{kind: grow, instr: in, via: callee, viaFact: &g})
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

// boundedKey reports whether a map key comes from a small, fixed domain:
// a constant, a bool or byte-sized integer, or an enum-like named type
// whose package declares constants of it.
func boundedKey(k ssa.Value) bool {
	k = ssaq.Unwrap(k)
	if _, ok := k.(*ssa.Const); ok {
		return true
	}
	if typeKey(k.Type()) {
		return true
	}
	if b, ok := k.Type().Underlying().(*types.Basic); ok {
		switch b.Kind() {
		case types.Bool, types.Int8, types.Uint8:
			return true
		}
	}
	named, ok := types.Unalias(k.Type()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return false
	}
	if _, basic := named.Underlying().(*types.Basic); !basic {
		return false
	}
	// A conversion from a non-constant of another type breaks the enum.
	if conv, ok := k.(*ssa.Convert); ok {
		if _, isConst := conv.X.(*ssa.Const); !isConst {
			return false
		}
	}
	return hasConsts(named)
}

// typeKey reports whether t describes Go types (reflect.Type, *abi.Type,
// or a struct of those): a cache keyed by the program's types is bounded by
// the number of types it has.
func typeKey(t types.Type) bool {
	if typeDescriptor(t) {
		return true
	}
	// A struct of type descriptors and small scalars (a kind, a length).
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	found := false
	for i := 0; i < st.NumFields(); i++ {
		ft := st.Field(i).Type()
		switch {
		case typeDescriptor(ft):
			found = true
		case isString(ft):
			return false
		}
		if _, basic := ft.Underlying().(*types.Basic); !basic && !typeDescriptor(ft) {
			return false
		}
	}
	return found
}

// typeDescriptor reports whether t is reflect.Type or a pointer to one of
// the runtime's type descriptors (internal/abi, reflect's *rtype & co).
func typeDescriptor(t types.Type) bool {
	if ssaq.IsNamed(t, "reflect", "Type") {
		return true
	}
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	switch n.Obj().Pkg().Path() {
	case "internal/abi":
		return strings.HasSuffix(n.Obj().Name(), "Type")
	case "reflect":
		return strings.HasSuffix(strings.ToLower(n.Obj().Name()), "type")
	}
	return false
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// hasConsts reports whether named's package declares constants of it.
func hasConsts(named *types.Named) bool {
	scope := named.Obj().Pkg().Scope()
	for _, name := range scope.Names() {
		if c, ok := scope.Lookup(name).(*types.Const); ok && types.Identical(c.Type(), named) {
			return true
		}
	}
	return false
}

// guardedGrowth reports whether growth of c at instr is dominated by a
// check on c's length, or by a duplicate-key check whose failing branch
// panics or returns a non-nil error (registration).
func guardedGrowth(instr ssa.Instruction, c coll) bool {
	b := instr.Block()
	for dom := b.Idom(); dom != nil; dom = dom.Idom() {
		if len(dom.Instrs) == 0 {
			continue
		}
		ifInstr, ok := dom.Instrs[len(dom.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		if mentionsLen(ifInstr.Cond, c, 4) {
			return true
		}
		if lookupOf(ifInstr.Cond, 4) {
			for _, s := range dom.Succs {
				if !s.Dominates(b) && failsLoudly(s, b) {
					return true
				}
			}
		}
	}
	return false
}

// loadedFailsLoudly reports whether the "loaded" result of a sync.Map
// LoadOrStore call decides a branch that panics or returns an error: the
// store is a registration that refuses duplicates (expvar.Publish).
func loadedFailsLoudly(call ssa.CallInstruction) bool {
	v, ok := call.(*ssa.Call)
	if !ok || v.Referrers() == nil {
		return false
	}
	for _, r := range *v.Referrers() {
		ex, ok := r.(*ssa.Extract)
		if !ok || ex.Index != 1 || ex.Referrers() == nil {
			continue
		}
		for _, u := range *ex.Referrers() {
			if ifInstr, ok := u.(*ssa.If); ok {
				if failsLoudly(ifInstr.Block().Succs[0], nil) {
					return true
				}
			}
		}
	}
	return false
}

// mentionsLen reports whether v computes from len(c) or c.Len().
func mentionsLen(v ssa.Value, c coll, depth int) bool {
	if depth == 0 {
		return false
	}
	switch v := v.(type) {
	case *ssa.BinOp:
		return mentionsLen(v.X, c, depth-1) || mentionsLen(v.Y, c, depth-1)
	case *ssa.UnOp:
		return mentionsLen(v.X, c, depth-1)
	case *ssa.Call:
		if ssaq.IsBuiltin(&v.Call, "len") {
			return handle(v.Call.Args[0]) == c
		}
		if fn := v.Call.StaticCallee(); fn != nil && fn.Name() == "Len" && len(v.Call.Args) == 1 {
			return handle(v.Call.Args[0]) == c
		}
	case *ssa.Phi:
		for _, e := range v.Edges {
			if mentionsLen(e, c, depth-1) {
				return true
			}
		}
	}
	return false
}

// lookupOf reports whether v computes from a key lookup in a map or
// sync.Map (v, ok := m[k]; m.Load(k); m.LoadOrStore(k, v)): a duplicate-key
// check, whichever registry it consults.
func lookupOf(v ssa.Value, depth int) bool {
	if depth == 0 {
		return false
	}
	switch v := v.(type) {
	case *ssa.Extract:
		return lookupOf(v.Tuple, depth-1)
	case *ssa.Lookup:
		_, isMap := v.X.Type().Underlying().(*types.Map)
		return isMap
	case *ssa.BinOp:
		return lookupOf(v.X, depth-1) || lookupOf(v.Y, depth-1)
	case *ssa.UnOp:
		return lookupOf(v.X, depth-1)
	case *ssa.Call:
		fn := v.Call.StaticCallee()
		return ssaq.IsMethod(fn, "sync", "Map", "Load") || ssaq.IsMethod(fn, "sync", "Map", "LoadOrStore")
	}
	return false
}

// failsLoudly reports whether every path from start that does not reach
// avoid ends in a panic or returns a non-nil error.
func failsLoudly(start, avoid *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{start: true}
	stack := []*ssa.BasicBlock{start}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b == avoid {
			return false
		}
		if len(b.Instrs) == 0 {
			return false
		}
		switch last := b.Instrs[len(b.Instrs)-1].(type) {
		case *ssa.Panic:
			continue
		case *ssa.Return:
			if !returnsError(last) {
				return false
			}
			continue
		}
		if len(b.Succs) == 0 {
			continue // a call that never returns (log.Fatal, os.Exit)
		}
		for _, s := range b.Succs {
			if !seen[s] {
				seen[s] = true
				stack = append(stack, s)
			}
		}
	}
	return true
}

// returnsError reports whether ret returns a non-nil error value.
func returnsError(ret *ssa.Return) bool {
	for _, r := range ret.Results {
		if !types.Identical(r.Type(), types.Universe.Lookup("error").Type()) {
			continue
		}
		if c, ok := r.(*ssa.Const); ok && (c.Value == nil || c.Value.Kind() == constant.Unknown) {
			continue // nil
		}
		return true
	}
	return false
}
