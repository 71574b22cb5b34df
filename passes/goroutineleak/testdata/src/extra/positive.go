package extra

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Sampler is started per call and ranges over a ticker forever.
type Sampler struct{ interval time.Duration }

func (s *Sampler) Track(sample func()) {
	t := time.NewTicker(s.interval)
	go func() { // want `goroutine runs forever: .* loops with no way out`
		for range t.C {
			sample()
		}
	}()
}

// pump loops forever in a helper the goroutine calls.
func pump(in <-chan int, out chan<- int) {
	for {
		out <- <-in
	}
}

func (s *Sampler) Pipe(in <-chan int, out chan<- int) { // want Pipe:"sends\\(2\\) receives\\(1\\)"
	go func() { // want `goroutine runs forever: pump loops with no way out`
		pump(in, out)
	}()
}

// Lost cancel: stored only on success.
type Sessions struct {
	mu      sync.Mutex
	cancels map[string]context.CancelFunc
}

func (s *Sessions) Open(id string, dial func() error) error {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-ctx.Done() // want `goroutine blocks forever receiving from "ctx\.Done\(\)": its context comes from context\.Background\(\)`
	}()
	if err := dial(); err != nil {
		return err
	}
	s.mu.Lock()
	s.cancels[id] = cancel
	s.mu.Unlock()
	return nil
}

// Early return inside a select loop: the remaining senders block.
func Gather(ctx context.Context, jobs []func() (int, error)) ([]int, error) {
	results := make(chan int)
	for _, j := range jobs {
		go func() {
			v, _ := j()
			results <- v // want `goroutine blocks forever sending on "results" when Gather returns on ctx\.Done\(\)`
		}()
	}
	var out []int
	for range jobs {
		select {
		case v := <-results:
			out = append(out, v)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return out, nil
}

// First error wins; in a select-free counted loop.
func ValidateAll(checks []func() error) error {
	errs := make(chan error)
	for _, c := range checks {
		go func() { errs <- c() }() // want `goroutine blocks forever sending on "errs" when ValidateAll returns after the first error`
	}
	for i := 0; i < len(checks); i++ {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

// A done channel made but closed only on success.
func Stream(open func() error, emit func()) error {
	done := make(chan struct{})
	go func() {
		<-done // want `goroutine blocks forever receiving from "done" when Stream returns without sending on or closing it`
		emit()
	}()
	if err := open(); err != nil {
		return errors.New("open failed")
	}
	close(done)
	return nil
}
