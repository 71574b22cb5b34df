// Package d is vetted; c and b are its dependencies.
package d

import "example.com/factcache/c"

// Relay starts a goroutine that sends on a channel nobody receives from
// when v is negative (c.Send's fact says it sends on its parameter).
func Relay(v int) int {
	ch := make(chan int)
	go c.Send(ch, c.Twice(v))
	if v < 0 {
		return 0
	}
	return <-ch
}
