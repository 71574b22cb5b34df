package scenarios

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
)

// FeatureConfig is the decoded feature-flag document.
type FeatureConfig struct {
	Flags map[string]bool `json:"flags"`
}

// ConfigStore models a mutex left locked when Reload fails half-way: the next
// reader or reloader blocks forever in Lock.
type ConfigStore struct {
	mu      sync.Mutex
	current FeatureConfig
	path    string
}

func (c *ConfigStore) Reload() error {
	c.mu.Lock() // want "mutex \"c\\.mu\" locked here stays locked"
	data, err := os.ReadFile(c.path)
	if err != nil {
		return fmt.Errorf("reload %s: %w", c.path, err)
	}
	var next FeatureConfig
	if err := json.Unmarshal(data, &next); err != nil {
		c.mu.Unlock()
		return fmt.Errorf("decode %s: %w", c.path, err)
	}
	c.current = next
	c.mu.Unlock()
	return nil
}

func (c *ConfigStore) Enabled(flag string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.current.Flags[flag]
}
