package nearmiss

import (
	"sync"
	"time"
)

// tempFiles records scratch files and when they were created.
var (
	tempMu    sync.Mutex
	tempFiles = map[string]time.Time{}
)

// init models a process-lifetime daemon: the janitor loops forever, but it is
// started exactly once when the package is initialised.
func init() {
	go janitor()
}

func janitor() {
	for {
		time.Sleep(time.Minute)
		tempMu.Lock()
		for name, created := range tempFiles {
			if time.Since(created) > time.Hour {
				delete(tempFiles, name)
			}
		}
		tempMu.Unlock()
	}
}

func TrackTempFile(name string) {
	tempMu.Lock()
	tempFiles[name] = time.Now()
	tempMu.Unlock()
}
