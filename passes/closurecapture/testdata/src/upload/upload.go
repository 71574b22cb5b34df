// Package upload keeps upload bodies alive in timers.
package upload

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"time"
)

// Uploader forwards request bodies to a storage backend.
type Uploader struct {
	client *http.Client
	url    string
}

func (u *Uploader) send(b []byte) error {
	resp, err := u.client.Post(u.url, "application/octet-stream", bytes.NewReader(b))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// POSITIVE: the timer keeps the whole upload for a minute to log its length.
func (u *Uploader) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := u.send(data); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	time.AfterFunc(time.Minute, func() { // want `closure passed to time\.AfterFunc captures "data" \(input-sized \[\]byte from io\.ReadAll\) but uses only len\(data\); copy the length into a local before the closure`
		log.Printf("uploaded %d bytes to %s", len(data), u.url)
	})
}

// Event is what Notify reports.
type Event struct {
	Kind string
	At   time.Time
}

// POSITIVE: context.AfterFunc keeps the marshalled payload until ctx ends,
// only for its length.
func (u *Uploader) Notify(ctx context.Context, events []Event) error {
	payload, err := json.Marshal(events)
	if err != nil {
		return err
	}
	context.AfterFunc(ctx, func() { // want `closure passed to context\.AfterFunc captures "payload" \(input-sized \[\]byte from json\.Marshal\) but uses only len\(payload\); copy the length`
		log.Printf("notification of %d bytes cancelled", len(payload))
	})
	return u.send(payload)
}

// NEGATIVE: the callback is unregistered when NotifyOnce returns (defer
// stop()): it lives no longer than payload does anyway.
func (u *Uploader) NotifyOnce(ctx context.Context, events []Event) error {
	payload, err := json.Marshal(events)
	if err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() {
		log.Printf("notification of %d bytes cancelled", len(payload))
	})
	defer stop()
	return u.send(payload)
}

// NEGATIVE: the length is copied first; the timer keeps only an int.
func (u *Uploader) Forward(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	n := len(data)
	time.AfterFunc(time.Minute, func() { log.Printf("forwarded %d bytes", n) })
	return u.send(data)
}

// NEGATIVE: the retry needs the whole body.
func (u *Uploader) Retry(r io.Reader) {
	data, _ := io.ReadAll(r)
	time.AfterFunc(time.Second, func() {
		if err := u.send(data); err != nil {
			log.Print(err)
		}
	})
}

// NEGATIVE: data is replaced after the timer is armed, so what the closure
// keeps is not the body.
func (u *Uploader) Probe(r io.Reader) {
	data, _ := io.ReadAll(r)
	time.AfterFunc(time.Second, func() { log.Printf("probe %d", len(data)) })
	data = nil
	_ = data
}
