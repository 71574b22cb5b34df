package nearmiss

import (
	"crypto/sha256"
	"os"
	"sync"
)

// Hasher models a worker pool whose producer closes jobs with defer, so the
// workers' range loops end even when the producer bails out early.
type Hasher struct {
	workers int
	mu      sync.Mutex
	sums    map[string][32]byte
}

func (h *Hasher) HashFiles(paths []string) error {
	jobs := make(chan string)
	var wg sync.WaitGroup
	for i := 0; i < h.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for path := range jobs {
				data, err := os.ReadFile(path)
				if err != nil {
					continue
				}
				h.mu.Lock()
				h.sums[path] = sha256.Sum256(data)
				h.mu.Unlock()
			}
		}()
	}
	defer wg.Wait()
	defer close(jobs)
	for _, path := range paths {
		if _, err := os.Stat(path); err != nil {
			return err
		}
		jobs <- path
	}
	return nil
}
