package generic

import (
	"net/http"
	"sync"
)

// Cache is a generic struct wrapping a map; Put inserts and there is no way
// to remove an entry.
type Cache[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

func (c *Cache[K, V]) Put(k K, v V) { // want Put:"grows param 0 field 1"
	c.mu.Lock()
	c.m[k] = v
	c.mu.Unlock()
}

func (c *Cache[K, V]) Get(k K) (V, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.m[k]
	return v, ok
}

type User struct {
	Name  string
	Email string
}

// POSITIVE: the generic method Put grows the field m of the package-level
// pointer var, called from a handler; reported as "users.m".
var users = &Cache[string, User]{m: map[string]User{}} // want `package-level map "users.m" grows without bound: .* adds entries and nothing deletes them`

func handleSignup(w http.ResponseWriter, r *http.Request) {
	users.Put(r.FormValue("email"), User{Name: r.FormValue("name"), Email: r.FormValue("email")})
	w.WriteHeader(http.StatusCreated)
}

// Store is a second generic map wrapper (distinct type and field name) that
// does support deletion.
type Store[K comparable, V any] struct {
	mu   sync.Mutex
	data map[K]V
}

func (s *Store[K, V]) Set(k K, v V) { // want Set:"grows param 0 field 1"
	s.mu.Lock()
	s.data[k] = v
	s.mu.Unlock()
}

func (s *Store[K, V]) Delete(k K) { // want Delete:"bounds param 0 field 1"
	s.mu.Lock()
	delete(s.data, k)
	s.mu.Unlock()
}

type Item struct {
	SKU string
	Qty int
}

// NEGATIVE: carts grow through the generic Set method, but checkout calls the
// generic Delete method on the same global, which deletes from carts.data.
var carts = &Store[string, []Item]{data: map[string][]Item{}}

func handleAddToCart(w http.ResponseWriter, r *http.Request) {
	carts.Set(r.FormValue("cart"), []Item{{SKU: r.FormValue("sku"), Qty: 1}})
}

func handleCheckout(w http.ResponseWriter, r *http.Request) {
	carts.Delete(r.FormValue("cart"))
}
