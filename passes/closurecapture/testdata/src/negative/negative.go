// Package negative holds closures that capture large values but are not
// long-lived, or that need what they keep.
package negative

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"sort"
	"sync"
	"time"
)

var (
	once  sync.Once
	title string
	hooks []func()
)

// NEGATIVE: called directly, deferred, or by sort/once: synchronous.
func Synchronous(path string, names []string) int {
	raw, _ := os.ReadFile(path)
	n := func() int { return len(raw) }()
	defer func() { log.Printf("%d", len(raw)) }()
	sort.Slice(names, func(i, j int) bool { return len(raw) > 0 && names[i] < names[j] })
	once.Do(func() { title = string(raw[:8]) })
	return n
}

// NEGATIVE: the closure is passed to a function we know nothing about.
func Unknown(r io.Reader, run func(func())) {
	raw, _ := io.ReadAll(r)
	run(func() { log.Print(len(raw)) })
}

// NEGATIVE: the closure writes the captured variable.
func Written(r io.Reader) {
	raw, _ := io.ReadAll(r)
	hooks = append(hooks, func() {
		log.Print(len(raw))
		raw = nil
	})
}

// NEGATIVE: another long-lived closure uses the whole value, so it stays
// alive anyway.
func Shared(r io.Reader) {
	raw, _ := io.ReadAll(r)
	hooks = append(hooks, func() { log.Print(len(raw)) })
	hooks = append(hooks, func() { os.Stdout.Write(raw) })
}

// NEGATIVE: the value is returned to the caller: the closure adds nothing.
func Returned(r io.Reader) []byte { // want Returned:"returnsInput"
	raw, _ := io.ReadAll(r)
	time.AfterFunc(time.Second, func() { log.Print(len(raw)) })
	return raw
}

// NEGATIVE: the buffer's size is not known (make with a variable length).
func Variable(n int) {
	buf := make([]byte, n)
	hooks = append(hooks, func() { log.Print(len(buf)) })
}

// NEGATIVE: a goroutine that waits, but is joined before returning.
func Joined(r io.Reader, ready chan struct{}) {
	raw, _ := io.ReadAll(r)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-ready
		log.Print(len(raw))
	}()
	wg.Wait()
}

// NEGATIVE: each iteration's body is a fresh variable; the timer uses it
// whole.
func Loop(paths []string) {
	for _, p := range paths {
		raw, _ := os.ReadFile(p)
		time.AfterFunc(time.Second, func() { os.Stdout.Write(raw) })
	}
}

// NEGATIVE: a nil check and a length, but the value is also stored in a
// package-level var.
var last []byte

func Stored(r io.Reader) {
	raw, _ := io.ReadAll(r)
	last = raw
	hooks = append(hooks, func() { log.Print(raw != nil) })
}

// NEGATIVE: a one-off receive (a semaphore) does not make the goroutine
// long-lived; it ends after its work.
func Semaphore(r io.Reader, sem chan struct{}) {
	raw, _ := io.ReadAll(r)
	go func() {
		<-sem
		log.Print(len(raw))
		sem <- struct{}{}
	}()
}

// status is a fixed-shape reply: its encoding is small.
type status struct {
	Code int
	OK   bool
}

// NEGATIVE: a marshalled value without collections is small.
func Status(code int) {
	payload, _ := json.Marshal(status{Code: code, OK: code < 400})
	hooks = append(hooks, func() { log.Print(len(payload)) })
}

// NEGATIVE: a buffer built with Fprintf is not input-sized.
func Message(name string) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "hello %s", name)
	msg := b.String()
	hooks = append(hooks, func() { log.Print(msg[:5]) })
}

// NEGATIVE: the read is capped at 512 bytes.
func Capped(r io.Reader) {
	raw, _ := io.ReadAll(io.LimitReader(r, 512))
	hooks = append(hooks, func() { log.Print(len(raw)) })
}

var previewHooks []func() int

// NEAR-MISS: the closure captures a copy of at most 64 bytes.
func Preview(r io.Reader) {
	body, _ := io.ReadAll(r)
	preview := string(body[:min(len(body), 64)])
	previewHooks = append(previewHooks, func() int { return len(preview) })
}

var clipHooks []func() int

// NEAR-MISS: the variable is replaced by a small copy before the closure
// captures it.
func Clip(r io.Reader) {
	data, _ := io.ReadAll(r)
	data = bytes.Clone(data[:min(len(data), 64)])
	clipHooks = append(clipHooks, func() int { return len(data) })
}

// NEAR-MISS: the goroutine waits on a context the spawner cancels with
// defer cancel(): it ends when the spawner returns.
func OnDone(r io.Reader) {
	body, _ := io.ReadAll(r)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-ctx.Done()
		log.Printf("done with %d bytes", len(body))
	}()
	os.Stdout.Write(body)
}

// NEAR-MISS: the same with a channel the spawner closes by defer, in a
// select.
func OnQuit(r io.Reader) {
	body, _ := io.ReadAll(r)
	quit := make(chan struct{})
	defer close(quit)
	go func() {
		for {
			select {
			case <-quit:
				log.Printf("done with %d bytes", len(body))
				return
			case <-time.After(time.Second):
			}
		}
	}()
	os.Stdout.Write(body)
}
