package scenarios

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// jobStatuses caches the last known status of background jobs.
var jobStatuses sync.Map

func fetchJobStatus(id string) string {
	resp, err := http.Get("http://scheduler.internal/jobs/" + id)
	if err != nil {
		return "unknown"
	}
	defer resp.Body.Close()
	return resp.Status
}

// watchJob models an HTTP handler that starts an endless poller on every
// request; nothing ever stops it, so each request leaks one goroutine.
func watchJob(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("job")
	if id == "" {
		http.Error(w, "missing job id", http.StatusBadRequest)
		return
	}
	go func() { // want "goroutine runs forever"
		for {
			jobStatuses.Store(id, fetchJobStatus(id))
			time.Sleep(5 * time.Second)
		}
	}()
	w.WriteHeader(http.StatusAccepted)
	fmt.Fprintf(w, "watching job %s\n", id)
}
