package extra

import (
	"context"
	"time"
)

// Poller stops when its context field is cancelled; Close cancels it.
type Poller struct {
	ctx    context.Context
	cancel context.CancelFunc
	fetch  func()
}

func NewPoller(fetch func()) *Poller {
	ctx, cancel := context.WithCancel(context.Background())
	p := &Poller{ctx: ctx, cancel: cancel, fetch: fetch}
	go p.loop()
	return p
}

func (p *Poller) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-p.ctx.Done():
			return
		case <-t.C:
			p.fetch()
		}
	}
}

func (p *Poller) Close() error {
	p.cancel()
	return nil
}

// Refresher waits on its quit channel, which Stop forgets to close.
type Refresher struct {
	quit    chan struct{}
	refresh func()
	stopped bool
}

func StartRefresher(refresh func()) *Refresher {
	r := &Refresher{quit: make(chan struct{}), refresh: refresh}
	go r.run() // want `goroutine keeps running after Stop: \(\*Refresher\)\.run stops only when r\.quit is closed`
	return r
}

func (r *Refresher) run() {
	for {
		select {
		case <-r.quit:
			return
		case <-time.After(time.Minute):
			r.refresh()
		}
	}
}

func (r *Refresher) Stop() {
	r.stopped = true
}
