package server

import (
	"net/http"
	"sync/atomic"
	"time"
)

// Metrics counts samples taken.
type Metrics struct {
	samples atomic.Int64
}

func (m *Metrics) sample() { m.samples.Add(1) }

// Register installs the debug handlers on mux.
func Register(mux *http.ServeMux, m *Metrics) {
	mux.HandleFunc("/debug/sample", func(w http.ResponseWriter, r *http.Request) {
		// POSITIVE: the handler runs once per request; each request starts a
		// ticker that is never stopped and a goroutine that reads it for ever.
		t := time.NewTicker(time.Second) // want `ticker "t" from time\.NewTicker is never stopped and is read by a goroutine that never exits`
		go func() {
			for range t.C {
				m.sample()
			}
		}()
		w.WriteHeader(http.StatusAccepted)
	})
}
