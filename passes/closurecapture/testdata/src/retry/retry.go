// Package retry queues failed batches for a later attempt.
package retry

import (
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// Batch is a set of events read from one request; Raw is the request.
type Batch struct {
	ID  string
	Raw []byte
}

// Queue holds retries until the next flush.
type Queue struct {
	mu      sync.Mutex
	pending []func() error
}

// retries is the process-wide retry queue.
var retries = &Queue{}

// Push queues f; the queue lives as long as the process.
func (q *Queue) Push(f func() error) { // want Push:"storesFuncIn\\(1->0\\)"
	q.mu.Lock()
	q.pending = append(q.pending, f)
	q.mu.Unlock()
}

func resend(id string) error { return nil }

func post(b []byte) error { return nil }

// Event is one tracked event.
type Event struct{ Name string }

// POSITIVE: the retry re-sends by ID but keeps the whole batch.
func Ingest(r io.Reader, id string) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	b := &Batch{ID: id, Raw: raw}
	if err := post(b.Raw); err != nil {
		retries.Push(func() error { // want `closure passed to \(\*Queue\)\.Push, which stores it in the \*Queue held by package-level var "retries" captures "b" \(\*Batch holding input-sized \[\]byte from io\.ReadAll in field Raw\) but uses only b\.ID; copy the field into a local before the closure`
			return resend(b.ID)
		})
	}
	return nil
}

var failures = make(chan func() error, 64)

// POSITIVE: a retry channel drained by a worker keeps the payload.
func Flush(events []Event) error {
	payload, err := json.Marshal(events)
	if err != nil {
		return err
	}
	if err := post(payload); err != nil {
		failures <- func() error { // want `closure sent on package-level channel "failures" captures "payload" \(input-sized \[\]byte from json\.Marshal\) but uses only len\(payload\)`
			return fmt.Errorf("dropped %d bytes", len(payload))
		}
	}
	return nil
}

// NEGATIVE: the retry posts the whole batch again.
func IngestAgain(r io.Reader, id string) {
	raw, _ := io.ReadAll(r)
	b := &Batch{ID: id, Raw: raw}
	retries.Push(func() error { return post(b.Raw) })
}

// NEGATIVE: a local queue dies with the function.
func Local(r io.Reader) int {
	raw, _ := io.ReadAll(r)
	var q Queue
	q.Push(func() error { return fmt.Errorf("%d", len(raw)) })
	return len(q.pending)
}
