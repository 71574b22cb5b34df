// Command agent collects host metrics. It is a main package in a go 1.22
// module, so it runs with the old timer semantics.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"time"
)

var (
	configPath = flag.String("config", "/etc/agent.json", "config file to wait for")
	interval   = flag.Duration("interval", 10*time.Second, "collection interval")
)

func main() {
	flag.Parse()

	// NEGATIVE: time.Tick in a goroutine that loops for ever, started once
	// from main; the ticker is meant to live as long as the process.
	go func() {
		for range time.Tick(time.Minute) {
			flushMetrics()
		}
	}()

	if err := waitForConfig(*configPath); err != nil {
		log.Fatal(err)
	}

	// NEGATIVE: time.Tick in main's endless loop.
	for range time.Tick(*interval) {
		collect()
	}
}

// POSITIVE: main package of a go 1.22 module (old semantics); both returns
// leave the ticker running.
func waitForConfig(path string) error {
	t := time.NewTicker(200 * time.Millisecond) // want `ticker "t" from time\.NewTicker is not stopped on every path`
	deadline := time.Now().Add(10 * time.Second)
	for now := range t.C {
		if _, err := os.Stat(path); err == nil {
			return nil
		}
		if now.After(deadline) {
			return fmt.Errorf("agent: %s did not appear", path)
		}
	}
	return nil
}

func collect()      { log.Print("collect") }
func flushMetrics() { log.Print("flush") }
