package api

import (
	"io"
	"net/http"
	"sync"
)

// receiptRing remembers the IDs of the last 32 uploaded receipts.
type receiptRing struct {
	mu   sync.Mutex
	ids  [32]string
	next int
}

var recentReceipts receiptRing

// handleReceipt keeps the receipt's ID, its first 12 bytes. The ID is a
// substring of the whole upload, so each of the 32 slots keeps a whole
// receipt scan (several MiB) alive.
func (s *Server) handleReceipt(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil || len(body) < 12 {
		http.Error(w, "bad receipt", http.StatusBadRequest)
		return
	}
	id := string(body)[:12] // LEAK(retention)
	recentReceipts.mu.Lock()
	recentReceipts.ids[recentReceipts.next%len(recentReceipts.ids)] = id
	recentReceipts.next++
	recentReceipts.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
}

// handleRefund keeps the ID too, but string(body[:12]) copies the 12
// bytes: OK.
func (s *Server) handleRefund(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil || len(body) < 12 {
		http.Error(w, "bad refund", http.StatusBadRequest)
		return
	}
	id := string(body[:12])
	recentReceipts.mu.Lock()
	recentReceipts.ids[recentReceipts.next%len(recentReceipts.ids)] = id
	recentReceipts.next++
	recentReceipts.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
}
