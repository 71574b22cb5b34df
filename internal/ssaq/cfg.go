package ssaq

import "golang.org/x/tools/go/ssa"

// LoopBlocks returns, indexed by block index, whether each block of fn lies
// on a cycle of the control-flow graph (so it may run many times per call).
func LoopBlocks(fn *ssa.Function) []bool {
	comp, cyclic := components(fn)
	in := make([]bool, len(fn.Blocks))
	for i, c := range comp {
		in[i] = cyclic[c]
	}
	return in
}

// EndlessLoopBlocks returns, indexed by block index, whether each block of
// fn lies on a loop that no edge leaves: once entered, it runs until the
// process ends (for { conn := accept(); ... } with no break or return).
func EndlessLoopBlocks(fn *ssa.Function) []bool {
	comp, cyclic := components(fn)
	exits := make([]bool, len(cyclic))
	for _, b := range fn.Blocks {
		for _, s := range b.Succs {
			if comp[s.Index] != comp[b.Index] && !isSelectFallthrough(s) {
				exits[comp[b.Index]] = true
			}
		}
		if len(b.Instrs) > 0 {
			switch b.Instrs[len(b.Instrs)-1].(type) {
			case *ssa.Return, *ssa.Panic:
				exits[comp[b.Index]] = true
			}
		}
	}
	out := make([]bool, len(fn.Blocks))
	for i, c := range comp {
		out[i] = cyclic[c] && !exits[c]
	}
	return out
}

// components returns the strongly connected component of each block (by
// block index) and, per component, whether it contains a cycle.
func components(fn *ssa.Function) (comp []int, cyclic []bool) {
	n := len(fn.Blocks)
	comp = make([]int, n)
	// Tarjan's algorithm, iteratively.
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	next := 0
	type frame struct{ b, succ int }
	for root := 0; root < n; root++ {
		if index[root] >= 0 {
			continue
		}
		work := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(work) > 0 {
			top := &work[len(work)-1]
			b := fn.Blocks[top.b]
			if top.succ < len(b.Succs) {
				s := b.Succs[top.succ].Index
				top.succ++
				if index[s] < 0 {
					index[s], low[s] = next, next
					next++
					stack = append(stack, s)
					onStack[s] = true
					work = append(work, frame{s, 0})
				} else if onStack[s] && index[s] < low[top.b] {
					low[top.b] = index[s]
				}
				continue
			}
			v := top.b
			work = work[:len(work)-1]
			if len(work) > 0 {
				if p := work[len(work)-1].b; low[v] < low[p] {
					low[p] = low[v]
				}
			}
			if low[v] == index[v] {
				id := len(cyclic)
				size := 0
				selfLoop := false
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = id
					size++
					if w == v {
						break
					}
				}
				for _, s := range fn.Blocks[v].Succs {
					selfLoop = selfLoop || s.Index == v
				}
				cyclic = append(cyclic, size > 1 || selfLoop)
			}
		}
	}
	return comp, cyclic
}

// Returns reports whether some block reachable from fn's entry ends in a
// return (a panic is not a return). Functions without a body are assumed to
// return.
func Returns(fn *ssa.Function) bool { return ReturnsIgnoring(fn, nil) }

// ReturnsIgnoring is Returns with the control-flow edges for which skip
// reports true (block, index into its Succs) taken as impossible.
func ReturnsIgnoring(fn *ssa.Function, skip func(b *ssa.BasicBlock, succ int) bool) bool {
	if len(fn.Blocks) == 0 {
		return true
	}
	seen := make([]bool, len(fn.Blocks))
	stack := []*ssa.BasicBlock{fn.Blocks[0]}
	seen[0] = true
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if len(b.Instrs) > 0 {
			if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
				return true
			}
		}
		for i, s := range b.Succs {
			if !seen[s.Index] && (skip == nil || !skip(b, i)) {
				seen[s.Index] = true
				stack = append(stack, s)
			}
		}
	}
	return false
}

// PathToExitAvoiding reports whether control can flow from just after
// instruction from to a return of its function without passing an
// instruction for which avoid is true. A deferred call registered before
// from, or on the path, runs at exit: avoid is consulted for *ssa.Defer
// instructions on the path and for those that dominate from. Paths ending
// in panic are not exits.
func PathToExitAvoiding(from ssa.Instruction, avoid func(ssa.Instruction) bool) bool {
	return ExitAvoiding(from, avoid) != nil
}

// ExitAvoiding is PathToExitAvoiding returning the return instruction the
// path reaches (for Related positions), or nil.
func ExitAvoiding(from ssa.Instruction, avoid func(ssa.Instruction) bool) *ssa.Return {
	return ExitAvoidingEdges(from, avoid, nil)
}

// ExitAvoidingEdges is ExitAvoiding with the control-flow edges for which
// skip reports true (block, index into its Succs) taken as impossible.
func ExitAvoidingEdges(from ssa.Instruction, avoid func(ssa.Instruction) bool, skip func(b *ssa.BasicBlock, succ int) bool) *ssa.Return {
	b := from.Block()
	fn := b.Parent()
	// Defers registered before from (on every path to it) run at exit.
	for _, blk := range fn.Blocks {
		if !blk.Dominates(b) {
			continue
		}
		for _, instr := range blk.Instrs {
			if blk == b && instr == from {
				break
			}
			if d, ok := instr.(*ssa.Defer); ok && avoid(d) {
				return nil
			}
		}
	}
	ret, _ := searchFrom(from, avoid, skip, func(i ssa.Instruction) bool {
		_, ok := i.(*ssa.Return)
		return ok
	}).(*ssa.Return)
	return ret
}

// searchFrom returns the first instruction for which found is true that
// control reaches from just after from, without passing an instruction
// for which avoid is true (asked first, of every instruction reached) or taking an edge for
// which skip is true (skip may be nil); nil when there is none.
func searchFrom(from ssa.Instruction, avoid func(ssa.Instruction) bool, skip func(b *ssa.BasicBlock, succ int) bool, found func(ssa.Instruction) bool) ssa.Instruction {
	b := from.Block()
	if b == nil {
		return nil
	}
	start := -1
	for i, instr := range b.Instrs {
		if instr == from {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return nil
	}
	seen := make([]bool, len(b.Parent().Blocks))
	type item struct {
		b *ssa.BasicBlock
		i int
	}
	work := []item{{b, start}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		blocked := false
		for _, instr := range it.b.Instrs[it.i:] {
			if avoid(instr) {
				blocked = true
				break
			}
			if found(instr) {
				return instr
			}
		}
		if blocked {
			continue
		}
		for i, s := range it.b.Succs {
			if skip != nil && skip(it.b, i) {
				continue
			}
			if !seen[s.Index] {
				seen[s.Index] = true
				work = append(work, item{s, 0})
			}
		}
	}
	return nil
}

// isSelectFallthrough reports whether b is the unreachable block SSA adds
// after a blocking select: panic("blocking select matched no case").
func isSelectFallthrough(b *ssa.BasicBlock) bool {
	if len(b.Instrs) == 0 {
		return false
	}
	p, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic)
	if !ok {
		return false
	}
	mi, ok := p.X.(*ssa.MakeInterface)
	if !ok {
		return false
	}
	c, ok := mi.X.(*ssa.Const)
	return ok && c.Value != nil && c.Value.ExactString() == `"blocking select matched no case"`
}

// EntryExitAvoiding is ExitAvoiding from the start of fn's body: the return
// reached from fn's entry without passing an avoided instruction, or nil.
func EntryExitAvoiding(fn *ssa.Function, avoid func(ssa.Instruction) bool) *ssa.Return {
	if len(fn.Blocks) == 0 || len(fn.Blocks[0].Instrs) == 0 {
		return nil
	}
	first := fn.Blocks[0].Instrs[0]
	if avoid(first) {
		return nil
	}
	if ret, ok := first.(*ssa.Return); ok {
		return ret
	}
	return ExitAvoiding(first, avoid)
}

// LoopHeader returns the header of the innermost loop containing b (the
// block a back edge returns to, dominating the loop), or nil if b is not in
// a loop.
func LoopHeader(b *ssa.BasicBlock) *ssa.BasicBlock {
	for h := b; h != nil; h = h.Idom() {
		for _, p := range h.Preds {
			if h.Dominates(p) && ReachesAvoiding(b, p, h) {
				return h
			}
		}
	}
	return nil
}

// ReachesAvoiding reports whether block to can be reached from block from
// without entering avoid (from itself may be avoid).
func ReachesAvoiding(from, to, avoid *ssa.BasicBlock) bool {
	if from == to {
		return true
	}
	seen := map[*ssa.BasicBlock]bool{from: true}
	work := []*ssa.BasicBlock{from}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range b.Succs {
			if s == to {
				return true
			}
			if s != avoid && !seen[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return false
}

// ReachesInstrAvoiding reports whether control can flow from just after
// instruction from to instruction to (both in one function) without
// passing an instruction for which avoid is true or taking an edge (block,
// index into its Succs) for which cut is true (cut may be nil).
func ReachesInstrAvoiding(from, to ssa.Instruction, avoid func(ssa.Instruction) bool, cut func(b *ssa.BasicBlock, succ int) bool) bool {
	if from.Block() == nil || to.Block() == nil || to.Block().Parent() != from.Block().Parent() {
		return false
	}
	return searchFrom(from, avoid, cut, func(i ssa.Instruction) bool { return i == to }) != nil
}
