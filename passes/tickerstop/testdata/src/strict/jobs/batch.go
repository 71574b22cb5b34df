package jobs

import "time"

// NEGATIVE: a batching timer reused with Reset and stopped by defer.
func Batch(in <-chan string, every time.Duration, flush func([]string)) {
	t := time.NewTimer(every)
	defer t.Stop()
	var pending []string
	for {
		select {
		case s, ok := <-in:
			if !ok {
				flush(pending)
				return
			}
			pending = append(pending, s)
		case <-t.C:
			if len(pending) > 0 {
				flush(pending)
				pending = nil
			}
			t.Reset(every)
		}
	}
}

// NEGATIVE: stopped explicitly on every branch.
func FirstOf(a, b <-chan int, timeout time.Duration) (int, bool) {
	t := time.NewTimer(timeout)
	select {
	case v := <-a:
		t.Stop()
		return v, true
	case v := <-b:
		t.Stop()
		return v, true
	case <-t.C:
		t.Stop()
		return 0, false
	}
}
