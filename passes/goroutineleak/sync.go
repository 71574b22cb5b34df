package goroutineleak

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// syncKey identifies a sync primitive (or any addressable value): a local
// variable, a package-level var, or a field of a struct type (any object
// of the type: methods of one object reach it through different SSA
// values).
type syncKey struct {
	v     ssa.Value
	typ   *types.Named
	field int
}

func (k syncKey) valid() bool { return k.v != nil || k.typ != nil }

// keyOf returns the key of the address v (a *sync.Mutex, *sync.WaitGroup,
// ...), seen from fn's caller when v is a parameter or free variable of a
// goroutine body started by g.
func keyOf(v ssa.Value, g ssa.CallInstruction) syncKey {
	v = ssaq.Unwrap(v)
	switch x := v.(type) {
	case *ssa.FieldAddr:
		if f, ok := ssaq.FieldAt(x); ok {
			return syncKey{typ: f.Type, field: f.Index}
		}
	case *ssa.UnOp:
		if x.Op == token.MUL {
			if f, ok := ssaq.FieldAt(x.X); ok {
				return syncKey{typ: f.Type, field: f.Index}
			}
			// A pointer held in a variable: key by the variable.
			return keyOf(x.X, g)
		}
	case *ssa.Alloc, *ssa.Global:
		return syncKey{v: x}
	case *ssa.FreeVar:
		if g != nil {
			if mc, ok := ssaq.GoFunc(g).(*ssa.MakeClosure); ok {
				for i, fv := range x.Parent().FreeVars {
					if fv == x && i < len(mc.Bindings) {
						return keyOf(mc.Bindings[i], nil)
					}
				}
			}
		}
		return syncKey{v: x}
	case *ssa.Parameter:
		if g, ok := g.(*ssa.Go); ok && g.Call.StaticCallee() == x.Parent() {
			for i, p := range x.Parent().Params {
				if p == x && i < len(g.Call.Args) {
					return keyOf(g.Call.Args[i], nil)
				}
			}
		}
		return syncKey{v: x}
	}
	return syncKey{}
}

// namedStruct returns the named struct type t (or *t) is, else nil.
func namedStruct(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	if n.Origin() != nil {
		n = n.Origin()
	}
	return n
}

// syncCall returns the method of package sync a call invokes
// ("(*Mutex).Lock" as "Mutex", "Lock") and its receiver.
func syncCall(call *ssa.CallCommon) (typ, method string, recv ssa.Value) {
	fn := call.StaticCallee()
	if fn == nil || fn.Signature.Recv() == nil || len(call.Args) == 0 {
		return "", "", nil
	}
	for _, t := range []string{"Mutex", "RWMutex", "WaitGroup", "Cond"} {
		if ssaq.IsNamed(fn.Signature.Recv().Type(), "sync", t) {
			return t, fn.Name(), call.Args[0]
		}
	}
	return "", "", nil
}

// checkCall runs the checks anchored at a call: a mutex locked and left
// locked on some return path, and a context made cancellable whose cancel
// is lost while a goroutine waits on it.
func (c *checker) checkCall(call *ssa.Call) {
	if typ, method, recv := syncCall(&call.Call); (typ == "Mutex" || typ == "RWMutex") && (method == "Lock" || method == "RLock") {
		c.checkLock(call, method, recv)
		return
	}
	c.checkCancel(call)
}

// checkLock reports a Lock that some return path leaves held although
// another path unlocks it: the next Lock of that mutex blocks forever.
func (c *checker) checkLock(lock *ssa.Call, method string, recv ssa.Value) {
	fn := lock.Parent()
	key := keyOf(recv, nil)
	obj := objectOf(recv)
	if !key.valid() || obj == nil {
		return
	}
	for _, res := range tupleTypes(fn.Signature.Results()) {
		if _, ok := res.Underlying().(*types.Signature); ok {
			return // hands back an unlock func
		}
	}
	unlock := "Unlock"
	if method == "RLock" {
		unlock = "RUnlock"
	}
	unlocks := func(instr ssa.Instruction) bool {
		ci, ok := instr.(ssa.CallInstruction)
		if !ok {
			return false
		}
		call := ci.Common()
		if typ, m, r := syncCall(call); typ != "" {
			return m == unlock && keyOf(r, nil) == key && sameObject(objectOf(r), obj)
		}
		if callee := ssaq.Callee(call); callee != nil && callee.Pkg == c.pkg && passes(call, obj) {
			return c.callsOn(callee, key, unlock)
		}
		return false
	}
	// Recording that the lock is held (rs.held = true) hands it to whoever
	// reads the flag.
	flags := func(instr ssa.Instruction) bool {
		st, ok := instr.(*ssa.Store)
		if !ok {
			return false
		}
		k, ok := st.Val.(*ssa.Const)
		if !ok || k.Value == nil || k.Value.String() != "true" {
			return false
		}
		fa, ok := st.Addr.(*ssa.FieldAddr)
		return ok && sameObject(objectOf(fa), obj)
	}
	// Intent: some path from the lock unlocks it. Unlocking the same field
	// of another object (hand-over-hand locking) makes it unclear.
	found := false
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if ci, ok := instr.(*ssa.Call); ok {
				if typ, m, r := syncCall(&ci.Call); typ != "" && m == unlock && keyOf(r, nil) == key && !sameObject(objectOf(r), obj) {
					return
				}
			}
			if unlocks(instr) && (b != lock.Block() || instr.Pos() > lock.Pos()) && ssaq.ReachesAvoiding(lock.Block(), b, nil) {
				found = true
			}
		}
	}
	if !found {
		return
	}
	ret := ssaq.ExitAvoiding(lock, func(i ssa.Instruction) bool { return unlocks(i) || flags(i) })
	if ret == nil {
		return
	}
	name := c.exprAt(lock.Pos(), -1)
	if name == "" {
		name = "mutex"
	}
	c.diag(analysis.Diagnostic{
		Pos:      lock.Pos(),
		Category: "mutex-left-locked",
		Message: fmt.Sprintf("mutex %q locked here stays locked when %s returns on another path, so the next %s blocks forever; %s before that return or defer %s.%s()",
			name, ssaq.Name(fn), method, unlock, name, unlock),
		Related: []analysis.RelatedInformation{related(retPos(ret), "returns here with %s held", name)},
	})
}

// objectOf returns the object whose mutex (or other field) addr is: the
// base of a field address, seen through loads of the variable holding it,
// or the variable itself.
func objectOf(addr ssa.Value) ssa.Value {
	v := ssaq.Unwrap(addr)
	if fa, ok := v.(*ssa.FieldAddr); ok {
		v = ssaq.Unwrap(fa.X)
	}
	if ld, ok := v.(*ssa.UnOp); ok && ld.Op == token.MUL {
		switch ld.X.(type) {
		case *ssa.Alloc, *ssa.FreeVar, *ssa.Global:
			return ld.X // the variable, loaded once per use
		}
	}
	return v
}

func sameObject(a, b ssa.Value) bool { return a != nil && a == b }

// passes reports whether a call hands obj (or a field of it) to its callee.
func passes(call *ssa.CallCommon, obj ssa.Value) bool {
	args := call.Args
	if mc, ok := call.Value.(*ssa.MakeClosure); ok {
		args = append(args[:len(args):len(args)], mc.Bindings...)
	}
	for _, a := range args {
		if sameObject(objectOf(a), obj) {
			return true
		}
	}
	return false
}

func tupleTypes(t *types.Tuple) []types.Type {
	var out []types.Type
	for i := 0; i < t.Len(); i++ {
		out = append(out, t.At(i).Type())
	}
	return out
}

// callsOn reports whether fn (or a closure or function it calls, three
// levels deep) calls the sync method (Unlock, Done, Broadcast, ...) on a
// field key. Only field keys cross function boundaries.
func (c *checker) callsOn(fn *ssa.Function, key syncKey, method string) bool {
	k := callsOnKey{fn, key, method}
	res, ok := c.callsOnCache[k]
	if !ok {
		res = c.callsOnDepth(fn, key, method, 0)
		c.callsOnCache[k] = res
	}
	return res
}

type callsOnKey struct {
	fn     *ssa.Function
	key    syncKey
	method string
}

func (c *checker) callsOnDepth(fn *ssa.Function, key syncKey, method string, depth int) bool {
	if key.typ == nil || depth > 3 {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			call := ci.Common()
			if typ, m, r := syncCall(call); typ != "" {
				if m == method && keyOf(r, nil) == key {
					return true
				}
				continue
			}
			if callee := ssaq.Callee(call); callee != nil && callee.Pkg == c.pkg && callee != fn && c.callsOnDepth(callee, key, method, depth+1) {
				return true
			}
		}
	}
	return false
}

// checkWaitGroup reports a goroutine that calls wg.Done on some paths but
// can return without it, when its spawner (or the owner) waits on wg.
func (c *checker) checkWaitGroup(g ssa.CallInstruction, body *ssa.Function) {
	var key syncKey
	var dones []ssa.Instruction
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			typ, m, r := syncCall(ci.Common())
			if typ != "WaitGroup" || m != "Done" {
				continue
			}
			if _, deferred := instr.(*ssa.Defer); deferred || c.inLoop(b) {
				return // deferred, or once per iteration (paired with Add(n))
			}
			key = keyOf(r, g)
			dones = append(dones, instr)
		}
	}
	if len(dones) == 0 || !key.valid() {
		return
	}
	isDone := func(instr ssa.Instruction) bool {
		ci, ok := instr.(ssa.CallInstruction)
		if !ok {
			return false
		}
		if typ, m, _ := syncCall(ci.Common()); typ == "WaitGroup" && m == "Done" {
			return true
		}
		// A helper handed the WaitGroup may call Done.
		for _, a := range ci.Common().Args {
			if ssaq.IsNamed(a.Type(), "sync", "WaitGroup") {
				return true
			}
		}
		if callee := ssaq.Callee(ci.Common()); callee != nil && callee.Pkg == c.pkg && key.typ != nil {
			return c.callsOn(callee, key, "Done")
		}
		return false
	}
	ret := ssaq.EntryExitAvoiding(body, isDone)
	if ret == nil {
		return
	}
	wait := c.findWait(g, key)
	if wait == nil {
		return
	}
	name := c.exprAt(wait.Pos(), -1)
	c.diag(analysis.Diagnostic{
		Pos:      wait.Pos(),
		Category: "waitgroup-done-skipped",
		Message: fmt.Sprintf("%s.Wait blocks forever when the goroutine returns without calling %s.Done; defer %s.Done() at the top of the goroutine",
			name, name, name),
		Related: []analysis.RelatedInformation{
			related(g.Pos(), "goroutine started here"),
			related(retPos(ret), "returns here without %s.Done()", name),
		},
	})
}

// findWait returns a Wait on key: in the spawner after the go statement,
// or, for a field, anywhere in the package.
func (c *checker) findWait(g ssa.CallInstruction, key syncKey) ssa.Instruction {
	isWait := func(instr ssa.Instruction) bool {
		ci, ok := instr.(ssa.CallInstruction)
		if !ok {
			return false
		}
		typ, m, r := syncCall(ci.Common())
		return typ == "WaitGroup" && m == "Wait" && keyOf(r, nil) == key
	}
	fns := []*ssa.Function{g.Parent()}
	if key.typ != nil {
		fns = c.funcs
	}
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if isWait(instr) && (fn != g.Parent() || ssaq.ReachesAvoiding(g.Block(), b, nil)) {
					return instr
				}
			}
		}
	}
	return nil
}

// checkBlockedForever reports, in a goroutine body, operations that can
// never proceed: select {} (when the goroutine is started repeatedly), a
// send or receive on a nil channel, and a Cond.Wait nothing wakes at
// shutdown.
func (c *checker) checkBlockedForever(g ssa.CallInstruction, body *ssa.Function) {
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Select:
				if len(x.States) == 0 && x.Blocking && c.life != nil && c.life.At(g).Runs == lifetime.Repeatedly {
					c.diag(analysis.Diagnostic{
						Pos:      x.Pos(),
						Category: "blocked-forever",
						Message: fmt.Sprintf("goroutine blocks forever in select {}, and %s starts one on every call; return instead, or wait on a done channel",
							spawnerName(g.Parent())),
						Related: []analysis.RelatedInformation{related(g.Pos(), "goroutine started here")},
					})
				}
			case *ssa.UnOp:
				if x.Op == token.ARROW && nilChannel(x.X, g) {
					c.reportNilChan(g, x.Pos(), "receiving from")
				}
			case *ssa.Send:
				if nilChannel(x.Chan, g) {
					c.reportNilChan(g, x.Pos(), "sending on")
				}
			case *ssa.Call:
				if typ, m, r := syncCall(&x.Call); typ == "Cond" && m == "Wait" {
					c.checkCondWait(g, x, keyOf(r, g))
				}
			}
		}
	}
}

func (c *checker) reportNilChan(g ssa.CallInstruction, pos token.Pos, what string) {
	name := c.exprAt(pos, -1)
	c.diag(analysis.Diagnostic{
		Pos:      pos,
		Category: "blocked-forever",
		Message:  fmt.Sprintf("goroutine blocks forever %s nil channel %q: it is never assigned; make the channel before starting the goroutine", what, name),
		Related:  []analysis.RelatedInformation{related(g.Pos(), "goroutine started here")},
	})
}

// nilChannel reports whether v is certainly nil: a nil constant, or a
// captured variable nothing ever assigns.
func nilChannel(v ssa.Value, g ssa.CallInstruction) bool {
	v = ssaq.Unwrap(v)
	if isNil(v) {
		return true
	}
	ld, ok := v.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return false
	}
	fv, ok := ld.X.(*ssa.FreeVar)
	if !ok {
		return false
	}
	mc, ok := ssaq.GoFunc(g).(*ssa.MakeClosure)
	if !ok || mc.Fn != fv.Parent() {
		return false
	}
	for i, x := range fv.Parent().FreeVars {
		if x != fv {
			continue
		}
		alloc, ok := mc.Bindings[i].(*ssa.Alloc)
		if !ok {
			return false
		}
		return neverStored(alloc, make(map[ssa.Value]bool))
	}
	return false
}

// neverStored reports whether nothing is ever stored to the variable addr,
// in its function or any closure capturing it.
func neverStored(addr ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[addr] {
		return true
	}
	seen[addr] = true
	for _, ref := range *addr.Referrers() {
		switch r := ref.(type) {
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.MakeClosure:
			fn, ok := r.Fn.(*ssa.Function)
			if !ok {
				return false
			}
			for i, b := range r.Bindings {
				if b == addr && !neverStored(fn.FreeVars[i], seen) {
					return false
				}
			}
		default:
			return false // a store, or the address taken
		}
	}
	return true
}

// checkCondWait reports a Cond.Wait in a goroutine when nothing in the
// package wakes the condition, or the owner's Close/Stop never does.
func (c *checker) checkCondWait(g ssa.CallInstruction, wait *ssa.Call, key syncKey) {
	if key.typ == nil {
		return
	}
	wakes := func(fn *ssa.Function) bool {
		return c.callsOn(fn, key, "Broadcast") || c.callsOn(fn, key, "Signal")
	}
	name := c.exprAt(wait.Pos(), -1)
	any := false
	for _, fn := range c.funcs {
		if wakes(fn) {
			any = true
			break
		}
	}
	if !any {
		c.diag(analysis.Diagnostic{
			Pos:      wait.Pos(),
			Category: "blocked-forever",
			Message:  fmt.Sprintf("goroutine blocks forever in %s.Wait: nothing calls %s.Broadcast or Signal; wake the waiters when the state they wait for changes", name, name),
			Related:  []analysis.RelatedInformation{related(g.Pos(), "goroutine started here")},
		})
		return
	}
	closers := c.closers(key.typ)
	if len(closers) == 0 {
		return
	}
	for _, cl := range closers {
		if wakes(cl) {
			return
		}
	}
	c.diag(analysis.Diagnostic{
		Pos:      wait.Pos(),
		Category: "blocked-forever",
		Message: fmt.Sprintf("goroutine blocks forever in %s.Wait after %s: it never calls %s.Broadcast, so a waiter is not woken to see the shutdown; call %s.Broadcast() in %s",
			name, ssaq.Name(closers[0]), name, name, closers[0].Name()),
		Related: []analysis.RelatedInformation{
			related(g.Pos(), "goroutine started here"),
			related(closers[0].Pos(), "%s does not wake %s", ssaq.Name(closers[0]), name),
		},
	})
}

// closers returns the shutdown methods (Close, Stop, Shutdown) of the
// package's named type t, by the io.Closer-style naming convention.
func (c *checker) closers(t *types.Named) []*ssa.Function {
	var out []*ssa.Function
	for _, fn := range c.funcs {
		recv := fn.Signature.Recv()
		if recv == nil || fn.Parent() != nil || namedStruct(recv.Type()) != t {
			continue
		}
		switch fn.Name() {
		case "Close", "Stop", "Shutdown":
			out = append(out, fn)
		}
	}
	return out
}
