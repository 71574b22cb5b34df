// LEAK: Kick (called on every unit of progress) calls arm() directly instead
// of reset(), so the pending stall timer is overwritten without clear()
// stopping it: every Kick leaves a callback that still reports a stall later.
package leak

import (
	"sync"
	"time"
)

type Watchdog struct {
	mu      sync.Mutex
	t       *time.Timer
	limit   time.Duration
	onStall func()
}

func NewWatchdog(limit time.Duration, onStall func()) *Watchdog {
	w := &Watchdog{limit: limit, onStall: onStall}
	w.reset()
	return w
}

// Kick is called on every unit of progress.
func (w *Watchdog) Kick() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.arm()
}

func (w *Watchdog) reset() {
	w.clear()
	w.arm()
}

func (w *Watchdog) clear() {
	if w.t != nil {
		w.t.Stop()
		w.t = nil
	}
}

func (w *Watchdog) arm() { w.t = time.AfterFunc(w.limit, w.onStall) } // want `timer field "t" of \*Watchdog is re-armed`

func (w *Watchdog) Stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.clear()
}
