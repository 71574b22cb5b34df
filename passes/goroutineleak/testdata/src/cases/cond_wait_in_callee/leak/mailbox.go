// LEAK: the delivery goroutine calls m.next, whose loop waits on m.ready while
// the mailbox is empty and not closed. Close sets m.closed but neither
// Broadcasts nor Signals, so an idle delivery goroutine sleeps in Wait forever.
// Report at m.ready.Wait() in next (related: Close, the go statement in Start).
package leak

import "sync"

type Mailbox struct {
	mu     sync.Mutex
	ready  *sync.Cond
	queue  []string
	closed bool
}

func NewMailbox() *Mailbox {
	m := &Mailbox{}
	m.ready = sync.NewCond(&m.mu)
	return m
}

func (m *Mailbox) Post(msg string) {
	m.mu.Lock()
	m.queue = append(m.queue, msg)
	m.mu.Unlock()
	m.ready.Signal()
}

// next waits for a message; ok is false once the mailbox is closed and empty.
func (m *Mailbox) next() (msg string, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for len(m.queue) == 0 && !m.closed {
		m.ready.Wait() // want `blocks forever in m\.ready\.Wait`
	}
	if len(m.queue) == 0 {
		return "", false
	}
	msg, m.queue = m.queue[0], m.queue[1:]
	return msg, true
}

func (m *Mailbox) Start(deliver func(string)) {
	go func() {
		for {
			msg, ok := m.next()
			if !ok {
				return
			}
			deliver(msg)
		}
	}()
}

func (m *Mailbox) Close() {
	m.mu.Lock()
	m.closed = true
	m.mu.Unlock()
}
