package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"time"

	"example.com/shop/internal/cache"
	"example.com/shop/internal/config"
	"example.com/shop/internal/events"
)

type lineItem struct {
	SKU        string `json:"sku"`
	Qty        int    `json:"qty"`
	PriceCents int    `json:"price_cents"`
}

type checkoutRequest struct {
	Email string     `json:"email"`
	Items []lineItem `json:"items"`
}

func (s *Server) handleProduct(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	val, err := s.loader.Load(ctx, "product:"+id)
	switch {
	case errors.Is(err, cache.ErrNotFound):
		http.NotFound(w, r)
		return
	case err != nil:
		log.Printf("api: load product %s: %v", id, err)
		http.Error(w, "product lookup failed", http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(val)
}

func (s *Server) handleCheckout(w http.ResponseWriter, r *http.Request) {
	if config.Get("checkout.enabled", "true") != "true" {
		http.Error(w, "checkout is temporarily disabled", http.StatusServiceUnavailable)
		return
	}
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		http.Error(w, "missing Idempotency-Key header", http.StatusBadRequest)
		return
	}
	var req checkoutRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
		http.Error(w, "invalid request body: "+err.Error(), http.StatusBadRequest)
		return
	}
	if len(req.Items) == 0 {
		http.Error(w, "order has no items", http.StatusBadRequest)
		return
	}

	// OK(l): per-request map, garbage once the handler returns.
	qtyBySKU := make(map[string]int)
	total := 0
	for _, it := range req.Items {
		if it.Qty <= 0 || it.PriceCents < 0 {
			http.Error(w, fmt.Sprintf("invalid line item %q", it.SKU), http.StatusBadRequest)
			return
		}
		qtyBySKU[it.SKU] += it.Qty
		total += it.Qty * it.PriceCents
	}

	if s.alreadySeen(key) {
		http.Error(w, "duplicate order", http.StatusConflict)
		return
	}

	jobID, err := s.pool.Submit(r.Context(), "order.confirm", []byte(key+"\n"+req.Email))
	if err != nil {
		log.Printf("api: enqueue confirmation for %s: %v", key, err)
		http.Error(w, "could not accept order", http.StatusServiceUnavailable)
		return
	}
	record("checkout", fmt.Sprintf("order=%s skus=%d total_cents=%d", key, len(qtyBySKU), total))
	events.Publish(events.Event{Type: "order.created", OrderID: key})

	writeJSON(w, http.StatusAccepted, map[string]any{
		"order_id":    key,
		"job_id":      jobID,
		"total_cents": total,
	})
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")

	send := func(ev events.Event) error {
		io.WriteString(w, "data: ")
		if err := events.Encode(w, "json", ev); err != nil {
			return err
		}
		_, err := io.WriteString(w, "\n\n")
		flusher.Flush()
		return err
	}

	for _, ev := range events.Recent() {
		if err := send(ev); err != nil {
			return
		}
	}
	ch := events.Subscribe()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev := <-ch:
			if err := send(ev); err != nil {
				return
			}
		}
	}
}

func (s *Server) handleReload(w http.ResponseWriter, r *http.Request) {
	if err := config.Load(s.configPath); err != nil {
		log.Printf("api: reload config: %v", err)
		http.Error(w, "reload failed: "+err.Error(), http.StatusInternalServerError)
		return
	}
	record("config.reload", s.configPath)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleSetConfig(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	body, err := io.ReadAll(io.LimitReader(r.Body, 4096))
	if err != nil {
		http.Error(w, "read body: "+err.Error(), http.StatusBadRequest)
		return
	}
	value := strings.TrimSpace(string(body))
	config.Set(key, value)
	record("config.set", key+"="+value)
	w.WriteHeader(http.StatusNoContent)
}
