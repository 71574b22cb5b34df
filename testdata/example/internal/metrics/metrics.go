// Package metrics records per-path request counters and response latencies
// for the shop HTTP service.
package metrics

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"
)

// Status is a coarse classification of an HTTP response code.
type Status int

// Response classes tracked by the collector.
const (
	StatusOK Status = iota
	StatusClientError
	StatusServerError
)

var statusNames = [...]string{StatusOK: "ok", StatusClientError: "client_error", StatusServerError: "server_error"}

// Sample is a single observed request, buffered until the next Flush.
type Sample struct {
	Path string
	Code int
	Took time.Duration
}

// mu guards all collector state below.
var mu sync.Mutex

// hits counts requests per URL path.
var hits = map[string]int{} // LEAK(globalgrowth)

// statusCounts counts responses per status class. OK(m): keys are the three
// Status constants only.
var statusCounts = map[Status]int{}

// buf holds samples observed since the last flush. OK(h): truncated by Flush.
var buf []Sample

// Handler wraps an http.Handler and records a sample for every request.
type Handler struct {
	next http.Handler
}

// Instrument returns next wrapped with request instrumentation.
func Instrument(next http.Handler) *Handler {
	return &Handler{next: next}
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
	start := time.Now()
	h.next.ServeHTTP(rec, r)
	took := time.Since(start)

	mu.Lock()
	defer mu.Unlock()
	hits[r.URL.Path]++
	switch {
	case rec.code >= 500:
		statusCounts[StatusServerError]++
	case rec.code >= 400:
		statusCounts[StatusClientError]++
	default:
		statusCounts[StatusOK]++
	}
	buf = append(buf, Sample{Path: r.URL.Path, Code: rec.code, Took: took})
}

// Flush writes all buffered samples to w and empties the buffer. Samples are
// dropped even if writing fails, so a broken sink cannot grow the buffer.
func Flush(w io.Writer) error {
	mu.Lock()
	defer mu.Unlock()
	var firstErr error
	for _, s := range buf {
		if firstErr != nil {
			break
		}
		_, firstErr = fmt.Fprintf(w, "sample path=%s code=%d took=%s\n", s.Path, s.Code, s.Took)
	}
	buf = buf[:0]
	return firstErr
}

// ServeCounts writes the current counters in a plain-text exposition format.
func ServeCounts(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	var paths []string
	counts := make(map[string]int)
	for p, n := range hits {
		paths = append(paths, p)
		counts[p] = n
	}
	var classes [len(statusNames)]int
	for st, n := range statusCounts {
		classes[st] = n
	}
	mu.Unlock()

	sort.Strings(paths)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	for _, p := range paths {
		fmt.Fprintf(w, "shop_requests_total{path=%q} %d\n", p, counts[p])
	}
	for st, n := range classes {
		fmt.Fprintf(w, "shop_responses_total{class=%q} %d\n", statusNames[st], n)
	}
}

// statusRecorder captures the status code written by the wrapped handler.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

// Flush lets streaming handlers behind the instrumentation keep working.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
