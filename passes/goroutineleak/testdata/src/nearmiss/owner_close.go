package nearmiss

import (
	"log"
	"sync"
	"time"
)

// Change is one configuration change pushed to the syncer.
type Change struct{ Key, Value string }

// ChangeSyncer models a Start/Close owner done right: Close closes quit and
// waits on a WaitGroup for the run goroutine to return.
type ChangeSyncer struct {
	changes chan Change
	quit    chan struct{}
	wg      sync.WaitGroup
	logger  *log.Logger
}

func NewChangeSyncer(logger *log.Logger) *ChangeSyncer {
	return &ChangeSyncer{changes: make(chan Change, 32), quit: make(chan struct{}), logger: logger}
}

func (s *ChangeSyncer) Start() {
	s.wg.Add(1)
	go s.run()
}

func (s *ChangeSyncer) run() {
	defer s.wg.Done()
	flush := time.NewTicker(2 * time.Second)
	var batch []Change
	for {
		select {
		case <-s.quit:
			flush.Stop()
			return
		case c := <-s.changes:
			batch = append(batch, c)
		case <-flush.C:
			s.logger.Printf("flushing %d changes", len(batch))
			batch = batch[:0]
		}
	}
}

func (s *ChangeSyncer) Close() error {
	close(s.quit)
	s.wg.Wait()
	return nil
}
