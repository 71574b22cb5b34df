package blocking

import (
	"cmp"
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// Lock states of one lock path on one path through a function (§5).
const (
	entry    = iota // not touched: as the caller left it
	held            // acquired on this path (or re-acquired after a release)
	released        // released on this path
)

// lockState is what one path has done to one lock path so far.
type lockState struct {
	cur uint8
	// req is set when the path released the lock before acquiring it: the
	// function requires it held on entry ("called with mu held").
	req bool
	// site is the operation of the analysed function that last acquired
	// it: a Lock, or a call that acquires.
	site ssa.Instruction
}

// deferred is a call registered by defer, with the frame it runs in.
type deferred struct {
	call *ssa.CallCommon
	fr   *frame
	at   ssa.Instruction // the Defer, in the analysed function's terms (its top-level instruction)
}

// state is the abstract state of one path: the locks it has touched (keyed
// by lock path and mode, "p0.1#w"), the branch outcomes it assumed, the
// values of range-over-func jump variables, and the pending defers.
//
// States are values that share their maps and slices with the states they
// were derived from (the paths of a branch, the outcomes of a call): none
// is ever written in place. A writer takes its own copy first (ownLocks,
// ownJumps) and appends through withAssume and withDefer, which never
// write into a shared backing array. Most steps change nothing, so most
// states cost no allocation.
type state struct {
	locks  map[Path]lockState
	assume []assumption
	jumps  map[*ssa.Alloc]int64
	defers []deferred
}

// ownLocks returns s with its own copy of the locks map, to write to.
func (s state) ownLocks() state {
	n := make(map[Path]lockState, len(s.locks)+1)
	for k, v := range s.locks {
		n[k] = v
	}
	s.locks = n
	return s
}

// ownJumps returns s with its own copy of the jumps map, to write to.
func (s state) ownJumps() state {
	n := make(map[*ssa.Alloc]int64, len(s.jumps)+1)
	for k, v := range s.jumps {
		n[k] = v
	}
	s.jumps = n
	return s
}

// withAssume returns s that also assumes a.
func (s state) withAssume(a assumption) state {
	s.assume = append(slices.Clip(s.assume), a)
	return s
}

// withDefer returns s with d pending too.
func (s state) withDefer(d deferred) state {
	s.defers = append(slices.Clip(s.defers), d)
	return s
}

// hash identifies a state for the visited set of the enumeration: the
// text key is built without fmt into buf (reused), and folded with 64-bit
// FNV-1a (a collision would merge two states: not a finding, at worst a
// path not explored).
func (s state) hash(buf *[]byte) uint64 {
	b := (*buf)[:0]
	var small [8]Path
	keys := small[:0]
	for k := range s.locks {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := s.locks[k]
		b = append(b, k...)
		b = append(b, '=', '0'+v.cur)
		if v.req {
			b = append(b, 'r')
		}
		b = strconv.AppendUint(b, uint64(ptr(v.site)), 36)
		b = append(b, ';')
	}
	b = append(b, '|')
	if len(s.assume) > 0 {
		as := make([]string, 0, len(s.assume))
		for _, a := range s.assume {
			as = append(as, a.key)
		}
		// Keys are unique on a path (a tested key is decided, not
		// assumed again), so sorting the keys orders the assumptions.
		slices.Sort(as)
		for _, k := range as {
			b = append(b, k...)
			for _, a := range s.assume {
				if a.key == k {
					b = append(b, '=', '0')
					if a.val {
						b[len(b)-1] = '1'
					}
					break
				}
			}
			b = append(b, ';')
		}
	}
	b = append(b, '|')
	if len(s.jumps) > 0 {
		type jv struct {
			p uintptr
			v int64
		}
		js := make([]jv, 0, len(s.jumps))
		for k, v := range s.jumps {
			js = append(js, jv{ptr(k), v})
		}
		slices.SortFunc(js, func(x, y jv) int { return cmp.Compare(x.p, y.p) })
		for _, j := range js {
			b = strconv.AppendUint(b, uint64(j.p), 36)
			b = append(b, '=')
			b = strconv.AppendInt(b, j.v, 10)
			b = append(b, ';')
		}
	}
	b = append(b, '|')
	for _, d := range s.defers {
		b = strconv.AppendUint(b, uint64(ptr(d.call)), 36)
		b = append(b, ';')
	}
	*buf = b
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// ptr is the address x points to (0 for nil), to name an SSA object in a
// state's hash.
func ptr(x any) uintptr {
	if x == nil {
		return 0
	}
	v := reflect.ValueOf(x)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return 0
	}
	return v.Pointer()
}

// Event is a finding of the lock dataflow in the analysed function.
type Event struct {
	Kind EventKind
	// Pos is the operation to report: the second Lock, the call that
	// re-enters, or the Lock whose lock a return leaves held.
	Pos token.Pos
	// Lock is the lock path and mode ("p0.0#w").
	Lock Path
	// Held is where the lock was acquired before (DoubleLock, Reentrant),
	// and HeldLock its path and mode: Lock's, or the other mode's for a
	// Lock of an RWMutex this path read-locks (or an RLock of one it
	// write-locks), which blocks just the same.
	Held     token.Pos
	HeldLock Path
	// Callee is the function a Reentrant call calls, and Inner the Lock in
	// it.
	Callee *ssa.Function
	Inner  token.Pos
	// Return is the return that leaves the lock held (LeftHeld).
	Return *ssa.Return
	// Defer is set when the lock is released by a call deferred on another
	// path (for messages).
	Instr ssa.Instruction
}

// EventKind classifies an Event.
type EventKind int

const (
	// DoubleLock: a Lock of a mutex this path already holds.
	DoubleLock EventKind = iota
	// Reentrant: a call, made with a mutex held, of a function that locks it.
	Reentrant
	// LeftHeld: a return leaves held a lock that another path releases.
	LeftHeld
)

// exit is one way out of a run: a return with the state it returns in.
type exit struct {
	st  state
	ret *ssa.Return
}

// run is one enumeration over a function (the analysed one or a callee).
type run struct {
	m      *Model
	top    bool   // events are collected (the analysed function)
	budget int    // remaining (block, state) visits
	buf    []byte // scratch for state hashes
	// callees memoises calleeSummary.
	callees map[calleeKey]calleeInfo
	site    ssa.Instruction // in a callee: the top-level call it runs under
	events  []Event
	// lockedFromEntry are the write locks a callee takes while they are in
	// the state its caller left them in (for re-entrancy at the caller).
	lockedFromEntry map[Path]token.Pos
	// releasedSites are the acquiring operations some path releases.
	releasedSites map[ssa.Instruction]bool
}

// summary is what a function does to the locks of its caller.
type summary struct {
	outcomes        []outcome // per feasible return path
	lockedFromEntry map[Path]token.Pos
	truncated       bool
}

// releaseOnAll makes a lock that s's callee releases on some path
// released on all of its paths: the path that skips the release usually
// tests a state the held lock rules out (Rollback's "tx.s != nil").
// Silence over guessing.
func (s *summary) releaseOnAll() {
	var mayRelease map[Path]lockState
	for _, o := range s.outcomes {
		for p, eff := range o.locks {
			if eff.cur == released && eff.req {
				if mayRelease == nil {
					mayRelease = make(map[Path]lockState)
				}
				mayRelease[p] = eff
			}
		}
	}
	for _, o := range s.outcomes {
		for p, eff := range mayRelease {
			if _, ok := o.locks[p]; !ok {
				o.locks[p] = eff
			}
		}
	}
}

// outcome is one feasible return path of a callee: its net effect on the
// caller's locks (a lock handed to a result is rooted at "R<i>", result
// i), and which results are certainly nil (true) or certainly not (false).
type outcome struct {
	locks  map[Path]lockState
	nilRes map[int]bool
}

// Model answers lock questions about the functions of one package. It is
// built lazily: nothing is computed until a function is asked about.
type Model struct {
	pkg      *ssa.Package
	memo     map[string]*summary
	touching map[*ssa.Function]bool
	acquire  map[*ssa.Function]bool
	// truncated are the functions whose enumeration as a callee ran out
	// of budget.
	truncated map[*ssa.Function]bool
	loops     map[*ssa.Function]*loopInfo
	corr      map[*ssa.Function]map[string]bool
	// fieldFlags caches fieldFlag.
	fieldFlags map[*ssa.Function]map[fieldOf]bool
	// flags caches testedFlags.
	flags map[*ssa.Function]map[*ssa.Phi]bool
	// localRoots caches localRootsIn.
	localRoots map[*ssa.BasicBlock]map[string]bool
	// Budget is the number of (block, state) visits one enumeration of a
	// function may make (the analysed function, or one callee summary,
	// which is computed once per package and calling context); past it
	// the enumeration gives up, and so does every analysis that needs it:
	// silently, never with a finding from a truncated search.
	Budget int
	// CalleeBudget is Budget for the enumeration of a callee (one per
	// calling context): a callee that needs more makes its callers give
	// up too.
	CalleeBudget int
	// PackageBudget bounds the visits of all analyses of the package; past
	// it, Locks answers nothing for the functions left (a package with
	// thousands of lock-using functions: its largest test variants).
	PackageBudget int
	spent         int
}

// New returns the model of pkg's functions.
func New(pkg *ssa.Package) *Model {
	return &Model{
		pkg:           pkg,
		memo:          make(map[string]*summary),
		touching:      make(map[*ssa.Function]bool),
		acquire:       make(map[*ssa.Function]bool),
		truncated:     make(map[*ssa.Function]bool),
		loops:         make(map[*ssa.Function]*loopInfo),
		corr:          make(map[*ssa.Function]map[string]bool),
		Budget:        4000,
		CalleeBudget:  4000,
		PackageBudget: 50000,
	}
}

// LockOp classifies a call of package sync's Mutex or RWMutex methods:
// "Lock", "Unlock", "RLock", "RUnlock", "TryLock", "TryRLock", or "".
func LockOp(call *ssa.CallCommon) (op string, recv ssa.Value) {
	fn := call.StaticCallee()
	if fn == nil || fn.Signature.Recv() == nil || len(call.Args) == 0 {
		return "", nil
	}
	t := fn.Signature.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" || (n.Obj().Name() != "Mutex" && n.Obj().Name() != "RWMutex") {
		return "", nil
	}
	switch fn.Name() {
	case "Lock", "Unlock", "RLock", "RUnlock", "TryLock", "TryRLock":
		return fn.Name(), call.Args[0]
	}
	return "", nil
}

// mode returns the key suffix of a lock op: readers and writers of an
// RWMutex are tracked apart.
func mode(op string) string {
	if strings.HasPrefix(op, "R") || op == "TryRLock" {
		return "#r"
	}
	return "#w"
}

// touches reports whether fn, or a function it calls statically in this
// package, or a closure of its declaration, operates on a Mutex/RWMutex.
func (m *Model) touches(fn *ssa.Function) bool {
	if r, ok := m.touching[fn]; ok {
		return r
	}
	m.touching[fn] = false // recursion guard
	r := false
	for root := fn; root != nil && !r; root = root.Parent() {
		r = m.touchesTree(root, 0)
	}
	m.touching[fn] = r
	return r
}

func (m *Model) touchesTree(fn *ssa.Function, depth int) bool {
	if depth > 4 {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if op, _ := LockOp(ci.Common()); op != "" {
				return true
			}
			if callee := ci.Common().StaticCallee(); callee != nil && callee.Pkg == m.pkg && callee != fn && callee.Parent() == nil {
				if r, ok := m.touching[callee]; ok {
					if r {
						return true
					}
					continue
				}
				m.touching[callee] = false
				r := m.touchesTree(callee, depth+1)
				m.touching[callee] = r
				if r {
					return true
				}
			}
		}
	}
	for _, anon := range fn.AnonFuncs {
		if m.touchesTree(anon, depth+1) {
			return true
		}
	}
	return false
}

// mayAcquire reports whether fn can take a lock on some path: fn or one
// of its closures calls Lock, RLock, TryLock or TryRLock, or fn calls a
// function of the package that may return holding a lock (acquires).
// Every event of Locks needs such an acquisition on fn's own path (a
// double Lock or a re-entrant call needs fn's own Lock; a lock left held
// needs one taken on the path), so other functions are not enumerated:
// most functions that touch a mutex do so only through callees that lock
// and unlock before they return.
func (m *Model) mayAcquire(fn *ssa.Function) bool {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if hasLockOp(fn) {
		return true
	}
	for _, c := range staticCallees(fn) {
		if m.acquires(c, 0) {
			return true
		}
	}
	return false
}

func hasLockOp(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok {
				switch op, _ := LockOp(ci.Common()); op {
				case "Lock", "RLock", "TryLock", "TryRLock":
					return true
				}
			}
		}
	}
	for _, anon := range fn.AnonFuncs {
		if hasLockOp(anon) {
			return true
		}
	}
	return false
}

// acquires reports whether fn, a function of the package, may return
// holding a lock it took: from one of its Lock calls a return is
// reachable without passing an Unlock, and fn defers no Unlock (a lock
// helper; a Begin that hands the lock to its result; a function that
// unlocks around I/O and locks again), or it calls such a function.
// Lock-then-defer-Unlock bodies are not acquirers.
func (m *Model) acquires(fn *ssa.Function, depth int) bool {
	if r, ok := m.acquire[fn]; ok {
		return r
	}
	if depth > 4 || len(fn.Blocks) == 0 {
		return false
	}
	m.acquire[fn] = false // recursion guard
	r := lockReachesReturn(fn)
	for _, c := range staticCallees(fn) {
		if r {
			break
		}
		r = m.acquires(c, depth+1)
	}
	m.acquire[fn] = r
	return r
}

// lockReachesReturn reports whether a return of fn is reachable from one
// of its Lock calls without an Unlock call on the way, and no Unlock is
// deferred.
func lockReachesReturn(fn *ssa.Function) bool {
	releases := func(instr ssa.Instruction) bool {
		ci, ok := instr.(ssa.CallInstruction)
		if !ok {
			return false
		}
		op, _ := LockOp(ci.Common())
		if op == "Unlock" || op == "RUnlock" {
			return true
		}
		if d, ok := instr.(*ssa.Defer); ok {
			if c := d.Call.StaticCallee(); c != nil && c.Parent() == fn && hasUnlock(c) {
				return true // defer func() { mu.Unlock() }()
			}
		}
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && releases(d) {
				return false
			}
		}
	}
	seen := make([]bool, len(fn.Blocks))
	var reach func(b *ssa.BasicBlock, from int) bool
	reach = func(b *ssa.BasicBlock, from int) bool {
		for _, instr := range b.Instrs[from:] {
			if releases(instr) {
				return false
			}
			if _, ok := instr.(*ssa.Return); ok {
				return true
			}
		}
		for _, s := range b.Succs {
			if !seen[s.Index] {
				seen[s.Index] = true
				if reach(s, 0) {
					return true
				}
			}
		}
		return false
	}
	type site struct {
		b *ssa.BasicBlock
		i int
	}
	unlocks := make(map[string][]site)
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok {
				if op, recv := LockOp(ci.Common()); op == "Unlock" || op == "RUnlock" {
					k := recvKey(recv)
					unlocks[k] = append(unlocks[k], site{b, i})
				}
			}
		}
	}
	// relock: an Unlock of the same mutex comes first on every path (the
	// function releases around a wait and re-acquires: net, it restores).
	relock := func(b *ssa.BasicBlock, i int, recv ssa.Value) bool {
		for _, u := range unlocks[recvKey(recv)] {
			if u.b == b && u.i < i || u.b != b && u.b.Dominates(b) {
				return true
			}
		}
		return false
	}
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			switch op, recv := LockOp(ci.Common()); op {
			case "Lock", "RLock", "TryLock", "TryRLock":
				if !relock(b, i, recv) && reach(b, i+1) {
					return true
				}
			}
		}
	}
	return false
}

// recvKey names the mutex a lock call's receiver denotes, structurally
// (field chains of one parameter, global or value), for matching an
// Unlock with a Lock of the same mutex in one function.
func recvKey(v ssa.Value) string {
	switch x := v.(type) {
	case *ssa.FieldAddr:
		return recvKey(x.X) + "." + strconv.Itoa(x.Field)
	case *ssa.Field:
		return recvKey(x.X) + "." + strconv.Itoa(x.Field)
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return recvKey(x.X) + "*"
		}
	case *ssa.Global:
		return x.RelString(nil)
	}
	return fmt.Sprintf("%p", v)
}

func hasUnlock(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok {
				if op, _ := LockOp(ci.Common()); op == "Unlock" || op == "RUnlock" {
					return true
				}
			}
		}
	}
	return false
}

// staticCallees lists the functions of fn's package that fn and its
// closures call statically, not through go (a goroutine's locks are not
// fn's path), as origins of generic instances.
func staticCallees(fn *ssa.Function) []*ssa.Function {
	var out []*ssa.Function
	var walk func(f *ssa.Function)
	walk = func(f *ssa.Function) {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if _, isGo := instr.(*ssa.Go); isGo {
					continue
				}
				c := ci.Common().StaticCallee()
				if c == nil {
					continue
				}
				if o := c.Origin(); o != nil {
					c = o
				}
				if c.Pkg == fn.Pkg && c != fn {
					out = append(out, c)
				}
			}
		}
		for _, anon := range f.AnonFuncs {
			walk(anon)
		}
	}
	walk(fn)
	return out
}

// Locks runs the lock dataflow over fn and returns its findings: double
// Locks, re-entrant calls, and Locks that a return leaves held while
// another path releases them. Paths are enumerated with branch
// correlation; past the budget it returns nil (never a finding from a
// truncated search).
func (m *Model) Locks(fn *ssa.Function) []Event {
	if len(fn.Blocks) == 0 || m.spent > m.PackageBudget || !m.mayAcquire(fn) || !m.touches(fn) {
		return nil
	}
	r := &run{m: m, top: true, budget: m.Budget, releasedSites: make(map[ssa.Instruction]bool)}
	fr := topFrame(fn)
	exits, ok := r.enumerate(fr, []state{{}})
	if !ok {
		return nil
	}
	events := r.events
	if returnsFunc(fn) {
		return events // hands back an unlock func
	}
	flagged := flagStores(fn, fr)
	seen := make(map[ssa.Instruction]bool)
	for _, e := range exits {
		for p, ls := range e.st.locks {
			if ls.cur != held || ls.req || ls.site == nil || seen[ls.site] || !r.releasedSites[ls.site] {
				continue
			}
			if handedOff(p, e.ret, fr) || flagged(p) || reassignedObject(ls.site) || resultSignals(p, exits) {
				continue
			}
			seen[ls.site] = true
			events = append(events, Event{Kind: LeftHeld, Pos: ls.site.Pos(), Lock: p, Return: e.ret, Instr: ls.site})
		}
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].Pos < events[j].Pos })
	return events
}

// resultSignals reports whether a boolean result tells the caller whether
// the function kept lock p, as TryLock does: every return that keeps it
// returns one constant, and every return that does not, the other.
func resultSignals(p Path, exits []exit) bool {
	if len(exits) == 0 {
		return false
	}
	sig := exits[0].ret.Parent().Signature.Results()
	for i := range sig.Len() {
		if b, ok := sig.At(i).Type().Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
			continue
		}
		var kept, not map[bool]bool = map[bool]bool{}, map[bool]bool{}
		ok := true
		for _, e := range exits {
			c, isConst := ssaq.ReturnedValue(e.ret, i).(*ssa.Const)
			if !isConst || c.Value == nil || c.Value.Kind() != constant.Bool {
				ok = false
				break
			}
			if ls, has := e.st.locks[p]; has && ls.cur == held {
				kept[constant.BoolVal(c.Value)] = true
			} else {
				not[constant.BoolVal(c.Value)] = true
			}
		}
		if ok && len(kept) == 1 && len(not) == 1 && kept[true] != not[true] {
			return true
		}
	}
	return false
}

func returnsFunc(fn *ssa.Function) bool {
	res := fn.Signature.Results()
	for i := 0; i < res.Len(); i++ {
		if _, ok := res.At(i).Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// handedOff reports whether the lock at path p leaves through ret inside
// a returned object: the object holding the lock is returned, or stored in
// a field of a returned composite (Begin returning a *Tx that unlocks).
func handedOff(p Path, ret *ssa.Return, fr *frame) bool {
	return handOffPath(p, ret, fr) != ""
}

// handOffPath returns the path of the lock p seen from the caller through
// the result that carries it ("R1.0*.0#w": result 1, field 0, ...), or "".
func handOffPath(p Path, ret *ssa.Return, fr *frame) Path {
	base := lockBase(p)
	for i, r := range ret.Results {
		// A result that is a φ of the lock's address and something else
		// (lock = &c.mu on the path that keeps it, nil elsewhere) hands it
		// over too: the caller tests the result.
		for _, v := range phiInputs(r) {
			if q := fr.pathOf(v); q != "" && !q.Local() && p.HasPrefix(q) {
				return Path(fmt.Sprintf("R%d", i)) + p[len(q):]
			}
		}
		x, ok := r.(*ssa.Alloc)
		if !ok {
			continue
		}
		for _, ref := range *x.Referrers() {
			fa, ok := ref.(*ssa.FieldAddr)
			if !ok {
				continue
			}
			for _, ref2 := range *fa.Referrers() {
				st, ok := ref2.(*ssa.Store)
				if !ok || st.Addr != fa {
					continue
				}
				q := fr.pathOf(st.Val)
				if q != "" && !q.Local() && (base == q || base.HasPrefix(q)) {
					return Path(fmt.Sprintf("R%d.%d*", i, fa.Field)) + p[len(q):]
				}
			}
		}
	}
	return ""
}

// phiInputs returns v, or, for a φ-node, the values flowing into it
// (through nested φ-nodes, at most 16).
func phiInputs(v ssa.Value) []ssa.Value {
	phi, ok := v.(*ssa.Phi)
	if !ok {
		return []ssa.Value{v}
	}
	var out []ssa.Value
	seen := map[*ssa.Phi]bool{}
	var walk func(p *ssa.Phi)
	walk = func(p *ssa.Phi) {
		if seen[p] || len(out) >= 16 {
			return
		}
		seen[p] = true
		for _, e := range p.Edges {
			if q, ok := e.(*ssa.Phi); ok {
				walk(q)
			} else {
				out = append(out, e)
			}
		}
	}
	walk(phi)
	return out
}

// resultValue returns the value of result i of the call v: v itself for
// a single result, else its Extract, or nil.
func resultValue(v ssa.Value, i int) ssa.Value {
	if v == nil {
		return nil
	}
	if t, ok := v.Type().(*types.Tuple); ok {
		if t.Len() <= i {
			return nil
		}
		for _, r := range *v.Referrers() {
			if e, ok := r.(*ssa.Extract); ok && e.Index == i {
				return e
			}
		}
		return nil
	}
	if i == 0 {
		return v
	}
	return nil
}

// eqNilKey is the branch-condition key of "v == nil".
func eqNilKey(v ssa.Value) (string, []ssa.Value) {
	x, y := operandKey(v), "nil"
	if x > y {
		x, y = y, x
	}
	return fmt.Sprintf("%s %s %s", x, token.EQL, y), []ssa.Value{v}
}

// nilness says whether a returned value is certainly nil (the constant)
// or certainly not (an error sentinel: a package-level error variable, or
// errors.New/fmt.Errorf).
func nilness(v ssa.Value) (isNil, known bool) {
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value == nil {
			return true, true
		}
	case *ssa.UnOp:
		if _, ok := x.X.(*ssa.Global); ok && x.Op == token.MUL && types.Identical(x.Type(), types.Universe.Lookup("error").Type()) {
			return false, true
		}
	case *ssa.MakeInterface:
		return false, true
	case *ssa.Call:
		if fn := x.Call.StaticCallee(); fn != nil && fn.Pkg != nil {
			switch fn.Pkg.Pkg.Path() + "." + fn.Name() {
			case "errors.New", "fmt.Errorf":
				return false, true
			}
		}
	}
	return false, false
}

// lockBase strips the mode and the lock's own field from p: the path of
// the object holding the lock.
func lockBase(p Path) Path {
	s := string(p)
	if i := strings.LastIndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		s = s[:i]
	}
	return Path(s)
}

// flagStores returns whether a lock path's holder records the lock in a
// flag: fn stores the constant true into a field of the object holding the
// lock (c.held = true), handing the lock to whoever reads the flag.
func flagStores(fn *ssa.Function, fr *frame) func(Path) bool {
	var flags []Path
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			k, ok := st.Val.(*ssa.Const)
			if !ok || k.Value == nil || k.Value.Kind() != constant.Bool || !constant.BoolVal(k.Value) {
				continue
			}
			if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
				if q := fr.pathOf(fa.X); q != "" {
					flags = append(flags, q)
				}
			}
		}
	}
	return func(p Path) bool {
		base := lockBase(p)
		for _, q := range flags {
			if base == q {
				return true
			}
		}
		return false
	}
}

// enumerate runs fr's function from its entry once per entry state and
// returns the exits. ok is false when the budget ran out.
func (r *run) enumerate(fr *frame, entries []state) ([]exit, bool) {
	fn := fr.fn
	type item struct {
		b  *ssa.BasicBlock
		st state
	}
	type visit struct {
		block int
		state uint64
	}
	visited := make(map[visit]bool)
	var work []item
	push := func(from, b *ssa.BasicBlock, st state) {
		cloned := false
		// Values computed in b take new values now: forget what the
		// path assumed about them.
		st.assume = forgetDefinedIn(st.assume, b)
		// A flag set on the way in (locked := false; if c { mu.Lock();
		// locked = true }) is known on this path: its φ takes the
		// constant, or the tested condition, of the edge taken.
		if from != nil {
			st = r.m.flagEdges(st, from, b)
		}
		// So do the objects rooted at them (hand-over-hand locking
		// through a loop variable locks a new object each time).
		hasLocal := false
		for p := range st.locks {
			hasLocal = hasLocal || p.Local()
		}
		if hasLocal {
			defs := r.m.localRootsIn(b)
			for p := range st.locks {
				if p.Local() && defs[p.Root()] {
					if !cloned {
						st = st.ownLocks()
						cloned = true
					}
					delete(st.locks, p)
				}
			}
		}
		h := visit{b.Index, st.hash(&r.buf)}
		if visited[h] {
			return
		}
		visited[h] = true
		work = append(work, item{b, st})
	}
	for _, st := range entries {
		push(nil, fn.Blocks[0], st)
	}
	var exits []exit
	var states, next []state // one instruction's states and the next's, reused
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		r.budget--
		r.m.spent++
		if r.budget < 0 {
			return nil, false
		}
		states = append(states[:0], it.st)
		for _, instr := range it.b.Instrs {
			next = next[:0]
			for _, st := range states {
				var ok bool
				if next, ok = r.step(fr, instr, st, next); !ok {
					return nil, false
				}
			}
			states, next = next, states
		}
		last := it.b.Instrs[len(it.b.Instrs)-1]
		for _, st := range states {
			switch t := last.(type) {
			case *ssa.Return:
				out, ok := r.runDefers(fr, st)
				if !ok {
					return nil, false
				}
				for _, st := range out {
					exits = append(exits, exit{st, t})
				}
			case *ssa.Panic:
			case *ssa.If:
				for i, taken := range r.branch(fr, t, st) {
					if taken != nil {
						push(it.b, it.b.Succs[i], r.leaveLoops(fr, it.b, it.b.Succs[i], *taken))
					}
				}
			default:
				for _, s := range it.b.Succs {
					push(it.b, s, r.leaveLoops(fr, it.b, s, st))
				}
			}
		}
	}
	return exits, true
}

// branch returns the states with which each successor of an If is taken
// (nil: infeasible on this path).
func (r *run) branch(fr *frame, t *ssa.If, st state) [2]*state {
	key, neg, defs, konst := r.m.condition(t.Cond, fr.constOf)
	if konst != nil {
		out := [2]*state{}
		if *konst {
			out[0] = &st
		} else {
			out[1] = &st
		}
		return out
	}
	if v, ok := jumpCompare(fr, t.Cond, st); ok {
		out := [2]*state{}
		if v {
			out[0] = &st
		} else {
			out[1] = &st
		}
		return out
	}
	for _, a := range st.assume {
		if a.key == key {
			out := [2]*state{}
			if a.val != neg {
				out[0] = &st
			} else {
				out[1] = &st
			}
			return out
		}
	}
	if !r.m.correlated(fr.fn)[key] {
		return [2]*state{&st, &st} // no other branch tests it: nothing to remember
	}
	t0 := st.withAssume(assumption{key, !neg, defs})
	t1 := st.withAssume(assumption{key, neg, defs})
	return [2]*state{&t0, &t1}
}

// jumpCompare decides a comparison of a range-over-func jump variable with
// a constant when the path knows the variable's value.
func jumpCompare(fr *frame, cond ssa.Value, st state) (bool, bool) {
	bin, ok := cond.(*ssa.BinOp)
	if !ok || (bin.Op != token.EQL && bin.Op != token.NEQ) {
		return false, false
	}
	ld, ok := bin.X.(*ssa.UnOp)
	c, ok2 := bin.Y.(*ssa.Const)
	if !ok || !ok2 || ld.Op != token.MUL || c.Value == nil || c.Value.Kind() != constant.Int {
		return false, false
	}
	alloc := fr.jumpAlloc(ld.X)
	if alloc == nil {
		return false, false
	}
	v, known := st.jumps[alloc]
	if !known {
		return false, false
	}
	k, _ := constant.Int64Val(c.Value)
	return (v == k) == (bin.Op == token.EQL), true
}

// jumpAlloc returns the jump variable addr denotes (directly or through
// the free variables of yield bodies), or nil.
func (fr *frame) jumpAlloc(addr ssa.Value) *ssa.Alloc {
	for i := 0; i < 8 && fr != nil; i++ {
		switch a := addr.(type) {
		case *ssa.Alloc:
			if jumpVar(a) {
				return a
			}
			return nil
		case *ssa.FreeVar:
			v, ok := fr.freeValue(a)
			if !ok {
				return nil
			}
			addr, fr = v, fr.parent
		default:
			return nil
		}
	}
	return nil
}

// step applies one instruction to a state and appends the states it leads
// to to out.
func (r *run) step(fr *frame, instr ssa.Instruction, st state, out []state) ([]state, bool) {
	switch x := instr.(type) {
	case *ssa.Alloc:
		if jumpVar(x) {
			st = st.ownJumps()
			st.jumps[x] = 0
		}
	case *ssa.Store:
		if a := fr.jumpAlloc(x.Addr); a != nil {
			if c, ok := x.Val.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Int {
				v, _ := constant.Int64Val(c.Value)
				st = st.ownJumps()
				st.jumps[a] = v
			}
		}
	case *ssa.Defer:
		for _, d := range st.defers {
			if d.call == &x.Call {
				return append(out, st), true // a defer in a loop: once is enough
			}
		}
		at := r.site
		if at == nil {
			at = x
		}
		st = st.withDefer(deferred{&x.Call, fr, at})
	case *ssa.RunDefers:
		states, ok := r.runDefers(fr, st)
		return append(out, states...), ok
	case *ssa.Go:
		st, ok := r.goStart(fr, &x.Call, st)
		return append(out, st), ok
	case *ssa.Call:
		at := r.site
		if at == nil {
			at = x
		}
		return r.call(fr, &x.Call, x, at, st, out)
	}
	return append(out, st), true
}

// goStart applies a go statement: a lock the started goroutine releases
// (on some path) is handed to it, released as far as this path goes
// (Open locks and starts the goroutine that unlocks when done).
func (r *run) goStart(fr *frame, call *ssa.CallCommon, st state) (state, bool) {
	callee, bindings, bindFrame := fr.closureOf(call.Value, 0)
	if callee != nil && callee.Origin() != nil {
		callee = callee.Origin() // a generic instance: its origin has the body
	}
	if callee == nil || callee.Pkg != r.m.pkg || len(callee.Blocks) == 0 || fr.depth >= 4 || !r.m.touchesCall(fr, callee, call.Args) || len(st.locks) == 0 {
		return st, true
	}
	if callee.Origin() != nil {
		callee = callee.Origin()
	}
	cf := fr.callFrame(callee, bindings, bindFrame, call.Args)
	sum := r.m.summaryOf(cf, nil)
	if sum.truncated {
		return st, false
	}
	owned := false
	for _, o := range sum.outcomes {
		for p, eff := range o.locks {
			if cur, ok := st.locks[p]; ok && eff.cur == released && eff.req && cur.cur == held {
				if !owned {
					st = st.ownLocks()
					owned = true
				}
				if cur.site != nil && r.top {
					r.releasedSites[cur.site] = true
				}
				cur.cur = released
				st.locks[p] = cur
			}
		}
	}
	return st, true
}

// runDefers runs the pending defers, last first.
func (r *run) runDefers(fr *frame, st state) ([]state, bool) {
	states := []state{st}
	for len(states[0].defers) > 0 {
		var next []state
		for _, s := range states {
			d := s.defers[len(s.defers)-1]
			s.defers = s.defers[:len(s.defers)-1] // shared: withDefer never appends in place
			var ok bool
			if next, ok = r.call(d.fr, d.call, nil, d.at, s, next); !ok {
				return nil, false
			}
		}
		states = r.dedup(next)
		if len(states) == 0 {
			return nil, true
		}
	}
	return states, true
}

// call applies a call (direct, deferred, or through a closure) to st. v
// is the call's value when it has one (for TryLock), at the instruction
// of the analysed function it runs under.
func (r *run) call(fr *frame, call *ssa.CallCommon, v ssa.Value, at ssa.Instruction, st state, out []state) ([]state, bool) {
	if op, recv := LockOp(call); op != "" {
		p := fr.pathOf(recv)
		if p == "" {
			return append(out, st), true
		}
		self := at.Pos()
		if v != nil {
			self = v.Pos()
		}
		return r.lockOp(op, p+Path(mode(op)), v, at, self, st, out), true
	}
	if call.IsInvoke() {
		return append(out, st), true
	}
	for _, a := range call.Args {
		if mc, ok := a.(*ssa.MakeClosure); ok {
			if body, ok := mc.Fn.(*ssa.Function); ok && body.Synthetic == "range-over-func yield" {
				states, ok := r.rangeFunc(fr, body, mc.Bindings, st)
				return append(out, states...), ok
			}
		}
	}
	callee, sum := r.calleeSummary(fr, call, at)
	if callee == nil {
		return append(out, st), true
	}
	if sum.truncated {
		return nil, false
	}
	if r.top {
		for p, pos := range sum.lockedFromEntry {
			// Only a lock this function took with its own Lock: one a
			// callee acquired may have been handed on (to a goroutine
			// that releases it) in ways the summary cannot see.
			if q, ls, ok := conflicting(st, p); ok && !p.Many() && isLockCall(ls.site) && !reassignedObject(ls.site) {
				r.events = append(r.events, Event{Kind: Reentrant, Pos: at.Pos(), Lock: p, Held: sitePos(ls.site), HeldLock: q, Callee: callee, Inner: pos, Instr: at})
			}
		}
	} else {
		for p, pos := range sum.lockedFromEntry {
			if _, ok := st.locks[p]; !ok && r.lockedFromEntry != nil {
				if _, dup := r.lockedFromEntry[p]; !dup {
					r.lockedFromEntry[p] = pos
				}
			}
		}
	}
	if len(sum.outcomes) == 0 {
		return out, true // never returns
	}
	for _, o := range sum.outcomes {
		s := st
		for i, isNil := range o.nilRes {
			if rv := resultValue(v, i); rv != nil {
				key, defs := eqNilKey(rv)
				s = s.withAssume(assumption{key, isNil, defs})
			}
		}
		owned := false
		for p, eff := range o.locks {
			if root := p.Root(); strings.HasPrefix(root, "R") {
				var i int
				fmt.Sscanf(root[1:], "%d", &i)
				rv := resultValue(v, i)
				if rv == nil {
					continue
				}
				q := fr.pathOf(rv)
				if q == "" {
					continue
				}
				p = q + p[len(root):]
			}
			cur := s.locks[p]
			switch {
			case eff.cur == held && !eff.req: // acquires
				cur = lockState{held, cur.req, at}
			case eff.cur == released && eff.req: // releases
				if cur.cur == entry {
					cur.req = true
				}
				cur.cur = released
				if cur.site != nil && r.top {
					r.releasedSites[cur.site] = true
				}
			case eff.cur == held && eff.req: // requires held, restores it
				if cur.cur == entry {
					cur.req = true
				}
			default:
				continue
			}
			if !owned {
				s = s.ownLocks()
				owned = true
			}
			s.locks[p] = cur
		}
		out = append(out, s)
	}
	return out, true
}

// calleeKey is a call in a frame: its callee and summary do not depend on
// the path's state, so a run looks them up once.
type calleeKey struct {
	fr   *frame
	call *ssa.CallCommon
}

type calleeInfo struct {
	callee *ssa.Function // nil: the call is not followed
	sum    *summary
}

// calleeSummary returns the package function call runs in frame fr and its
// summary in that calling context, or a nil callee when the call is not
// followed (another package's function, a dynamic call, too deep, or a
// callee that cannot touch a lock).
func (r *run) calleeSummary(fr *frame, call *ssa.CallCommon, at ssa.Instruction) (*ssa.Function, *summary) {
	key := calleeKey{fr, call}
	if ci, ok := r.callees[key]; ok {
		return ci.callee, ci.sum
	}
	var ci calleeInfo
	callee, bindings, bindFrame := fr.closureOf(call.Value, 0)
	if callee != nil && callee.Origin() != nil {
		callee = callee.Origin() // a generic instance: its origin has the body
	}
	if callee != nil && callee.Pkg == r.m.pkg && len(callee.Blocks) > 0 && fr.depth < 4 && r.m.touchesCall(fr, callee, call.Args) {
		ci = calleeInfo{callee, r.m.summaryOf(fr.callFrame(callee, bindings, bindFrame, call.Args), at)}
	}
	if r.callees == nil {
		r.callees = make(map[calleeKey]calleeInfo)
	}
	r.callees[key] = ci
	return ci.callee, ci.sum
}

func sitePos(i ssa.Instruction) token.Pos {
	if i == nil {
		return token.NoPos
	}
	return i.Pos()
}

// conflicting returns the lock st holds that blocks an acquisition of p
// (a lock path and mode): for a write lock, the same lock in either mode;
// for a read lock, the write lock (a second RLock of a held read lock
// succeeds unless a writer waits: not reported).
func conflicting(st state, p Path) (Path, lockState, bool) {
	if len(p) < 2 || p[len(p)-2] != '#' {
		return "", lockState{}, false
	}
	base, m := p[:len(p)-2], p[len(p)-2:]
	for _, q := range [2]Path{base + "#w", base + "#r"} {
		if m == "#r" && q == p {
			continue
		}
		if ls, ok := st.locks[q]; ok && ls.cur == held {
			return q, ls, true
		}
	}
	return "", lockState{}, false
}

// handsToResult reports whether an outcome's locks include one handed to
// a result (rooted at "R<i>").
func handsToResult(locks map[Path]lockState) bool {
	for p, ls := range locks {
		if ls.cur == held && !ls.req && strings.HasPrefix(p.Root(), "R") {
			return true
		}
	}
	return false
}

func isErrorType(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// releasedOtherMode reports whether the path released the other mode of
// the RWMutex p (RUnlock; defer RLock; Lock: the caller's read lock is
// dropped first, so the Lock does not wait for it).
func releasedOtherMode(st state, p Path) bool {
	if len(p) < 2 || p[len(p)-2] != '#' {
		return false
	}
	other := p[:len(p)-2] + "#r"
	if p[len(p)-1] == 'r' {
		other = p[:len(p)-2] + "#w"
	}
	ls, ok := st.locks[other]
	return ok && ls.cur == released
}

// lockOp applies a Lock, Unlock, RLock, RUnlock, TryLock or TryRLock of
// the lock path p.
func (r *run) lockOp(op string, p Path, v ssa.Value, at ssa.Instruction, self token.Pos, st state, out []state) []state {
	st = st.ownLocks()
	cur := st.locks[p]
	switch op {
	case "Lock", "RLock":
		if q, ls, ok := conflicting(st, p); ok && !p.Many() && r.top && !reassignedObject(at) && !reassignedObject(ls.site) && !sharedWithSpawner(p, at) {
			r.events = append(r.events, Event{Kind: DoubleLock, Pos: at.Pos(), Lock: p, Held: sitePos(ls.site), HeldLock: q, Instr: at})
		}
		if cur.cur == entry && r.lockedFromEntry != nil && !releasedOtherMode(st, p) {
			if _, dup := r.lockedFromEntry[p]; !dup {
				r.lockedFromEntry[p] = self // the Lock itself, for the caller's Related
			}
		}
		st.locks[p] = lockState{held, cur.req, at}
		return append(out, st)
	case "Unlock", "RUnlock":
		if cur.cur == entry {
			cur.req = true
		}
		if cur.site != nil && r.top {
			r.releasedSites[cur.site] = true
		}
		cur.cur = released
		st.locks[p] = cur
		return append(out, st)
	case "TryLock", "TryRLock":
		got := st.ownLocks()
		got.locks[p] = lockState{held, cur.req, at}
		if v != nil {
			key, neg, defs, _ := condition(v, nil)
			got = got.withAssume(assumption{key, !neg, defs})
			st = st.withAssume(assumption{key, neg, defs})
		}
		return append(out, got, st)
	}
	return append(out, st)
}

// rangeFunc runs the body of a range-over-func loop as part of the
// function: zero or more times, each time from the state the previous
// iteration continued with, then on to the code after the loop with the
// jump variable saying how the body left.
func (r *run) rangeFunc(fr *frame, body *ssa.Function, bindings []ssa.Value, st state) ([]state, bool) {
	bf := fr.callFrame(body, bindings, fr, nil)
	bf.depth = fr.depth // the body is part of the function
	out := []state{st}
	seen := map[uint64]bool{st.hash(&r.buf): true}
	inner := st
	inner.defers = nil // defers in the body belong to the function
	entries := []state{inner}
	for round := 0; len(entries) > 0 && round < 8; round++ {
		exits, ok := r.enumerate(bf, entries)
		if !ok {
			return nil, false
		}
		entries = nil
		for _, e := range exits {
			cont := len(e.ret.Results) == 1 && isTrue(e.ret.Results[0])
			h := e.st.hash(&r.buf)
			if seen[h] {
				continue
			}
			seen[h] = true
			if cont {
				entries = append(entries, e.st)
			}
			after := e.st
			after.defers = st.defers
			out = append(out, after)
		}
	}
	return out, true
}

func isTrue(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value != nil && c.Value.Kind() == constant.Bool && constant.BoolVal(c.Value)
}

// summaryOf is the summary of a callee frame: its net effect on each lock
// path of the caller, per feasible return path (callee-local locks
// dropped), and the locks it takes while untouched.
func (m *Model) summaryOf(cf *frame, at ssa.Instruction) *summary {
	if m.truncated[cf.fn] {
		// Its enumeration ran out of budget in another calling context:
		// the paths do not depend on the context enough to fit now.
		return &summary{truncated: true}
	}
	sig := cf.signature()
	if s, ok := m.memo[sig]; ok {
		return s
	}
	m.memo[sig] = &summary{} // recursion: assume no effect
	r := &run{m: m, site: at, budget: m.CalleeBudget, lockedFromEntry: make(map[Path]token.Pos)}
	exits, ok := r.enumerate(cf, []state{{}})
	s := &summary{lockedFromEntry: r.lockedFromEntry, truncated: !ok}
	seen := make(map[string]bool)
	for _, e := range exits {
		o := outcome{locks: make(map[Path]lockState), nilRes: make(map[int]bool)}
		var b strings.Builder
		for p, ls := range e.st.locks {
			if ls.cur == entry {
				continue
			}
			if ls.cur == held && !ls.req {
				if q := handOffPath(p, e.ret, cf); q != "" {
					p = q
				}
			}
			if p.Local() && !cf.givenRoot(p.Root()) {
				continue // the callee's own object
			}
			o.locks[p] = lockState{cur: ls.cur, req: ls.req}
		}
		for i, res := range e.ret.Results {
			if isNil, known := nilness(res); known {
				o.nilRes[i] = isNil
			}
		}
		// A path that hands a lock to a result succeeds: by Go's
		// convention its error result is nil (kafka-go's waitResponse
		// returns the read mutex, or an error with the mutex released),
		// so a caller's "if err != nil { return err }" does not keep it.
		if n := len(e.ret.Results); n > 0 && handsToResult(o.locks) && isErrorType(e.ret.Results[n-1].Type()) {
			if _, known := o.nilRes[n-1]; !known {
				o.nilRes[n-1] = true
			}
		}
		keys := make([]string, 0, len(o.locks)+len(o.nilRes))
		for p, ls := range o.locks {
			keys = append(keys, fmt.Sprintf("%s=%d%t", p, ls.cur, ls.req))
		}
		for i, n := range o.nilRes {
			keys = append(keys, fmt.Sprintf("R%d=%t", i, n))
		}
		sort.Strings(keys)
		b.WriteString(strings.Join(keys, ";"))
		if !seen[b.String()] {
			seen[b.String()] = true
			s.outcomes = append(s.outcomes, o)
		}
	}
	s.releaseOnAll()
	m.memo[sig] = s // a truncated summary too: it would be truncated again
	if !ok {
		m.truncated[cf.fn] = true
	}
	return s
}

// loopInfo is fn's natural loops: for each loop header, its body blocks.
type loopInfo struct {
	body map[int][]bool // header index -> membership by block index
}

func (m *Model) loopsOf(fn *ssa.Function) *loopInfo {
	if li, ok := m.loops[fn]; ok {
		return li
	}
	li := naturalLoops(fn)
	m.loops[fn] = li
	return li
}

// naturalLoops computes fn's natural loops (back edges to a dominating
// header).
func naturalLoops(fn *ssa.Function) *loopInfo {
	li := &loopInfo{body: make(map[int][]bool)}
	for _, h := range fn.Blocks {
		for _, p := range h.Preds {
			if !h.Dominates(p) {
				continue
			}
			in := li.body[h.Index]
			if in == nil {
				in = make([]bool, len(fn.Blocks))
				in[h.Index] = true
				li.body[h.Index] = in
			}
			stack := []*ssa.BasicBlock{p}
			for len(stack) > 0 {
				b := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if in[b.Index] {
					continue
				}
				in[b.Index] = true
				stack = append(stack, b.Preds...)
			}
		}
	}
	return li
}

// leaveLoops applies the loop-exit rule for collections of locks: leaving
// a loop whose body releases locks at a many-object path (c.shards[i].mu)
// releases all of them (the loop ran over the collection it locked).
func (r *run) leaveLoops(fr *frame, from, to *ssa.BasicBlock, st state) state {
	li := r.m.loopsOf(fr.fn)
	changed := false
	for _, in := range li.body {
		if !in[from.Index] || in[to.Index] {
			continue
		}
		for i, b := range fr.fn.Blocks {
			if !in[i] {
				continue
			}
			for _, instr := range b.Instrs {
				ci, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				op, recv := LockOp(&ci.Call)
				if op != "Unlock" && op != "RUnlock" {
					continue
				}
				p := fr.pathOf(recv)
				if p == "" || !p.Many() {
					continue
				}
				p += Path(mode(op))
				if ls, ok := st.locks[p]; ok && ls.cur == held {
					if !changed {
						st = st.ownLocks()
						changed = true
					}
					if ls.site != nil && r.top {
						r.releasedSites[ls.site] = true
					}
					ls.cur = released
					st.locks[p] = ls
				}
			}
		}
	}
	return st
}

// flagEdges returns st entering b from pred, with an assumption for each
// boolean φ of b that an If of the function tests (a flag) whose value on
// that edge is known: a constant, or a condition st already assumes.
func (m *Model) flagEdges(st state, pred, b *ssa.BasicBlock) state {
	for _, instr := range b.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break // φs come first
		}
		if !m.testedFlags(b.Parent())[phi] {
			continue
		}
		i := slices.Index(b.Preds, pred)
		if i < 0 || i >= len(phi.Edges) {
			continue
		}
		key, neg, _, konst := condition(phi.Edges[i], nil)
		var val bool
		switch {
		case konst != nil:
			val = *konst
		default:
			known := false
			for _, a := range st.assume {
				if a.key == key {
					val, known = a.val != neg, true
					break
				}
			}
			if !known {
				continue
			}
		}
		st = st.withAssume(assumption{operandKey(phi), val, []ssa.Value{phi}})
	}
	return st
}

// testedFlags returns the boolean φs of fn that an If tests, directly or
// negated (computed once per function).
func (m *Model) testedFlags(fn *ssa.Function) map[*ssa.Phi]bool {
	if f, ok := m.flags[fn]; ok {
		return f
	}
	var f map[*ssa.Phi]bool
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		t, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		v, _ := ssaq.StripNot(t.Cond)
		if phi, ok := v.(*ssa.Phi); ok {
			if f == nil {
				f = make(map[*ssa.Phi]bool)
			}
			f[phi] = true
		}
	}
	if m.flags == nil {
		m.flags = make(map[*ssa.Function]map[*ssa.Phi]bool)
	}
	m.flags[fn] = f
	return f
}

// localRootsIn returns the roots of the local paths of the values b
// defines (computed once per block).
func (m *Model) localRootsIn(b *ssa.BasicBlock) map[string]bool {
	if roots, ok := m.localRoots[b]; ok {
		return roots
	}
	roots := make(map[string]bool)
	for _, instr := range b.Instrs {
		if v, ok := instr.(ssa.Value); ok {
			roots[string(localPath(v))] = true
		}
	}
	if m.localRoots == nil {
		m.localRoots = make(map[*ssa.BasicBlock]map[string]bool)
	}
	m.localRoots[b] = roots
	return roots
}

// correlated returns the branch-condition keys that more than one If of
// fn tests: only those are worth remembering on a path.
func (m *Model) correlated(fn *ssa.Function) map[string]bool {
	if c, ok := m.corr[fn]; ok {
		return c
	}
	count := make(map[string]int)
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if t, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			if key, _, _, konst := m.condition(t.Cond, nil); konst == nil {
				count[key]++
			}
		}
	}
	c := make(map[string]bool)
	for k, n := range count {
		if n > 1 {
			c[k] = true
		}
	}
	m.corr[fn] = c
	return c
}

func (r *run) dedup(states []state) []state {
	if len(states) < 2 {
		return states
	}
	seen := make(map[uint64]bool, len(states))
	out := states[:0:0]
	for _, s := range states {
		if h := s.hash(&r.buf); !seen[h] {
			seen[h] = true
			out = append(out, s)
		}
	}
	return out
}

// touchesCall reports whether a call of callee with args can operate on a
// lock: callee does, or a function value it is given does (a runner that
// calls f).
func (m *Model) touchesCall(fr *frame, callee *ssa.Function, args []ssa.Value) bool {
	if m.touches(callee) {
		return true
	}
	for _, a := range args {
		if fn, _, _ := fr.closureOf(a, 0); fn != nil && fn.Pkg == m.pkg && m.touches(fn) {
			return true
		}
	}
	return false
}

// sharedWithSpawner reports whether lock path p, locked at instr, is a
// mutex a goroutine body captured from the function that starts it: the
// spawner (or another goroutine) may unlock it, so a second Lock in the
// goroutine waits for it rather than deadlocks (a mutex used as a signal:
// runtime/pprof's blockMutexDeep, sync's TestRLocker).
func sharedWithSpawner(p Path, instr ssa.Instruction) bool {
	fn := instr.Parent()
	if fn.Parent() == nil || !strings.HasPrefix(p.Root(), "f") {
		return false
	}
	for _, b := range fn.Parent().Blocks {
		for _, i := range b.Instrs {
			if g, ok := i.(*ssa.Go); ok {
				if mc, ok := g.Call.Value.(*ssa.MakeClosure); ok && mc.Fn == ssa.Value(fn) {
					return true // started with go by its parent
				}
			}
		}
	}
	return false
}

// reassignedObject reports whether instr is a lock operation on a mutex
// of an object held in a variable the function reassigns (a φ-node: a
// loop walking a list or a tree, locking hand over hand): the access path
// names the variable, not one object, so two operations on it may concern
// different mutexes.
func reassignedObject(instr ssa.Instruction) bool {
	c, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	op, recv := LockOp(&c.Call)
	if op == "" {
		return false
	}
	v := recv
walk:
	for range 12 {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			v = x.X
			continue
		case *ssa.Field:
			v = x.X
			continue
		case *ssa.IndexAddr:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				v = x.X
				continue
			}
		case *ssa.Phi:
			return true
		}
		break walk
	}
	if v == nil || v.Referrers() == nil {
		return false
	}
	for _, r := range *v.Referrers() {
		if _, ok := r.(*ssa.Phi); ok {
			return true
		}
	}
	return false
}

// isLockCall reports whether instr is a direct Lock or RLock call.
func isLockCall(instr ssa.Instruction) bool {
	c, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	op, _ := LockOp(&c.Call)
	return op == "Lock" || op == "RLock"
}
