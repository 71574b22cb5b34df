// LEAK: the same reader now lives in shout, which main calls once per file
// named on the command line. shout returns early on "quit" while its reader is
// parked on the send, and main goes on to the next file, so one goroutine
// leaks per early return. Report at lines <- sc.Text() in the goroutine.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

func shout(r io.Reader) {
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lines <- sc.Text() // want `goroutine blocks forever sending on "lines"`
		}
		close(lines)
	}()

	for line := range lines {
		cmd := strings.TrimSpace(line)
		if cmd == "quit" {
			return
		}
		fmt.Println(strings.ToUpper(cmd))
	}
}

func main() {
	for _, name := range os.Args[1:] {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			continue
		}
		shout(f)
		f.Close()
	}
}
