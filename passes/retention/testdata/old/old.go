// Package old is a module at go 1.19: bytes.Clone (go1.20) and
// slices.Clone (go1.21) are not available there, strings.Clone (go1.18) is.
package old

import (
	"io"
	"net/http"
)

var (
	ids   [][]byte
	names []string
)

// POSITIVE: no bytes.Clone before go1.20: the message says how to copy,
// and no fix is offered.
func Keep(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	ids = append(ids, body[:16]) // want `subslice body\[:16\] of input-sized \[\]byte from io\.ReadAll is stored in package-level slice "ids" and keeps all of it alive; copy it with append\(\[\]byte\(nil\), \.\.\.\) before keeping it`
}

// POSITIVE: strings.Clone exists since go1.18: the fix uses it.
func Name(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	names = append(names, string(body)[:8]) // want `substring string\(body\)\[:8\] of input-sized \[\]byte from io\.ReadAll is stored in package-level slice "names" and keeps all of it alive; copy it with strings\.Clone`
}
