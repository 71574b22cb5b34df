// Package outsider holds cases written against the check from outside: a
// report service, a session store, a feed watcher, an archiver, caches and
// workers. Every case here is a positive; the near-misses are in package
// outsidernm.
package outsider

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log"
	"net/http"
	"time"
)

// Row is one line of a report.
type Row struct {
	SKU   string
	Qty   int
	Notes string
}

// Report is a decoded sales report.
type Report struct {
	ID    string
	Owner string
	Rows  []Row
	Meta  map[string]string
}

var (
	reportHooks []func() string
	importSizes = map[string]func() int{}
)

// RegisterReport keeps the whole decoded report in a hook that needs its ID.
func RegisterReport(raw []byte) error {
	var rep Report
	if err := json.Unmarshal(raw, &rep); err != nil {
		return err
	}
	reportHooks = append(reportHooks, func() string { // want `closure stored in package-level slice "reportHooks" captures "rep" \(input-sized Report decoded by json\.Unmarshal\) but uses only rep\.ID; copy the field into a local before the closure`
		return rep.ID
	})
	return nil
}

// CountRows keeps the report for the number of its rows.
func CountRows(raw []byte) error {
	var rep Report
	if err := json.Unmarshal(raw, &rep); err != nil {
		return err
	}
	importSizes[rep.ID] = func() int { return len(rep.Rows) } // want `captures "rep" \(input-sized Report decoded by json\.Unmarshal\) but uses only len\(rep\.Rows\)`
	return nil
}

// TraceOf keeps the report for one metadata entry.
func TraceOf(raw []byte) {
	rep := &Report{}
	if json.Unmarshal(raw, rep) != nil {
		return
	}
	reportHooks = append(reportHooks, func() string { return rep.Meta["trace"] }) // want `captures "rep" \(input-sized \*Report decoded by json\.Unmarshal\) but uses only rep\.Meta\["trace"\]`
}

// ImportBatch decodes a JSON array and keeps it for its length.
func ImportBatch(batchID string, body []byte) error {
	var items []Row
	if err := json.Unmarshal(body, &items); err != nil {
		return err
	}
	importSizes[batchID] = func() int { return len(items) } // want `captures "items" \(input-sized \[\]Row decoded by json\.Unmarshal\) but uses only len\(items\)`
	return nil
}

// LoginRequest is what a client posts to log in.
type LoginRequest struct {
	Session string
	User    string
	Scopes  []string
	Profile map[string]any
}

// SessionStore expires sessions.
type SessionStore struct {
	active map[string]time.Time
}

func (s *SessionStore) expire(id string) { delete(s.active, id) }

// Login keeps the whole login request in a timer for its session ID.
func (s *SessionStore) Login(w http.ResponseWriter, r *http.Request) {
	var req LoginRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.active[req.Session] = time.Now()
	time.AfterFunc(30*time.Minute, func() { s.expire(req.Session) }) // want `closure passed to time\.AfterFunc captures "req" \(input-sized LoginRequest decoded by \(\*json\.Decoder\)\.Decode\) but uses only req\.Session`
}

// RSS is a decoded feed.
type RSS struct {
	Channel struct {
		Title string
		Items []struct {
			Title, Link, Description string
		} `xml:"item"`
	} `xml:"channel"`
}

// WatchFeed polls until ctx ends and keeps the whole first fetch to log
// the feed's title.
func WatchFeed(ctx context.Context, url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var feed RSS
	if err := xml.NewDecoder(resp.Body).Decode(&feed); err != nil {
		return err
	}
	go func() { // want `closure started as a goroutine that blocks and that nothing waits for captures "feed" \(input-sized RSS decoded by \(\*xml\.Decoder\)\.Decode\) but uses only feed\.Channel\.Title`
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				log.Printf("still watching %s", feed.Channel.Title)
			}
		}
	}()
	return nil
}

// Section is part of a published document.
type Section struct {
	Heading string
	Body    string
}

// Document is a published document.
type Document struct {
	Slug     string
	Title    string
	Sections []Section
}

// Publish serves a document's title for as long as the mux lives, and keeps
// the whole document for it.
func Publish(mux *http.ServeMux, raw []byte) error {
	var doc Document
	if err := xml.Unmarshal(raw, &doc); err != nil {
		return err
	}
	mux.HandleFunc("/docs/"+doc.Slug, func(w http.ResponseWriter, r *http.Request) { // want `closure registered with \(\*http\.ServeMux\)\.HandleFunc captures "doc" \(input-sized Document decoded by xml\.Unmarshal\) but uses only doc\.Title`
		fmt.Fprint(w, doc.Title)
	})
	return nil
}

// Webhook keeps a generic JSON payload for one key.
func Webhook(w http.ResponseWriter, r *http.Request) {
	var payload map[string]any
	if err := json.NewDecoder(r.Body).Decode(&payload); err != nil {
		return
	}
	time.AfterFunc(time.Minute, func() { log.Printf("webhook %v done", payload["id"]) }) // want `captures "payload" \(input-sized map\[string\]any decoded by \(\*json\.Decoder\)\.Decode\) but uses only payload\["id"\]`
}

// Envelope wraps a message body of any type.
type Envelope[T any] struct {
	ID   string
	Body T
}

// Deliver keeps a whole decoded envelope of rows for its ID.
func Deliver(raw []byte) {
	var env Envelope[[]Row]
	if json.Unmarshal(raw, &env) != nil {
		return
	}
	reportHooks = append(reportHooks, func() string { return env.ID }) // want `captures "env" \(input-sized Envelope\[\[\]Row\] decoded by json\.Unmarshal\) but uses only env\.ID`
}
