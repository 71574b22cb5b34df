// Command positive is a small server whose package-level collections grow
// without bound. Every var carrying a want comment is a leak that
// globalgrowth must report at its declaration.
package main

import (
	"io"
	"log"
	"net"
	"net/http"
	"time"
)

// POSITIVE: the closure passed to http.HandleFunc runs once per request and
// appends to feedback; nothing ever trims or resets the slice.
var feedback []string // want `package-level slice "feedback" grows without bound: .* appends to it and nothing truncates or resets it`

// POSITIVE: the goroutine started from main ranges over a channel (a loop
// body, so it runs repeatedly) and appends every event; nothing trims it.
var history []Event // want `package-level slice "history" grows without bound: .* appends to it and nothing truncates or resets it`

// POSITIVE: main's accept loop appends every connection; closed connections
// are never removed.
var clients []net.Conn // want `package-level slice "clients" grows without bound: .* appends to it and nothing truncates or resets it`

func main() {
	http.HandleFunc("/", handleHits)
	http.HandleFunc("/index", handleIndex)
	http.HandleFunc("/connect", handleConnect)
	http.HandleFunc("/register", handleRegister)
	http.HandleFunc("/login", handleLogin)
	http.HandleFunc("/submit", handleSubmit)
	http.HandleFunc("/result", handleResult)
	http.HandleFunc("/feedback", func(w http.ResponseWriter, r *http.Request) {
		feedback = append(feedback, r.FormValue("msg"))
		w.WriteHeader(http.StatusAccepted)
	})

	events := make(chan Event, 64)
	go func() {
		for ev := range events {
			history = append(history, ev)
			publish(ev)
		}
	}()
	go pollSensors(events)

	for i := 0; i < 4; i++ {
		go worker(jobQueue)
	}

	go func() { log.Fatal(http.ListenAndServe(":8080", nil)) }()

	ln, err := net.Listen("tcp", ":9000")
	if err != nil {
		log.Fatal(err)
	}
	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Print(err)
			continue
		}
		clients = append(clients, conn)
		go serveConn(conn)
	}
}

func serveConn(c net.Conn) {
	defer c.Close()
	io.Copy(c, c) // echo; the conn is never removed from clients
}

func pollSensors(out chan<- Event) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for now := range t.C {
		out <- Event{At: now, Kind: "tick"}
	}
}
