package mux

import (
	"io"
	"log"
	"net/http"
	"sync"
)

// Request is one parsed API call; Body is the whole request body.
type Request struct {
	ID   string
	Body []byte
}

// API serves HTTP, so it lives as long as the server.
type API struct {
	mu      sync.Mutex
	onClose []func()
}

// POSITIVE: a hook stored in a field of a long-lived object keeps the
// whole body for the request ID.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	req := Request{ID: r.URL.Path, Body: body}
	a.mu.Lock()
	a.onClose = append(a.onClose, func() { log.Print("closing ", req.ID) }) // want `closure stored in field "onClose" of \*API \(which serves HTTP requests\) captures "req" \(Request holding input-sized \[\]byte from io\.ReadAll in field Body\) but uses only req\.ID`
	a.mu.Unlock()
}

// batch is a per-call helper object: nothing keeps it.
type batch struct {
	done []func()
}

// NEGATIVE: the field belongs to an object that dies with the call.
func Collect(r io.Reader) int {
	body, _ := io.ReadAll(r)
	b := &batch{}
	b.done = append(b.done, func() { log.Print(len(body)) })
	return len(b.done)
}
