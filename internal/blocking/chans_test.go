package blocking

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

const makerSrc = `package p

func use(chan int) {}

// sends before the receiver starts
func early() {
	ch := make(chan int)
	ch <- 1
	go func() { <-ch }()
}

// starts the receiver first: silent
func late() {
	ch := make(chan int)
	go func() { <-ch }()
	ch <- 1
}

// a helper is given the channel first: silent
func helper() {
	ch := make(chan int)
	use(ch)
	ch <- 1
}

// buffered: silent
func buffered() {
	ch := make(chan int, 1)
	ch <- 1
	go func() { <-ch }()
}

// one branch starts the receiver, the other sends at once
func branch(ok bool) {
	ch := make(chan int)
	if ok {
		go func() { <-ch }()
	}
	ch <- 1
}

// a select with a default never blocks: silent
func try() {
	ch := make(chan int)
	select {
	case ch <- 1:
	default:
	}
}
`

func TestSelfBlockingSends(t *testing.T) {
	fset, res := ssatest.Build(t, makerSrc)
	var got []string
	for _, fn := range res.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeChan); ok {
					for _, s := range SelfBlockingSends(mc) {
						got = append(got, fmt.Sprintf("%s %d", fn.Name(), fset.Position(s.Pos()).Line))
					}
				}
			}
		}
	}
	sort.Strings(got)
	if want := "branch 39\nearly 8"; strings.Join(got, "\n") != want {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

const loopSrc = `package p

// workers started in a loop before the sends: silent (the loop runs)
func pool(n int, items []int) {
	jobs := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			for range jobs {
			}
		}()
	}
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
}
`

func TestSelfBlockingSendsLoop(t *testing.T) {
	_, res := ssatest.Build(t, loopSrc)
	for _, fn := range res.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeChan); ok {
					if s := SelfBlockingSends(mc); len(s) != 0 {
						t.Errorf("%s: %d self-blocking sends, want none", fn.Name(), len(s))
					}
				}
			}
		}
	}
}
