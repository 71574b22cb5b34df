// Package arrays: variants of a large array captured for a constant short
// sub-slice (array_constant_subslice).
package arrays

import (
	"io"
	"log"
	"time"
)

var tick = time.Tick(time.Second)

// A timer callback nested in a helper closure uses four bytes of a 128 KiB
// page.
func Page(r io.Reader) {
	var page [2 << 16]byte
	io.ReadFull(r, page[:])
	schedule := func() {
		time.AfterFunc(time.Minute, func() { // want `closure passed to time.AfterFunc captures "page" \(\[131072\]byte of 128 KiB\) but uses only page\[4:8\]`
			log.Printf("page kind %x", page[4:8])
		})
	}
	schedule()
}

// An array of int64 (128 KiB) from a helper, used for its first four
// values by a goroutine that never returns.
func sample() (v [1 << 14]int64) { return }

func Watch() {
	vals := sample()
	go func() { // want `closure started as a goroutine that blocks and that nothing waits for captures "vals" \(\[16384\]int64 of 128 KiB\) but uses only vals\[:4\]`
		for range tick {
			log.Println(vals[:4])
		}
	}()
}

// Generic: the array's size does not depend on the type parameter.
func Generic[T any](r io.Reader, tag T) {
	var block [1 << 17]byte
	io.ReadFull(r, block[:])
	go func() { // want `closure started as a goroutine that blocks and that nothing waits for captures "block" \(\[131072\]byte of 128 KiB\) but uses only block\[:8\]`
		for range tick {
			log.Println(tag, block[:8])
		}
	}()
}

// NEGATIVE: the bound is not a constant: the closure may use it all.
func Variable(r io.Reader, n int) {
	var block [1 << 17]byte
	io.ReadFull(r, block[:])
	go func() {
		for range tick {
			log.Printf("%x", block[:n])
		}
	}()
}

// NEGATIVE: the goroutine hashes the whole array.
func Whole(r io.Reader, sum func([]byte) int) { // want Whole:"storesFunc\\(1\\)"
	var block [1 << 17]byte
	io.ReadFull(r, block[:])
	go func() {
		for range tick {
			log.Println(sum(block[:]))
		}
	}()
}

// NEGATIVE: the magic bytes are copied into a small array first.
func Copied(r io.Reader) {
	var block [1 << 17]byte
	io.ReadFull(r, block[:])
	var magic [8]byte
	copy(magic[:], block[:8])
	go func() {
		for range tick {
			log.Printf("%x", magic)
		}
	}()
}
