package blocking

import (
	"strings"
	"testing"
)

// A Lock and its Unlock under the same flag: a local set beside the Lock
// (a φ of constants), a copy of the tested condition, or a field of the
// receiver the function never writes. The bad variants are reported.
const flagSrc = `package p

import "sync"

type B struct {
	mu     sync.Mutex
	shared bool
	n      int
}

func local(mu *sync.Mutex, c bool, f func()) {
	locked := false
	if c {
		mu.Lock()
		locked = true
	}
	f()
	if locked {
		mu.Unlock()
	}
}

func (b *B) field() {
	if b.shared {
		b.mu.Lock()
	}
	b.n++
	if !b.shared {
		return
	}
	b.mu.Unlock()
}

func (b *B) inc() {
	if b.shared {
		b.mu.Lock()
	}
	b.n++
	if b.shared {
		b.mu.Unlock()
	}
}

func (b *B) fieldWritten() {
	if b.shared {
		b.mu.Lock()
	}
	b.shared = false
	if b.shared {
		b.mu.Unlock()
	}
}

func (b *B) fieldAddrTaken(set func(*bool)) {
	if b.shared {
		b.mu.Lock()
	}
	set(&b.shared)
	if b.shared {
		b.mu.Unlock()
	}
}
`

func TestFlags(t *testing.T) {
	got := strings.Join(findings(t, flagSrc), "\n")
	want := "fieldAddrTaken: leftheld 56 ret 0\nfieldWritten: leftheld 46 ret 0"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
