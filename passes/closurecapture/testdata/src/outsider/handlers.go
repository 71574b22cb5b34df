package outsider

import (
	"bufio"
	"bytes"
	"io"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Archiver stores uploads.
type Archiver struct {
	mu     sync.Mutex
	stored map[string]int
}

func (a *Archiver) store(name string, b []byte) {
	a.mu.Lock()
	a.stored[name] = len(b)
	a.mu.Unlock()
}

// Upload copies the body into a buffer, and a timer keeps the buffer to log
// its length.
func (a *Archiver) Upload(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r.Body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	a.store(r.URL.Path, buf.Bytes())
	time.AfterFunc(time.Minute, func() { log.Printf("archived %d bytes", buf.Len()) }) // want `closure passed to time\.AfterFunc captures "buf" \(input-sized bytes\.Buffer filled from input\) but uses only buf\.Len\(\); call the method before the closure and capture its result`
}

// Mirror reads a remote page through bufio into a strings.Builder.
func (a *Archiver) Mirror(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var sb strings.Builder
	if _, err := io.Copy(&sb, bufio.NewReader(resp.Body)); err != nil {
		return err
	}
	page := sb.String()
	a.store(url, []byte(page))
	time.AfterFunc(time.Hour, func() { log.Printf("mirror of %s: %d bytes", url, len(page)) }) // want `captures "page" \(input-sized string from \(\*strings\.Builder\)\.String\) but uses only len\(page\)`
	return nil
}

// Frame is one camera frame.
type Frame struct {
	Seq    uint64
	Camera string
	Pixels [640 * 480]byte
}

// Recorder keeps recent frames.
type Recorder struct {
	ttl    time.Duration
	recent map[uint64]bool
}

func (r *Recorder) evict(seq uint64) { delete(r.recent, seq) }

// Capture receives frames by value; the eviction timer keeps a copy of the
// whole frame for its sequence number.
func (r *Recorder) Capture(f Frame) {
	r.recent[f.Seq] = true
	time.AfterFunc(r.ttl, func() { r.evict(f.Seq) }) // want `closure passed to time\.AfterFunc captures "f" \(Frame of 300 KiB\) but uses only f\.Seq`
}

// Upload is a stored upload.
type Upload struct {
	ID    string
	Owner string
	Data  []byte
}

// Server accepts uploads.
type Server struct {
	mu       sync.Mutex
	pending  map[string]bool
	onReload []func()
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handleUpload(w, r) }

func (s *Server) forget(id string) {
	s.mu.Lock()
	delete(s.pending, id)
	s.mu.Unlock()
}

func (s *Server) process(u *Upload) { log.Printf("processing %s (%d bytes)", u.ID, len(u.Data)) }

// handleUpload keeps the upload, body included, for an hour to forget its ID.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	up := &Upload{ID: r.URL.Query().Get("id"), Owner: r.Header.Get("X-User")}
	up.Data = data
	s.process(up)
	time.AfterFunc(time.Hour, func() { s.forget(up.ID) }) // want `captures "up" \(\*Upload holding input-sized \[\]byte from io\.ReadAll in field Data\) but uses only up\.ID`
}

// Reloadable registers a reload hook on the server, which lives as long as
// it serves.
func (s *Server) Reloadable(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.onReload = append(s.onReload, func() { log.Printf("reload, last body was %d bytes", len(body)) }) // want `closure stored in field "onReload" of \*Server \(which serves HTTP requests\) captures "body" \(input-sized \[\]byte from io\.ReadAll\) but uses only len\(body\)`
	s.mu.Unlock()
}

// Watchdog stops its timer only when the upload succeeds; on error the
// timer keeps the whole body for its length.
func (a *Archiver) Watchdog(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	t := time.AfterFunc(5*time.Second, func() { log.Printf("slow upload: %d bytes", len(body)) }) // want `closure passed to time\.AfterFunc captures "body" \(input-sized \[\]byte from io\.ReadAll\) but uses only len\(body\)`
	if r.URL.Query().Get("dry") != "" {
		return
	}
	a.store(r.URL.Path, body)
	t.Stop()
}
