package ssaq

import (
	"math/rand"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
)

// cyclic is the reference answer for LoopBlocks: block b lies on a cycle
// iff b is reachable from one of its successors.
func cyclic(fn *ssa.Function) []bool {
	out := make([]bool, len(fn.Blocks))
	for _, b := range fn.Blocks {
		seen := make([]bool, len(fn.Blocks))
		stack := append([]*ssa.BasicBlock(nil), b.Succs...)
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if x == b {
				out[b.Index] = true
				break
			}
			if seen[x.Index] {
				continue
			}
			seen[x.Index] = true
			stack = append(stack, x.Succs...)
		}
	}
	return out
}

const loopSrc = `package p

func in()  {}
func out() {}
func cond() bool

func straight(c bool) {
	out()
	if c {
		out()
	} else {
		out()
	}
	out()
}

func forLoop(n int) {
	out()
	for i := 0; i < n; i++ {
		in()
	}
	out()
}

func whileLoop() {
	for cond() {
		in()
		if cond() {
			continue
		}
		in()
		if cond() {
			break
		}
		in()
	}
	out()
}

func rangeSlice(xs []int) {
	for range xs {
		in()
	}
	out()
}

func rangeInt(n int) {
	for i := range n {
		_ = i
		in()
	}
	out()
}

func rangeMap(m map[string]int) {
	for k, v := range m {
		_, _ = k, v
		in()
	}
	out()
}

func rangeChan(ch chan int) {
	for v := range ch {
		_ = v
		in()
	}
	out()
}

func nested(n int) {
	out()
	for i := 0; i < n; i++ {
		in()
		for j := 0; j < n; j++ {
			in()
		}
		in()
	}
	out()
}

func sequential(n int) {
	for i := 0; i < n; i++ {
		in()
	}
	out()
	for i := 0; i < n; i++ {
		in()
	}
	out()
}

func gotoLoop(n int) {
	out()
L:
	in()
	n--
	if n > 0 {
		goto L
	}
	out()
}

func gotoForward(n int) {
	if n > 0 {
		goto done
	}
	out()
done:
	out()
}

func selfLoop() {
	out()
	for {
	}
}

func endless() {
	out()
	for {
		in()
	}
}

func selectLoop(ch chan int, quit chan bool) {
	for {
		select {
		case <-ch:
			in()
		case <-quit:
			out()
			return
		}
	}
}

func loopWithReturn(xs []int) int {
	for _, x := range xs {
		if x > 0 {
			out()
			return x
		}
		in()
	}
	out()
	return 0
}
`

func TestLoopBlocks(t *testing.T) {
	t.Parallel()
	p := build(t, loopSrc)
	tests := []struct {
		fn    string
		loops int // number of blocks on a cycle
	}{
		{"straight", 0},
		{"forLoop", 2},
		{"whileLoop", 4},
		{"rangeSlice", 2},
		{"rangeInt", 1},
		{"rangeMap", 2},
		{"rangeChan", 2},
		{"nested", 5},
		{"sequential", 4},
		{"gotoLoop", 1},
		{"gotoForward", 0},
		{"selfLoop", 1},
		{"endless", 1},
		{"selectLoop", 2},
		{"loopWithReturn", 3},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			fn := p.fn(t, tt.fn)
			got := LoopBlocks(fn)
			if len(got) != len(fn.Blocks) {
				t.Fatalf("len = %d, want %d (one per block)", len(got), len(fn.Blocks))
			}
			n := 0
			for _, in := range got {
				if in {
					n++
				}
			}
			if n != tt.loops {
				t.Errorf("%d blocks in loops, want %d: %v\n%s", n, tt.loops, got, dump(fn))
			}
			if want := cyclic(fn); !equalBools(got, want) {
				t.Errorf("LoopBlocks = %v, reference = %v\n%s", got, want, dump(fn))
			}
			markers := 0
			for _, name := range []string{"in", "out"} {
				for _, c := range calls(fn, name) {
					markers++
					if inLoop := got[c.Block().Index]; inLoop != (name == "in") {
						t.Errorf("call to %s() in block %d (%s): inLoop = %v", name, c.Block().Index, c.Block().Comment, inLoop)
					}
				}
			}
			if markers == 0 {
				t.Fatalf("no markers in %s", tt.fn)
			}
		})
	}
}

func equalBools(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// graphFunc makes a function whose CFG has the given successor lists.
func graphFunc(succs [][]int) *ssa.Function {
	fn := new(ssa.Function)
	for i := range succs {
		fn.Blocks = append(fn.Blocks, &ssa.BasicBlock{Index: i})
	}
	for i, ss := range succs {
		for _, s := range ss {
			fn.Blocks[i].Succs = append(fn.Blocks[i].Succs, fn.Blocks[s])
		}
	}
	return fn
}

func TestLoopBlocksGraphs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		succs [][]int
		want  []int // blocks on a cycle
	}{
		{"empty", nil, nil},
		{"single", [][]int{{}}, nil},
		{"self", [][]int{{0}}, []int{0}},
		{"chain", [][]int{{1}, {2}, {}}, nil},
		{"diamond", [][]int{{1, 2}, {3}, {3}, {}}, nil},
		{"two-cycle", [][]int{{1}, {0}}, []int{0, 1}},
		{"self loop mid chain", [][]int{{1}, {1, 2}, {}}, []int{1}},
		{"cycle then tail", [][]int{{1}, {2}, {1, 3}, {}}, []int{1, 2}},
		{"nested cycles", [][]int{{1}, {2, 5}, {3}, {2, 4}, {1}, {}}, []int{1, 2, 3, 4}},
		{"two disjoint cycles", [][]int{{1, 3}, {2}, {1}, {4}, {3}}, []int{1, 2, 3, 4}},
		// Block 2 is reached from the cycle but does not return to it.
		{"exit from cycle", [][]int{{1}, {0, 2}, {}}, []int{0, 1}},
		// Unreachable blocks (e.g. a Recover block) are still classified.
		{"unreachable cycle", [][]int{{}, {2}, {1}}, []int{1, 2}},
		{"unreachable self", [][]int{{}, {1}}, []int{1}},
		// A cross edge into an already finished component.
		{"cross edge", [][]int{{1, 2}, {1, 3}, {1}, {}}, []int{1}},
		{"back edge to root", [][]int{{1}, {2}, {3}, {0}}, []int{0, 1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LoopBlocks(graphFunc(tt.succs))
			var in []int
			for i, b := range got {
				if b {
					in = append(in, i)
				}
			}
			if !equalInts(in, tt.want) {
				t.Errorf("blocks in loops = %v, want %v", in, tt.want)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestLoopBlocksRandom compares the iterative Tarjan against the reference
// on random graphs, including dense, sparse and unreachable parts.
func TestLoopBlocksRandom(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(1))
	for iter := 0; iter < 2000; iter++ {
		n := 1 + rng.Intn(12)
		succs := make([][]int, n)
		for i := range succs {
			k := rng.Intn(4)
			for j := 0; j < k; j++ {
				succs[i] = append(succs[i], rng.Intn(n))
			}
		}
		fn := graphFunc(succs)
		if got, want := LoopBlocks(fn), cyclic(fn); !equalBools(got, want) {
			t.Fatalf("graph %v: LoopBlocks = %v, want %v", succs, got, want)
		}
	}
}

const returnsSrc = `package p

import "time"

func cond() bool

func returning() int { return 1 }
func empty() {}
func endless() {
	for {
	}
}
func endlessWork(ch chan int) {
	for {
		<-ch
	}
}
func loopReturn() {
	for {
		if cond() {
			return
		}
	}
}
func loopBreak() {
	for {
		if cond() {
			break
		}
	}
}
func selectNone() { select {} }
func selectLoop(ch chan int) {
	for {
		select {
		case <-ch:
		case <-time.After(time.Second):
		}
	}
}
func panics() { panic("boom") }
func panicOrReturn() {
	if cond() {
		panic("boom")
	}
}
func gotoForever() {
L:
	cond()
	goto L
}
func rangeChan(ch chan int) {
	for range ch {
	}
}
func deferThenLoop() {
	defer func() { recover() }()
	for {
	}
}
`

func TestReturns(t *testing.T) {
	t.Parallel()
	p := build(t, returnsSrc)
	tests := []struct {
		fn   string
		want bool
	}{
		{"returning", true},
		{"empty", true},
		{"endless", false},
		{"endlessWork", false},
		{"loopReturn", true},
		{"loopBreak", true},
		{"selectNone", false},
		{"selectLoop", false},
		{"panics", false},
		{"panicOrReturn", true},
		{"gotoForever", false},
		{"rangeChan", true},
		// The Recover block returns, but no path from the entry reaches it.
		{"deferThenLoop", false},
		// Declared without a body: assumed to return.
		{"cond", true},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			fn := p.fn(t, tt.fn)
			if got := Returns(fn); got != tt.want {
				t.Errorf("Returns(%s) = %v, want %v\n%s", tt.fn, got, tt.want, dump(fn))
			}
		})
	}
	// A function from another package, without a body.
	sleep := Callee(call(t, p.fn(t, "selectLoop"), "After").Common())
	if len(sleep.Blocks) != 0 || !Returns(sleep) {
		t.Errorf("Returns(time.After) = false for a bodiless function")
	}
}

const pathSrc = `package p

import "time"

func cond() bool
func use(*time.Ticker)

func deferStop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	use(t)
}

func stopOneBranch() {
	t := time.NewTicker(time.Second)
	if cond() {
		t.Stop()
	}
}

func stopAllBranches() {
	t := time.NewTicker(time.Second)
	if cond() {
		use(t)
		t.Stop()
	} else {
		t.Stop()
	}
}

func earlyReturn() {
	t := time.NewTicker(time.Second)
	if cond() {
		return
	}
	t.Stop()
}

func stopThenReturn() int {
	t := time.NewTicker(time.Second)
	use(t)
	t.Stop()
	return 1
}

func noStop() {
	t := time.NewTicker(time.Second)
	use(t)
}

func panicPath() {
	t := time.NewTicker(time.Second)
	if cond() {
		panic("boom")
	}
	t.Stop()
}

func stopAfterLoop(n int) {
	t := time.NewTicker(time.Second)
	for i := 0; i < n; i++ {
		use(t)
	}
	t.Stop()
}

func returnInLoop(n int) {
	t := time.NewTicker(time.Second)
	for i := 0; i < n; i++ {
		if cond() {
			return
		}
	}
	t.Stop()
}

func deferBefore(old *time.Ticker) {
	defer old.Stop()
	t := time.NewTicker(time.Second)
	use(t)
}

func deferBeforeInBranch(old *time.Ticker) {
	if cond() {
		defer old.Stop()
	}
	t := time.NewTicker(time.Second)
	use(t)
}

func deferOneBranchAfter() {
	t := time.NewTicker(time.Second)
	if cond() {
		defer t.Stop()
	}
	use(t)
}

func loopStopAtTop(n int) {
	var t *time.Ticker
	for i := 0; i < n; i++ {
		if t != nil {
			t.Stop()
		}
		t = time.NewTicker(time.Second)
	}
}

func loopStopEachIteration() {
	for {
		t := time.NewTicker(time.Second)
		t.Stop()
		if cond() {
			return
		}
	}
}

func forever() {
	t := time.NewTicker(time.Second)
	for {
		<-t.C
	}
}

func selectForever() {
	t := time.NewTicker(time.Second)
	use(t)
	select {}
}

func deferClosure() {
	t := time.NewTicker(time.Second)
	defer func() { t.Stop() }()
}
`

func TestPathToExitAvoiding(t *testing.T) {
	t.Parallel()
	p := build(t, pathSrc)
	// avoid: a call (or defer) of a method named Stop.
	isStop := func(instr ssa.Instruction) bool {
		c, ok := instr.(ssa.CallInstruction)
		return ok && calleeName(c.Common()) == "Stop"
	}
	tests := []struct {
		fn   string
		want bool // a path from NewTicker to a return avoids Stop
	}{
		{"deferStop", false},
		{"stopOneBranch", true},
		{"stopAllBranches", false},
		{"earlyReturn", true},
		{"stopThenReturn", false},
		{"noStop", true},
		{"panicPath", false},
		{"stopAfterLoop", false},
		{"returnInLoop", true},
		{"deferBefore", false},
		{"deferBeforeInBranch", true},
		{"deferOneBranchAfter", true},
		{"loopStopAtTop", true},
		{"loopStopEachIteration", false},
		{"forever", false},
		{"selectForever", false},
		// avoid sees the Defer of the closure, not the Stop inside it.
		{"deferClosure", true},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			fn := p.fn(t, tt.fn)
			from := call(t, fn, "NewTicker")
			if got := PathToExitAvoiding(from, isStop); got != tt.want {
				t.Errorf("PathToExitAvoiding = %v, want %v\n%s", got, tt.want, dump(fn))
			}
		})
	}

	t.Run("from is not consulted", func(t *testing.T) {
		fn := p.fn(t, "stopThenReturn")
		from := call(t, fn, "Stop")
		if !PathToExitAvoiding(from, isStop) {
			t.Errorf("path from just after Stop to return was blocked by Stop itself")
		}
	})
	t.Run("avoid sees deferred calls", func(t *testing.T) {
		fn := p.fn(t, "deferClosure")
		from := call(t, fn, "NewTicker")
		isDefer := func(instr ssa.Instruction) bool { _, ok := instr.(*ssa.Defer); return ok }
		if PathToExitAvoiding(from, isDefer) {
			t.Errorf("a defer on the path was not consulted")
		}
		var seen []string
		PathToExitAvoiding(from, func(instr ssa.Instruction) bool {
			seen = append(seen, strings.Fields(instr.String())[0])
			return false
		})
		sort.Strings(seen)
		if len(seen) == 0 || !contains(seen, "defer") || !contains(seen, "return") {
			t.Errorf("avoid consulted %v, want the defer and the return among them", seen)
		}
	})
	t.Run("dominating defer consulted", func(t *testing.T) {
		fn := p.fn(t, "deferBefore")
		from := call(t, fn, "NewTicker")
		var defers int
		PathToExitAvoiding(from, func(instr ssa.Instruction) bool {
			if _, ok := instr.(*ssa.Defer); ok {
				defers++
			}
			return false
		})
		if defers != 1 {
			t.Errorf("avoid saw %d defers, want the one registered before from", defers)
		}
	})
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// endless is the reference answer for EndlessLoopBlocks: b is on a cycle,
// every block reachable from b reaches b again (no edge leaves the loop),
// and no block of the loop ends in a return or panic. The unreachable block
// after a blocking select is not a way out.
func endless(fn *ssa.Function) []bool {
	cyc := cyclic(fn)
	reach := func(from *ssa.BasicBlock) []bool {
		seen := make([]bool, len(fn.Blocks))
		stack := []*ssa.BasicBlock{from}
		seen[from.Index] = true
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, s := range x.Succs {
				if !seen[s.Index] && !isSelectFallthrough(s) {
					seen[s.Index] = true
					stack = append(stack, s)
				}
			}
		}
		return seen
	}
	out := make([]bool, len(fn.Blocks))
	for _, b := range fn.Blocks {
		if !cyc[b.Index] {
			continue
		}
		ok := true
		for i, r := range reach(b) {
			if !r {
				continue
			}
			x := fn.Blocks[i]
			if !reach(x)[b.Index] {
				ok = false
				break
			}
			if n := len(x.Instrs); n > 0 {
				switch x.Instrs[n-1].(type) {
				case *ssa.Return, *ssa.Panic:
					ok = false
				}
			}
		}
		out[b.Index] = ok
	}
	return out
}

const endlessSrc = `package p

func in()  {}
func out() {}
func cond() bool

func serve() {
	out()
	for {
		in()
	}
}

func serveNested(xs []int) {
	for {
		for _, x := range xs {
			_ = x
			in()
		}
		in()
	}
}

func withBreak() {
	for {
		out()
		if cond() {
			break
		}
	}
	out()
}

func withReturn() {
	for {
		out()
		if cond() {
			return
		}
	}
}

func withPanic() {
	for {
		out()
		if cond() {
			panic("stop")
		}
	}
}

func selectForever(ch chan int, done chan bool) {
	for {
		select {
		case <-ch:
			in()
		case <-done:
			in()
		}
	}
}

func selectReturn(ch chan int, done chan bool) {
	for {
		select {
		case <-ch:
			out()
		case <-done:
			return
		}
	}
}

func finite(n int) {
	for i := 0; i < n; i++ {
		out()
	}
}

func rangeChan(ch chan int) {
	for range ch {
		out()
	}
}

func gotoForever() {
	out()
L:
	in()
	goto L
}

func finiteThenEndless(n int) {
	for i := 0; i < n; i++ {
		out()
	}
	for {
		in()
	}
}
`

func TestEndlessLoopBlocks(t *testing.T) {
	t.Parallel()
	p := build(t, endlessSrc)
	tests := []struct {
		fn      string
		endless int // number of blocks on an endless loop
		skip    string
	}{
		{fn: "serve", endless: 1},
		{fn: "serveNested", endless: 4},
		{fn: "withBreak", endless: 0},
		{fn: "withReturn", endless: 0},
		{fn: "withPanic", endless: 0},
		// The SSA builder ends a blocking select with an unreachable
		// "blocking select matched no case" panic block.
		{fn: "selectForever", endless: 4},
		{fn: "selectReturn", endless: 0},
		{fn: "finite", endless: 0},
		{fn: "rangeChan", endless: 0},
		{fn: "gotoForever", endless: 1},
		{fn: "finiteThenEndless", endless: 1},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			fn := p.fn(t, tt.fn)
			got := EndlessLoopBlocks(fn)
			if len(got) != len(fn.Blocks) {
				t.Fatalf("len = %d, want %d", len(got), len(fn.Blocks))
			}
			n := 0
			for _, e := range got {
				if e {
					n++
				}
			}
			if tt.skip != "" {
				if n == tt.endless {
					t.Fatalf("case marked %q now passes: drop the skip", tt.skip)
				}
				t.Skipf("%s (got %v)", tt.skip, got)
			}
			if n != tt.endless {
				t.Errorf("%d blocks on endless loops, want %d: %v\n%s", n, tt.endless, got, dump(fn))
			}
			if want := endless(fn); !equalBools(got, want) {
				t.Errorf("EndlessLoopBlocks = %v, reference = %v\n%s", got, want, dump(fn))
			}
			loops := LoopBlocks(fn)
			for i := range got {
				if got[i] && !loops[i] {
					t.Errorf("block %d endless but not in a loop", i)
				}
			}
			for _, name := range []string{"in", "out"} {
				for _, c := range calls(fn, name) {
					if e := got[c.Block().Index]; e != (name == "in") {
						t.Errorf("call to %s() in block %d (%s): endless = %v", name, c.Block().Index, c.Block().Comment, e)
					}
				}
			}
		})
	}
}

func TestEndlessLoopBlocksGraphs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		succs [][]int
		want  []int
	}{
		{"empty", nil, nil},
		{"self", [][]int{{0}}, []int{0}},
		{"self with exit", [][]int{{0, 1}, {}}, nil},
		{"entry then endless", [][]int{{1}, {2}, {1}}, []int{1, 2}},
		{"cycle with exit", [][]int{{1}, {2}, {1, 3}, {}}, nil},
		// An inner cycle that leaves into an outer endless one.
		{"inner exits to outer", [][]int{{1}, {2}, {2, 3}, {4}, {3}}, []int{3, 4}},
		{"chain", [][]int{{1}, {}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []int
			for i, b := range EndlessLoopBlocks(graphFunc(tt.succs)) {
				if b {
					got = append(got, i)
				}
			}
			if !equalInts(got, tt.want) {
				t.Errorf("endless blocks = %v, want %v", got, tt.want)
			}
		})
	}
	rng := rand.New(rand.NewSource(2))
	for iter := 0; iter < 2000; iter++ {
		n := 1 + rng.Intn(12)
		succs := make([][]int, n)
		for i := range succs {
			for j := rng.Intn(3); j > 0; j-- {
				succs[i] = append(succs[i], rng.Intn(n))
			}
		}
		fn := graphFunc(succs)
		if got, want := EndlessLoopBlocks(fn), endless(fn); !equalBools(got, want) {
			t.Fatalf("graph %v: EndlessLoopBlocks = %v, want %v", succs, got, want)
		}
	}
}

func TestReturnsIgnoring(t *testing.T) {
	t.Parallel()
	p := build(t, `package p

func drain(ch chan int) {
	for range ch {
	}
}
`)
	fn := p.fn(t, "drain")
	if !ReturnsIgnoring(fn, nil) {
		t.Fatalf("drain returns when ch is closed:\n%s", dump(fn))
	}
	// Take the "closed" edge of the range loop as impossible.
	closedEdge := func(b *ssa.BasicBlock, succ int) bool {
		_, isIf := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		return isIf && succ == 1
	}
	if ReturnsIgnoring(fn, closedEdge) {
		t.Errorf("with the closed edge skipped, drain never returns:\n%s", dump(fn))
	}
}

const exitSrc = `package p

func work() {}
func cond() bool

func earlyReturn() int {
	work()
	if cond() {
		return 1
	}
	work()
	return 2
}

func implicit() {
	if cond() {
		work()
	}
}

func nested(n, m int) {
	for i := 0; i < n; i++ {
		work()
		for j := 0; j < m; j++ {
			work()
		}
	}
}

func rangeInt(n int) {
	for range n {
		work()
	}
}
`

func TestExitAvoiding(t *testing.T) {
	t.Parallel()
	p := build(t, exitSrc)
	isWork := func(instr ssa.Instruction) bool {
		c, ok := instr.(ssa.CallInstruction)
		return ok && calleeName(c.Common()) == "work"
	}
	fn := p.fn(t, "earlyReturn")
	ret := ExitAvoiding(call(t, fn, "cond"), isWork)
	if ret == nil || len(ret.Results) != 1 || ret.Results[0].String() != "1:int" {
		t.Errorf("ExitAvoiding from cond = %v, want the early return 1\n%s", ret, dump(fn))
	}
	if got := EntryExitAvoiding(fn, isWork); got != nil {
		t.Errorf("EntryExitAvoiding = %v, want nil: work() runs first", got)
	}
	impl := p.fn(t, "implicit")
	if got := EntryExitAvoiding(impl, isWork); got == nil || got.Pos().IsValid() {
		t.Errorf("EntryExitAvoiding(implicit) = %v, want the implicit return (no position)", got)
	}
	if got := EntryExitAvoiding(impl, func(ssa.Instruction) bool { return true }); got != nil {
		t.Errorf("EntryExitAvoiding avoiding everything = %v, want nil", got)
	}
}

func TestLoopHeader(t *testing.T) {
	t.Parallel()
	p := build(t, exitSrc)
	fn := p.fn(t, "nested")
	// The two work() calls lie in different loops: the inner call's header
	// is dominated by the outer one's.
	var calls []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok && calleeName(&c.Call) == "work" {
				calls = append(calls, b)
			}
		}
	}
	if len(calls) != 2 {
		t.Fatalf("found %d work() calls", len(calls))
	}
	outer, inner := LoopHeader(calls[0]), LoopHeader(calls[1])
	if outer == nil || inner == nil || outer == inner || !outer.Dominates(inner) {
		t.Errorf("headers: outer %v, inner %v\n%s", outer, inner, dump(fn))
	}
	if h := LoopHeader(fn.Blocks[0]); h != nil {
		t.Errorf("entry block has loop header %v", h)
	}
	// A rotated range-over-int loop: its body is its own header.
	r := p.fn(t, "rangeInt")
	for _, b := range r.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok && calleeName(&c.Call) == "work" && LoopHeader(b) == nil {
				t.Errorf("work() in range loop has no header\n%s", dump(r))
			}
		}
	}
	// The inner body gets back to the outer header only through the inner
	// header.
	if !ReachesAvoiding(calls[1], outer, nil) || ReachesAvoiding(calls[1], outer, inner) {
		t.Errorf("ReachesAvoiding: the inner body must reach the outer header, and only through the inner header\n%s", dump(fn))
	}
}
