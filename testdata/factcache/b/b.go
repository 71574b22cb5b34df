// Package b imports a: go vet analyses it as b and as "b [a.test]", whose
// facts files differ (a's test variant has more declarations).
package b

import "example.com/factcache/a"

// Forward returns v after a round trip through a buffered channel.
func Forward(v int) int {
	ch := make(chan int, 1)
	a.Send(ch, v)
	return <-ch
}
