// Package findapp uses findlib; its findings come from findlib's facts.
package findapp

import (
	"findlib"
	"os"
)

var (
	found   [][]byte
	headers = map[string][]byte{}
)

// POSITIVE: across the package boundary, the digits keep the whole file.
func Collect(name string) {
	found = append(found, findlib.FindDigits(name)) // want `result of findlib\.FindDigits \(match of \(\*regexp\.Regexp\)\.Find\) of input-sized \[\]byte from os\.ReadFile is stored in package-level slice "found" and keeps all of it alive; copy it with bytes\.Clone`
}

// NEAR-MISS: the copying version.
func CollectCopy(name string) {
	found = append(found, findlib.CopyDigits(name))
}

// NEAR-MISS: the view is only measured.
func Count(name string) int {
	return len(findlib.FindDigits(name))
}

// POSITIVE: a substring of a file passed to an exported setter.
func Load(path string) {
	data, _ := os.ReadFile(path)
	s := string(data)
	findlib.Register("motd", s[:80]) // want `substring s\[:80\] of input-sized \[\]byte from os\.ReadFile is passed to findlib\.Register, which stores it in package-level map "registry" and keeps all of it alive; copy it with strings\.Clone`
}

// POSITIVE: a helper of another package returns a view of its argument.
func Index(path string) { // want Index:"stores\\(0\\)"
	data, _ := os.ReadFile(path)
	headers[path] = findlib.Header(data) // want `result of findlib\.Header \(subslice b\[:8\]\) of input-sized \[\]byte from os\.ReadFile is stored in package-level map "headers" and keeps all of it alive; copy it with bytes\.Clone`
}
