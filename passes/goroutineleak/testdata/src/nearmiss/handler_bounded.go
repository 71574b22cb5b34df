package nearmiss

import (
	"context"
	"net/http"
	"sync"
	"time"
)

var buildStatuses sync.Map

func buildFinished(id string) bool {
	v, ok := buildStatuses.Load(id)
	return ok && v == "finished"
}

// watchBuild models a handler that starts a poller with an exit: it returns
// when the build finishes or after a fixed deadline.
func watchBuild(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("build")
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		ticker := time.NewTicker(5 * time.Second)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
				if buildFinished(id) {
					return
				}
			}
		}
	}()
	w.WriteHeader(http.StatusAccepted)
}
