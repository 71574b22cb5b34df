// Package generic keeps views in a generic cache.
package generic

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"sync"
)

// Cache is a generic map guarded by a mutex.
type Cache[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

// New returns an empty cache.
func New[K comparable, V any]() *Cache[K, V] { return &Cache[K, V]{m: map[K]V{}} }

// Put stores v under k.
func (c *Cache[K, V]) Put(k K, v V) { // want Put:"storesIn\\(1->0\\) storesIn\\(2->0\\)"
	c.mu.Lock()
	c.m[k] = v
	c.mu.Unlock()
}

var tokens = New[string, []byte]()

// POSITIVE: a generic cache of views.
func Login(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	tokens.Put(r.Header.Get("User"), body[:32]) // want `subslice body\[:32\] of input-sized \[\]byte from io\.ReadAll is passed to \(\*Cache\[K, V\]\)\.Put, which stores it in the \*Cache\[string, \[\]byte\] held by package-level var "tokens" and keeps all of it alive; copy it with bytes\.Clone`
}

// Head returns the first four elements of xs.
func Head[T any](xs []T) []T { return xs[:4] } // want Head:"holds\\(0.-1\\) paramView\\(0:0\\)"

var heads [][]byte

// POSITIVE: a generic helper returns a view of a whole file.
func KeepHead(path string) {
	data, _ := os.ReadFile(path)
	heads = append(heads, Head(data)) // want `result of Head \(subslice xs\[:4\]\) of input-sized \[\]byte from os\.ReadFile is stored in package-level slice "heads" and keeps all of it alive; copy it with bytes\.Clone`
}

// NEAR-MISS: the generic cache gets a copy.
func LoginCopy(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	tokens.Put(r.Header.Get("User"), bytes.Clone(body[:32]))
}

// NEAR-MISS: a cache that dies with the call.
func LoginLocal(r *http.Request) int {
	body, _ := io.ReadAll(r.Body)
	c := New[string, []byte]()
	c.Put("k", body[:32])
	return len(c.m)
}

// NEAR-MISS: Head of a small array.
func KeepSmall() {
	var buf [16]byte
	heads = append(heads, Head(buf[:]))
}
