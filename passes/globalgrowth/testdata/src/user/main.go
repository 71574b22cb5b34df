// Command user calls lib's exported functions; calls to lib.Track that run
// repeatedly are reported at the call site.
package main

import (
	"fmt"
	"lib"
	"net/http"
	"os"
)

// NEGATIVE: init runs once.
func init() {
	lib.Track("bootstrap")
}

// POSITIVE: an HTTP handler runs once per request and each call grows
// lib's unexported seen map.
func handleVisit(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	lib.Track(id) // want `lib\.Track adds entries to package-level map "seen" of package lib`
	fmt.Fprintln(w, lib.Seen(id))
}

func main() {
	// NEGATIVE: main outside any loop runs once.
	lib.Track("main")

	for _, id := range os.Args[1:] {
		// NEGATIVE: a loop over main's input ends with the input; the
		// process exits after it (a batch tool, not a daemon).
		lib.Track(id)
		// NEGATIVE: lib.Note's slice is reset by lib.Reset, so it is bounded.
		lib.Note("tracked " + id)
	}

	http.HandleFunc("/visit", handleVisit)
	go http.ListenAndServe(":8080", nil)

	ids := make(chan string)
	for {
		// POSITIVE: main's serve loop never ends; one call per event.
		lib.Track(<-ids) // want `lib\.Track adds entries to package-level map "seen" of package lib`
	}
}
