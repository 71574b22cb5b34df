package variants

import (
	"bufio"
	"errors"
	"io"
)

// buffered_one_slot_loop: a generic reader loop feeding a two-slot buffer;
// the consumer stops at the first bad record.
func FirstBad[T any](r io.Reader, parse func(string) (T, error)) error {
	recs := make(chan string, 2)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			recs <- sc.Text() // want `goroutine blocks forever sending on "recs" .*the buffer of 2 fills`
		}
		close(recs)
	}()
	for rec := range recs {
		if _, err := parse(rec); err != nil {
			return err
		}
	}
	return nil
}

// The same through a helper the goroutine calls in its loop.
func pump(out chan<- []byte, r io.Reader) bool {
	buf := make([]byte, 512)
	n, err := r.Read(buf)
	if n > 0 {
		out <- buf[:n]
	}
	return err == nil
}

func ChunkedCheck(r io.Reader, ok func([]byte) bool) error {
	chunks := make(chan []byte, 1)
	go func() {
		for pump(chunks, r) { // want `goroutine blocks forever sending on "chunks"`
		}
		close(chunks)
	}()
	for c := range chunks {
		if !ok(c) {
			return errors.New("bad chunk")
		}
	}
	return nil
}

// Near-miss: a loop bounded by a constant the buffer covers: three sends
// into three slots never block, whatever the consumer does.
func FirstOfThree(probe func(int) error) error {
	errs := make(chan error, 3)
	go func() {
		for i := 0; i < 3; i++ {
			errs <- probe(i)
		}
		close(errs)
	}()
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Near-miss: the consumer drains every value, so the goroutine always
// finishes (the one-slot buffer only smooths the hand-off).
func CountLines(r io.Reader) int {
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	n := 0
	for range lines {
		n++
	}
	return n
}

// Near-miss: the shared case's fix: the send selects on a quit channel the
// consumer closes when it returns.
func ScanQuit(r io.Reader, check func(string) error) error {
	lines := make(chan string, 1)
	quit := make(chan struct{})
	defer close(quit)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-quit:
				return
			}
		}
	}()
	for line := range lines {
		if err := check(line); err != nil {
			return err
		}
	}
	return nil
}

// fed_channel_with_error: a method returning (<-chan T, error) whose
// caller stops at the first match; the error path started nothing.
type Lister struct{ names []string }

func (l *Lister) Stream(prefix string) (<-chan string, error) { // want Stream:`feeds\(many\)`
	if prefix == "" {
		return nil, errors.New("empty prefix")
	}
	out := make(chan string)
	go func() {
		defer close(out)
		for _, n := range l.names {
			out <- prefix + n
		}
	}()
	return out, nil
}

func FirstLong(l *Lister, prefix string) (string, error) {
	names, err := l.Stream(prefix) // want `goroutine started by \(\*Lister\)\.Stream blocks forever`
	if err != nil {
		return "", err
	}
	for n := range names {
		if len(n) > 10 {
			return n, nil
		}
	}
	return "", nil
}

// Near-miss: the caller takes every value; only the error path returns
// early, and there no goroutine was started.
func AllNames(l *Lister, prefix string) ([]string, error) {
	names, err := l.Stream(prefix)
	if err != nil {
		return nil, err
	}
	var out []string
	for n := range names {
		out = append(out, n)
	}
	return out, nil
}

// sibling_consumer_exits: a generic pipeline whose consumer goroutine stops
// at the first rejected item.
func Pipe[T any](items []T, accept func(T) bool) bool {
	ch := make(chan T)
	done := make(chan bool, 1)
	go func() {
		for _, it := range items {
			ch <- it // want `goroutine blocks forever sending on "ch" when the goroutine receiving from it`
		}
		close(ch)
	}()
	go func() {
		for it := range ch {
			if !accept(it) {
				done <- false
				return
			}
		}
		done <- true
	}()
	return <-done
}

// Near-miss: the consumer drains the rest before reporting the failure.
func PipeDrain[T any](items []T, accept func(T) bool) bool {
	ch := make(chan T)
	done := make(chan bool, 1)
	go func() {
		for _, it := range items {
			ch <- it
		}
		close(ch)
	}()
	go func() {
		ok := true
		for it := range ch {
			if ok && !accept(it) {
				ok = false
			}
		}
		done <- ok
	}()
	return <-done
}

// Near-miss: the consumer closes stop when it returns and the producer
// selects on it (the shared case's fix).
func PipeStop(items []int, accept func(int) bool) bool {
	ch := make(chan int)
	stop := make(chan struct{})
	done := make(chan bool, 1)
	go func() {
		defer close(ch)
		for _, it := range items {
			select {
			case ch <- it:
			case <-stop:
				return
			}
		}
	}()
	go func() {
		defer close(stop)
		for it := range ch {
			if !accept(it) {
				done <- false
				return
			}
		}
		done <- true
	}()
	return <-done
}
