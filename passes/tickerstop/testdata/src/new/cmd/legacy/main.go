//go:debug asynctimerchan=1

// Command legacy still depends on the pre-1.23 buffered timer channels, so
// it restores the old timers with a //go:debug directive: unstopped tickers
// are never collected again, even in this go 1.26 module.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"time"
)

func main() {
	dbAddr := flag.String("db", "localhost:5432", "database address")
	flag.Parse()
	if err := waitForDB(*dbAddr); err != nil {
		log.Fatal(err)
	}
	log.Print("database is up")
}

// POSITIVE: asynctimerchan=1 means old semantics; t is never stopped.
func waitForDB(addr string) error {
	t := time.NewTicker(250 * time.Millisecond) // want `ticker "t" from time\.NewTicker is not stopped on every path`
	for i := 0; i < 40; i++ {
		<-t.C
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return nil
		}
	}
	return fmt.Errorf("legacy: %s not reachable", addr)
}

// NEGATIVE: same function with defer Stop.
func waitForDBSafe(addr string) error {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for i := 0; i < 40; i++ {
		<-t.C
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return nil
		}
	}
	return fmt.Errorf("legacy: %s not reachable", addr)
}
