// Command validated keys maps by request values that are checked first:
// against constants (a switch), a fixed allow-list, or two bounds. Those
// maps are bounded; the same maps behind checks that leave a way through
// are not.
package main

import (
	"log"
	"net/http"
	"strconv"
	"sync"
)

var (
	mu          sync.Mutex
	knownEvents = map[string]bool{"click": true, "view": true, "buy": true}
	eventCount  = map[string]int{} // NEGATIVE: only allow-listed names
	fmtCount    = map[string]int{} // NEGATIVE: a switch's three cases
	pageHits    = map[int]int{}    // NEGATIVE: 0 <= n < 10
	slotHits    = map[uint]int{}   // NEGATIVE: unsigned, n < 32
	kindCount   = map[string]int{} // NEGATIVE: ok of the allow-list lookup
	mixed       = map[string]int{} // want `package-level map "mixed" grows without bound`
	lowOnly     = map[int]int{}    // want `package-level map "lowOnly" grows without bound`
	learned     = map[string]int{} // want `package-level map "learned" grows without bound`
	visitors    = map[string]int{} // want `package-level map "visitors" grows without bound`
	capped      = map[string]int{} // NEGATIVE: a full map skips the insert
)

// knownKinds is an allow-list filled at start-up.
var knownKinds = map[string]struct{}{}

func init() {
	for _, k := range []string{"a", "b"} {
		knownKinds[k] = struct{}{}
	}
}

// allowed is a list the handlers extend: not an allow-list.
var allowed = map[string]bool{"x": true} // want `package-level map "allowed" grows without bound`

func handleEvent(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("event")
	if !knownEvents[name] {
		http.Error(w, "unknown event", http.StatusBadRequest)
		return
	}
	mu.Lock()
	eventCount[name]++
	mu.Unlock()
}

func handleFormat(w http.ResponseWriter, r *http.Request) {
	switch f := r.FormValue("format"); f {
	case "json", "xml", "csv":
		mu.Lock()
		fmtCount[f]++
		mu.Unlock()
	}
}

func handlePage(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.FormValue("page"))
	if err != nil || n < 0 || n >= 10 {
		return
	}
	mu.Lock()
	pageHits[n]++
	mu.Unlock()
}

func handleSlot(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.ParseUint(r.FormValue("slot"), 10, 64)
	if err != nil || n >= 32 {
		return
	}
	mu.Lock()
	slotHits[uint(n)]++
	mu.Unlock()
}

func handleKind(w http.ResponseWriter, r *http.Request) {
	k := r.FormValue("kind")
	if _, ok := knownKinds[k]; !ok {
		return
	}
	mu.Lock()
	kindCount[k]++
	mu.Unlock()
}

// One case of the switch falls through to the default, which inserts too.
func handleMixed(w http.ResponseWriter, r *http.Request) {
	f := r.FormValue("f")
	switch f {
	case "a", "b":
	default:
		log.Printf("unusual %q", f)
	}
	mu.Lock()
	mixed[f]++ // every path
	mu.Unlock()
}

// Only a lower bound.
func handleLow(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.FormValue("n"))
	if n < 0 {
		return
	}
	mu.Lock()
	lowOnly[n]++
	mu.Unlock()
}

// The "allow-list" is extended by requests.
func handleLearn(w http.ResponseWriter, r *http.Request) {
	k := r.FormValue("k")
	allowed[k] = true
	if !allowed[k] {
		return
	}
	mu.Lock()
	learned[k]++
	mu.Unlock()
}

// A length check that only logs bounds nothing.
func handleVisit(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	defer mu.Unlock()
	if len(visitors) > 10000 {
		log.Printf("visitor table large: %d", len(visitors))
	}
	visitors[r.RemoteAddr]++
}

// A length check that skips the insert in a loop.
func handleBatch(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	defer mu.Unlock()
	for _, k := range r.Form["k"] {
		if len(capped) >= 512 {
			continue
		}
		capped[k]++
	}
}

func main() {
	for p, h := range map[string]http.HandlerFunc{
		"/e": handleEvent, "/f": handleFormat, "/p": handlePage, "/s": handleSlot,
		"/k": handleKind, "/m": handleMixed, "/l": handleLow, "/a": handleLearn,
		"/v": handleVisit, "/b": handleBatch,
	} {
		http.HandleFunc(p, h)
	}
	log.Fatal(http.ListenAndServe(":8080", nil))
}
