package outsidernm

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"
)

// Section is part of a document.
type Section struct {
	Heading, Body string
}

// Document is a decoded document.
type Document struct {
	Slug     string
	Title    string
	Sections []Section
}

// Library keeps documents for the process.
type Library struct {
	docs  []Document
	hooks []func()
	byID  map[string]Document
}

var lib = &Library{byID: map[string]Document{}}

// NEAR-MISS: the document is kept in the library anyway.
func (l *Library) Add(raw []byte) {
	var doc Document
	if json.Unmarshal(raw, &doc) != nil {
		return
	}
	l.docs = append(l.docs, doc)
	l.hooks = append(l.hooks, func() { log.Print(doc.Title) })
}

// NEAR-MISS: kept in a map of the library.
func (l *Library) Index(raw []byte) {
	var doc Document
	if json.Unmarshal(raw, &doc) != nil {
		return
	}
	l.byID[doc.Slug] = doc
	l.hooks = append(l.hooks, func() { log.Print(doc.Title) })
}

// NEAR-MISS: the hook reads sections by an index it is given each time.
func (l *Library) Section(raw []byte, which func() int) { // want Section:"storesFuncIn\\(2->0\\)"
	var doc Document
	if json.Unmarshal(raw, &doc) != nil {
		return
	}
	l.hooks = append(l.hooks, func() { log.Print(doc.Sections[which()].Heading) })
}

const defaults = `{"Slug":"home","Title":"Home","Sections":[]}`

// NEAR-MISS: decoded from a constant: small.
func (l *Library) Defaults() {
	var doc Document
	_ = json.Unmarshal([]byte(defaults), &doc)
	l.hooks = append(l.hooks, func() { log.Print(doc.Title) })
}

// NEAR-MISS: the request body is capped at 1 KiB.
func Capped(w http.ResponseWriter, r *http.Request) {
	var doc Document
	if json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<10)).Decode(&doc) != nil {
		return
	}
	time.AfterFunc(time.Minute, func() { log.Print(doc.Title) })
}

// NEAR-MISS: a builder filled with formatted text, not input.
func Summary(names []string) {
	var sb strings.Builder
	for _, n := range names {
		fmt.Fprintf(&sb, "%s\n", n)
	}
	lib.hooks = append(lib.hooks, func() { log.Print(sb.Len()) })
}

// NEAR-MISS: another closure sends the whole document: it is meant to stay.
func Publish(ctx context.Context, raw []byte, send func(Document)) { // want Publish:"storesFunc\\(2\\)"
	var doc Document
	if json.Unmarshal(raw, &doc) != nil {
		return
	}
	retry := func() { send(doc) }
	context.AfterFunc(ctx, func() { log.Printf("cancelled %s", doc.Slug) })
	time.AfterFunc(time.Second, retry)
}

// helper that keeps the whole document.
func keeper(doc *Document) func() int {
	return func() int {
		n := 0
		for _, s := range doc.Sections {
			n += len(s.Body)
		}
		return n
	}
}

var sizes = map[string]func() int{}

// NEAR-MISS: the returned closure walks the whole document.
func Sizes(raw []byte) {
	doc := new(Document)
	if json.Unmarshal(raw, doc) != nil {
		return
	}
	sizes[doc.Slug] = keeper(doc)
}

// NEAR-MISS: the decoded value is received from a channel: unknown size.
func Drain(ch <-chan Document) {
	doc := <-ch
	lib.hooks = append(lib.hooks, func() { log.Print(doc.Title) })
}

// NEAR-MISS: the decoded document's sections are handed to a function
// that uses them, inside a deferred closure.
func Render(w http.ResponseWriter, r *http.Request) {
	var doc Document
	if json.NewDecoder(r.Body).Decode(&doc) != nil {
		return
	}
	defer func() { log.Printf("rendered %d sections", len(doc.Sections)) }()
	for _, s := range doc.Sections {
		fmt.Fprintln(w, s.Heading)
	}
}
