package main

import "testing"

// NEGATIVE: declared in a _test.go file, so never a candidate even though a
// test function appends to it in a loop.
var observed []string

func TestObserve(t *testing.T) {
	for _, id := range []string{"a", "b", "c"} {
		observed = append(observed, id)
	}
	if got := len(observed); got != 3 {
		t.Fatalf("observed %d ids, want 3", got)
	}
}

// Exposed to tests as a value, like net/http's export_test.go does.
var NextConnName = nextConnName

func TestConnName(t *testing.T) {
	if NextConnName("x") == 0 {
		t.Fatal("zero serial")
	}
}
