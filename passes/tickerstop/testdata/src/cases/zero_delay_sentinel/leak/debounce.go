// LEAK: Trigger calls init on every use instead of once, so the placeholder
// time.AfterFunc(0, func() {}) overwrites the pending flush timer before
// d.t.Stop() runs: Stop hits the placeholder and the real timer still fires.
// Every Trigger leaves one more Flush pending that nothing can stop.
package leak

import (
	"sync"
	"time"
)

type Debouncer struct {
	mu    sync.Mutex
	t     *time.Timer
	Wait  time.Duration
	Flush func()
}

func (d *Debouncer) init() {
	d.t = time.AfterFunc(0, func() {}) // want `timer field "t" of \*Debouncer is re-armed`
}

// Trigger postpones the flush until Wait has passed without another call.
func (d *Debouncer) Trigger() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.init()
	d.t.Stop()
	d.t = time.AfterFunc(d.Wait, d.Flush)
}

func (d *Debouncer) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.t != nil {
		d.t.Stop()
	}
	return nil
}
