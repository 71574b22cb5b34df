// Package watch starts goroutines that watch snapshots.
package watch

import (
	"context"
	"log"
	"os"
	"sort"
	"sync"
	"time"
)

// Snapshot is a full copy of the store: 128 KiB of blocks.
type Snapshot struct {
	Version int
	Blocks  [2048][64]byte
}

// Watcher polls for changes.
type Watcher struct {
	every time.Duration
	tick  chan time.Time
	ready chan struct{}
	out   *os.File
}

func (w *Watcher) check(version int) {}

// POSITIVE: the goroutine lives until ctx ends and keeps the whole snapshot
// to read its version.
func (w *Watcher) Start(ctx context.Context, snap *Snapshot) {
	go func() { // want `closure started as a goroutine that blocks and that nothing waits for captures "snap" \(\*Snapshot of 128 KiB\) but uses only snap\.Version; copy the field into a local before the closure`
		t := time.NewTicker(w.every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				w.check(snap.Version)
			}
		}
	}()
}

// POSITIVE: a goroutine that never returns keeps a whole file to log its
// size.
func (w *Watcher) Follow(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	go func() { // want `closure started as a goroutine that never returns captures "raw" \(input-sized \[\]byte from os\.ReadFile\) but uses only len\(raw\)`
		for t := range w.tick {
			log.Printf("%s: %s still %d bytes", t, path, len(raw))
		}
		select {}
	}()
	return nil
}

// follow is a helper whose goroutine pins its parameter (fact-free: same
// package, found through the summary).
func (w *Watcher) follow(raw []byte) {
	go func() {
		for range w.tick {
			log.Printf("watching %d bytes", len(raw))
		}
	}()
}

// POSITIVE (interprocedural, same package): Tail hands a whole file to a
// helper whose goroutine uses only its length.
func (w *Watcher) Tail(path string) {
	raw, _ := os.ReadFile(path)
	w.follow(raw) // want `call to \(\*Watcher\)\.follow pins "raw" \(input-sized \[\]byte from os\.ReadFile\): \(\*Watcher\)\.follow keeps its parameter "raw" in a closure started as a goroutine that blocks and that nothing waits for, which uses only len\(raw\)`
}

// NEGATIVE: joined goroutine; the snapshot is released when Scan returns.
func (w *Watcher) Scan(snap *Snapshot) int {
	var wg sync.WaitGroup
	var v int
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-w.ready
		v = snap.Version
	}()
	wg.Wait()
	return v
}

// NEGATIVE: joined through a channel the goroutine closes.
func (w *Watcher) Await(snap *Snapshot) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-w.ready
		w.check(snap.Version)
	}()
	<-done
}

// NEGATIVE: the goroutine needs the whole buffer.
func (w *Watcher) Mirror(path string) {
	raw, _ := os.ReadFile(path)
	go func() {
		for range w.tick {
			w.out.Write(raw)
		}
	}()
}

// NEGATIVE: a goroutine that finishes on its own is short-lived.
func (w *Watcher) Once(snap *Snapshot) {
	go func() {
		w.check(snap.Version)
	}()
}

// NEGATIVE: synchronous closure.
func (w *Watcher) Sorted(path string, names []string) {
	raw, _ := os.ReadFile(path)
	sort.Slice(names, func(i, j int) bool { return len(raw) > 0 && names[i] < names[j] })
}

// The deferred closure stops the timer on one path only.
func WatchdogMaybe(path string, quiet bool) {
	raw, _ := os.ReadFile(path)
	t := time.AfterFunc(5*time.Second, func() { log.Printf("slow: %d bytes", len(raw)) }) // want `closure passed to time\.AfterFunc captures "raw"`
	defer func() {
		if quiet {
			t.Stop()
		}
	}()
	os.Stdout.Write(raw)
}

var clipHooks []func() int

// The variable is replaced by a small copy on one path only.
func ClipSome(path string, short bool) {
	raw, _ := os.ReadFile(path)
	if short {
		raw = raw[:0:0]
	}
	clipHooks = append(clipHooks, func() int { return len(raw) }) // want `closure stored in package-level slice "clipHooks" captures "raw"`
}

// The spawner's cancel is not deferred: the goroutine outlives it.
func OnDoneLeak(path string) {
	raw, _ := os.ReadFile(path)
	ctx, cancel := context.WithCancel(context.Background())
	_ = cancel
	go func() { // want `closure started as a goroutine that blocks and that nothing waits for captures "raw"`
		<-ctx.Done()
		log.Printf("done with %d bytes", len(raw))
	}()
	os.Stdout.Write(raw)
}
