package blocking

import (
	"testing"

	"github.com/leakvet/leakvet/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

const iterSrc = `package p

func skip(xs []int, f func(int)) {
	for _, x := range xs {
		if x == 0 {
			continue
		}
		go f(x)
	}
}

func every(xs []int, f func(int)) {
	for _, x := range xs {
		go f(x)
	}
}

func count(f func(int)) {
	for i := range 10 {
		go f(i)
	}
}
`

func TestIterationAvoiding(t *testing.T) {
	_, res := ssatest.Build(t, iterSrc)
	want := map[string]bool{"skip": true, "every": false, "count": false}
	for _, fn := range res.SrcFuncs {
		var goBlock *ssa.BasicBlock
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if _, ok := instr.(*ssa.Go); ok {
					goBlock = b
				}
			}
		}
		loops := Loops(fn)
		if len(loops) != 1 {
			t.Fatalf("%s: %d loops", fn.Name(), len(loops))
		}
		if !loops[0].Contains(goBlock) {
			t.Errorf("%s: the go statement is not in the loop", fn.Name())
		}
		if got := loops[0].IterationAvoiding(func(b *ssa.BasicBlock) bool { return b == goBlock }); got != want[fn.Name()] {
			t.Errorf("%s: IterationAvoiding = %v, want %v", fn.Name(), got, want[fn.Name()])
		}
	}
}
