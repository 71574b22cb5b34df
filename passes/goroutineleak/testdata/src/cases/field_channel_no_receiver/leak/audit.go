// LEAK: Auditor.Record does a bare send on the unexported field a.entries, but
// nothing in the package ever receives from a.entries: the writer loop only
// flushes on its ticker and stops on quit. Every Record call blocks forever.
// Report at the send in Record (a.entries <- line).
package leak

import (
	"io"
	"time"
)

type Auditor struct {
	entries chan string
	quit    chan struct{}
	out     io.Writer
	pending []string
}

func NewAuditor(out io.Writer, every time.Duration) *Auditor {
	a := &Auditor{entries: make(chan string), quit: make(chan struct{}), out: out}
	go a.writer(every)
	return a
}

func (a *Auditor) writer(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			a.flush()
		case <-a.quit:
			a.flush()
			return
		}
	}
}

func (a *Auditor) flush() {
	for _, line := range a.pending {
		io.WriteString(a.out, line+"\n")
	}
	a.pending = a.pending[:0]
}

func (a *Auditor) Record(line string) { a.entries <- line } // want `blocks forever sending on "a\.entries"`

func (a *Auditor) Close() { close(a.quit) }
