package outsider

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"os"
	"time"
)

// Config is a service's configuration file.
type Config struct {
	Name     string
	Backends []string
	Limits   map[string]int
}

// Service is the process-wide service.
type Service struct {
	reloaders []func()
	checkers  map[string]func() bool
}

var svc = &Service{checkers: map[string]func() bool{}}

// LoadConfig keeps the whole configuration in a reload hook of the
// package-level service to log its name.
func (s *Service) LoadConfig(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var cfg Config
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return err
	}
	s.reloaders = append(s.reloaders, func() { log.Printf("reloading %s", cfg.Name) }) // want `closure stored in field "reloaders" of \*Service \(which package-level var "svc" holds\) captures "cfg" \(input-sized Config decoded by json\.Unmarshal\) but uses only cfg\.Name`
	return nil
}

// Job is a named task.
type Job struct {
	Name string
	Run  func()
}

var registry []Job

// Schedule registers a job in a struct literal appended to a package-level
// slice; the job keeps the whole upload to log its size.
func Schedule(name string, r *http.Request) {
	var doc Document
	if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 10<<20)).Decode(&doc); err != nil {
		return
	}
	registry = append(registry, Job{Name: name, Run: func() { log.Printf("%s: %d sections", name, len(doc.Sections)) }}) // want `captures "doc" \(input-sized Document decoded by \(\*json\.Decoder\)\.Decode\) but uses only len\(doc\.Sections\)`
}

// newChecker returns a check that needs only the document's title.
func newChecker(doc *Document) func() bool {
	return func() bool { return doc.Title != "" }
}

// newCounter returns a check that needs only the number of sections.
func newCounter(doc *Document) func() bool {
	return func() bool { return len(doc.Sections) > 0 }
}

// Check keeps checkers made by helpers in the package-level service; each
// keeps the whole decoded document.
func (s *Service) Check(id string, raw []byte) {
	doc := new(Document)
	if json.Unmarshal(raw, doc) != nil {
		return
	}
	s.checkers[id] = newChecker(doc)      // want `closure returned by newChecker captures "doc" \(input-sized \*Document decoded by json\.Unmarshal\) but uses only doc\.Title`
	s.checkers[id+"/n"] = newCounter(doc) // want `closure returned by newCounter captures "doc" \(input-sized \*Document decoded by json\.Unmarshal\) but uses only len\(doc\.Sections\)`
}

// Cache is a generic cache with eviction callbacks.
type Cache[V any] struct {
	values map[string]V
	evict  []func()
}

// OnEvict adds an eviction callback.
func (c *Cache[V]) OnEvict(f func()) { c.evict = append(c.evict, f) } // want OnEvict:"storesFuncIn\\(1->0\\)"

var docCache Cache[*Document]

// CacheDoc registers an eviction callback on the package-level generic
// cache that keeps the whole document for its slug.
func CacheDoc(raw []byte) {
	var doc Document
	if json.Unmarshal(raw, &doc) != nil {
		return
	}
	docCache.OnEvict(func() { log.Printf("evicted %s", doc.Slug) }) // want `closure passed to \(\*Cache\[V\]\)\.OnEvict, which stores it in .* captures "doc" \(input-sized Document decoded by json\.Unmarshal\) but uses only doc\.Slug`
}

// watchUpload logs the upload's ID until ctx ends.
func watchUpload(ctx context.Context, up *Upload) {
	go func() {
		<-ctx.Done()
		log.Printf("upload %s released", up.ID)
	}()
}

// Track pins the whole upload through a helper that needs its ID.
func (s *Server) Track(ctx context.Context, r *http.Request) {
	up := &Upload{ID: r.URL.Path}
	if err := json.NewDecoder(r.Body).Decode(up); err != nil {
		return
	}
	watchUpload(ctx, up) // want `call to watchUpload pins "up" \(input-sized \*Upload decoded by \(\*json\.Decoder\)\.Decode\): watchUpload keeps its parameter "up" in a closure started as a goroutine that blocks and that nothing waits for, which uses only up\.ID`
}

// Poll keeps the whole decoded status for a field, in a goroutine that
// ticks forever.
func Poll(r *http.Request) {
	var status struct {
		Node   string
		Checks []string
	}
	if json.NewDecoder(r.Body).Decode(&status) != nil {
		return
	}
	go func() { // want `closure started as a goroutine that blocks and that nothing waits for captures "status" \(input-sized struct\{Node string; Checks \[\]string\} decoded by \(\*json\.Decoder\)\.Decode\) but uses only status\.Node`
		for range time.Tick(time.Minute) {
			log.Printf("node %s alive", status.Node)
		}
	}()
}
