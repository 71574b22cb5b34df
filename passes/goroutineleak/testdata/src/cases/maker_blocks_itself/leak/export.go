// LEAK: Export makes the unbuffered batch channel and sends on it itself
// before it starts the writer goroutine that would receive, so the send blocks
// the caller forever: no goroutine can take the value at that point.
// Report at the send in Export (batch <- lines).
package leak

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

var ErrSlowSink = errors.New("export: sink too slow")

type Row struct {
	ID    int
	Label string
}

func Export(w io.Writer, rows []Row, limit time.Duration) error {
	batch := make(chan []string)
	lines := make([]string, 0, len(rows))
	for _, r := range rows {
		lines = append(lines, fmt.Sprintf("%d,%s", r.ID, r.Label))
	}
	batch <- lines // want `blocks forever sending on "batch"`

	done := make(chan error, 1)
	go func() {
		_, err := io.WriteString(w, strings.Join(<-batch, "\n"))
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		return ErrSlowSink
	}
}
