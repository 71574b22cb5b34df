// LEAK: the Tenant middleware stores each request's tenant in a package-level
// map keyed by the *http.Request. Forget deletes an entry, but nothing on the
// request path calls it, so every request served leaves its entry, and the
// whole *http.Request it points to, in the map for good.
package leak

import (
	"net/http"
	"sync"
)

var (
	mu      sync.RWMutex
	tenants = map[*http.Request]string{} // want `package-level map "tenants" grows without bound: Tenant \(closure\) adds entries and only Forget removes them, which nothing on the request.s path calls, keyed by r, new on every request or call \(the request r of Tenant \(closure\)\)`
)

// Tenant records the caller's tenant for handlers further down the chain.
func Tenant(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		tenants[r] = r.Header.Get("X-Tenant")
		mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// TenantOf returns the tenant recorded for r.
func TenantOf(r *http.Request) string {
	mu.RLock()
	defer mu.RUnlock()
	return tenants[r]
}

// Forget drops r's entry once the request is done.
func Forget(r *http.Request) {
	mu.Lock()
	delete(tenants, r)
	mu.Unlock()
}
