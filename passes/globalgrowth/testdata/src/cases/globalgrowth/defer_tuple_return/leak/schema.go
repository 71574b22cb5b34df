// LEAK: schemaFor caches a compiled validator per schema URL, and the URL
// comes from each request's X-Schema header. Entries are never evicted, so
// every distinct URL a client sends adds a compiled schema for good.
package leak

import (
	"encoding/json"
	"net/http"
	"sync"
)

type schema struct {
	url      string
	required []string
}

var (
	mu      sync.Mutex
	schemas = map[string]*schema{} // want `package-level map "schemas" grows without bound: schemaFor adds entries and nothing deletes them, keyed by url \(Validate passes r\.Header\.Get\("X-Schema"\)\), derived from the request r of Validate`
)

func schemaFor(url string) (*schema, error) {
	mu.Lock()
	defer mu.Unlock()
	if s, ok := schemas[url]; ok {
		return s, nil
	}
	s, err := compile(url)
	if err != nil {
		return nil, err
	}
	schemas[url] = s
	return s, nil
}

func compile(url string) (*schema, error) {
	return &schema{url: url, required: []string{"id"}}, nil
}

func Validate(w http.ResponseWriter, r *http.Request) { // want Validate:"grows map"
	s, err := schemaFor(r.Header.Get("X-Schema"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var doc map[string]any
	json.NewDecoder(r.Body).Decode(&doc)
	for _, f := range s.required {
		if _, ok := doc[f]; !ok {
			http.Error(w, "missing "+f, http.StatusUnprocessableEntity)
		}
	}
}
