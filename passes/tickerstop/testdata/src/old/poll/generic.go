package poll

import "time"

// POSITIVE: generic function; t is never stopped when Drain returns after a
// quiet tick.
func Drain[T any](ch <-chan T) int {
	t := time.NewTicker(100 * time.Millisecond) // want `ticker "t" from time\.NewTicker is not stopped on every path`
	n := 0
	for {
		select {
		case <-ch:
			n++
		case <-t.C:
			return n
		}
	}
}

// Pump emits a value from src on every tick.
type Pump[T any] struct {
	t   *time.Ticker
	out chan T
	src func() T
}

// NEGATIVE: the field ticker of the generic Pump is stopped by Close.
func NewPump[T any](every time.Duration, src func() T) *Pump[T] {
	return &Pump[T]{t: time.NewTicker(every), out: make(chan T, 1), src: src}
}

// Out is where the pump delivers its values.
func (p *Pump[T]) Out() <-chan T { return p.out }

// Run delivers n values, one per tick.
func (p *Pump[T]) Run(n int) {
	for i := 0; i < n; i++ {
		<-p.t.C
		p.out <- p.src()
	}
}

// Close stops the pump's ticker.
func (p *Pump[T]) Close() {
	p.t.Stop()
	close(p.out)
}
