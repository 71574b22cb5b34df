package nearmiss

import (
	"log"
	"sync"
)

// Span is one finished tracing span.
type Span struct {
	TraceID string
	Name    string
}

// SpanExporter models a channel stored in a struct field: the consumer ranges
// over it and Shutdown, another method, closes it.
type SpanExporter struct {
	spans   chan Span
	stopped sync.WaitGroup
	logger  *log.Logger
}

func NewSpanExporter(logger *log.Logger) *SpanExporter {
	e := &SpanExporter{spans: make(chan Span, 128), logger: logger}
	e.stopped.Add(1)
	go e.export()
	return e
}

func (e *SpanExporter) Record(s Span) { e.spans <- s }

func (e *SpanExporter) export() {
	defer e.stopped.Done()
	for s := range e.spans {
		e.logger.Printf("trace=%s span=%s", s.TraceID, s.Name)
	}
}

func (e *SpanExporter) Shutdown() {
	close(e.spans)
	e.stopped.Wait()
}
