package nearmiss

import "sync"

// Outbox models a sync.Cond-based queue whose Close broadcasts after setting
// closed, so the idle drain goroutine wakes up and returns.
type Outbox struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  [][]byte
	closed bool
	send   func([]byte)
}

func NewOutbox(send func([]byte)) *Outbox {
	q := &Outbox{send: send}
	q.cond = sync.NewCond(&q.mu)
	go q.drain()
	return q
}

func (q *Outbox) Enqueue(msg []byte) {
	q.mu.Lock()
	q.items = append(q.items, msg)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *Outbox) drain() {
	for {
		q.mu.Lock()
		for !q.closed && len(q.items) == 0 {
			q.cond.Wait()
		}
		if q.closed {
			q.mu.Unlock()
			return
		}
		msg := q.items[0]
		q.items = q.items[1:]
		q.mu.Unlock()
		q.send(msg)
	}
}

func (q *Outbox) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}
