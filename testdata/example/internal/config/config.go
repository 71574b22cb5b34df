// Package config holds runtime settings loaded from a key=value file, with
// optional overrides set through the admin API.
package config

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"sync"
)

var mu sync.RWMutex

// cfg is the active configuration. OK(i): replaced wholesale on every Load,
// which discards runtime overrides.
var cfg = map[string]string{}

// Load reads the configuration file at path and atomically replaces the
// active configuration.
func Load(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()

	newMap := make(map[string]string)
	sc := bufio.NewScanner(f)
	for lineNo := 1; sc.Scan(); lineNo++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("%s:%d: expected key=value", path, lineNo)
		}
		newMap[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}

	mu.Lock()
	cfg = newMap
	mu.Unlock()
	return nil
}

// Get returns the value for key, or def if it is unset.
func Get(key, def string) string {
	mu.RLock()
	defer mu.RUnlock()
	if v, ok := cfg[key]; ok {
		return v
	}
	return def
}

// Set overrides key until the next Load.
func Set(key, value string) {
	mu.Lock()
	cfg[key] = value
	mu.Unlock()
}
