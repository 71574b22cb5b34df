package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

var hitsMu sync.Mutex

// POSITIVE: per-path counter in an HTTP handler; the key is the request
// path (unbounded, attacker controlled) and nothing deletes entries.
var hits = map[string]int{} // want `package-level map "hits" grows without bound: .* adds entries and nothing deletes them`

func handleHits(w http.ResponseWriter, r *http.Request) {
	hitsMu.Lock()
	hits[r.URL.Path]++
	n := hits[r.URL.Path]
	hitsMu.Unlock()
	fmt.Fprintf(w, "%s: %d hits\n", r.URL.Path, n)
}

var visitorsMu sync.Mutex

// POSITIVE: growth happens in an unexported helper that is called from an
// HTTP handler, so the helper runs repeatedly too.
var visitors = map[string]time.Time{} // want `package-level map "visitors" grows without bound: .* adds entries and nothing deletes them`

func handleIndex(w http.ResponseWriter, r *http.Request) {
	recordVisit(clientIP(r))
	fmt.Fprintln(w, "welcome")
}

func recordVisit(ip string) {
	visitorsMu.Lock()
	visitors[ip] = time.Now()
	visitorsMu.Unlock()
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

type session struct {
	id     string
	user   string
	opened time.Time
}

type server struct {
	mu    sync.Mutex
	conns map[string]*session
}

// POSITIVE: a map field behind a package-level pointer-to-struct var, grown
// through the global in a handler; sessions are never removed.
var srv = &server{conns: map[string]*session{}} // want `package-level map "srv.conns" grows without bound: .* adds entries and nothing deletes them`

func handleConnect(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get("X-Session-ID")
	srv.mu.Lock()
	srv.conns[id] = &session{id: id, user: r.FormValue("user"), opened: time.Now()}
	srv.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

type registry struct {
	mu    sync.Mutex
	items map[string]int
}

// add grows the receiver's items map; it is harmless on its own, but it is
// called on the package-level reg from a handler.
func (r *registry) add(k string, v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items[k] = v
}

// POSITIVE: grown through a method on the receiver, invoked on the global
// from an HTTP handler; reported with the field name "reg.items".
var reg = &registry{items: map[string]int{}} // want `package-level map "reg.items" grows without bound: .* adds entries and nothing deletes them`

func handleRegister(w http.ResponseWriter, req *http.Request) {
	score, err := strconv.Atoi(req.FormValue("score"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	reg.add(req.FormValue("player"), score)
}

// POSITIVE: *sync.Map created with new(sync.Map); every login stores a fresh
// token and logout never deletes it.
var tokens = new(sync.Map) // want `package-level .*sync\.Map "tokens" grows without bound: .* stores entries and nothing deletes them`

func handleLogin(w http.ResponseWriter, r *http.Request) {
	tok := newToken()
	tokens.Store(tok, r.FormValue("user"))
	fmt.Fprintln(w, tok)
}

func newToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// POSITIVE: a callback registered by the package's own handler, once per
// request: the hook list grows with traffic.
var requestCleanups []func() // want `package-level slice "requestCleanups" grows without bound: handleUpload appends to it`

func handleUpload(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("name")
	requestCleanups = append(requestCleanups, func() { _ = name })
}
