// Package api implements the shop's HTTP API.
package api

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"sync"
	"time"

	"example.com/shop/internal/cache"
	"example.com/shop/internal/worker"
)

// Server serves the shop API and owns its background components.
type Server struct {
	configPath string
	pool       *worker.Pool
	loader     *cache.Loader
	janitor    *cache.Janitor

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New returns a Server. Call Start before serving requests.
func New(configPath string, pool *worker.Pool, loader *cache.Loader) *Server {
	return &Server{
		configPath: configPath,
		pool:       pool,
		loader:     loader,
		janitor:    cache.NewJanitor(30 * time.Second),
	}
}

// Routes registers the API handlers on mux.
func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /products/{id}", s.handleProduct)
	mux.HandleFunc("POST /checkout", s.handleCheckout)
	mux.HandleFunc("GET /events", s.handleEvents)
	mux.HandleFunc("POST /admin/reload", s.handleReload)
	mux.HandleFunc("PUT /admin/config/{key}", s.handleSetConfig)
	mux.HandleFunc("GET /admin/audit", s.handleAudit)
}

// Start launches the worker pool and the cache janitor.
func (s *Server) Start(ctx context.Context) {
	ctx, s.cancel = context.WithCancel(ctx)
	s.pool.Start(ctx)
	s.wg.Go(func() { s.janitor.Run(ctx) })
}

// Close stops background work and waits for it to finish.
func (s *Server) Close() error {
	if s.cancel != nil {
		s.cancel()
	}
	s.wg.Wait()
	s.pool.Stop()
	return nil
}

// seenMu guards seenIDs.
var seenMu sync.Mutex

// seenIDs holds every idempotency key accepted by checkout.
var seenIDs = make(map[string]struct{}) // LEAK(globalgrowth)

// alreadySeen reports whether id was seen before, and marks it as seen.
func (s *Server) alreadySeen(id string) bool {
	seenMu.Lock()
	defer seenMu.Unlock()
	if _, ok := seenIDs[id]; ok {
		return true
	}
	seenIDs[id] = struct{}{}
	return false
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Printf("api: write response: %v", err)
	}
}
