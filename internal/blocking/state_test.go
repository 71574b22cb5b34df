package blocking

import (
	"testing"

	"golang.org/x/tools/go/ssa"
)

// TestStateCopyOnWrite checks that states derived from one state share
// nothing that a derivation writes: paths of a branch, outcomes of a
// call and the states after a defer each see only their own writes, even
// when the shared slices have spare capacity.
func TestStateCopyOnWrite(t *testing.T) {
	base := state{
		locks:  map[Path]lockState{"p0#w": {cur: held}},
		assume: make([]assumption, 1, 8), // spare capacity: an in-place append would alias
		defers: make([]deferred, 1, 8),
		jumps:  map[*ssa.Alloc]int64{},
	}
	base.assume[0] = assumption{key: "k0"}

	a := base.withAssume(assumption{key: "a"})
	b := base.withAssume(assumption{key: "b"})
	if got := a.assume[1].key; got != "a" {
		t.Errorf("first derived state's assumption = %q, want %q (overwritten by the second)", got, "a")
	}
	if len(base.assume) != 1 || len(b.assume) != 2 || b.assume[1].key != "b" {
		t.Errorf("base assumes %d, second derived state %v", len(base.assume), b.assume)
	}

	d1 := base.withDefer(deferred{at: nil, call: &ssa.CallCommon{}})
	d2 := base.withDefer(deferred{at: nil, call: &ssa.CallCommon{}})
	if d1.defers[1].call == d2.defers[1].call {
		t.Error("two states deferring from one state share the pending defer")
	}
	popped := d1
	popped.defers = popped.defers[:1]
	again := popped.withDefer(deferred{call: &ssa.CallCommon{}})
	if d1.defers[1].call == again.defers[1].call {
		t.Error("a defer pushed after a pop overwrote the state the pop came from")
	}

	l := base.ownLocks()
	l.locks["p1#w"] = lockState{cur: released}
	delete(l.locks, "p0#w")
	if _, ok := base.locks["p0#w"]; !ok || len(base.locks) != 1 {
		t.Errorf("writing an owned copy changed the base state's locks: %v", base.locks)
	}

	j := base.ownJumps()
	alloc := new(ssa.Alloc)
	j.jumps[alloc] = 1
	if len(base.jumps) != 0 {
		t.Errorf("writing an owned copy changed the base state's jumps: %v", base.jumps)
	}

	var empty state
	if e := empty.ownLocks(); e.locks == nil {
		t.Error("ownLocks of a state with no locks returned a nil map (a write would panic)")
	}
	if e := empty.ownJumps(); e.jumps == nil {
		t.Error("ownJumps of a state with no jumps returned a nil map (a write would panic)")
	}
}
