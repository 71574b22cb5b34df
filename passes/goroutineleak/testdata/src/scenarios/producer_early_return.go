package scenarios

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// AuditRecord is one row written to the audit export.
type AuditRecord struct {
	Actor  string `json:"actor"`
	Action string `json:"action"`
}

// AuditExporter models a producer that returns early on an encoding error
// without closing the channel its writer goroutine ranges over.
type AuditExporter struct {
	out io.Writer
}

func (e *AuditExporter) Export(records []AuditRecord) error {
	lines := make(chan []byte)
	flushed := make(chan struct{})
	go func() {
		defer close(flushed)
		w := bufio.NewWriter(e.out)
		for line := range lines { // want "goroutine blocks forever receiving from \"lines\""
			w.Write(line)
			w.WriteByte('\n')
		}
		w.Flush()
	}()
	for i, rec := range records {
		line, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("export record %d: %w", i, err)
		}
		lines <- line
	}
	close(lines)
	<-flushed
	return nil
}
