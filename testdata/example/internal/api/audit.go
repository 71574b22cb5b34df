package api

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// auditMu guards auditLog.
var auditMu sync.Mutex

// auditLog is the in-memory trail of administrative and order actions.
var auditLog []string // LEAK(globalgrowth)

// record appends an entry to the audit trail.
func record(action, detail string) {
	entry := fmt.Sprintf("%s %s %s", time.Now().UTC().Format(time.RFC3339), action, detail)
	auditMu.Lock()
	auditLog = append(auditLog, entry)
	auditMu.Unlock()
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	auditMu.Lock()
	defer auditMu.Unlock()
	for _, line := range auditLog {
		if _, err := fmt.Fprintln(w, line); err != nil {
			return
		}
	}
}
