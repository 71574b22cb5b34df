// Package good counts requests per path.
package good

import (
	"fmt"
	"net/http"
	"sync"
)

var mu sync.Mutex

// hits counts requests per URL path.
var hits = map[string]int{} // LEAK(globalgrowth)

// Count is an HTTP handler that records the request path and echoes its count.
func Count(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	hits[r.URL.Path]++
	n := hits[r.URL.Path]
	mu.Unlock()
	fmt.Fprintf(w, "%s: %d\n", r.URL.Path, n)
}
