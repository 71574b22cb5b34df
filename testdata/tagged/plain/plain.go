// Package plain builds with or without tags; with the tag it uses a
// tagged variant of its helper.
package plain

import "net/http"

// Serve is an HTTP handler.
func Serve(w http.ResponseWriter, r *http.Request) { record(r.URL.Path) }
