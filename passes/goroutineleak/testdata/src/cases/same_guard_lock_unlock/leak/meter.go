// LEAK: record locks m.mu under its locked flag but returns early for a zero
// value before the guarded Unlock, so Add(name, 0) leaves m.mu held; Reset's
// `if dryRun { return }` tests a variable set from the environment, so in a
// dry run it returns with m.mu held. Report at each m.mu.Lock().
package leak

import (
	"os"
	"sync"
)

var dryRun = os.Getenv("METER_DRY_RUN") != ""

type Meter struct {
	mu     sync.Mutex
	totals map[string]float64
}

func NewMeter() *Meter { return &Meter{totals: make(map[string]float64)} }

func (m *Meter) record(name string, v float64, locked bool) {
	if locked {
		m.mu.Lock() // want `mutex "m\.mu" locked here stays locked`
	}
	if v == 0 {
		return
	}
	m.totals[name] += v
	if locked {
		m.mu.Unlock()
	}
}

func (m *Meter) Add(name string, v float64) { m.record(name, v, true) }

// AddAll records a batch under one lock.
func (m *Meter) AddAll(vals map[string]float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for name, v := range vals {
		m.record(name, v, false)
	}
}

func (m *Meter) Reset() {
	m.mu.Lock() // want `mutex "m\.mu" locked here stays locked`
	if dryRun {
		return
	}
	clear(m.totals)
	m.mu.Unlock()
}
