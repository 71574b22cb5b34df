package ssaq

import (
	"testing"

	"golang.org/x/tools/go/ssa"
)

func TestSelectCaseBranch(t *testing.T) {
	p := build(t, `package p

func f(a, b chan int) int {
	select {
	case <-a:
		return 1
	case v := <-b:
		return v
	}
}
`)
	fn := p.fn(t, "f")
	var sel *ssa.Select
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if s, ok := instr.(*ssa.Select); ok {
				sel = s
			}
		}
	}
	if sel == nil {
		t.Fatal("no select")
	}
	for i := 0; i < 2; i++ {
		b := SelectCaseBranch(sel, i)
		if b == nil {
			t.Fatalf("case %d: no dispatch block", i)
		}
		ret, ok := b.Succs[0].Instrs[len(b.Succs[0].Instrs)-1].(*ssa.Return)
		if !ok {
			t.Fatalf("case %d: taken edge does not lead to the case body", i)
		}
		if i == 0 {
			if c, ok := ret.Results[0].(*ssa.Const); !ok || c.Int64() != 1 {
				t.Errorf("case 0 leads to %v, want return 1", ret)
			}
		}
	}
	if SelectCaseBranch(sel, 2) != nil {
		t.Error("case 2 of a two-case select has a dispatch block")
	}
}
