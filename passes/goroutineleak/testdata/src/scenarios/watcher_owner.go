package scenarios

import (
	"log"
	"sync/atomic"
	"time"
)

// FileEvent is a change notification for one watched path.
type FileEvent struct{ Path, Op string }

// DirWatcher models a Start/Close owner whose Close stops the ticker and sets
// a flag but never closes quit, so the run goroutine outlives the watcher.
type DirWatcher struct {
	events  chan FileEvent
	quit    chan struct{}
	ticker  *time.Ticker
	closed  atomic.Bool
	pending []FileEvent
	logger  *log.Logger
}

func NewDirWatcher(logger *log.Logger) *DirWatcher {
	return &DirWatcher{events: make(chan FileEvent, 16), quit: make(chan struct{}), logger: logger}
}

func (w *DirWatcher) Start() {
	w.ticker = time.NewTicker(time.Second)
	go w.run() // want "goroutine keeps running after Close"
}

func (w *DirWatcher) run() {
	for {
		select {
		case <-w.quit:
			return
		case ev := <-w.events:
			w.pending = append(w.pending, ev)
		case <-w.ticker.C:
			w.logger.Printf("flushing %d file events", len(w.pending))
			w.pending = w.pending[:0]
		}
	}
}

func (w *DirWatcher) Close() error {
	w.closed.Store(true)
	w.ticker.Stop() // stops the flushes, but run still waits on quit
	return nil
}
