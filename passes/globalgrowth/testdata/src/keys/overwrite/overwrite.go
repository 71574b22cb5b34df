// Package overwrite: loops that overwrite a map's own keys add nothing;
// a quota check does not bound the map it checks.
package overwrite

import (
	"errors"
	"sync"
)

var errQuota = errors.New("quota exceeded")

// NEGATIVE: Decay ranges over scores' own keys and overwrites them.
var scores = map[string]float64{"a": 1, "b": 2}

func Decay() {
	for k, v := range scores {
		scores[k] = v / 2
	}
}

// NEGATIVE: a map field of a package-level struct: Hit updates only keys
// already present (unknown ops are an error) and Reset overwrites in place.
var window struct {
	mu   sync.Mutex
	hits map[string]int
}

func init() { window.hits = map[string]int{"get": 0, "put": 0} }

func Hit(op string) error {
	window.mu.Lock()
	defer window.mu.Unlock()
	if _, ok := window.hits[op]; !ok {
		return errors.New("unknown op " + op)
	}
	window.hits[op]++
	return nil
}

func Reset() {
	window.mu.Lock()
	for k := range window.hits {
		window.hits[k] = 0
	}
	window.mu.Unlock()
}

// NEGATIVE: a generic helper that zeroes a map through its own keys.
func zero[K comparable](m map[K]int) {
	for k := range m {
		m[k] = 0
	}
}

var perOp = map[string]int{"read": 0, "write": 0}

func ResetOps() { zero(perOp) }

// POSITIVE: the keys come from another map the caller passes.
var seen = map[string]int{} // want `package-level map "seen" grows without bound: Mark adds entries and nothing deletes them, keyed by a key of batch, from parameter batch of exported function Mark`

func Mark(batch map[string]int) { // want Mark:"grows map keys/overwrite.seen keyed by param 0"
	for k := range batch {
		seen[k] = 0
	}
}

// POSITIVE: a quota check fails for new and old keys alike: it is not a
// duplicate-key guard, and every new user adds an entry.
var spent = map[string]int{} // want `package-level map "spent" grows without bound: Charge adds entries and nothing deletes them, keyed by user, from parameter user of exported function Charge`

var mu sync.Mutex

func Charge(user string, n int) error { // want Charge:"grows map keys/overwrite.spent keyed by param 0"
	mu.Lock()
	defer mu.Unlock()
	if spent[user]+n > 100 {
		return errQuota
	}
	spent[user] += n
	return nil
}

// POSITIVE: the same quota shape behind a method on a package-level struct.
type limiter struct {
	mu   sync.Mutex
	used map[string]int
}

func (l *limiter) allow(key string, n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if u := l.used[key]; u+n > 10 {
		return false
	}
	l.used[key] += n
	return true
}

var lim = &limiter{used: map[string]int{}} // want `package-level map "lim\.used" grows without bound: Allow adds entries and nothing deletes them, keyed by client, from parameter client of exported function Allow`

func Allow(client string) bool { return lim.allow(client, 1) } // want Allow:"grows map keys/overwrite.lim.used keyed by param 0"
