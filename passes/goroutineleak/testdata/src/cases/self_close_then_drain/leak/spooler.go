// LEAK: Submit primes queue before its goroutine starts, but on quit the
// goroutine ranges over queue without closing it first: once the leftovers
// are counted, the range waits for a close that never comes, so one goroutine
// per cancelled batch blocks forever. Report at the range over queue.
package leak

import "sync/atomic"

type Job struct {
	Doc    string
	Copies int
}

type Spooler struct {
	print   func(Job)
	quit    chan struct{}
	dropped atomic.Int64
}

func NewSpooler(print func(Job)) *Spooler {
	return &Spooler{print: print, quit: make(chan struct{})}
}

func (s *Spooler) Submit(batch []Job) {
	queue := make(chan Job, len(batch))
	for _, j := range batch {
		queue <- j
	}
	go func() {
		for len(queue) > 0 {
			select {
			case j := <-queue:
				s.print(j)
			case <-s.quit:
				for range queue { // want `goroutine blocks forever receiving from "queue"`
					s.dropped.Add(1)
				}
				return
			}
		}
	}()
}

func (s *Spooler) Close() { close(s.quit) }
