// Package store is a fixture with an in-package test and an external
// test package: its finding must be reported once, not once per variant.
package store

import "net/http"

var hits = map[string]int{} // LEAK(globalgrowth)

// Count is an HTTP handler that counts requests per path.
func Count(w http.ResponseWriter, r *http.Request) {
	hits[r.URL.Path]++
}
