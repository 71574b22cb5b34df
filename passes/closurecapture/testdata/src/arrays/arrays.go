// Package arrays captures big arrays and sub-slices of big buffers.
package arrays

import (
	"bytes"
	"log"
	"net"
	"time"
)

// Stats is a fixed-size histogram: 128 KiB.
type Stats struct {
	Count   int
	Buckets [16384]int64
}

var (
	current Stats
	watches []func()
)

// POSITIVE: the array variable is captured, so the whole 128 KiB stays for
// one element.
func Sample(conn net.Conn) {
	var window [1 << 17]byte
	n, _ := conn.Read(window[:])
	time.AfterFunc(time.Minute, func() { // want `closure passed to time\.AfterFunc captures "window" \(\[131072\]byte of 128 KiB\) but uses only window\[0\]; copy the element into a local before the closure`
		log.Printf("first byte %x of %d", window[0], n)
	})
}

// POSITIVE: a struct value captured for one field.
func Watch() {
	st := current
	watches = append(watches, func() { log.Print(st.Count) }) // want `closure stored in package-level slice "watches" captures "st" \(Stats of 128 KiB\) but uses only st\.Count`
}

// POSITIVE: a 16-byte header sliced from a 1 MiB buffer keeps the buffer.
func Header(conn net.Conn) {
	buf := make([]byte, 1<<20)
	if _, err := conn.Read(buf); err != nil {
		return
	}
	hdr := buf[:16]
	time.AfterFunc(time.Second, func() { // want `closure passed to time\.AfterFunc captures "hdr" \(sub-slice of \[\]byte of 1 MiB from make\) but uses only hdr \(16 bytes\); copy the sub-slice`
		log.Printf("header %x", hdr)
	})
}

// POSITIVE: a short substring of a large input used in the closure.
func Prefix(conn net.Conn) {
	var b bytes.Buffer
	b.ReadFrom(conn)
	text := b.String()
	watches = append(watches, func() { log.Print(text[:8]) }) // want `closure stored in package-level slice "watches" captures "text" \(input-sized string from \(\*bytes\.Buffer\)\.String\) but uses only text\[:8\]; copy the sub-slice`
}

// NEGATIVE: the header is cloned first.
func HeaderCopy(conn net.Conn) {
	buf := make([]byte, 1<<20)
	conn.Read(buf)
	hdr := bytes.Clone(buf[:16])
	time.AfterFunc(time.Second, func() { log.Printf("header %x", hdr) })
}

// NEGATIVE: a small buffer.
func Small(conn net.Conn) {
	buf := make([]byte, 512)
	conn.Read(buf)
	time.AfterFunc(time.Second, func() { log.Print(buf[0]) })
}

// NEGATIVE: the closure walks the whole array.
func Sum() {
	st := current
	watches = append(watches, func() {
		var total int64
		for _, b := range st.Buckets {
			total += b
		}
		log.Print(total)
	})
}

// NEGATIVE: an index that changes with each call needs the whole array.
func Lookup() func(int) int64 {
	st := current
	f := func(i int) int64 { return st.Buckets[i] }
	watches = append(watches, func() { log.Print(f(3)) })
	return f
}
