// LEAK: the heartbeat goroutines also give up on a peer after a failed ping,
// but that return skips wg.Done (only the ctx.Done() case calls it), so after
// any failure wg.Wait blocks forever. Report at wg.Wait() in Heartbeat
// (related: the return after the failed ping).
package leak

import (
	"context"
	"sync"
	"time"
)

func Heartbeat(ctx context.Context, peers []string, every time.Duration, ping func(peer string) error) {
	var wg sync.WaitGroup
	for _, peer := range peers {
		wg.Add(1)
		go func() {
			t := time.NewTicker(every)
			defer t.Stop()
			for range t.C {
				select {
				case <-ctx.Done():
					wg.Done()
					return
				default:
				}
				if err := ping(peer); err != nil {
					return
				}
			}
		}()
	}
	wg.Wait() // want `wg\.Wait blocks forever`
}
