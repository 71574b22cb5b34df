// Package generic has generic caches whose eviction hooks capture loaded
// files.
package generic

import (
	"log"
	"os"
)

// Cache is a generic cache with eviction hooks.
type Cache[K comparable, V any] struct {
	items   map[K]V
	onEvict []func()
}

// pages lives as long as the process.
var pages = &Cache[string, []byte]{items: map[string][]byte{}}

// OnEvict registers f to run when an entry is evicted.
func (c *Cache[K, V]) OnEvict(f func()) { // want OnEvict:"storesFuncIn\\(1->0\\)"
	c.onEvict = append(c.onEvict, f)
}

// POSITIVE: a generic loader registers a hook that keeps the file for its
// length.
func Load[T any](path string, decode func([]byte) (T, error)) (T, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		var zero T
		return zero, err
	}
	v, err := decode(raw)
	pages.OnEvict(func() { // want `closure passed to \(\*Cache\[K, V\]\)\.OnEvict, which stores it in the \*Cache\[string, \[\]byte\] held by package-level var "pages" captures "raw" \(input-sized \[\]byte from os\.ReadFile\) but uses only len\(raw\)`
		log.Printf("evicted %s (%d bytes)", path, len(raw))
	})
	return v, err
}

// NEGATIVE: the hook stores the whole value back.
func Reload[T any](c *Cache[string, T], key string, v T) { // want Reload:"pins\\(0:c.items\\)"
	pages.OnEvict(func() { c.items[key] = v })
}

// Ring is a generic fixed ring; its size depends on T.
type Ring[T any] struct {
	buf  [4096]T
	next int
}

var rings []func() int

// NEGATIVE: the size of a generic array is unknown.
func Track[T any](r Ring[T]) {
	rings = append(rings, func() int { return r.next })
}
