// LEAK: Edit runs on every keystroke and re-arms d.save with a fresh
// time.AfterFunc whose callback captures a snapshot of the whole text. The
// previous timer is never stopped (nothing stops d.save; there is no Close),
// so every keystroke keeps a pending save and its copy alive until it fires.
package leak

import (
	"sync"
	"time"
)

type Draft struct {
	mu    sync.Mutex
	id    string
	text  string
	save  *time.Timer
	store func(id, text string)
}

func NewDraft(id string, store func(id, text string)) *Draft {
	return &Draft{id: id, store: store}
}

func (d *Draft) Edit(text string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.text = text
	snapshot := text
	d.save = time.AfterFunc(3*time.Second, func() { d.store(d.id, snapshot) }) // want `timer field "save" of \*Draft is re-armed .* nothing in the package stops it`
}
