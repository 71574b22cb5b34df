package scenarios

import (
	"os"
	"time"
)

// SizeEvent reports a change of a watched file's size.
type SizeEvent struct {
	Path string
	Size int64
}

// WatchFile models a watcher whose caller can stop reading but never stop
// the goroutine: it polls and sends forever, one more per call.
func WatchFile(path string, every time.Duration) <-chan SizeEvent { // want WatchFile:"feeds\\(many\\)"
	events := make(chan SizeEvent)
	go func() { // want "goroutine runs forever"
		var last int64
		for {
			time.Sleep(every)
			fi, err := os.Stat(path)
			if err != nil || fi.Size() == last {
				continue
			}
			last = fi.Size()
			events <- SizeEvent{Path: path, Size: last}
		}
	}()
	return events
}
