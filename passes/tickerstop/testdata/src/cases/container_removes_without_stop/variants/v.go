// Variants of container_removes_without_stop: a slice of sessions cleared
// without stopping their timers (leak), a map of values deleted by Evict
// (leak), and removals in the timer's own callback and after a stop helper
// (near-misses).
package variants

import "time"

type session struct {
	id    string
	timer *time.Timer
}

type Sessions struct {
	list []*session
}

func (s *Sessions) Add(id string) {
	se := &session{id: id}
	se.timer = time.AfterFunc(time.Minute, func() {})
	s.list = append(s.list, se)
}

func (s *Sessions) Reset() {
	clear(s.list) // want `clear drops entries of slice whose field "timer" holds a time.AfterFunc timer`
}

type lease struct {
	t *time.Timer
}

type Leases struct {
	m map[string]lease
}

func (l *Leases) Grant(k string) {
	l.m[k] = lease{t: time.AfterFunc(time.Second, func() {})}
}

func (l *Leases) Evict(k string) {
	delete(l.m, k) // want `delete drops entries of map m whose field "t" holds a time.AfterFunc timer`
}

// Near-misses.
type entry struct {
	exp *time.Timer
}

type TTL struct {
	m map[string]*entry
}

func (t *TTL) Put(k string) {
	e := &entry{}
	e.exp = time.AfterFunc(time.Second, func() { delete(t.m, k) })
	t.m[k] = e
}

func stopEntry(e *entry) { e.exp.Stop() }

func (t *TTL) Remove(k string) {
	if e, ok := t.m[k]; ok {
		stopEntry(e)
	}
	delete(t.m, k)
}
