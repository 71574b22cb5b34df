package ssaq_test

import (
	"testing"

	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

const storeSrc = `package p

type frame struct{ kind string }

func sink(*int) {}

// once: captured, stored once, read by a closure and in place
func once(k string) func() string {
	f := frame{kind: k}
	return func() string { return f.kind }
}

// twice: the closure stores to it
func twice() (func(), func() int) {
	n := 1
	return func() { n = 2 }, func() int { return n }
}

// escapes: its address goes to a call
func escapes() func() int {
	n := 1
	sink(&n)
	return func() int { return n }
}
`

func TestStoredOnce(t *testing.T) {
	_, res := ssatest.Build(t, storeSrc)
	want := map[string]bool{"once": true, "twice": false, "escapes": false}
	for _, fn := range res.SrcFuncs {
		w, ok := want[fn.Name()]
		if !ok {
			continue
		}
		var got bool
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if a, ok := instr.(*ssa.Alloc); ok && a.Heap {
					got = ssaq.StoredOnce(a) != nil
				}
			}
		}
		if got != w {
			t.Errorf("%s: StoredOnce found a value: %v, want %v", fn.Name(), got, w)
		}
		delete(want, fn.Name())
	}
	if len(want) != 0 {
		t.Errorf("functions not seen: %v", want)
	}
}
