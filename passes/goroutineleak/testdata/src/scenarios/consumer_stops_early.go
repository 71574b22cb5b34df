package scenarios

import "strings"

// LogSearch models a producer/consumer pipeline whose consumer stops after
// enough matches: the producer blocks on its next send, forever.
type LogSearch struct {
	lines []string
}

func (s *LogSearch) FirstMatches(pattern string, limit int) []string {
	matches := make(chan string)
	go func() {
		defer close(matches)
		for _, line := range s.lines {
			if strings.Contains(line, pattern) {
				matches <- line // want "goroutine blocks forever sending on \"matches\""
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
