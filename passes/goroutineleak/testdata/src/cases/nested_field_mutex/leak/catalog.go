// LEAK: Price read-locks c.inner.mu, reaching the mutex through the field
// chain c.inner (loaded again at every use), and returns on the unknown-SKU
// path without RUnlock. The read lock is held forever, so the next SetPrice
// (Lock) blocks forever. Report at the RLock in Price / the early return.
package leak

import (
	"errors"
	"sync"
)

var ErrUnknownSKU = errors.New("catalog: unknown sku")

type priceTable struct {
	mu    sync.RWMutex
	cents map[string]int64
}

type Catalog struct {
	name  string
	inner *priceTable
}

func NewCatalog(name string) *Catalog {
	return &Catalog{name: name, inner: &priceTable{cents: make(map[string]int64)}}
}

func (c *Catalog) Price(sku string) (int64, error) {
	c.inner.mu.RLock() // want `mutex "c\.inner\.mu" locked here stays locked`
	p, ok := c.inner.cents[sku]
	if !ok {
		return 0, ErrUnknownSKU
	}
	c.inner.mu.RUnlock()
	return p, nil
}

func (c *Catalog) SetPrice(sku string, cents int64) {
	c.inner.mu.Lock()
	defer c.inner.mu.Unlock()
	c.inner.cents[sku] = cents
}
