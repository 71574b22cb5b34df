package api

import (
	"io"
	"log"
	"net/http"
	"time"
)

// Importer takes catalogue uploads.
type Importer struct {
	store func([]byte)
}

// handleImport accepts a catalogue upload and logs, a minute later, how big
// it was. The callback only needs the length, but it captures the whole
// body: every upload stays in memory for that minute.
func (im *Importer) handleImport(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read failed", http.StatusBadRequest)
		return
	}
	im.store(body)
	time.AfterFunc(time.Minute, func() { // LEAK(closurecapture)
		log.Printf("api: import of %d bytes settled", len(body))
	})
	w.WriteHeader(http.StatusAccepted)
}

// handleExport logs the size it computed before scheduling: OK, the
// callback captures an int.
func (im *Importer) handleExport(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read failed", http.StatusBadRequest)
		return
	}
	im.store(body)
	n := len(body)
	time.AfterFunc(time.Minute, func() {
		log.Printf("api: export of %d bytes settled", n)
	})
	w.WriteHeader(http.StatusAccepted)
}
