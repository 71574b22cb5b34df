// Package chanlib holds channel helpers whose behaviour other packages
// learn through facts.
package chanlib

// Publish sends v on out and blocks until someone takes it.
func Publish[T any](out chan<- T, v T) { // want Publish:"sends\\(0\\)"
	out <- v
}

// Drain receives from in until it is closed.
func Drain(in <-chan string) (n int) { // want Drain:"drains\\(0\\)"
	for range in {
		n++
	}
	return n
}

// Await takes one value from in.
func Await(in <-chan error) error { // want Await:"receives\\(0\\)"
	return <-in
}

// Finish closes done.
func Finish(done chan struct{}) { // want Finish:"closes\\(0\\)"
	close(done)
}

// TrySend gives up when nobody is listening: it neither blocks nor serves,
// so it gets no fact.
func TrySend(out chan<- int, v int) bool {
	select {
	case out <- v:
		return true
	default:
		return false
	}
}

var registry = map[string]chan int{}

// Register keeps ch: it escapes, so it gets no fact.
func Register(name string, ch chan int) {
	registry[name] = ch
}

// Count returns a channel a goroutine feeds with 0..n-1 and then closes:
// the caller must drain it.
func Count(n int) <-chan int { // want Count:"feeds\\(many\\)"
	out := make(chan int)
	go func() {
		defer close(out)
		for i := range n {
			out <- i
		}
	}()
	return out
}
