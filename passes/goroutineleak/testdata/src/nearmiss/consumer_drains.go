package nearmiss

import (
	"context"
	"strings"
)

// LogSearch stops the producer through its context when it has enough: the
// producer's send selects on ctx.Done().
type LogSearch struct {
	lines []string
}

func (s *LogSearch) FirstMatches(ctx context.Context, pattern string, limit int) []string {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	matches := make(chan string)
	go func() {
		defer close(matches)
		for _, line := range s.lines {
			if !strings.Contains(line, pattern) {
				continue
			}
			select {
			case matches <- line:
			case <-ctx.Done():
				return
			}
		}
	}()
	var out []string
	for m := range matches {
		out = append(out, m)
		if len(out) == limit {
			break
		}
	}
	return out
}

// WatchFile's poller stops when ctx ends.
func WatchFile(ctx context.Context, poll func() (string, bool)) <-chan string {
	events := make(chan string)
	go func() {
		defer close(events)
		for {
			ev, ok := poll()
			if !ok {
				continue
			}
			select {
			case events <- ev:
			case <-ctx.Done():
				return
			}
		}
	}()
	return events
}
