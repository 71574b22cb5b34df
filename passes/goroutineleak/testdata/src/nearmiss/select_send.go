package nearmiss

import (
	"context"
	"net/http"
)

// HealthProber models a fan-out whose senders select on ctx.Done(): when the
// caller gives up and cancels, every prober can still leave.
type HealthProber struct {
	client *http.Client
}

func (p *HealthProber) probe(ctx context.Context, url string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func (p *HealthProber) AnyHealthy(ctx context.Context, urls []string) bool {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	healthy := make(chan bool)
	for _, u := range urls {
		go func() {
			ok := p.probe(ctx, u)
			select {
			case healthy <- ok:
			case <-ctx.Done():
			}
		}()
	}
	for range urls {
		if <-healthy {
			return true
		}
	}
	return false
}
