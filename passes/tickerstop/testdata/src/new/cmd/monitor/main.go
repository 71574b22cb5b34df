// Command monitor serves status pages and logs stats in the background.
package main

import (
	"flag"
	"log"
	"net/http"
	"runtime"
	"time"
)

func logStats() {
	log.Printf("goroutines: %d", runtime.NumGoroutine())
}

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()

	// NEGATIVE: the #7 shape, but started once from main: one ticker and one
	// goroutine for the life of the process.
	t := time.NewTicker(30 * time.Second)
	go func() {
		for range t.C {
			logStats()
		}
	}()

	log.Fatal(http.ListenAndServe(*addr, nil))
}
