package scenarios

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Quote is one price answer from a pricing backend.
type Quote struct {
	Source string
	Price  float64
	Err    error
}

// QuoteAggregator models an HTTP fan-out that gives up after a time budget.
type QuoteAggregator struct {
	client *http.Client
	budget time.Duration
}

func (a *QuoteAggregator) fetch(ctx context.Context, url string) Quote {
	q := Quote{Source: url}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := a.client.Do(req)
	if err != nil {
		q.Err = err
		return q
	}
	defer resp.Body.Close()
	q.Err = json.NewDecoder(resp.Body).Decode(&q.Price)
	return q
}

func (a *QuoteAggregator) Collect(ctx context.Context, urls []string) (out []Quote) {
	quotes := make(chan Quote)
	for _, u := range urls {
		go func(url string) {
			quotes <- a.fetch(ctx, url) // want "goroutine blocks forever sending on \"quotes\""
		}(u)
	}
	deadline := time.After(a.budget)
	for range urls {
		select {
		case q := <-quotes:
			out = append(out, q)
		case <-deadline:
			return out
		}
	}
	return out
}
