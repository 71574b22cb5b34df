// Package metrics hands out named families from package-level registries:
// get-or-create APIs whose size depends only on the names callers pass, so
// they are judged at each call site (see package metricsuser).
package metrics

import "sync"

type Family struct {
	mu sync.Mutex
	n  int
}

func (f *Family) Inc() { f.mu.Lock(); f.n++; f.mu.Unlock() }

var (
	mu       sync.Mutex
	families = map[string]*Family{}
)

// NEGATIVE at the declaration: Lookup passes its parameter through an
// unexported helper that does the get-or-create; the fact names Lookup's
// parameter 0 as the key.
func Lookup(name string) *Family { // want Lookup:"grows map keys/metrics.families keyed by param 0"
	return family("app_" + name)
}

func family(name string) *Family {
	mu.Lock()
	defer mu.Unlock()
	if f, ok := families[name]; ok {
		return f
	}
	f := &Family{}
	families[name] = f
	return f
}

// Registry is a generic get-or-create.
type Registry[V any] struct {
	mu sync.Mutex
	m  map[string]*V
}

func (r *Registry[V]) Get(name string) *V { // want Get:"grows param 0 field 1 keyed by param 1"
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.m[name]
	if !ok {
		v = new(V)
		r.m[name] = v
	}
	return v
}

var defaultReg = &Registry[Family]{m: map[string]*Family{}}

// NEGATIVE at the declaration: Default is a get-or-create over the generic
// registry held in a package-level var.
func Default(name string) *Family { // want Default:"grows map keys/metrics.defaultReg.m keyed by param 0"
	return defaultReg.Get(name)
}

// POSITIVE: the package's own handler-like code grows a registry with keys
// it derives (not a get-or-create its callers decide).
var seen = map[string]int{} // want `package-level map "seen" grows without bound: Observe adds entries and nothing deletes them, keyed by name, from parameter name of exported function Observe`

func Observe(name string, v int) { // want Observe:"grows map keys/metrics.seen keyed by param 0"
	seen[name] += v
}
