// Package c imports b: go vet analyses it for its facts as c (for d) and
// as "c [a.test]" (for a's external test). b's two facts files are the
// same, so the second unit's facts come from the facts cache.
package c

import "example.com/factcache/b"

// Twice forwards v twice.
func Twice(v int) int { return b.Forward(b.Forward(v)) }

// Send sends v on ch.
func Send(ch chan<- int, v int) { ch <- v }
