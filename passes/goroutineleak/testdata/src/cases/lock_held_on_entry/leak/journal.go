// LEAK: Flush is not called with j.mu held: it takes j.mu itself, drops it
// around the write and re-locks, then returns on the write-error path with
// j.mu still held (only the success path reaches the Unlock). Every later
// Append or Flush blocks forever. Report at the j.mu.Lock() after the write.
package leak

import (
	"io"
	"sync"
)

type Journal struct {
	mu      sync.Mutex
	pending []byte
	out     io.Writer
	fsync   func() error
	durable bool
}

// Flush writes the pending bytes without holding j.mu during the I/O.
func (j *Journal) Flush() error {
	j.mu.Lock()
	batch := j.pending
	j.pending = nil
	j.mu.Unlock()
	_, err := j.out.Write(batch)
	j.mu.Lock() // want `mutex "j\.mu" locked here stays locked`
	if err != nil {
		j.pending = append(batch, j.pending...)
		return err
	}
	j.mu.Unlock()
	if j.durable {
		err = j.fsync()
	}
	return err
}

func (j *Journal) Append(rec []byte) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.pending = append(j.pending, rec...)
}
