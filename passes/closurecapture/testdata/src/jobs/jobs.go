// Package jobs is a library: shutdown hooks, a job queue, watchers and
// document matchers used by package app through facts.
package jobs

import (
	"bytes"
	"context"
	"io"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"
)

var (
	mu        sync.Mutex
	shutdowns []func()
)

// OnShutdown registers f to run when the process stops.
func OnShutdown(f func()) { // want OnShutdown:"storesFunc\\(0\\)"
	mu.Lock()
	defer mu.Unlock()
	shutdowns = append(shutdowns, f)
}

// After runs f after d, through OnShutdown's registry as well.
func After(d time.Duration, f func()) { // want After:"storesFunc\\(1\\)"
	time.AfterFunc(d, f)
}

// Queue is a job queue; whether it lives long depends on its owner.
type Queue struct {
	jobs []func() error
}

// Add queues f in q.
func (q *Queue) Add(f func() error) { // want Add:"storesFuncIn\\(1->0\\)"
	q.jobs = append(q.jobs, f)
}

// ReadBody reads a request body.
func ReadBody(r *http.Request) []byte { // want ReadBody:"returnsInput"
	b, _ := io.ReadAll(r.Body)
	return b
}

// Document is a parsed upload; Raw is the whole upload.
type Document struct {
	Title string
	Raw   []byte
}

// Parse returns a Document holding raw.
func Parse(raw []byte) *Document { // want Parse:"holdsParam\\(0.1\\)"
	title, _, _ := bytes.Cut(raw, []byte("\n"))
	return &Document{Title: string(title), Raw: raw}
}

// NewMatcher returns a matcher that needs only the document's title.
func NewMatcher(doc *Document) func(string) bool { // want NewMatcher:"returnsClosure\\(0:doc.Title\\)"
	return func(q string) bool { return strings.Contains(doc.Title, q) }
}

// Matcher returns a matcher that needs only the document's title.
func (d *Document) Matcher() func(string) bool { // want Matcher:"returnsClosure\\(0:d.Title\\)"
	return func(q string) bool { return strings.EqualFold(d.Title, q) }
}

// NewSizer returns a closure that keeps a whole body to report its length.
func NewSizer(r io.Reader) func() int { // want NewSizer:"returnsClosure\\(own:len\\(body\\)\\)"
	body, _ := io.ReadAll(r)
	return func() int { return len(body) }
}

// Watch logs the size of data until ctx ends.
func Watch(ctx context.Context, data []byte) { // want Watch:"pins\\(1:len\\(data\\)\\)"
	go func() {
		<-ctx.Done()
		log.Printf("released %d bytes", len(data))
	}()
}
