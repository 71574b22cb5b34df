package scenarios

import (
	"fmt"
	"net/http"
	"time"
)

// AgentConfig describes where a monitoring agent registers itself.
type AgentConfig struct {
	Registry string
	NodeID   string
}

// StartAgent models an exported function that "parks" its goroutine with an
// empty select after registering; every call leaves one goroutine blocked.
func StartAgent(cfg AgentConfig) error {
	if cfg.Registry == "" {
		return fmt.Errorf("agent %s: no registry configured", cfg.NodeID)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	go func() {
		resp, err := client.Post(cfg.Registry+"/nodes/"+cfg.NodeID, "text/plain", nil)
		if err == nil {
			resp.Body.Close()
		}
		select {} // want "goroutine blocks forever in select \\{\\}"
	}()
	return nil
}
