package nearmiss

import (
	"bufio"
	"io"
)

// StartLineWriter models a goroutine ranging over a channel that the spawner
// returns to its caller: closing it is the caller's job, so it is not a leak.
func StartLineWriter(w io.Writer) (chan<- string, <-chan error) {
	lines := make(chan string)
	result := make(chan error, 1)
	go func() {
		bw := bufio.NewWriter(w)
		for line := range lines {
			if _, err := bw.WriteString(line + "\n"); err != nil {
				result <- err
				return
			}
		}
		result <- bw.Flush()
	}()
	return lines, result
}
