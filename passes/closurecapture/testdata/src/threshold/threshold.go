// Package threshold is checked with -closurecapture.size=1024: a 4 KiB
// buffer counts as large there, a 512-byte one does not.
package threshold

import (
	"log"
	"time"
)

// POSITIVE (size 1024): 4 KiB kept for its first byte.
func Big() {
	buf := make([]byte, 4096)
	time.AfterFunc(time.Second, func() { log.Print(buf[0]) }) // want `closure passed to time\.AfterFunc captures "buf" \(\[\]byte of 4 KiB from make\) but uses only buf\[0\]`
}

// NEGATIVE (size 1024): 512 bytes is below the threshold.
func Small() {
	buf := make([]byte, 512)
	time.AfterFunc(time.Second, func() { log.Print(buf[0]) })
}
