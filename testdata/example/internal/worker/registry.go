package worker

import (
	"context"
	"fmt"
	"sync"
)

// Task is a runnable job body.
type Task interface {
	Run(ctx context.Context) error
}

// TaskFunc adapts a function to the Task interface.
type TaskFunc func(ctx context.Context) error

// Run calls f(ctx).
func (f TaskFunc) Run(ctx context.Context) error { return f(ctx) }

// Factory builds a Task from a job payload.
type Factory func(payload []byte) (Task, error)

var factoriesMu sync.RWMutex

// factories maps job kinds to their factories. OK(j): one entry per distinct
// kind name; duplicates panic.
var factories = map[string]Factory{}

// Register makes a job kind available to all pools. It panics if name is
// already registered, so it is meant to be called during program setup.
func Register(name string, f Factory) {
	if f == nil {
		panic("worker: Register factory is nil")
	}
	factoriesMu.Lock()
	defer factoriesMu.Unlock()
	if _, dup := factories[name]; dup {
		panic(fmt.Sprintf("worker: Register called twice for kind %q", name))
	}
	factories[name] = f
}

func lookup(kind string) (Factory, bool) {
	factoriesMu.RLock()
	defer factoriesMu.RUnlock()
	f, ok := factories[kind]
	return f, ok
}
