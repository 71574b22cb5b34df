package blocking

import (
	"fmt"
	"go/token"
	"sort"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

// findings runs Locks over every function of src and renders its events
// as "Func: kind line" (line of Pos), sorted.
func findings(t *testing.T, src string) []string {
	t.Helper()
	fset, res := ssatest.Build(t, src)
	m := New(res.Pkg)
	var out []string
	for _, fn := range res.SrcFuncs {
		for _, ev := range m.Locks(fn) {
			kind := [...]string{"double", "reentrant", "leftheld"}[ev.Kind]
			s := fmt.Sprintf("%s: %s %d", fn.Name(), kind, fset.Position(ev.Pos).Line)
			if ev.Return != nil {
				s += fmt.Sprintf(" ret %d", line(fset, ev.Return))
			}
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func line(fset *token.FileSet, ret *ssa.Return) int {
	if ret.Pos().IsValid() {
		return fset.Position(ret.Pos()).Line
	}
	return 0
}

const lockSrc = `package p

import (
	"errors"
	"iter"
	"sync"
)

type T struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	inner *T
	held  bool
	n     int
	kids  []*T
}

var errX = errors.New("x")

// correlated guard on a parameter: silent
func (t *T) guard(v int, locked bool) {
	if locked {
		t.mu.Lock()
	}
	t.n += v
	if locked {
		t.mu.Unlock()
	}
}

// same guard with an early return between: left held
func (t *T) guardLeak(v int, locked bool) {
	if locked {
		t.mu.Lock()
	}
	if v == 0 {
		return
	}
	if locked {
		t.mu.Unlock()
	}
}

const off = false

// constant condition: silent
func (t *T) constant() {
	t.mu.Lock()
	if off {
		return
	}
	t.mu.Unlock()
}

// requires held on entry, unlocks around work, relocks: silent
func (t *T) flushLocked(w func() error) error {
	t.mu.Unlock()
	err := w()
	t.mu.Lock()
	if err != nil {
		return err
	}
	t.mu.Unlock()
	w()
	t.mu.Lock()
	return nil
}

// caller of a balanced callee: silent
func (t *T) Append(w func() error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.flushLocked(w)
}

// double lock on a retry path
func (t *T) retry(f func() error) {
	t.mu.Lock()
	if f() != nil {
		t.mu.Lock()
	}
	t.mu.Unlock()
}

// re-entrant: register calls lookup, which locks
func (t *T) lookup() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

func (t *T) register() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.lookup()
}

// nested field chain loaded twice, early return: left held
func (t *T) nested(k int) error {
	t.inner.rw.RLock()
	if t.inner.n == k {
		return errX
	}
	t.inner.rw.RUnlock()
	return nil
}

// unlock in a range-over-func body, then return: silent
func (t *T) rangeOK(seq iter.Seq[int]) error {
	t.mu.Lock()
	for x := range seq {
		if x == 0 {
			t.mu.Unlock()
			return errX
		}
	}
	t.mu.Unlock()
	return nil
}

// return in the body without unlock: left held
func (t *T) rangeLeak(seq iter.Seq[int]) error {
	t.mu.Lock()
	for x := range seq {
		if x == 0 {
			return errX
		}
	}
	t.mu.Unlock()
	return nil
}

// unlock closure captured by another closure: silent
func (t *T) closures(k int) error {
	t.mu.Lock()
	release := func() { t.mu.Unlock() }
	fail := func(err error) error {
		release()
		return err
	}
	if k == 0 {
		return fail(errX)
	}
	t.mu.Unlock()
	return nil
}

type Tx struct{ t *T }

// lock handed to the returned Tx: silent
func (t *T) Begin() (*Tx, error) {
	t.mu.Lock()
	if t.n < 0 {
		t.mu.Unlock()
		return nil, errX
	}
	return &Tx{t: t}, nil
}

func (tx *Tx) Rollback() { tx.t.mu.Unlock() }

// caller returns between Begin and Rollback: left held, reported at the
// errX return, the lock taken by the call of Begin
func (t *T) Transfer(k int) error {
	tx, err := t.Begin()
	if err != nil {
		return err
	}
	if k == 0 {
		return errX
	}
	tx.Rollback()
	return nil
}

// collection locked in one loop, unlocked in another: silent
func (t *T) all() int {
	for i := range t.kids {
		t.kids[i].rw.RLock()
	}
	n := 0
	for _, k := range t.kids {
		n += k.n
	}
	for i := range t.kids {
		t.kids[i].rw.RUnlock()
	}
	return n
}

// hand over hand: silent
func (t *T) walk() {
	cur := t
	cur.mu.Lock()
	for cur.inner != nil {
		next := cur.inner
		next.mu.Lock()
		cur.mu.Unlock()
		cur = next
	}
	cur.mu.Unlock()
}

// the lock is recorded in a flag: silent
func (t *T) lockForScan(f func() error) error {
	t.mu.Lock()
	if err := f(); err != nil {
		t.mu.Unlock()
		return err
	}
	t.held = true
	return nil
}

// continue skips the unlock in an endless loop: double lock
func (t *T) janitor() {
	for {
		t.mu.Lock()
		if t.n == 0 {
			continue
		}
		t.mu.Unlock()
	}
}

// the lock is handed to a goroutine that unlocks it: silent for callers
func (t *T) open() {
	t.mu.Lock()
	go func() {
		defer t.mu.Unlock()
		t.n++
	}()
}

func (t *T) useOpen() int {
	t.open()
	return t.lookup()
}
`

func TestLocks(t *testing.T) {
	got := findings(t, lockSrc)
	want := []string{
		"Transfer: leftheld 165 ret 170",
		"guardLeak: leftheld 34 ret 37",
		"janitor: double 218",
		"nested: leftheld 100 ret 102",
		"rangeLeak: leftheld 123 ret 126",
		"register: reentrant 95",
		"retry: double 80",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPath(t *testing.T) {
	for _, tc := range []struct {
		p, q       Path
		many, pref bool
		root       string
	}{
		{"p0.1*.0#w", "p0.1*", false, true, "p0"},
		{"p0.5*[].1#r", "p0", true, true, "p0"},
		{"p0.10", "p0.1", false, false, "p0"},
		{"gexample.com/p.mu#w", "gexample.com/p.mu", false, true, "gexample"},
	} {
		if tc.p.Many() != tc.many || tc.p.HasPrefix(tc.q) != tc.pref || tc.p.Root() != tc.root {
			t.Errorf("%s: Many %v HasPrefix(%s) %v Root %q", tc.p, tc.p.Many(), tc.q, tc.p.HasPrefix(tc.q), tc.p.Root())
		}
	}
}

// A budget too small gives up silently: no findings from a truncated
// search. The budget is per enumeration (one block visit here), so a
// function whose enumeration and callees fit in one block each still
// reports (register: straight-line, calls straight-line lookup).
func TestBudget(t *testing.T) {
	_, res := ssatest.Build(t, lockSrc)
	m := New(res.Pkg)
	m.Budget = 1
	var got []string
	for _, fn := range res.SrcFuncs {
		if evs := m.Locks(fn); len(evs) != 0 {
			got = append(got, fn.Name())
		}
	}
	if strings.Join(got, " ") != "register" {
		t.Errorf("with a budget of one visit, findings in %q, want only register", got)
	}
	m = New(res.Pkg)
	m.Budget = 0
	for _, fn := range res.SrcFuncs {
		if evs := m.Locks(fn); len(evs) != 0 {
			t.Errorf("%s: %d findings with no budget", fn.Name(), len(evs))
		}
	}
}

// BenchmarkLocks measures the lock dataflow (a fresh model each time, so
// no summary is reused) over the functions of lockSrc:
// go test -bench . -run '^$' ./internal/blocking.
func BenchmarkLocks(b *testing.B) {
	_, res := ssatest.Build(b, lockSrc)
	found := 0
	for b.Loop() {
		m := New(res.Pkg)
		found = 0
		for _, fn := range res.SrcFuncs {
			found += len(m.Locks(fn))
		}
	}
	if found == 0 {
		b.Fatal("no findings: the benchmark measures nothing")
	}
	b.ReportMetric(float64(found), "findings/op")
}
