package a_test

import (
	"testing"

	"example.com/factcache/c"
)

func TestTwice(t *testing.T) {
	if got := c.Twice(2); got != 2 {
		t.Fatalf("Twice(2) = %d", got)
	}
}
