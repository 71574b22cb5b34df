// LEAK: pools holds one sync.Pool per buffer size, but the upload handler
// sizes its buffer from each request's Content-Length, so nearly every
// upload adds a pool (and its New closure) that is never removed.
package leak

import (
	"io"
	"net/http"
	"sync"
)

var (
	mu    sync.Mutex
	pools = map[int]*sync.Pool{} // want `package-level map "pools" grows without bound: poolFor adds entries and nothing deletes them, keyed by size \(\(\*Store\)\.Upload passes int\(r\.ContentLength\)\), derived from the request r of \(\*Store\)\.Upload`
)

func poolFor(size int) *sync.Pool {
	mu.Lock()
	defer mu.Unlock()
	p, ok := pools[size]
	if !ok {
		p = &sync.Pool{New: func() any { b := make([]byte, size); return &b }}
		pools[size] = p
	}
	return p
}

type Store struct {
	save func(name string, data []byte) error
}

func (s *Store) Upload(w http.ResponseWriter, r *http.Request) { // want Upload:"grows map"
	if r.ContentLength <= 0 || r.ContentLength > 8<<20 {
		http.Error(w, "bad length", http.StatusBadRequest)
		return
	}
	pool := poolFor(int(r.ContentLength))
	bp := pool.Get().(*[]byte)
	defer pool.Put(bp)
	if _, err := io.ReadFull(r.Body, *bp); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := s.save(r.URL.Path, *bp); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
