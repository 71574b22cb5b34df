// LEAK: the scanner goroutine sends every line of the log into a channel with
// a single slot of buffer; Scan returns on the first line its check rejects,
// after which the goroutine fills the slot and blocks forever on the next send.
// Report at the send in the goroutine's loop (lines <- sc.Text()).
package leak

import (
	"bufio"
	"io"
)

type LineCheck func(line string) error

func Scan(log io.Reader, check LineCheck) (int, error) {
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(log)
		for sc.Scan() {
			lines <- sc.Text() // want `goroutine blocks forever sending on "lines"`
		}
		close(lines)
	}()

	n := 0
	for line := range lines {
		if err := check(line); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
