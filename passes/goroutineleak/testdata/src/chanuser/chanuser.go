// Package chanuser uses chanlib's helpers across the package boundary.
package chanuser

import (
	"chanlib"
	"context"
	"errors"
	"time"
)

type Quote struct{ Price int }

func fetchQuote(symbol string) Quote { return Quote{len(symbol)} }

// LatestQuote sends through chanlib.Publish and gives up on a timeout.
func LatestQuote(symbol string) (Quote, error) {
	quotes := make(chan Quote)
	go func() {
		chanlib.Publish(quotes, fetchQuote(symbol)) // want `goroutine blocks forever sending on "quotes" when LatestQuote returns on timeout`
	}()
	select {
	case q := <-quotes:
		return q, nil
	case <-time.After(time.Second):
		return Quote{}, errors.New("quote timeout")
	}
}

// CountLines hands the channel to chanlib.Drain in a goroutine and returns
// early on a bad line without closing it.
func CountLines(lines []string, total *int) error {
	feed := make(chan string)
	go func() {
		*total = chanlib.Drain(feed) // want `goroutine blocks forever receiving from "feed" when CountLines returns without closing it`
	}()
	for _, l := range lines {
		if l == "" {
			return errors.New("empty line")
		}
		feed <- l
	}
	close(feed)
	return nil
}

// CountLinesSafely closes through chanlib.Finish-like deferred close.
func CountLinesSafely(lines []string, total *int) error {
	feed := make(chan string)
	defer close(feed)
	go func() { *total = chanlib.Drain(feed) }()
	for _, l := range lines {
		if l == "" {
			return errors.New("empty line")
		}
		feed <- l
	}
	return nil
}

// WaitAll's stopper is closed by chanlib.Finish on every path.
func WaitAll(ctx context.Context, work func()) {
	stop := make(chan struct{})
	go func() {
		<-stop
		work()
	}()
	defer chanlib.Finish(stop)
	if ctx.Err() != nil {
		return
	}
}

// Tracked registers the channel: someone else may serve it.
func Tracked() {
	ticks := make(chan int)
	chanlib.Register("ticks", ticks)
	go func() { ticks <- 1 }()
}

// Offer uses a non-blocking helper: silent.
func Offer() bool {
	slots := make(chan int)
	go func() { <-slots }()
	return chanlib.TrySend(slots, 1)
}

// AwaitResult has the spawner receive through chanlib.Await.
func AwaitResult(job func() error) error {
	errc := make(chan error)
	go func() { errc <- job() }()
	return chanlib.Await(errc)
}

// FirstCount takes one value of chanlib.Count's feed and returns.
func FirstCount() int {
	ch := chanlib.Count(10) // want `goroutine started by chanlib.Count blocks forever sending on the channel it returns when FirstCount returns after the first result`
	return <-ch
}

// AllCounts drains it.
func AllCounts() (sum int) {
	for v := range chanlib.Count(10) {
		sum += v
	}
	return sum
}
