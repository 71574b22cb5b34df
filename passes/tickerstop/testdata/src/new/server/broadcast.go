package server

import (
	"sync"
	"time"
)

// Broadcaster sends a periodic snapshot to every subscriber.
type Broadcaster[T any] struct {
	mu   sync.Mutex
	subs []chan T
}

// Subscribe returns a channel that receives every snapshot.
func (b *Broadcaster[T]) Subscribe() <-chan T {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch := make(chan T, 1)
	b.subs = append(b.subs, ch)
	return ch
}

func (b *Broadcaster[T]) publish(v T) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, ch := range b.subs {
		select {
		case ch <- v:
		default:
		}
	}
}

// POSITIVE: generic method; each Start starts a never-stopped ticker read
// by a goroutine with no exit.
func (b *Broadcaster[T]) Start(every time.Duration, snapshot func() T) {
	t := time.NewTicker(every) // want `ticker "t" from time\.NewTicker is never stopped and is read by a goroutine that never exits`
	go func() {
		for range t.C {
			b.publish(snapshot())
		}
	}()
}
