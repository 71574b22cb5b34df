//go:build leakvet_fixture

// Package leak is only built with -tags=leakvet_fixture.
package leak

import "net/http"

var seen = map[string]bool{} // LEAK(globalgrowth)

// Mark is an HTTP handler that remembers every path it is asked for.
func Mark(w http.ResponseWriter, r *http.Request) {
	seen[r.URL.Path] = true
}
