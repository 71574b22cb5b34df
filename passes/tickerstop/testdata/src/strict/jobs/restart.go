package jobs

import "time"

// Poller restarts its ticker; stopLocked stops the old one first. Under
// -tickerstop.strict a stop made in a helper method is a stop: silent.
type Poller struct {
	t *time.Ticker
}

func (p *Poller) stopLocked() {
	if p.t != nil {
		p.t.Stop()
	}
}

func (p *Poller) Restart(d time.Duration) {
	p.stopLocked()
	p.t = time.NewTicker(d)
}

func (p *Poller) Close() { p.stopLocked() }

// Sampler restarts without stopping: reported.
type Sampler struct {
	t *time.Ticker
}

func (s *Sampler) Restart(d time.Duration) {
	s.t = time.NewTicker(d) // want `ticker field "t" of \*Sampler is replaced without stopping the previous ticker`
}

func (s *Sampler) Close() { s.t.Stop() }

// Gauge arms its ticker in a helper entered only on fresh objects: a first
// arming, silent.
type Gauge struct {
	t *time.Ticker
}

func (g *Gauge) start(d time.Duration) { g.t = time.NewTicker(d) }

func NewGauge(d time.Duration) *Gauge {
	g := &Gauge{}
	g.start(d)
	return g
}

func (g *Gauge) Close() { g.t.Stop() }
