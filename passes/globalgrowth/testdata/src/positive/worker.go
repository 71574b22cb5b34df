package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"sync"
)

type Job struct {
	ID      string
	Payload []byte
}

var jobQueue = make(chan Job, 100)

// POSITIVE: sync.Map value; worker stores one result per job inside its
// range loop and results are never deleted after being fetched.
var results sync.Map // want `package-level sync\.Map "results" grows without bound: .* stores entries and nothing deletes them`

func worker(jobs <-chan Job) {
	for j := range jobs {
		sum := sha256.Sum256(j.Payload)
		results.Store(j.ID, sum)
	}
}

func handleSubmit(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	jobQueue <- Job{ID: r.FormValue("id"), Payload: body}
}

func handleResult(w http.ResponseWriter, r *http.Request) {
	if v, ok := results.Load(r.URL.Query().Get("id")); ok {
		fmt.Fprintf(w, "%x\n", v)
		return
	}
	http.NotFound(w, r)
}
