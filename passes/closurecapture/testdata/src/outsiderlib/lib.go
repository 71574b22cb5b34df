// Package outsiderlib is a small shared library (decoding, scheduling, an
// errgroup-like helper and a generic registry) used by package outsider
// through facts.
package outsiderlib

import (
	"encoding/json"
	"io"
	"log"
	"sync"
	"time"
)

// LineItem is one line of an invoice.
type LineItem struct {
	SKU   string
	Qty   int
	Price int64
}

// Invoice is what the billing API posts.
type Invoice struct {
	Number   string
	Customer string
	Lines    []LineItem
	Extra    map[string]string
}

// DecodeInvoice decodes one invoice from r.
func DecodeInvoice(r io.Reader) (*Invoice, error) { // want DecodeInvoice:"returnsInput"
	inv := new(Invoice)
	if err := json.NewDecoder(r).Decode(inv); err != nil {
		return nil, err
	}
	return inv, nil
}

// Every runs f every d, for as long as the process runs.
func Every(d time.Duration, f func()) { // want Every:"storesFunc\\(1\\)"
	go func() {
		for range time.Tick(d) {
			f()
		}
	}()
}

// Remember logs, after d, how many items a batch had.
func Remember[T any](d time.Duration, items []T) { // want Remember:"pins\\(1:len\\(items\\)\\)"
	time.AfterFunc(d, func() { log.Printf("batch of %d items expired", len(items)) })
}

// Group runs functions in goroutines and waits for them, like errgroup.
type Group struct {
	wg   sync.WaitGroup
	once sync.Once
	err  error
}

// Go runs f in a goroutine.
func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.once.Do(func() { g.err = err })
		}
	}()
}

// Wait waits for every f passed to Go and returns the first error.
func (g *Group) Wait() error {
	g.wg.Wait()
	return g.err
}

// Registry notifies listeners of changed keys.
type Registry[K comparable] struct {
	mu        sync.Mutex
	listeners []func(K)
}

// OnChange adds a listener.
func (r *Registry[K]) OnChange(f func(K)) { // want OnChange:"storesFuncIn\\(1->0\\)"
	r.mu.Lock()
	defer r.mu.Unlock()
	r.listeners = append(r.listeners, f)
}
