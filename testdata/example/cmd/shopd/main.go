// Command shopd runs the shop backend HTTP service.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"example.com/shop/internal/api"
	"example.com/shop/internal/cache"
	"example.com/shop/internal/config"
	"example.com/shop/internal/metrics"
	"example.com/shop/internal/worker"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	configPath := flag.String("config", "shopd.conf", "path to key=value config file")
	workers := flag.Int("workers", 4, "number of background workers")
	flag.Parse()

	if err := config.Load(*configPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		log.Fatalf("shopd: load config: %v", err)
	}

	worker.Register("order.confirm", newConfirmationTask)

	catalog := map[string]string{
		"product:1001": `{"id":"1001","name":"Espresso beans 1kg","price_cents":2490}`,
		"product:1002": `{"id":"1002","name":"Ceramic mug","price_cents":1200}`,
	}
	loader := cache.NewLoader(func(key string) ([]byte, error) {
		v, ok := catalog[key]
		if !ok {
			return nil, cache.ErrNotFound
		}
		return []byte(v), nil
	}, 5*time.Minute)

	ctx, cancel := context.WithCancel(context.Background())

	srv := api.New(*configPath, worker.NewPool(*workers), loader)
	srv.Start(ctx)

	mux := http.NewServeMux()
	srv.Routes(mux)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /metrics", metrics.ServeCounts)

	// Ship request samples to the log once a minute for the life of the process.
	go func() {
		for range time.Tick(time.Minute) {
			if err := metrics.Flush(os.Stderr); err != nil {
				log.Printf("shopd: flush metrics: %v", err)
			}
		}
	}()

	log.Printf("shopd: listening on %s", *addr)
	err := http.ListenAndServe(*addr, metrics.Instrument(mux))
	if cerr := srv.Close(); cerr != nil {
		log.Printf("shopd: shutdown: %v", cerr)
	}
	cancel()
	log.Fatalf("shopd: %v", err)
}

// newConfirmationTask builds the job that e-mails an order confirmation. The
// payload is "<order id>\n<email>".
func newConfirmationTask(payload []byte) (worker.Task, error) {
	orderID, email, ok := strings.Cut(string(payload), "\n")
	if !ok || !strings.Contains(email, "@") {
		return nil, fmt.Errorf("malformed confirmation payload %q", payload)
	}
	return worker.TaskFunc(func(ctx context.Context) error {
		log.Printf("shopd: sending confirmation for order %s to %s", orderID, email)
		return nil
	}), nil
}
