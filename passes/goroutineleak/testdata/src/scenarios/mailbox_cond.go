package scenarios

import "sync"

// Mailbox models a sync.Cond-based queue whose Close sets the closed flag but
// never broadcasts, so an idle drain goroutine sleeps in Wait forever.
type Mailbox struct {
	mu      sync.Mutex
	cond    *sync.Cond
	items   []string
	closed  bool
	deliver func(string)
}

func NewMailbox(deliver func(string)) *Mailbox {
	q := &Mailbox{deliver: deliver}
	q.cond = sync.NewCond(&q.mu)
	go q.drain()
	return q
}

func (q *Mailbox) Post(msg string) {
	q.mu.Lock()
	q.items = append(q.items, msg)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *Mailbox) drain() {
	for {
		q.mu.Lock()
		for !q.closed && len(q.items) == 0 {
			q.cond.Wait() // want "goroutine blocks forever in q\\.cond\\.Wait"
		}
		if q.closed {
			q.mu.Unlock()
			return
		}
		msg := q.items[0]
		q.items = q.items[1:]
		q.mu.Unlock()
		q.deliver(msg)
	}
}

func (q *Mailbox) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
}
