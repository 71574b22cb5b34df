package extra

import (
	"errors"
	"time"
)

func resolveHost(h string) (string, error) { return h, nil }

// Lookup gives up on a time.NewTimer deadline: the resolver's send blocks.
func Lookup(host string) (string, error) {
	res := make(chan string)
	go func() {
		addr, _ := resolveHost(host)
		res <- addr // want `goroutine blocks forever sending on "res" when Lookup returns on timeout`
	}()
	timer := time.NewTimer(time.Second)
	defer timer.Stop()
	select {
	case a := <-res:
		return a, nil
	case <-timer.C:
		return "", errors.New("lookup timeout")
	}
}

// Checksum returns on empty input after starting the goroutine.
func Checksum(data []byte) (int, error) {
	sum := make(chan int)
	go func() { sum <- len(data) }() // want `goroutine blocks forever sending on "sum" when Checksum returns without receiving from it`
	if len(data) == 0 {
		return 0, errors.New("empty")
	}
	return <-sum, nil
}

// FetchOne: one goroutine sends either a result or an error, and the
// spawner takes whichever comes: silent.
func FetchOne(f func() (string, error)) (string, error) {
	resc, errc := make(chan string), make(chan error)
	go func() {
		v, err := f()
		if err != nil {
			errc <- err
			return
		}
		resc <- v
	}()
	select {
	case v := <-resc:
		return v, nil
	case err := <-errc:
		return "", err
	}
}

// Either: two senders, one receive and one buffered slot: both finish.
func Either(a, b func() error) error {
	errc := make(chan error, 1)
	go func() { errc <- a() }()
	go func() { errc <- b() }()
	return <-errc
}
