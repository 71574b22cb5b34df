package blocking

import "golang.org/x/tools/go/ssa"

// Loop is a natural loop of a function: its header and body blocks.
type Loop struct {
	Header *ssa.BasicBlock
	in     []bool
}

// Contains reports whether b is in the loop (the header included).
func (l Loop) Contains(b *ssa.BasicBlock) bool {
	return b != nil && b.Index < len(l.in) && b.Parent() == l.Header.Parent() && l.in[b.Index]
}

// Loops returns fn's natural loops, outermost first where nested.
func Loops(fn *ssa.Function) []Loop {
	li := naturalLoops(fn)
	var out []Loop
	for _, b := range fn.Blocks {
		if in, ok := li.body[b.Index]; ok {
			out = append(out, Loop{b, in})
		}
	}
	return out
}

// IterationAvoiding reports whether one iteration of l can run from its
// header back to it without entering a block for which avoid is true (a
// continue that skips the go statement).
func (l Loop) IterationAvoiding(avoid func(*ssa.BasicBlock) bool) bool {
	if avoid(l.Header) {
		return false // every iteration runs the header
	}
	seen := make(map[*ssa.BasicBlock]bool)
	work := []*ssa.BasicBlock{l.Header}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range b.Succs {
			if s == l.Header {
				return true
			}
			if !l.Contains(s) || seen[s] || s == l.Header || avoid(s) {
				continue
			}
			seen[s] = true
			work = append(work, s)
		}
	}
	return false
}
