// Package findlib is the Go blog's slices-article library: a function that
// reads a whole file and returns the part that matches, and a registry.
package findlib

import (
	"bytes"
	"os"
	"regexp"
	"sync"
)

var digitRegexp = regexp.MustCompile("[0-9]+")

// FindDigits returns the first run of digits in the file: a sub-slice
// of the whole file's contents.
func FindDigits(filename string) []byte { // want FindDigits:"view\\(0\\)"
	b, _ := os.ReadFile(filename)
	return digitRegexp.Find(b)
}

// CopyDigits is FindDigits done right.
func CopyDigits(filename string) []byte { // want CopyDigits:"input"
	b, _ := os.ReadFile(filename)
	return bytes.Clone(digitRegexp.Find(b))
}

// Header returns the first 8 bytes of b, which share b's array.
func Header(b []byte) []byte { // want Header:"paramView\\(0:0\\)"
	return b[:8]
}

var (
	mu       sync.Mutex
	registry = map[string]string{}
)

// Register records v under name for the life of the process.
func Register(name, v string) { // want Register:"stores\\(0\\) stores\\(1\\)"
	mu.Lock()
	defer mu.Unlock()
	registry[name] = v
}
