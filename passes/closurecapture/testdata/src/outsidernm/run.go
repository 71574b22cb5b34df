package outsidernm

import (
	"context"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"outsiderlib"
)

// Upload is a stored upload.
type Upload struct {
	ID   string
	Data []byte
}

func (u *Upload) cleanup() { log.Printf("cleanup %s", u.ID) }

// Snapshot is a large value with a value method.
type Snapshot struct {
	Seq  int
	Data [1 << 17]byte
}

func (s Snapshot) report() { log.Print(s.Seq) }

func archive(b []byte) { log.Print(len(b)) }

// NEAR-MISS: deferred: the closure runs before the function returns.
func Deferred(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	defer func() { log.Printf("read %d bytes", len(body)) }()
	archive(body)
}

// NEAR-MISS: workers joined with a WaitGroup before returning.
func Parallel(paths []string) {
	data, _ := os.ReadFile(paths[0])
	jobs := make(chan string)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				log.Printf("%s against %d bytes", p, len(data))
			}
		}()
	}
	for _, p := range paths {
		jobs <- p
	}
	close(jobs)
	wg.Wait()
}

// NEAR-MISS: an errgroup-like helper from another package waits.
func Grouped(r io.Reader, parts []string) error {
	body, _ := io.ReadAll(r)
	var g outsiderlib.Group
	for _, p := range parts {
		g.Go(func() error {
			log.Printf("%s: %d", p, len(body))
			return nil
		})
	}
	return g.Wait()
}

// NEAR-MISS: a goroutine that runs briefly and returns.
func Brief(r io.Reader, done chan<- int) {
	body, _ := io.ReadAll(r)
	go func() { done <- len(body) }()
	archive(body)
}

// NEAR-MISS: the goroutine's result is received before returning.
func Joined(ctx context.Context, r io.Reader) int {
	body, _ := io.ReadAll(r)
	res := make(chan int)
	go func() {
		t := time.NewTimer(time.Second)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
		res <- len(body)
	}()
	return <-res
}

// NEAR-MISS: the timer uses the whole body through a helper.
func Later(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	time.AfterFunc(time.Minute, func() { archive(body) })
}

// NEAR-MISS: the length is copied first.
func Copied(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	n := len(body)
	time.AfterFunc(time.Minute, func() { log.Printf("%d bytes", n) })
	archive(body)
}

var tagHooks []func() int

// NEAR-MISS: len of a small slice.
func Tags(r *http.Request) {
	tags := strings.Fields(r.Header.Get("X-Tags"))
	tagHooks = append(tagHooks, func() int { return len(tags) })
}

// POSITIVE since issue 15 (was a decided near-miss): a method value is
// judged like the closure func() { up.cleanup() }, by what the method uses
// of its receiver.
func MethodValue(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	up := &Upload{ID: r.URL.Path, Data: body}
	time.AfterFunc(time.Minute, up.cleanup) // want `method value up.cleanup passed to time.AfterFunc captures "up" \(\*Upload holding input-sized \[\]byte from io.ReadAll in field Data\) but \(\*Upload\).cleanup uses only up.ID`
}

// POSITIVE since issue 15: the same with a large value receiver.
func ValueMethod(s Snapshot) {
	time.AfterFunc(time.Minute, s.report) // want `method value s.report passed to time.AfterFunc captures "s" \(Snapshot of 128 KiB\) but \(Snapshot\).report uses only s.Seq`
}

// Cache is a cache whose lifetime its owner decides.
type Cache struct {
	onEvict func()
}

func (c *Cache) run() {
	if c.onEvict != nil {
		c.onEvict()
	}
}

// NEAR-MISS: a local cache dies with the function.
func LocalCache(r io.Reader) {
	img, _ := io.ReadAll(r)
	c := &Cache{}
	c.onEvict = func() { log.Print(len(img)) }
	c.run()
}

// NEAR-MISS: a short-lived worker: no loop, no wait.
func Notify(r io.Reader) {
	body, _ := io.ReadAll(r)
	go func() { log.Printf("received %d bytes", len(body)) }()
	archive(body)
}

// NEAR-MISS: the handler writes the whole body back.
func Echo(mux *http.ServeMux, r io.Reader) {
	body, _ := io.ReadAll(r)
	mux.HandleFunc("/echo", func(w http.ResponseWriter, _ *http.Request) { w.Write(body) })
}

var onceHooks []func()

// NEAR-MISS: sync.Once in a local scope runs the closure now.
func Once(r io.Reader) {
	body, _ := io.ReadAll(r)
	var once sync.Once
	once.Do(func() { log.Print(len(body)) })
	onceHooks = append(onceHooks, func() {})
}

// NEAR-MISS: the timer is stopped by a deferred closure.
func WatchdogClosure(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	t := time.AfterFunc(5*time.Second, func() { log.Printf("slow request: %d bytes", len(body)) })
	defer func() { t.Stop() }()
	archive(body)
}

// NEAR-MISS: context.AfterFunc's stop func called by a deferred closure.
func OnCancel(ctx context.Context, r io.Reader) {
	body, _ := io.ReadAll(r)
	stop := context.AfterFunc(ctx, func() { log.Printf("cancelled with %d bytes", len(body)) })
	defer func() {
		log.Print("done")
		stop()
	}()
	archive(body)
}

// NEAR-MISS: a watchdog timer stopped when the request is done.
func Watchdog(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	t := time.AfterFunc(5*time.Second, func() { log.Printf("slow request: %d bytes", len(body)) })
	defer t.Stop()
	archive(body)
}

// NEAR-MISS: a stop func called before every return.
func Cancellable(ctx context.Context, r io.Reader) {
	body, _ := io.ReadAll(r)
	stop := context.AfterFunc(ctx, func() { log.Printf("cancelled after %d bytes", len(body)) })
	if len(body) == 0 {
		stop()
		return
	}
	archive(body)
	stop()
}

// NEAR-MISS: the request is a parameter: its size is unknown (its body is
// a stream, not in memory).
func Trace(ctx context.Context, r *http.Request) { // want Trace:"pins\\(1:r.URL.Path\\)"
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
				log.Printf("still serving %s", r.URL.Path)
			}
		}
	}()
}
