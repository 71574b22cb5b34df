// LEAK: besides the self re-arm in tick (fine: its timer has fired), SendNow
// re-arms h.t from outside the callback without stopping the pending timer.
// Each call starts one more self-perpetuating chain; Stop reaches only the
// newest timer, so the older chains beat for ever.
package leak

import (
	"sync"
	"time"
)

type Heartbeat struct {
	mu      sync.Mutex
	t       *time.Timer
	every   time.Duration
	stopped bool
	send    func()
}

func StartHeartbeat(every time.Duration, send func()) *Heartbeat {
	h := &Heartbeat{every: every, send: send}
	h.t = time.AfterFunc(every, h.tick)
	return h
}

func (h *Heartbeat) tick() {
	h.send()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.t = nil
	if h.stopped {
		return
	}
	h.t = time.AfterFunc(h.every, h.tick)
}

// SendNow beats at once and restarts the interval.
func (h *Heartbeat) SendNow() {
	h.send()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.t = time.AfterFunc(h.every, h.tick) // want `timer field "t" of \*Heartbeat is re-armed`
}

func (h *Heartbeat) Stop() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stopped = true
	if h.t != nil {
		h.t.Stop()
	}
}
