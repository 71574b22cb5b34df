package ssaq

import (
	"testing"

	"golang.org/x/tools/go/ssa"
)

func TestReturnedValue(t *testing.T) {
	p := build(t, `package p

import "sync"

var (
	mu sync.Mutex
	m  = map[string]int{}
)

func withDefer(k string) (int, error) {
	mu.Lock()
	defer mu.Unlock()
	if v, ok := m[k]; ok {
		return v, nil
	}
	return 0, errNotFound
}

func plain(k string) (int, error) {
	if v, ok := m[k]; ok {
		return v, nil
	}
	return 0, errNotFound
}

type notFound struct{}

func (notFound) Error() string { return "not found" }

var errNotFound error = notFound{}
`)
	for _, name := range []string{"withDefer", "plain"} {
		fn := p.fn(t, name)
		var nils, others int
		for _, v := range ReturnedValues(fn, 1) {
			if c, ok := v.(*ssa.Const); ok && c.IsNil() {
				nils++
			} else {
				others++
			}
		}
		if nils != 1 || others != 1 {
			t.Errorf("%s: returned errors: %d constant nil, %d others; want 1 and 1", name, nils, others)
		}
	}
}
