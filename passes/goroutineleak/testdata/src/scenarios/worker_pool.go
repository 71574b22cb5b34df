package scenarios

import (
	"image"
	"log"
	"sync/atomic"
)

// ThumbnailPool models a worker pool whose producer feeds every job but never
// closes the jobs channel, so each worker stays parked in its range loop.
type ThumbnailPool struct {
	workers int
	done    atomic.Int64
	logger  *log.Logger
}

func (p *ThumbnailPool) resize(path string, bounds image.Rectangle) {
	p.logger.Printf("resizing %s to %v", path, bounds)
	p.done.Add(1)
}

func (p *ThumbnailPool) ResizeAll(paths []string, bounds image.Rectangle) {
	jobs := make(chan string)
	for i := 0; i < p.workers; i++ {
		go func() {
			for path := range jobs { // want "goroutine blocks forever receiving from \"jobs\""
				p.resize(path, bounds)
			}
		}()
	}
	for _, path := range paths {
		jobs <- path
	}
}
