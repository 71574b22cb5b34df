// Package a has a test file in the package, so go vet recompiles what its
// external test imports against a's test variant.
package a

// Send sends v on ch.
func Send(ch chan<- int, v int) { ch <- v }
