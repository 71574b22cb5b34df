// Variants of afterfunc_rearm_no_stop_anywhere: a generic cache re-arming
// its flush timer per Set (leak), a callback registered as a handler that
// re-arms per message (leak), and a per-event re-arm that uses Reset, plus
// one that stops through the bool result of Stop (near-misses).
package variants

import "time"

type Cache[K comparable, V any] struct {
	m     map[K]V
	flush *time.Timer
	save  func(map[K]V)
}

func (c *Cache[K, V]) Set(k K, v V) {
	c.m[k] = v
	c.flush = time.AfterFunc(time.Second, func() { c.save(c.m) }) // want `timer field "flush" of \*Cache is re-armed with time.AfterFunc each time this runs`
}

type Bus struct {
	subs []func(string)
}

func (b *Bus) Subscribe(f func(string)) { b.subs = append(b.subs, f) }

type Idle struct {
	t *time.Timer
}

func (i *Idle) expire() {}

func Wire(b *Bus, i *Idle) {
	b.Subscribe(func(string) {
		i.t = time.AfterFunc(time.Minute, i.expire) // want `timer field "t" of \*Idle is re-armed with time.AfterFunc each time this runs`
	})
}

// Near-misses.
type Draft struct {
	save *time.Timer
	text string
}

func NewDraft() *Draft {
	d := &Draft{}
	d.save = time.AfterFunc(time.Hour, func() {})
	return d
}

func (d *Draft) Edit(text string) {
	d.text = text
	d.save.Reset(3 * time.Second)
}

type Note struct {
	save *time.Timer
}

func (n *Note) store() {}

func (n *Note) Edit() {
	if n.save != nil && !n.save.Stop() {
		// already fired
	}
	n.save = time.AfterFunc(time.Second, n.store)
}
