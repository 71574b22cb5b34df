// Command inflight: maps keyed by values new on every request or call need
// a remover on that request's path; one elsewhere does not bound them.
package main

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

var (
	mu     sync.Mutex
	nextID atomic.Uint64
)

type Client struct{ send func(id uint64, req []byte) }

// POSITIVE: one entry per call, keyed by a counter-issued ID; only the
// exported Cancel deletes, and nothing calls it.
var inflight = map[uint64]chan []byte{} // want `package-level map "inflight" grows without bound: \(\*Client\)\.Do adds entries and only Cancel removes them, which nothing on the request's path calls, keyed by nextID\.Add\(1\), new on every request or call \(a new ID from counter nextID\)`

func (c *Client) Do(req []byte) []byte {
	id := nextID.Add(1)
	ch := make(chan []byte, 1)
	mu.Lock()
	inflight[id] = ch
	mu.Unlock()
	c.send(id, req)
	return <-ch
}

func Cancel(id uint64) {
	mu.Lock()
	delete(inflight, id)
	mu.Unlock()
}

// NEGATIVE: the same shape, but Do2 defers the remover.
var waiting = map[uint64]chan []byte{}

func (c *Client) Do2(req []byte) []byte {
	id := nextID.Add(1)
	ch := make(chan []byte, 1)
	mu.Lock()
	waiting[id] = ch
	mu.Unlock()
	defer c.finish(id)
	c.send(id, req)
	return <-ch
}

func (c *Client) finish(id uint64) {
	mu.Lock()
	delete(waiting, id)
	mu.Unlock()
}

// NEGATIVE: a helper inserts and another helper, called by the same
// handler, removes after a delay.
var started = map[*http.Request]time.Time{}

func track(r *http.Request) {
	mu.Lock()
	started[r] = time.Now()
	mu.Unlock()
}

func untrack(r *http.Request) {
	time.AfterFunc(time.Second, func() {
		mu.Lock()
		delete(started, r)
		mu.Unlock()
	})
}

func handleTracked(w http.ResponseWriter, r *http.Request) {
	track(r)
	defer untrack(r)
	w.WriteHeader(http.StatusNoContent)
}

// POSITIVE: a sync.Map keyed by the request, with an exported Done that no
// handler calls.
var users sync.Map // want `package-level sync\.Map "users" grows without bound: handleUser stores entries and only Done removes them, which nothing on the request's path calls, keyed by r, new on every request or call`

func handleUser(w http.ResponseWriter, r *http.Request) {
	users.Store(r, r.Header.Get("X-User"))
	w.WriteHeader(http.StatusNoContent)
}

func Done(r *http.Request) { users.Delete(r) }

// NEGATIVE: per-request keys, but a sweeper clears the whole map.
var seenAt = map[*http.Request]time.Time{}

func handleSeen(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	seenAt[r] = time.Now()
	mu.Unlock()
}

func sweep() {
	for range time.Tick(time.Minute) {
		mu.Lock()
		clear(seenAt)
		mu.Unlock()
	}
}

func main() {
	go sweep()
	http.HandleFunc("/t", handleTracked)
	http.HandleFunc("/u", handleUser)
	http.HandleFunc("/s", handleSeen)
	http.ListenAndServe(":8080", nil)
}
