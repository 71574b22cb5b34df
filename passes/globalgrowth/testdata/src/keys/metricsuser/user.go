// Package metricsuser calls package metrics' get-or-create APIs: the key
// each call passes decides whether a registry grows.
package metricsuser

import (
	"net/http"
	"strconv"

	"keys/metrics"
)

type API struct{ prefix string }

func NewAPI(prefix string) *API { return &API{prefix: prefix} }

func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// NEGATIVE: constant names.
	metrics.Lookup("requests").Inc()
	metrics.Default("hits").Inc()
	// NEGATIVE: a receiver field set only where the API is built.
	metrics.Lookup(a.prefix).Inc()
	// NEGATIVE: a key computed from a bool has two values.
	metrics.Observe(strconv.FormatBool(r.Method == http.MethodGet), 1)
	// POSITIVE: Observe's map is keyed by the method the client sends.
	metrics.Observe(r.Method, 1) // want `metrics\.Observe adds entries to package-level map "seen" of package metrics, keyed by r\.Method, derived from the request r of \(\*API\)\.ServeHTTP`
	// POSITIVE: one family per request path.
	metrics.Lookup(r.URL.Path).Inc() // want `metrics\.Lookup adds entries to package-level map "families" of package metrics, keyed by r\.URL\.Path, derived from the request r of \(\*API\)\.ServeHTTP`
	// POSITIVE: nested in a loop over the request's header values.
	for _, h := range r.Header["X-Trace"] {
		metrics.Default(h).Inc() // want `metrics\.Default adds entries to package-level map "defaultReg\.m" of package metrics, keyed by r\.Header\["X-Trace"\]\[i\], derived from the request r`
	}
}

// NEGATIVE: a helper every caller passes a constant to.
func count(name string) { metrics.Lookup(name).Inc() }

func (a *API) Health(w http.ResponseWriter, r *http.Request) {
	count("health")
	count("probe")
}
