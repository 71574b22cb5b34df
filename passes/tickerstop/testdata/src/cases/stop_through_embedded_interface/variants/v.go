// Variants of stop_through_embedded_interface: Remove deletes a wrapped job
// without stopping it (leak), a slice of wrappers cleared by Close (leak),
// and a wrapper with a named interface field stopped through it
// (near-miss).
package variants

import "time"

type canceler interface{ Stop() bool }

type job struct {
	canceler
	name string
}

type Scheduler struct {
	jobs map[string]job
}

func (s *Scheduler) At(name string, d time.Duration, fn func()) {
	if old, ok := s.jobs[name]; ok {
		old.Stop()
	}
	s.jobs[name] = job{canceler: time.AfterFunc(d, fn), name: name}
}

func (s *Scheduler) Remove(name string) {
	delete(s.jobs, name) // want `delete drops entries of map jobs whose field "canceler" holds a time.AfterFunc timer`
}

func (s *Scheduler) Close() {
	for n, j := range s.jobs {
		j.Stop()
		delete(s.jobs, n)
	}
}

type Queue struct {
	pending []job
}

func (q *Queue) Add(d time.Duration, fn func()) {
	q.pending = append(q.pending, job{canceler: time.AfterFunc(d, fn)})
}

func (q *Queue) Close() {
	clear(q.pending) // want `clear drops entries of slice whose field "canceler" holds a time.AfterFunc timer`
}

// Near-miss: a named interface field, stopped through the wrapper.
type task struct {
	c    canceler
	name string
}

type Runner struct {
	tasks map[string]task
}

func (r *Runner) At(name string, d time.Duration, fn func()) {
	if old, ok := r.tasks[name]; ok {
		old.c.Stop()
	}
	r.tasks[name] = task{c: time.AfterFunc(d, fn), name: name}
}

func (r *Runner) Remove(name string) {
	if t, ok := r.tasks[name]; ok {
		t.c.Stop()
		delete(r.tasks, name)
	}
}
