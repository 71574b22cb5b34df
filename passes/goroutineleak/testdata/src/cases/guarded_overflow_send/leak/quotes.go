// LEAK: push's overflow branch (len(ch) == cap(ch), always true for Quote's
// unbuffered channel) "waits for room" with a bare send instead of selecting
// on ctx.Done(). When Quote returns on ctx.Done() the goroutine blocks there
// forever. Report at ch <- v in push (reached from the goroutine in Quote).
package leak

import "context"

type quote struct {
	price float64
	err   error
}

// push hands v to ch, waiting for room when the buffer is full.
func push(ctx context.Context, ch chan<- quote, v quote) bool {
	if len(ch) == cap(ch) {
		ch <- v
		return true
	}
	select {
	case ch <- v:
		return true
	case <-ctx.Done():
		return false
	}
}

type Client struct {
	fetch func(symbol string) (float64, error)
}

func (c *Client) Quote(ctx context.Context, symbol string) (float64, error) {
	res := make(chan quote)
	go func() {
		p, err := c.fetch(symbol)
		push(ctx, res, quote{p, err}) // want `goroutine blocks forever sending on "res"`
	}()
	select {
	case q := <-res:
		return q.price, q.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
