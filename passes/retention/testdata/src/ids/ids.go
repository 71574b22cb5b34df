// Package ids caches request IDs cut from request bodies.
package ids

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

var (
	mu     sync.Mutex
	seen   = map[string]string{}
	recent [][]byte
)

// POSITIVE: the first 16 bytes of the body, as a substring of a copy of
// all of it, keep the whole body per remote address.
func Remember(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	id := string(body)[:16] // want `substring string\(body\)\[:16\] of input-sized \[\]byte from io\.ReadAll is stored in package-level map "seen" and keeps all of it alive; copy it with strings\.Clone`
	mu.Lock()
	seen[r.RemoteAddr] = id
	mu.Unlock()
}

// POSITIVE: a subslice of the body appended to a package-level slice.
func Track(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	mu.Lock()
	defer mu.Unlock()
	recent = append(recent, body[4:20]) // want `subslice body\[4:20\] of input-sized \[\]byte from io\.ReadAll is stored in package-level slice "recent" and keeps all of it alive; copy it with bytes\.Clone`
}

type entry struct {
	id string
	n  int
}

var entries []entry

// POSITIVE: a struct holding the view, appended to a package-level slice.
func Log(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	e := entry{id: string(body)[:16], n: len(body)} // want `substring string\(body\)\[:16\] of input-sized \[\]byte from io\.ReadAll is stored in package-level slice "entries"`
	mu.Lock()
	entries = append(entries, e)
	mu.Unlock()
}

// NEAR-MISS: string(body[:16]) copies 16 bytes.
func RememberCopy(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	mu.Lock()
	seen[r.RemoteAddr] = string(body[:16])
	mu.Unlock()
}

// NEAR-MISS: bytes.Clone copies.
func TrackClone(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	mu.Lock()
	recent = append(recent, bytes.Clone(body[4:20]))
	mu.Unlock()
}

// NEAR-MISS: append to a fresh slice copies the bytes.
func TrackAppend(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	mu.Lock()
	recent = append(recent, append([]byte(nil), body[4:20]...))
	mu.Unlock()
}

// NEAR-MISS: copy into a new slice.
func TrackCopy(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	id := make([]byte, 16)
	copy(id, body[:16])
	mu.Lock()
	recent = append(recent, id)
	mu.Unlock()
}

// NEAR-MISS: a capped read is small.
func RememberCapped(r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 512))
	mu.Lock()
	seen[r.RemoteAddr] = string(body)[:16]
	mu.Unlock()
}

// POSITIVE: a prefix bounded by min is still a view of the whole body.
func RememberPrefix(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	mu.Lock()
	recent = append(recent, body[:min(len(body), 16)]) // want `subslice body\[:min\(len\(body\), 16\)\] of input-sized \[\]byte from io\.ReadAll is stored in package-level slice "recent" and keeps all of it alive; copy it with bytes\.Clone`
	mu.Unlock()
}
