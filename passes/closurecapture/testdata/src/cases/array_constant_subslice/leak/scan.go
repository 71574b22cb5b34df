// Package leak: each uploaded block is read into a 128 KiB array local to
// the loop body. The audit goroutine (which waits up to a minute for the
// verdict) captures the whole array only to log its first 16 bytes.
package leak

import (
	"io"
	"log"
	"time"
)

type Scanner struct {
	Verdict func(id int) <-chan bool
}

func (s *Scanner) Consume(r io.Reader) error {
	for id := 0; ; id++ {
		var block [128 << 10]byte
		if _, err := io.ReadFull(r, block[:]); err != nil {
			return err
		}
		go func() { // want `closure started as a goroutine that blocks and that nothing waits for captures "block" \(\[131072\]byte of 128 KiB\) but uses only block\[:16\]`
			select {
			case ok := <-s.Verdict(id):
				if !ok {
					log.Printf("block %d rejected, magic %x", id, block[:16])
				}
			case <-time.After(time.Minute):
			}
		}()
	}
}
