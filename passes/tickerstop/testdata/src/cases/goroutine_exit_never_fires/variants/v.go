// Variants of goroutine_exit_never_fires: a per-request goroutine whose
// context's cancel func is dropped (leak), one waiting on a package-level
// channel nothing closes (leak), and goroutines that end with the request
// through r.Context() or a done channel a helper closes (near-misses).
package variants

import (
	"context"
	"net/http"
	"sync"
	"time"
)

type Server struct {
	beat func(string)
}

func (s *Server) Stream(w http.ResponseWriter, r *http.Request) {
	ctx, _ := context.WithCancel(context.Background())
	t := time.NewTicker(time.Second) // want `ticker "t" from time.NewTicker is never stopped and is read by a goroutine that never exits \(its cancel func is never called`
	go func() {
		for {
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
				s.beat(r.URL.Path)
			}
		}
	}()
}

var stopAll = make(chan struct{})

func (s *Server) Watch(w http.ResponseWriter, r *http.Request) {
	t := time.NewTicker(time.Second) // want `ticker "t" from time.NewTicker is never stopped and is read by a goroutine that never exits \(package-level stopAll is never closed`
	go func() {
		defer t.Stop()
		for {
			select {
			case <-stopAll:
				return
			case <-t.C:
				s.beat("watch")
			}
		}
	}()
}

// Near-misses: the goroutine ends with the request.
func (s *Server) Tail(w http.ResponseWriter, r *http.Request) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case <-t.C:
				s.beat("tail")
			}
		}
	}()
}

func finish(done chan struct{}) { close(done) }

func (s *Server) Export(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	defer finish(done)
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				s.beat("export")
			}
		}
	}()
}

// Pool starts its per-request goroutines with WaitGroup.Go (Go 1.25).
type Pool[T any] struct {
	quit chan struct{}
	wg   sync.WaitGroup
	send func(T)
}

func (p *Pool[T]) Shutdown() { close(p.quit); p.wg.Wait() }

// The goroutine exits only when the pool shuts down.
func (p *Pool[T]) Export(w http.ResponseWriter, r *http.Request, v T) {
	t := time.NewTicker(10 * time.Second) // want `ticker "t" from time\.NewTicker is read by a goroutine that outlives its request`
	p.wg.Go(func() {
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.send(v)
			case <-p.quit:
				return
			}
		}
	})
}

// Near-miss: the goroutine also ends with the request.
func (p *Pool[T]) ExportOK(w http.ResponseWriter, r *http.Request, v T) {
	t := time.NewTicker(10 * time.Second)
	p.wg.Go(func() {
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.send(v)
			case <-r.Context().Done():
				return
			case <-p.quit:
				return
			}
		}
	})
}
